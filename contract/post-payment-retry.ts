// The retry budget of the saga's steps after the shopper has paid (VerifyPayment's wait for Razorpay,
// ConfirmOrder, and the compensations). statemachines/checkout.asl.json names these numbers as
// `${PostPaymentRetry…}` placeholders; CDK (definitionSubstitutions, from context
// `postPaymentRetryMinutes`) and the local runtime (env POST_PAYMENT_RETRY_MINUTES) fill them from
// the same function, so both run one definition with one budget.

/** What a paid order waits out by default (issue 9: "at least 30 minutes by default"). */
export const DEFAULT_POST_PAYMENT_RETRY_MINUTES = 30;
/** The stack refuses less: a shorter budget would refund paid orders during an ordinary outage. */
export const MIN_DEPLOYED_POST_PAYMENT_RETRY_MINUTES = 30;
/** Beyond a day Razorpay's 3-day auto-refund of uncaptured payments comes too close. */
export const MAX_POST_PAYMENT_RETRY_MINUTES = 24 * 60;

/** Capped exponential backoff: the first retry after 2 s, doubling, never more than 60 s apart. */
const FIRST_DELAY_SECONDS = 2;
const BACKOFF_RATE = 2;
const MAX_DELAY_SECONDS = 60;

export interface RetryNumbers {
  IntervalSeconds: number;
  BackoffRate: number;
  MaxDelaySeconds: number;
  MaxAttempts: number;
}

/** The least total wait of a Retry rule without jitter (what Step Functions sleeps before giving up). */
export function retryWaitSeconds(rule: RetryNumbers): number {
  let total = 0;
  let delay = rule.IntervalSeconds;
  for (let attempt = 0; attempt < rule.MaxAttempts; attempt++) {
    total += Math.min(delay, rule.MaxDelaySeconds);
    delay *= rule.BackoffRate;
  }
  return total;
}

/** The fewest attempts of the capped backoff whose waits add up to at least `minutes`. */
export function postPaymentRetry(minutes: number): RetryNumbers {
  if (!(minutes > 0) || minutes > MAX_POST_PAYMENT_RETRY_MINUTES) {
    throw new Error(
      `the post-payment retry budget must be above 0 and at most ${MAX_POST_PAYMENT_RETRY_MINUTES} minutes, got ${minutes}`,
    );
  }
  const budget = minutes * 60;
  const rule: RetryNumbers = {
    // A budget under 2 s (tests) still waits a whole second: Step Functions counts in seconds.
    IntervalSeconds: Math.max(1, Math.min(FIRST_DELAY_SECONDS, Math.floor(budget))),
    BackoffRate: BACKOFF_RATE,
    MaxDelaySeconds: MAX_DELAY_SECONDS,
    MaxAttempts: 1,
  };
  while (retryWaitSeconds(rule) < budget) rule.MaxAttempts++;
  return rule;
}

/**
 * With FULL jitter Step Functions waits a random share (0–100 %) of each delay, so its wait is a sum
 * of uniform draws. Jitter stays on the rules contention can hit (ConfirmOrder's transaction on a hot
 * product: synchronised retries would collide again); this is the wait such a rule gives at least
 * about 49 times in 50: the mean less two standard deviations.
 */
export function jitteredWaitFloorSeconds(rule: RetryNumbers): number {
  let mean = 0;
  let variance = 0;
  let delay = rule.IntervalSeconds;
  for (let attempt = 0; attempt < rule.MaxAttempts; attempt++) {
    const capped = Math.min(delay, rule.MaxDelaySeconds);
    mean += capped / 2;
    variance += (capped * capped) / 12;
    delay *= rule.BackoffRate;
  }
  return mean - 2 * Math.sqrt(variance);
}

/** The same backoff with FULL jitter: enough attempts that `jitteredWaitFloorSeconds` covers `minutes`. */
export function jitteredPostPaymentRetry(minutes: number): RetryNumbers {
  const rule = { ...postPaymentRetry(minutes) };
  while (jitteredWaitFloorSeconds(rule) < minutes * 60) rule.MaxAttempts++;
  return rule;
}

/** The ASL placeholders (`${PostPaymentRetryMaxAttempts}`, `${PostPaymentRetryJitteredMaxAttempts}` …). */
export function postPaymentRetrySubstitutions(minutes: number): Record<string, string> {
  const rule = postPaymentRetry(minutes);
  return {
    ...Object.fromEntries(
      Object.entries(rule).map(([key, value]) => [`PostPaymentRetry${key}`, String(value)]),
    ),
    PostPaymentRetryJitteredMaxAttempts: String(jitteredPostPaymentRetry(minutes).MaxAttempts),
  };
}
