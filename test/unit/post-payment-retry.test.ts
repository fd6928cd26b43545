// The post-payment retry budget: the fewest attempts of a capped backoff that wait at least the
// configured minutes, so "30 minutes" in the config is a floor of what Step Functions will wait.
import { describe, expect, it } from 'vitest';
import {
  jitteredPostPaymentRetry,
  jitteredWaitFloorSeconds,
  postPaymentRetry,
  postPaymentRetrySubstitutions,
  retryWaitSeconds,
} from '../../contract/post-payment-retry';

describe('postPaymentRetry', () => {
  it.each([30, 45, 90, 1440])('waits at least %i minutes, and one attempt fewer would not', (minutes) => {
    const rule = postPaymentRetry(minutes);
    expect(rule).toMatchObject({ IntervalSeconds: 2, BackoffRate: 2, MaxDelaySeconds: 60 });
    expect(retryWaitSeconds(rule)).toBeGreaterThanOrEqual(minutes * 60);
    expect(retryWaitSeconds({ ...rule, MaxAttempts: rule.MaxAttempts - 1 })).toBeLessThan(minutes * 60);
  });

  it('gives 30 minutes as 34 attempts: 2+4+8+16+32 s, then 60 s apart', () => {
    expect(postPaymentRetry(30).MaxAttempts).toBe(34);
    expect(retryWaitSeconds(postPaymentRetry(30))).toBe(62 + 29 * 60);
  });

  it('allows budgets of seconds for local tests, never an interval under a second', () => {
    expect(postPaymentRetry(0.5)).toEqual({
      IntervalSeconds: 2,
      BackoffRate: 2,
      MaxDelaySeconds: 60,
      MaxAttempts: 4,
    });
    expect(postPaymentRetry(1 / 60)).toMatchObject({ IntervalSeconds: 1, MaxAttempts: 1 });
  });

  it.each([1, 30, 1440])(
    'with FULL jitter gives more attempts, so %i minutes is still waited 49 times in 50',
    (minutes) => {
      const rule = jitteredPostPaymentRetry(minutes);
      expect(rule.MaxAttempts).toBeGreaterThan(postPaymentRetry(minutes).MaxAttempts);
      expect(jitteredWaitFloorSeconds(rule)).toBeGreaterThanOrEqual(minutes * 60);
      expect(jitteredWaitFloorSeconds({ ...rule, MaxAttempts: rule.MaxAttempts - 1 })).toBeLessThan(
        minutes * 60,
      );
      // The floor is below the mean (half of each delay): 74 draws averaging ~29 s, less 2 sd.
      expect(jitteredWaitFloorSeconds(rule)).toBeLessThan(retryWaitSeconds(rule) / 2);
    },
  );

  it('refuses no budget, a negative one or more than a day', () => {
    for (const minutes of [0, -1, Number.NaN, 1441])
      expect(() => postPaymentRetry(minutes)).toThrow(/budget/);
  });

  it('names the placeholders of statemachines/checkout.asl.json', () => {
    expect(postPaymentRetrySubstitutions(30)).toEqual({
      PostPaymentRetryIntervalSeconds: '2',
      PostPaymentRetryBackoffRate: '2',
      PostPaymentRetryMaxDelaySeconds: '60',
      PostPaymentRetryMaxAttempts: '34',
      PostPaymentRetryJitteredMaxAttempts: String(jitteredPostPaymentRetry(30).MaxAttempts),
    });
  });
});
