// What a checkout-saga task hands back to the state machine. Business outcomes (out of stock,
// cancelled, a payment that does not match) are results the ASL branches on with Choice states,
// so a task Lambda's Errors metric counts only unexpected trouble (throttling, bugs, timeouts).
import { PaymentProviderRejectedError, PaymentProviderUnavailableError } from '../payments';

export type StepOutcome =
  | { outcome: 'done' }
  /** The order cannot go on: compensation runs, CloseOrder reads Error for the terminal status. */
  | { outcome: 'failed'; Error: string; Cause: string }
  /** The signalled payment does not exist at Razorpay: the order goes back to awaiting one. */
  | { outcome: 'paymentUnknown' };

export const DONE: StepOutcome = { outcome: 'done' };

/** Errors whose meaning is "this order cannot go on", never "try again". */
const BUSINESS_ERRORS = new Set([
  'InsufficientStockError',
  'OrderCancelled',
  'PaymentMismatchError',
  'PaymentNotCapturedError',
  'PaymentProviderRejectedError',
]);

export interface OutcomeOptions {
  /** Before payment an open breaker ends the checkout at once instead of making it wait. */
  circuitOpenEndsCheckout?: boolean;
}

/** Runs a step and turns a business error into a `failed` result; anything else still throws. */
export async function stepOutcome(
  /** Resolves to a StepOutcome, or to nothing when the step simply did its work. */
  run: () => Promise<unknown>,
  options: OutcomeOptions = {},
): Promise<StepOutcome> {
  try {
    return ((await run()) as StepOutcome | undefined) ?? DONE;
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const circuitOpen =
      options.circuitOpenEndsCheckout &&
      error instanceof PaymentProviderUnavailableError &&
      error.code === 'CIRCUIT_OPEN';
    if (!BUSINESS_ERRORS.has(error.name) && !circuitOpen) throw error;
    return { outcome: 'failed', Error: error.name, Cause: error.message };
  }
}

/** Razorpay answered that the payment id is not one of its payments (400 / 404 on fetch). */
export const isUnknownPayment = (error: unknown) =>
  error instanceof PaymentProviderRejectedError && (error.statusCode === 400 || error.statusCode === 404);
