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

/** What the rush after the sell-out measured: its checkouts, how many were refused (409), and
 *  both processes' CPU over it. */
export interface SellOutRush {
  checkouts: number;
  refused: number;
  nodeCpuMs: number;
  jvmCpuMs: number;
}

/**
 * CPU per refusal after the sell-out, and what each other checkout of the sale cost once the
 * refusals are taken out of the rush's CPU. Undefined where nothing was measured (no one left
 * holding the unit when shoppers <= units; no checkout in the sale other than refusals), not a
 * division by zero printed as Infinity or NaN.
 */
export function sellOutFigures(
  rush: SellOutRush,
  sale: { checkouts: number; refusedAtCheckout: number; cpuMs: number },
): { perRefusal?: { nodeMs: number; jvmMs: number; ms: number }; perOtherCheckout?: number } {
  // Only when every answer was a refusal is the CPU the refusal path's alone.
  const perRefusal =
    rush.refused > 0 && rush.refused === rush.checkouts
      ? {
          nodeMs: rush.nodeCpuMs / rush.refused,
          jvmMs: rush.jvmCpuMs / rush.refused,
          ms: (rush.nodeCpuMs + rush.jvmCpuMs) / rush.refused,
        }
      : undefined;
  const others = sale.checkouts - sale.refusedAtCheckout;
  if (others <= 0) return { perRefusal };
  if (sale.refusedAtCheckout === 0) return { perRefusal, perOtherCheckout: sale.cpuMs / others };
  if (!perRefusal) return { perRefusal };
  return { perRefusal, perOtherCheckout: (sale.cpuMs - perRefusal.ms * sale.refusedAtCheckout) / others };
}
