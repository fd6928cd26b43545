// The settings every AWS SDK client of the Lambda code is made with. Without them a call to a
// dependency that hangs (a GC pause, a black-holed connection, a stopped DynamoDB Local) waits
// until the Lambda times out, which API Gateway answers 500/504 and a saga task sees as
// Sandbox.Timedout. With them each attempt ends as a TimeoutError, which the SDK retries (3
// attempts by default, AWS_MAX_ATTEMPTS) and `isRetryable` (errors.ts) then turns into 503 +
// retry-after at the edge and a retry in the saga (its Retry lists name TimeoutError).
import { envInt } from './config';

/** One attempt, connection included. DynamoDB answers in milliseconds; 2 s is a hang. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 2000;
/** A connection that is not up by then goes to a black hole (nothing answers, not even a refusal). */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 1000;
/** The SDK's standard retry mode: 3 attempts unless AWS_MAX_ATTEMPTS says otherwise. */
export const SDK_DEFAULT_MAX_ATTEMPTS = 3;
/** The standard retry mode's waits between those attempts stay under this (100 ms base, doubling). */
export const SDK_RETRY_WAITS_MAX_MS = 600;

/** The longest one `send` can take when every attempt hangs, with the defaults. */
export const worstCaseCallMs = (
  attempts = SDK_DEFAULT_MAX_ATTEMPTS,
  requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
) => attempts * requestTimeoutMs + SDK_RETRY_WAITS_MAX_MS;

/** Spread into every `new XClient({...})`; tests shorten the timeouts through the env. */
export const awsClientConfig = () => ({
  requestHandler: {
    requestTimeout: envInt('AWS_SDK_REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS),
    connectionTimeout: envInt('AWS_SDK_CONNECTION_TIMEOUT_MS', DEFAULT_CONNECTION_TIMEOUT_MS),
    // Since @smithy/node-http-handler 4.4 a requestTimeout only logs a warning without this.
    throwOnRequestTimeout: true,
  },
});
