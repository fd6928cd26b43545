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

/** A transient failure (contention, a dependency down): the caller should simply retry, so the HTTP
 *  edge answers 503 SERVICE_UNAVAILABLE instead of a 500. Errors opt in with `retryable = true`. */
export const isRetryable = (error: unknown): boolean =>
  error instanceof Error &&
  ((error as { retryable?: unknown }).retryable === true ||
    // AWS SDK v3 marks throttling and transient service errors it gave up retrying.
    Boolean((error as { $retryable?: unknown }).$retryable) ||
    AWS_TRANSIENT_ERRORS.has(error.name));

const AWS_TRANSIENT_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'InternalServerError',
  'ServiceUnavailable',
]);

export const serviceUnavailable = (retryAfterSeconds: number) =>
  new AppError('SERVICE_UNAVAILABLE', 'Temporarily unavailable; try again shortly', undefined, {
    'retry-after': String(retryAfterSeconds),
  });
