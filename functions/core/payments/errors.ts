// The two ways a Razorpay call can fail, as named errors the saga can route on (Step Functions
// matches on `name`, so it is set explicitly and survives minification).

export interface ProviderErrorDetails {
  /** HTTP status from Razorpay, when it answered at all. */
  statusCode?: number;
  /** Razorpay's error code (BAD_REQUEST_ERROR, SERVER_ERROR, …), or ours (TIMEOUT, CIRCUIT_OPEN, …). */
  code: string;
  description: string;
  field?: string;
  reason?: string;
  /** Which gateway call failed, for logs. */
  operation?: string;
}

/** Transient: 5xx, 429, timeout, no connection, or the circuit breaker is open. Retry later. */
export class PaymentProviderUnavailableError extends Error {
  readonly retryable = true;
  readonly statusCode?: number;
  readonly code: string;
  readonly description: string;
  readonly operation?: string;

  constructor(details: ProviderErrorDetails, options?: { cause?: unknown }) {
    super(`Razorpay unavailable (${details.code}): ${details.description}`, options);
    this.name = 'PaymentProviderUnavailableError';
    this.statusCode = details.statusCode;
    this.code = details.code;
    this.description = details.description;
    this.operation = details.operation;
  }
}

/** Razorpay refused the request (4xx other than 429): a business failure, retrying will not help. */
export class PaymentProviderRejectedError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly description: string;
  readonly field?: string;
  readonly reason?: string;
  readonly operation?: string;

  constructor(details: ProviderErrorDetails & { statusCode: number }, options?: { cause?: unknown }) {
    super(
      `Razorpay rejected the request (${details.statusCode} ${details.code}): ${details.description}`,
      options,
    );
    this.name = 'PaymentProviderRejectedError';
    this.statusCode = details.statusCode;
    this.code = details.code;
    this.description = details.description;
    this.field = details.field;
    this.reason = details.reason;
    this.operation = details.operation;
  }
}

interface SdkErrorBody {
  code?: string;
  description?: string;
  field?: string | null;
  reason?: string | null;
}

const isSdkRejection = (error: unknown): error is { statusCode: number; error?: SdkErrorBody } =>
  typeof error === 'object' &&
  error !== null &&
  !(error instanceof Error) &&
  typeof (error as { statusCode?: unknown }).statusCode === 'number';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);

/**
 * Turns whatever the razorpay SDK rejected with into one of the two errors above.
 * The SDK rejects with a plain {statusCode, error} object when Razorpay answered; when it did
 * not (refused, reset, timed out) its error normaliser itself crashes with a TypeError, so a
 * TypeError from inside an SDK call means "no answer".
 */
export function classifyProviderError(error: unknown, operation: string): Error {
  if (error instanceof PaymentProviderUnavailableError || error instanceof PaymentProviderRejectedError) {
    return error;
  }
  if (isSdkRejection(error)) {
    const { statusCode } = error;
    const details = {
      statusCode,
      code: error.error?.code ?? `HTTP_${statusCode}`,
      description: error.error?.description ?? `HTTP ${statusCode}`,
      field: error.error?.field ?? undefined,
      reason: error.error?.reason ?? undefined,
      operation,
    };
    const transient = statusCode >= 500 || statusCode === 429 || statusCode === 408;
    return transient
      ? new PaymentProviderUnavailableError(details, { cause: error })
      : new PaymentProviderRejectedError(details, { cause: error });
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  if (error instanceof TypeError || (typeof code === 'string' && NETWORK_CODES.has(code))) {
    return new PaymentProviderUnavailableError(
      {
        code: 'NO_RESPONSE',
        description: 'No answer from Razorpay (refused, reset or timed out)',
        operation,
      },
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
