// Faults the double injects into the next Razorpay API calls: error statuses, delays, and
// hangs that last until released (or past the SDK timeout, if never released).

export type ApiFault =
  | { kind: 'status'; status: number }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang'; released: Promise<void> };

export class FaultInjector {
  private readonly queue: ApiFault[] = [];
  private readonly releases = new Set<() => void>();

  failNext(count: number, status = 503) {
    for (let i = 0; i < count; i++) this.queue.push({ kind: 'status', status });
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

  /** The fault for the call arriving now, if any. */
  take(): ApiFault | undefined {
    return this.queue.shift();
  }

  clear() {
    this.queue.length = 0;
    this.releaseAll();
  }
}
