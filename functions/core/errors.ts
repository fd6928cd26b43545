// Every refusal the API can give, as named errors. The HTTP edge turns them into
// { "error": { code, message, details } } with the status each one carries.

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_SIGNATURE'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'OUT_OF_STOCK'
  | 'PRODUCT_UNAVAILABLE'
  | 'CART_EMPTY'
  | 'INVALID_STATE'
  | 'IDEMPOTENCY_CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE';

const statusOf: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  INVALID_SIGNATURE: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  OUT_OF_STOCK: 409,
  PRODUCT_UNAVAILABLE: 409,
  CART_EMPTY: 409,
  INVALID_STATE: 409,
  IDEMPOTENCY_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  /** A dependency is briefly unavailable; retrying the same request is safe. */
  SERVICE_UNAVAILABLE: 503,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. retry-after. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = statusOf[code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const invalidState = (message: string, details?: unknown) =>
  new AppError('INVALID_STATE', message, details);
export const validationFailed = (message: string, details?: unknown) =>
  new AppError('VALIDATION_FAILED', message, details);

/** A conditional write that kept losing to concurrent changes of its item: nothing is wrong,
 *  and the same request is safe to retry (a 503, never a 500). */
export class KeptRacingError extends Error {
  override name = 'KeptRacingError';
  readonly retryable = true;
}

/** A transient failure (contention, a dependency down or unreachable): the caller should simply
 *  retry, so the HTTP and WebSocket edges answer 503 SERVICE_UNAVAILABLE instead of a 500. */
export const isRetryable = (error: unknown): boolean =>
  error instanceof Error &&
  ((error as { retryable?: unknown }).retryable === true ||
    // AWS SDK v3 marks throttling and transient service errors it gave up retrying.
    Boolean((error as { $retryable?: unknown }).$retryable) ||
    AWS_TRANSIENT_ERRORS.has(error.name) ||
    isUnreachable(error) ||
    isServerFault(error));

const AWS_TRANSIENT_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'InternalServerError',
  'ServiceUnavailable',
  // @smithy/node-http-handler renames ECONNRESET / EPIPE / ETIMEDOUT and its own timeouts (the
  // clients' requestTimeout, aws-client-config.ts) to this.
  'TimeoutError',
  // What a service answers when the request reached it too slowly (the SDK's transient codes too).
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Socket errors as Node's http module raises them (the SDK passes them on after its retries). */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

const isUnreachable = (error: Error): boolean => {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  // An `AggregateError` from a dual-stack connect carries the codes on its members.
  if (error instanceof AggregateError && error.errors.some((e) => e instanceof Error && isUnreachable(e))) {
    return true;
  }
  return /socket hang up/i.test(error.message);
};

/** An AWS endpoint that answered 5xx (the SDK's `$fault: 'server'`). */
const isServerFault = (error: Error): boolean => {
  const { $fault, $metadata } = error as { $fault?: unknown; $metadata?: { httpStatusCode?: number } };
  return $fault === 'server' || ($metadata?.httpStatusCode ?? 0) >= 500;
};

/** How long a client should wait before retrying a 503 (seconds). */
export const RETRY_AFTER_SECONDS = 2;

/** 503 with `retry-after` both as a header and in the error's details, so either can be read. */
export const serviceUnavailable = (
  retryAfterSeconds: number = RETRY_AFTER_SECONDS,
  message = 'Temporarily unavailable; try again shortly',
  details: Record<string, unknown> = {},
) =>
  new AppError(
    'SERVICE_UNAVAILABLE',
    message,
    { ...details, retryAfter: retryAfterSeconds },
    { 'retry-after': String(retryAfterSeconds) },
  );
