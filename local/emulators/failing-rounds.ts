// A polling loop whose rounds fail for a while (its emulator down or restarting), handled as a
// well-kept consumer does: the wait between rounds doubles up to a cap, so a down emulator is not
// hammered, and the log says it once, not every round: the first failure, a reminder now and then
// while the same error repeats, one line when a round works again.

export interface FailingRoundsOptions {
  /** What the loop polls, for its log lines ("orders's stream"). */
  what: string;
  /** The wait between rounds while they work. */
  intervalMs: number;
  /** The longest wait between failing rounds; default 2 s. */
  maxWaitMs?: number;
  /** How often a failure that goes on is mentioned again; default 30 s. */
  remindEveryMs?: number;
  log: (level: 'info' | 'warn', message: string) => void;
  now?: () => number;
}

export interface FailingRounds {
  failed(error: unknown): void;
  succeeded(): void;
  /** The wait before the next round: the interval, doubled per failed round in a row, capped. */
  nextWaitMs(): number;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

export function trackFailingRounds(options: FailingRoundsOptions): FailingRounds {
  const { what, intervalMs, log } = options;
  const maxWaitMs = options.maxWaitMs ?? 2000;
  const remindEveryMs = options.remindEveryMs ?? 30_000;
  const now = options.now ?? Date.now;
  let inARow = 0;
  let failingSince = 0;
  let lastMessage: string | undefined;
  let lastSaidAt = 0;

  return {
    failed: (error) => {
      // An AggregateError (every address of a host refused) has no message, only a code.
      const message =
        error instanceof Error
          ? error.message || (error as { code?: string }).code || error.name
          : String(error);
      const at = now();
      if (inARow++ === 0) failingSince = at;
      if (message !== lastMessage) {
        log('warn', `polling ${what} failed: ${message}`);
      } else if (at - lastSaidAt >= remindEveryMs) {
        log('warn', `polling ${what} still failing after ${seconds(at - failingSince)} s: ${message}`);
      } else {
        return;
      }
      lastMessage = message;
      lastSaidAt = at;
    },
    succeeded: () => {
      if (inARow > 0) log('info', `${what}: polling again after ${seconds(now() - failingSince)} s`);
      inARow = 0;
      lastMessage = undefined;
    },
    nextWaitMs: () =>
      inARow === 0 ? intervalMs : Math.max(intervalMs, Math.min(intervalMs * 2 ** inARow, maxWaitMs)),
  };
}
