// Small figure helpers for bench/flash.ts.

export interface Latencies {
  /** POST /checkout sent → the order's timeline says awaiting_payment (ms). */
  toAwaiting: number[];
  /** POST /dev/razorpay/pay sent → the order's timeline says confirmed (ms). */
  toConfirmed: number[];
  /** POST /checkout sent → its 202 (ms). */
  accepted: number[];
}

/** The nearest-rank percentile (NaN for no values). */
export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
};
