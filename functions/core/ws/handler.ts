// messageHandler(schema, run): the whole edge of a WebSocket route Lambda. It parses the frame with
// zod, finds who the connection belongs to (recorded on $connect: WebSocket routes carry no JWT),
// runs the domain call and sends its reply; any refusal goes back as {"type":"error","code"}.
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';
import type * as z from '../../../contract/schemas/zod';
import { decodeBody } from '../decode-body';
import { AppError, isRetryable, serviceUnavailable, validationFailed } from '../errors';
import { observeInvocation } from '../invocation';
import { logger } from '../logger';
import { type Connection, getConnection } from '../subscriptions';
import { isGone, sendToConnection } from './management-client';
import type { ServerMessage } from './messages';

export interface WebSocketRequest<M> {
  connection: Connection;
  message: M;
}

const parseFrame = (body: string | undefined, isBase64Encoded: boolean): unknown => {
  try {
    return JSON.parse(decodeBody(body, isBase64Encoded));
  } catch {
    throw validationFailed('Send a JSON message with an "action"');
  }
};

const orderIdOf = (frame: unknown): string | undefined => {
  const orderId = (frame as { orderId?: unknown } | null)?.orderId;
  return typeof orderId === 'string' && orderId.length <= 64 ? orderId : undefined;
};

const errorMessage = (error: AppError, frame: unknown): ServerMessage => ({
  type: 'error',
  code: error.code,
  message: error.message,
  ...(orderIdOf(frame) ? { orderId: orderIdOf(frame) } : {}),
  ...(error.details === undefined ? {} : { details: error.details }),
});

/** A reply to a connection that has just closed has nowhere to go; that is not an error. */
async function reply(connectionId: string, message: ServerMessage): Promise<void> {
  try {
    await sendToConnection(connectionId, message);
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}

export function messageHandler<S extends z.ZodType>(
  schema: S,
  run: (request: WebSocketRequest<z.output<S>>) => Promise<ServerMessage>,
) {
  const handle = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
    const { connectionId } = event.requestContext;
    let frame: unknown;
    try {
      frame = parseFrame(event.body, event.isBase64Encoded);
      const parsed = schema.safeParse(frame);
      if (!parsed.success) throw validationFailed('Message is invalid', parsed.error.issues);
      const connection = await getConnection(connectionId);
      if (!connection) throw new AppError('UNAUTHORIZED', 'This connection is not registered');
      await reply(connectionId, await run({ connection, message: parsed.data }));
      return { statusCode: 200 };
    } catch (caught) {
      // A dependency down or throttling is a 503 the client may retry, never an internal error.
      const error = isRetryable(caught) && !(caught instanceof AppError) ? serviceUnavailable() : caught;
      if (error instanceof AppError) {
        if (error !== caught) logger.warn('transient failure', { error: caught as Error });
        await reply(connectionId, errorMessage(error, frame)).catch(() => {});
        return { statusCode: error.status };
      }
      logger.error('unhandled error', { error: error as Error, routeKey: event.requestContext.routeKey });
      await reply(connectionId, {
        type: 'error',
        code: 'INTERNAL_ERROR',
        message: 'Something went wrong on our side',
      }).catch(() => {});
      return { statusCode: 500 };
    }
  };
  return (event: APIGatewayProxyWebsocketEventV2, context?: Context) =>
    observeInvocation(
      context,
      {
        correlation_id: event.requestContext.requestId,
        connectionId: event.requestContext.connectionId,
        routeKey: event.requestContext.routeKey,
      },
      () => handle(event),
    );
}
