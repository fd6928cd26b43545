// The token bucket the local gateway throttles each route with, on a clock the test moves.
import { describe, expect, it } from 'vitest';
import {
  RouteThrottles,
  scaledThrottle,
  TokenBucket,
  throttleScaleFromEnv,
} from '../../local/route-throttle';

const clock = () => {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

const takeAll = (bucket: TokenBucket, tries: number) =>
  Array.from({ length: tries }, () => bucket.take()).filter(Boolean).length;

describe('TokenBucket', () => {
  it('starts full: the burst passes at once, the next request is refused', () => {
    const bucket = new TokenBucket({ rateLimit: 5, burstLimit: 3 }, clock().now);
    expect(takeAll(bucket, 10)).toBe(3);
  });

  it('earns rateLimit tokens a second, never more than the burst', () => {
    const time = clock();
    const bucket = new TokenBucket({ rateLimit: 5, burstLimit: 3 }, time.now);
    takeAll(bucket, 3);
    time.advance(400); // 2 tokens
    expect(takeAll(bucket, 10)).toBe(2);
    time.advance(60_000); // capped at the burst
    expect(takeAll(bucket, 10)).toBe(3);
  });

  it('keeps fractions of a token between requests', () => {
    const time = clock();
    const bucket = new TokenBucket({ rateLimit: 2, burstLimit: 1 }, time.now);
    expect(bucket.take()).toBe(true);
    time.advance(250);
    expect(bucket.take()).toBe(false);
    time.advance(250);
    expect(bucket.take()).toBe(true);
  });
});

describe('RouteThrottles', () => {
  it('keeps a bucket per route key', () => {
    const throttles = new RouteThrottles(1, clock().now);
    const throttle = { rateLimit: 1, burstLimit: 1 };
    expect(throttles.admit('GET /a', throttle)).toBe(true);
    expect(throttles.admit('GET /a', throttle)).toBe(false);
    expect(throttles.admit('GET /b', throttle)).toBe(true);
  });

  it('scales rate and burst, keeping a burst of at least one; scale 0 lets everything through', () => {
    expect(scaledThrottle({ rateLimit: 500, burstLimit: 1000 }, 0.01)).toEqual({
      rateLimit: 5,
      burstLimit: 10,
    });
    expect(scaledThrottle({ rateLimit: 50, burstLimit: 100 }, 0.001).burstLimit).toBe(1);
    const off = new RouteThrottles(0, clock().now);
    const tiny = { rateLimit: 0, burstLimit: 1 };
    expect(Array.from({ length: 5 }, () => off.admit('GET /a', tiny))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('reads LOCAL_THROTTLE_SCALE strictly', () => {
    expect(throttleScaleFromEnv(undefined)).toBe(1);
    expect(throttleScaleFromEnv('0.5')).toBe(0.5);
    expect(throttleScaleFromEnv('0')).toBe(0);
    expect(() => throttleScaleFromEnv('fast')).toThrow(/LOCAL_THROTTLE_SCALE/);
    expect(() => throttleScaleFromEnv('-1')).toThrow(/LOCAL_THROTTLE_SCALE/);
  });
});
