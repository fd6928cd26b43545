// The local runtime runs the checkout ASL with the same post-payment retry budget CDK substitutes,
// from POST_PAYMENT_RETRY_MINUTES (or the option tests pass), so a short budget is honoured locally.
import { afterEach, describe, expect, it } from 'vitest';
import {
  jitteredPostPaymentRetry,
  postPaymentRetry,
  postPaymentRetrySubstitutions,
} from '../../contract/post-payment-retry';
import { prepareDefinitionFile } from '../../local/emulators/sfn/definition';
import { CHECKOUT_DEFINITION_FILE, localPostPaymentRetryMinutes } from '../../local/system';

type Rule = {
  ErrorEquals: string[];
  MaxAttempts?: number;
  IntervalSeconds?: number;
  MaxDelaySeconds?: number;
};

const retriesOf = (minutes: number) => {
  const { runnable } = prepareDefinitionFile(CHECKOUT_DEFINITION_FILE, {
    region: 'ap-south-1',
    substitutions: postPaymentRetrySubstitutions(minutes),
  });
  const states = runnable.States as Record<string, { Retry?: Rule[] }>;
  const rule = (state: string, error: string) =>
    states[state]!.Retry!.find((r) => r.ErrorEquals.includes(error))!;
  return {
    verify: rule('VerifyPayment', 'PaymentProviderUnavailableError'),
    confirm: rule('ConfirmOrder', 'Lambda.Unknown'),
    refund: rule('RefundPayment', 'States.ALL'),
  };
};

afterEach(() => {
  delete process.env.POST_PAYMENT_RETRY_MINUTES;
});

describe('the post-payment retry budget in the local runtime', () => {
  it('reads POST_PAYMENT_RETRY_MINUTES, fractions allowed, and defaults to 30', () => {
    expect(localPostPaymentRetryMinutes({})).toBe(30);
    process.env.POST_PAYMENT_RETRY_MINUTES = '0.25';
    expect(localPostPaymentRetryMinutes({})).toBe(0.25);
    expect(localPostPaymentRetryMinutes({ postPaymentRetryMinutes: 2 })).toBe(2);
    process.env.POST_PAYMENT_RETRY_MINUTES = '0';
    expect(() => localPostPaymentRetryMinutes({})).toThrow(/POST_PAYMENT_RETRY_MINUTES/);
  });

  it('runs the checkout definition with the configured numbers on every post-payment rule', () => {
    const short = retriesOf(0.25);
    const long = retriesOf(30);
    for (const [minutes, rules] of [
      [0.25, short],
      [30, long],
    ] as const) {
      expect(rules.verify).toMatchObject({
        MaxAttempts: postPaymentRetry(minutes).MaxAttempts,
        MaxDelaySeconds: 60,
      });
      expect(rules.refund).toMatchObject({
        MaxAttempts: postPaymentRetry(minutes).MaxAttempts,
        IntervalSeconds: 2,
      });
      // ConfirmOrder keeps FULL jitter against contention, so it gets the jittered count of attempts.
      expect(rules.confirm).toMatchObject({
        MaxAttempts: jitteredPostPaymentRetry(minutes).MaxAttempts,
        JitterStrategy: 'FULL',
      });
    }
    expect(short.verify.MaxAttempts).toBeLessThan(long.verify.MaxAttempts!);
  });
});
