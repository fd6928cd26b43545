// eventHandler(schemas, run, dropped): the whole edge of an EventBridge target Lambda, beside
// httpHandler, messageHandler and sagaTask. Like Powertools' parser EventBridgeEnvelope it parses
// the envelope, then the detail with the schema for its detail-type, and `run` gets typed input.
// A malformed event, or one this consumer does not take, is logged, counted and dropped (answered
// with `dropped`): a retry cannot mend it, and the DLQ stays for failures a retry or a person can.
import type { Context } from 'aws-lambda';
import type { EventName } from '../../contract/events';
import { EventBridgeEnvelope } from '../../contract/schemas/events';
import type * as z from '../../contract/schemas/zod';
import { observeInvocation } from './invocation';
import { logger } from './logger';
import { countDroppedEvent } from './metrics';

/** The detail schema for each detail-type a consumer takes (from contract/schemas/events.ts). */
export type DetailSchemas = { [N in EventName]?: z.ZodType };

/** One parsed event, narrowed by `detailType` to its typed detail. */
export type ParsedEvent<S extends DetailSchemas> = {
  [N in keyof S & EventName]: {
    id: string;
    time: string;
    detailType: N;
    detail: z.output<NonNullable<S[N]>>;
  };
}[keyof S & EventName];

export function eventHandler<S extends DetailSchemas, R, D>(
  schemas: S,
  run: (event: ParsedEvent<S>) => Promise<R>,
  dropped: D,
) {
  const drop = (reason: string, facts: Record<string, unknown>, issues?: z.core.$ZodIssue[]): D => {
    logger.warn('dropped an event', { reason, ...facts, ...(issues ? { issues } : {}) });
    countDroppedEvent();
    return dropped;
  };

  const handle = async (event: unknown): Promise<R | D> => {
    const envelope = EventBridgeEnvelope.safeParse(event);
    if (!envelope.success) return drop('not an EventBridge event', {}, envelope.error.issues);
    const { id, time, 'detail-type': detailType, detail } = envelope.data;
    logger.appendKeys({ eventId: id, detailType });
    const schema = Object.hasOwn(schemas, detailType) ? schemas[detailType as EventName] : undefined;
    if (!schema) return drop('not an event this consumer takes', { id, detailType });
    const parsed = schema.safeParse(detail);
    if (!parsed.success) return drop('malformed detail', { id, detailType }, parsed.error.issues);

    const orderId = (parsed.data as { orderId?: unknown }).orderId;
    const eventOrderId = typeof orderId === 'string' ? orderId : undefined;
    logger.appendKeys({ orderId: eventOrderId });
    try {
      return await run({ id, time, detailType, detail: parsed.data } as ParsedEvent<S>);
    } catch (error) {
      // Thrown on, so Lambda retries it and, past its retries, the DLQ keeps it.
      logger.warn('event handling failed', { error: error as Error });
      throw error;
    }
  };

  // The keys appended above last this invocation only (observeInvocation resets them).
  return (event: unknown, context?: Context): Promise<R | D> =>
    observeInvocation(context, {}, () => handle(event));
}
