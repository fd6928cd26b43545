// API Gateway's stage throttling, played locally: one token bucket per route key, filled at the
// route's declared rate up to its burst (contract/routes/ `throttle`). LOCAL_THROTTLE_SCALE
// multiplies both (tests use a small one to reach the limit in a few requests; 0 turns it off).
import type { RouteThrottle } from '../contract/routes';

/** `burstLimit` tokens at most, `rateLimit` more every second; a request takes one or is refused. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly throttle: RouteThrottle,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    this.tokens = throttle.burstLimit;
    this.refilledAt = now();
  }

  take(): boolean {
    const now = this.now();
    const earned = ((now - this.refilledAt) / 1000) * this.throttle.rateLimit;
    this.tokens = Math.min(this.throttle.burstLimit, this.tokens + earned);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** A declared throttle times `scale`; a burst keeps at least one request, as a stage can't be smaller. */
export const scaledThrottle = ({ rateLimit, burstLimit }: RouteThrottle, scale: number): RouteThrottle => ({
  rateLimit: rateLimit * scale,
  burstLimit: Math.max(1, Math.floor(burstLimit * scale)),
});

/** LOCAL_THROTTLE_SCALE as a number ≥ 0 (unset = 1, the declared limits). */
export function throttleScaleFromEnv(value = process.env.LOCAL_THROTTLE_SCALE): number {
  if (value === undefined || value === '') return 1;
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale < 0) {
    throw new Error(`LOCAL_THROTTLE_SCALE must be a number ≥ 0 (0 = off), got ${JSON.stringify(value)}`);
  }
  return scale;
}

/** The buckets of one gateway, made on first use of each route key. */
export class RouteThrottles {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly scale: number,
    private readonly now?: () => number,
  ) {}

  /** True if the request may pass; false = answer API Gateway's 429. */
  admit(routeKey: string, throttle: RouteThrottle): boolean {
    if (this.scale === 0) return true;
    let bucket = this.buckets.get(routeKey);
    if (!bucket) {
      bucket = new TokenBucket(scaledThrottle(throttle, this.scale), this.now);
      this.buckets.set(routeKey, bucket);
    }
    return bucket.take();
  }
}
