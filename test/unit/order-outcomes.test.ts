// Which terminal status each way out of the saga leads to.
import { describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../functions/core/orders/model';
import { terminalOutcome } from '../../functions/core/orders/outcomes';

const order = (status: OrderRecord['status'], reason?: OrderRecord['reason']) =>
  ({ status, reason }) as OrderRecord;

describe('terminalOutcome', () => {
  it('maps each failure to its status and reason', () => {
    const short = {
      code: 'OUT_OF_STOCK',
      message: 'short',
      items: [{ productId: 'p1', requested: 2, available: 1 }],
    };
    expect(terminalOutcome(order('pending', short), 'InsufficientStockError')).toEqual({
      status: 'rejected',
      reason: short,
    });
    expect(terminalOutcome(order('awaiting_payment'), 'OrderCancelled').status).toBe('cancelled');
    expect(terminalOutcome(order('awaiting_payment'), 'PaymentMismatchError').reason.code).toBe(
      'PAYMENT_MISMATCH',
    );
    expect(terminalOutcome(order('awaiting_payment'), 'States.Timeout')).toMatchObject({
      status: 'payment_failed',
      reason: { code: 'PAYMENT_WINDOW_EXPIRED' },
    });
    expect(terminalOutcome(order('pending'), 'PaymentProviderUnavailableError').status).toBe(
      'payment_failed',
    );
    expect(terminalOutcome(order('awaiting_payment'), 'PaymentNotCapturedError').status).toBe(
      'payment_failed',
    );
  });

  it('a timeout before payment was awaited, or an unknown error, cancels with the error named', () => {
    expect(terminalOutcome(order('pending'), 'States.Timeout')).toMatchObject({
      status: 'cancelled',
      reason: { code: 'CHECKOUT_FAILED' },
    });
    const unknown = terminalOutcome(order('pending'), 'StockContentionError');
    expect(unknown.status).toBe('cancelled');
    expect(unknown.reason.message).toContain('StockContentionError');
    expect(terminalOutcome(order('pending'), undefined).status).toBe('cancelled');
  });
});
