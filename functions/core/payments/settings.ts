// Razorpay tunables, read from the environment at call time (tests and stages change them).

const nonNegativeInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
};

export const razorpaySettings = () => {
  const timeoutMs = nonNegativeInt('RAZORPAY_TIMEOUT_MS', 5000);
  return {
    /** Host root of the Razorpay API (the SDK adds /v1); unset = the real api.razorpay.com. */
    baseUrl: process.env.RAZORPAY_BASE_URL || undefined,
    timeoutMs,
    breaker: {
      failureThreshold: Math.max(1, nonNegativeInt('RAZORPAY_BREAKER_FAILURES', 5)),
      cooldownMs: nonNegativeInt('RAZORPAY_BREAKER_COOLDOWN_MS', 30_000),
      // A trial whose caller vanished (crashed Lambda) must not hold the breaker half-open forever.
      trialLeaseMs: timeoutMs + 5000,
    },
  };
};
