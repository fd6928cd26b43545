// Small figure helpers for bench/flash.ts.
import { readFileSync } from 'node:fs';

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

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
