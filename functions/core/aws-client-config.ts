// The settings every AWS SDK client of the Lambda code is made with. Without them a call to a
// dependency that hangs (a GC pause, a black-holed connection, a stopped DynamoDB Local) waits
// until the Lambda times out, which API Gateway answers 500/504 and a saga task sees as
// Sandbox.Timedout. With them each attempt ends as a TimeoutError, which the SDK retries (its
// default attempts: 4 for DynamoDB, 3 for the others; AWS_MAX_ATTEMPTS overrides) and `isRetryable`
// (errors.ts) then turns into 503 + retry-after at the edge and a retry in the saga (its Retry
// lists name TimeoutError).
import { envInt } from './config';

/** One attempt, connection included. DynamoDB answers in milliseconds; 1.5 s is a hang. Its 4
 *  attempts then end within ~7 s, inside the shortest Lambda timeout (10 s) with time to answer. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 1500;
/** A connection that is not up by then goes to a black hole (nothing answers, not even a refusal). */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 1000;
/** The standard retry mode's waits between 4 attempts stay under this (jittered, doubling from
 *  100 ms at most; 0.2 s in all measured against a silent server). */
export const SDK_RETRY_WAITS_MAX_MS = 1000;

/** The longest one `send` can take when each of its `attempts` hangs, with the default timeout. */
export const worstCaseCallMs = (attempts: number, requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS) =>
  attempts * requestTimeoutMs + SDK_RETRY_WAITS_MAX_MS;

/** A client's requestHandler settings ending each attempt after `requestTimeoutMs` (a TimeoutError). */
export const timeoutClientConfig = (requestTimeoutMs: number, connectionTimeoutMs?: number) => ({
  requestHandler: {
    requestTimeout: requestTimeoutMs,
    ...(connectionTimeoutMs === undefined ? {} : { connectionTimeout: connectionTimeoutMs }),
    // Since @smithy/node-http-handler 4.4 a requestTimeout only logs a warning without this.
    throwOnRequestTimeout: true,
  },
});

/** Spread into every `new XClient({...})`; tests shorten the timeouts through the env. */
export const awsClientConfig = () =>
  timeoutClientConfig(
    envInt('AWS_SDK_REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS),
    envInt('AWS_SDK_CONNECTION_TIMEOUT_MS', DEFAULT_CONNECTION_TIMEOUT_MS),
  );
