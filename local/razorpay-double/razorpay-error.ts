// Errors in Razorpay's own shape: {"error":{code, description, source, step, reason, field}}.

export class RazorpayApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly description: string,
    readonly field: string | null = null,
    readonly reason: string | null = null,
  ) {
    super(description);
    this.name = 'RazorpayApiError';
  }

  toBody() {
    return {
      error: {
        code: this.code,
        description: this.description,
        source: this.reason ? 'business' : 'NA',
        step: this.reason ? 'payment_authorization' : 'NA',
        reason: this.reason ?? 'NA',
        metadata: {},
        field: this.field,
      },
    };
  }
}

export const badRequest = (description: string, field: string | null = null) =>
  new RazorpayApiError(400, 'BAD_REQUEST_ERROR', description, field);
