// DynamoDB Local under watch: if Java exits while the system runs (a crash, the OOM killer, a stray
// kill -9), it is restarted on the same port and data folder, so the handlers' endpoint never
// changes. The caller's `afterRestart` puts back what an in-memory emulator lost (tables, demo
// catalog). A restart that fails, or a third death within a minute, is given up on via `onGiveUp`.
// A stop waits for a restart under way and then stops what it started: when stop() resolves, no
// Java of this watcher is alive and the port is free.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { withinTimeLimit } from '../../functions/core/time-limit';
import { type DynamoDbLocal, type DynamoDbLocalOptions, startDynamoDbLocal } from './dynamodb-local';

export interface WatchedDynamoDbLocal {
  endpoint: string;
  /** The Java process running now (changes at each restart). */
  readonly javaPid: number;
  /** How many times it has been restarted. */
  readonly restarts: number;
  /** Settles at the next completed restart (tables re-created and seeded). */
  nextRestart(): Promise<void>;
  /** From now on the emulator's exit is no crash: the system is stopping. A signal to the whole
   *  process group can end DynamoDB Local before `stop` comes round to it (a closed terminal's
   *  SIGHUP; Ctrl-C's SIGINT the wrapper and Java ignore, so Node's stop ends them). */
  expectExit(): void;
  /** Waits for a restart under way (whether it succeeds or fails), then stops the emulator running
   *  now. Safe to call more than once: every call gets the same stop. */
  stop(): Promise<void>;
}

export interface WatchOptions extends DynamoDbLocalOptions {
  afterRestart: () => Promise<void>;
  /** `afterRestart` not done by then is a restart that failed (given up on): a Java that hangs
   *  rather than dies would otherwise hold the restart, and every stop waiting for it, for ever.
   *  Default 120 s: table creation on a loaded 2-core machine has taken over 30. */
  afterRestartTimeoutMs?: number;
  onGiveUp: (reason: string) => void;
  log?: (line: string) => void;
}

const WINDOW_MS = 60_000;
const MAX_DEATHS_IN_WINDOW = 3;
const DEFAULT_AFTER_RESTART_TIMEOUT_MS = 120_000;

export async function startWatchedDynamoDbLocal(options: WatchOptions): Promise<WatchedDynamoDbLocal> {
  const log = options.log ?? ((line) => console.error(line));
  let current: DynamoDbLocal = await startDynamoDbLocal(options);
  let stopped = false;
  let stopping: Promise<void> | undefined;
  // The restart under way, if any. It never rejects, so a stop can wait for it to settle.
  let restarting: Promise<void> = Promise.resolve();
  let restarts = 0;
  const deaths: number[] = [];
  let waiters: (() => void)[] = [];

  // Guarded: a throwing callback would reject `restarting` (an unhandled rejection) and make a
  // stop that awaits it reject before it stops the Java the restart started.
  const giveUp = (reason: string) => {
    try {
      options.onGiveUp(reason);
    } catch (error) {
      log(`${reason}; and giving up failed: ${(error as Error).message}`);
    }
  };

  const restartAfter = async (dead: DynamoDbLocal, code: number | null) => {
    // A turn of the event loop first: a group signal and the wrapper it killed can reach Node in
    // the same poll, the exit first (seen 1 time in 40 on a busy loop); the stop it starts must win.
    await nextTurn();
    if (stopped) return;
    const now = Date.now();
    deaths.push(now);
    while (deaths[0]! < now - WINDOW_MS) deaths.shift();
    if (deaths.length >= MAX_DEATHS_IN_WINDOW) {
      return giveUp(`DynamoDB Local died ${deaths.length} times within a minute (last exit ${code})`);
    }
    log(
      `DynamoDB Local (pid ${dead.javaPid}) exited unexpectedly (${code}); restarting it on port ${options.port}${options.dbPath ? ' with the same data' : ', in memory: tables re-created empty'}.`,
    );
    try {
      current = await startDynamoDbLocal(options);
      // A stop came while Java started: it waits for this promise, then stops `current`.
      if (stopped) return;
      const afterRestartMs = options.afterRestartTimeoutMs ?? DEFAULT_AFTER_RESTART_TIMEOUT_MS;
      await withinTimeLimit(
        options.afterRestart(),
        afterRestartMs,
        () => new Error(`putting the tables back did not finish within ${afterRestartMs / 1000} s`),
        { unref: true },
      );
      if (stopped) return;
      restarts += 1;
      log(`DynamoDB Local restarted (pid ${current.javaPid}).`);
      watch(current);
      for (const done of waiters) done();
      waiters = [];
    } catch (error) {
      // A stop that came meanwhile (a group signal also ends the new wrapper) explains the failure.
      if (stopped) return;
      giveUp(`DynamoDB Local could not be restarted: ${(error as Error).message.split('\n')[0]}`);
    }
  };

  // `restarting` is set in the exit's own callback, no await before it: any later stop() waits for it.
  const watch = (dynamo: DynamoDbLocal) => {
    void dynamo.exited.then(({ expected, code }) => {
      if (!expected) restarting = restartAfter(dynamo, code);
    });
  };
  watch(current);

  return {
    endpoint: current.endpoint,
    get javaPid() {
      return current.javaPid;
    },
    get restarts() {
      return restarts;
    },
    nextRestart: () => new Promise((resolve) => waiters.push(resolve)),
    expectExit: () => {
      stopped = true;
    },
    stop: () => {
      stopping ??= (async () => {
        stopped = true; // before the first await: no restart begins from here on
        await restarting;
        await current.stop();
      })();
      return stopping;
    },
  };
}
