// A local EventBridge endpoint: PutEvents (awsJson1_1) onto one custom bus, matched against the
// rules declared in contract/events.ts; matching targets (functions in contract/functions.ts) are
// invoked after the PutEvents answer, at least once. A target that throws is retried as AWS does
// for the Lambda targets infra declares (EventBridge hands the event to Lambda's async queue; a
// function error is retried by Lambda's async config, retryAttempts 2: after one minute, then two,
// within a maximum event age of two hours). Events are kept in memory so tests can wait for them.
import { randomUUID } from 'node:crypto';
import { type EventRuleDeclaration, eventRules } from '../../contract/events';
import { AwsServiceError, startAwsJsonServer } from './aws-json-server';
import { matchesPattern } from './event-pattern';
import { declaredFunctionTable, type FunctionTable, invokeLocalFunction } from './local-functions';
import { LOCAL_ACCOUNT } from './sfn/definition';

/** An event as EventBridge hands it to targets, plus the bus it was put on. */
export interface LocalEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
  /** Not part of the envelope targets receive. */
  busName: string;
}

export interface Delivery {
  eventId: string;
  rule: string;
  target: string;
  attempts: number;
  ok: boolean;
  error?: string;
}

export interface EventBridgeLocalOptions {
  /** 0 = any free port. */
  port: number;
  busName: string;
  region?: string;
  /** Default: contract/events.ts. */
  rules?: Record<string, EventRuleDeclaration>;
  /** Default: contract/functions.ts. */
  functions?: FunctionTable;
  /** Invocation attempts per target and the first retry delay (doubling). Default AWS_ASYNC_RETRY. */
  retry?: { attempts: number; delayMs: number };
  /** Multiplies the default retry delays (tests run them faster); default 1. */
  retryDelayScale?: number;
  /** Where delivery failures and misrouted events are reported; default the console. */
  log?: (level: 'warn' | 'error', message: string) => void;
}

