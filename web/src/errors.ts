// API errors in words: the shopper never sees a code.
const words: Record<string, string> = {
  OUT_OF_STOCK: 'Sorry, that is out of stock.',
  PRODUCT_UNAVAILABLE: 'Sorry, that product is not available right now.',
  CART_EMPTY: 'Your cart is empty: add something first.',
  INVALID_STATE: 'That cannot be done at this stage of the order.',
  IDEMPOTENCY_CONFLICT: 'That checkout was already placed with different details. Please try again.',
  VALIDATION_FAILED: 'Something in the form is not right. Please check it and try again.',
  INVALID_SIGNATURE: 'The payment could not be verified. Please try paying again.',
  UNAUTHORIZED: 'Your session has expired. Reload the page to sign in again.',
  FORBIDDEN: 'You are not allowed to do that.',
  NOT_FOUND: 'We could not find that.',
  RATE_LIMITED: 'Too many tries in a short time. Please wait a moment.',
  SERVICE_UNAVAILABLE: 'We are having trouble right now. Please try again in a moment.',
  PAYLOAD_TOO_LARGE: 'That is too much to send at once.',
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    serverMessage?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(serverMessage ?? code);
  }
}

/** What to tell the shopper about a failure. */
export function inWords(error: unknown): string {
  if (error instanceof ApiError) {
    // The server's own message is already a sentence for stock problems ("Alphonso Mango is out of stock").
    if (
      (error.code === 'OUT_OF_STOCK' || error.code === 'PRODUCT_UNAVAILABLE') &&
      error.message !== error.code
    ) {
      return `${error.message}.`.replace(/\.\.$/, '.');
    }
    // A cart line past its product's limit is INVALID_STATE too, but nothing to do with an order's stage.
    if (typeof error.details?.maxPerOrder === 'number')
      return `You can buy at most ${error.details.maxPerOrder} of this per order.`;
    return words[error.code] ?? 'Something went wrong. Please try again.';
  }
  if (error instanceof TypeError) return 'We cannot reach the shop. Check your connection and try again.';
  return 'Something went wrong. Please try again.';
}
