// The invocation's deadline for Razorpay calls: a call that would outlast it fails as Unavailable
// (retryable: 503 at the edge, a retry in a saga), and none is started once the time is spent.
import { describe, expect, it } from 'vitest';
import { PaymentProviderUnavailableError } from '../../functions/core/payments';
import {
  checkProviderTime,
  deadlineReserveMs,
  providerTimeLeft,
  withinProviderDeadline,
  withProviderDeadline,
} from '../../functions/core/payments/deadline';

const never = () => new Promise<never>(() => {});

describe('withProviderDeadline', () => {
  it('leaves the reserve out of the Lambda’s remaining time', async () => {
    const left = await withProviderDeadline(10_000, async () => providerTimeLeft());
    expect(left).toBeLessThanOrEqual(10_000 - deadlineReserveMs());
    expect(left).toBeGreaterThan(10_000 - deadlineReserveMs() - 1000);
    expect(providerTimeLeft()).toBeUndefined();
  });

  it('abandons a call that has not answered by the deadline, as Unavailable', async () => {
    const failure = await withProviderDeadline(deadlineReserveMs() + 150, () =>
      withinProviderDeadline('fetchPayment', never),
    ).catch((error) => error);
    expect(failure).toBeInstanceOf(PaymentProviderUnavailableError);
    expect(failure).toMatchObject({ code: 'DEADLINE', retryable: true, operation: 'fetchPayment' });
  });

  it('starts no call once the time is spent, and leaves calls alone without a deadline', async () => {
    await withProviderDeadline(deadlineReserveMs(), async () => {
      expect(() => checkProviderTime('refundPayment')).toThrow(PaymentProviderUnavailableError);
    });
    expect(() => checkProviderTime('refundPayment')).not.toThrow();
    expect(await withinProviderDeadline('fetchPayment', async () => 'answered')).toBe('answered');
  });
});
