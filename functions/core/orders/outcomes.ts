// Which terminal status a failed checkout ends in, from the error that ended the saga and what the
// order had got to. One table, so the state machine needs no branch per failure.
import type { OrderStatus } from '../../../contract/order-status';
import type { OrderRecord } from './model';

export interface TerminalOutcome {
  status: Extract<OrderStatus, 'rejected' | 'payment_failed' | 'cancelled'>;
  reason: { code: string; message: string; items?: NonNullable<OrderRecord['reason']>['items'] };
}

const PAYMENT_ERRORS = new Set(['PaymentProviderRejectedError', 'PaymentNotCapturedError']);

export function terminalOutcome(order: OrderRecord, error: string | undefined): TerminalOutcome {
  if (error === 'InsufficientStockError') {
    return {
      status: 'rejected',
      reason: order.reason ?? { code: 'OUT_OF_STOCK', message: 'Not enough stock for some items' },
    };
  }
  if (error === 'OrderCancelled') {
    return {
      status: 'cancelled',
      reason: { code: 'CANCELLED_BY_SHOPPER', message: 'Cancelled by the shopper' },
    };
  }
  if (error === 'PaymentMismatchError') {
    return {
      status: 'cancelled',
      reason: { code: 'PAYMENT_MISMATCH', message: 'The payment did not match the order and was refunded' },
    };
  }
  if (error === 'States.Timeout' && order.status === 'awaiting_payment') {
    return {
      status: 'payment_failed',
      reason: {
        code: 'PAYMENT_WINDOW_EXPIRED',
        message: 'No payment was received within the payment window',
      },
    };
  }
  if (error === 'PaymentProviderUnavailableError' && !order.payment?.paymentId) {
    // Razorpay was down before the shopper could pay: say so, the shopper may simply try again.
    return {
      status: 'payment_failed',
      reason: {
        code: 'PAYMENT_PROVIDER_UNAVAILABLE',
        message: 'The payment provider is unavailable; nothing was charged, please try again shortly',
      },
    };
  }
  if (error && (PAYMENT_ERRORS.has(error) || error === 'PaymentProviderUnavailableError')) {
    return {
      status: 'payment_failed',
      reason: { code: 'PAYMENT_NOT_COMPLETED', message: 'The payment could not be completed' },
    };
  }
  return {
    status: 'cancelled',
    reason: { code: 'CHECKOUT_FAILED', message: `Checkout could not complete (${error ?? 'unknown error'})` },
  };
}
