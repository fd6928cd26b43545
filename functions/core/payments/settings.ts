// Razorpay tunables, read from the environment at call time (tests and stages change them).
import { envInt } from '../config';

export const razorpaySettings = () => {
  const timeoutMs = envInt('RAZORPAY_TIMEOUT_MS', 5000);
  return {
    /** Host root of the Razorpay API (the SDK adds /v1); unset = the real api.razorpay.com. */
    baseUrl: process.env.RAZORPAY_BASE_URL || undefined,
    timeoutMs,
    breaker: {
      failureThreshold: Math.max(1, envInt('RAZORPAY_BREAKER_FAILURES', 5)),
      cooldownMs: envInt('RAZORPAY_BREAKER_COOLDOWN_MS', 30_000),
      // A trial whose caller vanished (crashed Lambda) must not hold the breaker half-open forever.
      trialLeaseMs: timeoutMs + 5000,
      // How long an instance calls on its last CLOSED, failure-free reading without reading the
      // shared item again (capped by the cool-down); 0 reads before every call.
      cacheMs: envInt('RAZORPAY_BREAKER_CACHE_MS', 1000),
    },
  };
};