export interface EventBridgeLocal {
  url: string;
  port: number;
  busName: string;
  busArn: string;
  /** Every accepted event, oldest first (on any bus). */
  readonly events: readonly LocalEvent[];
  readonly deliveries: readonly Delivery[];
  /** The first event (already published or still to come) that satisfies the predicate. */
  waitFor(predicate: (event: LocalEvent) => boolean, timeoutMs?: number): Promise<LocalEvent>;
  /** The first target delivery (done or still to come) that satisfies the predicate. */
  waitForDelivery(predicate: (delivery: Delivery) => boolean, timeoutMs?: number): Promise<Delivery>;
  /** Resolves when no delivery is in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Lambda's async retries as infra configures them: 1 + 2 attempts, one minute then two apart. */
export const AWS_ASYNC_RETRY = { attempts: 3, delayMs: 60_000 } as const;

const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

type PutEventsEntry = {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  EventBusName?: unknown;
  Resources?: unknown;
  Time?: unknown;
};
type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** EventBridge's time format: ISO 8601 to the second. */
const eventTime = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

function waiter<T>(items: readonly T[], listeners: Set<(item: T) => void>, what: string) {
  return (predicate: (item: T) => boolean, timeoutMs = 5000): Promise<T> => {
    const found = items.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const listener = (item: T) => {
        if (!predicate(item)) return;
        cleanup();
        resolve(item);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`No ${what} matched within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      listeners.add(listener);
    });
  };
}

export async function startEventBridgeLocal(options: EventBridgeLocalOptions): Promise<EventBridgeLocal> {
  const region = options.region ?? process.env.AWS_REGION ?? 'ap-south-1';
  const rules = Object.entries(options.rules ?? (eventRules as Record<string, EventRuleDeclaration>));
  const functions = options.functions ?? declaredFunctionTable();
  const retry = options.retry ?? {
    attempts: AWS_ASYNC_RETRY.attempts,
    delayMs: AWS_ASYNC_RETRY.delayMs * (options.retryDelayScale ?? 1),
  };
  const busArn = `arn:aws:events:${region}:${LOCAL_ACCOUNT}:event-bus/${options.busName}`;
  const events: LocalEvent[] = [];
  const deliveries: Delivery[] = [];
  const eventListeners = new Set<(event: LocalEvent) => void>();
  const deliveryListeners = new Set<(delivery: Delivery) => void>();
  const inFlight = new Set<Promise<void>>();
  const log = options.log ?? ((level, message) => console[level](`[local eventbridge] ${message}`));
  let stopped = false;

  const busOf = (name: unknown): string | undefined => {
    if (name === undefined || name === 'default') return 'default';
    if (name === options.busName || name === busArn) return options.busName;
    return undefined;
  };

  const accept = (entry: PutEventsEntry): EntryResult | LocalEvent => {
    for (const field of ['Source', 'DetailType', 'Detail'] as const) {
      if (typeof entry[field] !== 'string' || entry[field] === '') {
        return {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
        };
      }
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail as string);
    } catch {}
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    const busName = busOf(entry.EventBusName);
    if (!busName) {
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: `Event bus ${String(entry.EventBusName)} does not exist.`,
      };
    }
    const time = typeof entry.Time === 'number' ? new Date(entry.Time * 1000) : new Date();
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType as string,
      source: entry.Source as string,
      account: LOCAL_ACCOUNT,
      time: eventTime(time),
      region,
      resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
      detail: detail as Record<string, unknown>,
      busName,
    };
  };

  const invokeWithRetry = async (event: LocalEvent, rule: string, target: string) => {
    const { busName: _bus, ...envelope } = event;
    const delivery: Delivery = { eventId: event.id, rule, target, attempts: 0, ok: false };
    for (let delay = retry.delayMs; delivery.attempts < retry.attempts && !stopped; delay *= 2) {
      delivery.attempts++;
      try {
        await invokeLocalFunction(functions, target, envelope);
        delivery.ok = true;
        delivery.error = undefined;
        break;
      } catch (error) {
        delivery.error = `${(error as Error).name}: ${(error as Error).message}`;
        if (delivery.attempts < retry.attempts) await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
    if (!delivery.ok) {
      log(
        'error',
        `${rule} → ${target} failed after ${delivery.attempts} attempt(s) for ${event['detail-type']} ${event.id}: ${delivery.error}`,
      );
    }
    deliveries.push(delivery);
    for (const listener of [...deliveryListeners]) listener(delivery);
  };

  const route = async (event: LocalEvent) => {
    if (event.busName !== options.busName) {
      log(
        'warn',
        `${event['detail-type']} was put on the "${event.busName}" bus; rules are on "${options.busName}"`,
      );
      return;
    }
    const targets: Promise<void>[] = [];
    for (const [ruleName, rule] of rules) {
      let matched = false;
      try {
        matched = matchesPattern(rule.pattern, event);
      } catch (error) {
        log('error', `rule ${ruleName} has an invalid pattern: ${(error as Error).message}`);
      }
      if (matched) for (const target of rule.targets) targets.push(invokeWithRetry(event, ruleName, target));
    }
    await Promise.all(targets);
  };

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const server = await startAwsJsonServer({
    port: options.port,
    targetPrefix: 'AWSEvents',
    jsonVersion: '1.1',
    onInternalError: (error, operation) =>
      log('error', `${operation} failed: ${(error as Error)?.stack ?? error}`),
    operations: {
      PutEvents: (input: { Entries?: unknown }) => {
        const entries = input.Entries;
        if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ENTRIES) {
          throw new AwsServiceError('ValidationException', `Entries must hold 1 to ${MAX_ENTRIES} events`);
        }
        if (JSON.stringify(entries).length > MAX_REQUEST_BYTES) {
          throw new AwsServiceError(
            'ValidationException',
            'Total size of the entries in the request exceeds 256 KiB',
          );
        }
        const results = entries.map((entry: PutEventsEntry) => accept(entry ?? {}));
        const accepted = results.filter((result): result is LocalEvent => 'id' in result);
        for (const event of accepted) {
          events.push(event);
          for (const listener of [...eventListeners]) listener(event);
          // Targets run after the answer, as with EventBridge's asynchronous delivery.
          setImmediate(() => track(route(event)));
        }
        return {
          FailedEntryCount: results.length - accepted.length,
          Entries: results.map((result) => ('id' in result ? { EventId: result.id } : result)),
        };
      },
    },
  });

  const idle = async () => {
    // Let deliveries scheduled by a just-answered PutEvents start before looking.
    await new Promise((resolve) => setImmediate(resolve));
    while (inFlight.size > 0) {
      await Promise.allSettled([...inFlight]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  return {
    url: server.url,
    port: server.port,
    busName: options.busName,
    busArn,
    events,
    deliveries,
    waitFor: waiter(events, eventListeners, 'event'),
    waitForDelivery: waiter(deliveries, deliveryListeners, 'delivery'),
    idle,
    stop: async () => {
      stopped = true;
      await server.close();
      await Promise.allSettled([...inFlight]);
    },
  };
}
