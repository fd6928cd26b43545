// Faults the double injects into the next Razorpay API calls: error statuses, delays, and
// hangs that last until released (or past the SDK timeout, if never released).

export type ApiFault =
  | { kind: 'status'; status: number }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang'; released: Promise<void> };

export class FaultInjector {
  /** Each fault may be for the calls one pattern matches (`POST /v1/payments/x/refund`), else any call. */
  private readonly queue: (ApiFault & { only?: RegExp })[] = [];
  private readonly releases = new Set<() => void>();
  /** Every call fails with this status until `until` (ms since the epoch). */
  private outage?: { status: number; until: number };

  failNext(count: number, status = 503, only?: RegExp) {
    for (let i = 0; i < count; i++) this.queue.push({ kind: 'status', status, only });
  }

  /** Every call fails with `status` for the next `seconds`. */
  failFor(seconds: number, status = 503) {
    this.outage = { status, until: Date.now() + seconds * 1000 };
  }

  delayNext(count: number, ms: number) {
    for (let i = 0; i < count; i++) this.queue.push({ kind: 'delay', ms });
  }

  /** The next `count` calls wait until release() (then are served normally). */
  hangNext(count: number): { release: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((done) => {
      resolve = done;
    });
    for (let i = 0; i < count; i++) this.queue.push({ kind: 'hang', released: promise });
    const release = () => {
      this.releases.delete(release);
      resolve();
    };
    this.releases.add(release);
    return { release };
  }

  releaseAll() {
    for (const release of [...this.releases]) release();
  }

  /** The fault for the call arriving now (`METHOD /path`), if any. */
  take(call = ''): ApiFault | undefined {
    if (this.outage && Date.now() < this.outage.until) return { kind: 'status', status: this.outage.status };
    const index = this.queue.findIndex((fault) => !fault.only || fault.only.test(call));
    return index < 0 ? undefined : this.queue.splice(index, 1)[0];
  }

  clear() {
    this.queue.length = 0;
    this.outage = undefined;
    this.releaseAll();
  }
}
