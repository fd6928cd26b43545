// The watcher's decisions, with DynamoDB Local played by a stand-in whose start and exit the test
// settles: a stop that comes while a restart is under way (a group signal just after Java died also
// ends the new wrapper) is a stop, not a failed restart that calls the system's end; it waits for
// that restart and stops what it started; a crash seen after the stop began is not restarted.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DynamoDbLocal } from '../../local/emulators/dynamodb-local';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}
const starts = vi.hoisted(() => {
  const deferred = <T>(): Deferred<T> => {
    const d = {} as Deferred<T>;
    d.promise = new Promise<T>((resolve, reject) => Object.assign(d, { resolve, reject }));
    return d;
  };
  return { deferred, calls: [] as Deferred<unknown>[] };
});
vi.mock('../../local/emulators/dynamodb-local', () => ({
  startDynamoDbLocal: () => {
    const start = starts.deferred<unknown>();
    starts.calls.push(start);
    return start.promise;
  },
}));
const { startWatchedDynamoDbLocal } = await import('../../local/emulators/watched-dynamodb-local');

/** A running stand-in and the means to end it. */
const standIn = (javaPid: number) => {
  const exit = starts.deferred<{ expected: boolean; code: number | null }>();
  const emulator: DynamoDbLocal = {
    endpoint: 'http://127.0.0.1:1',
    port: 1,
    javaPid,
    exited: exit.promise,
    stop: vi.fn(async () => exit.resolve({ expected: true, code: null })),
  };
  return { emulator, crash: () => exit.resolve({ expected: false, code: 137 }) };
};

async function watched(afterRestart = vi.fn(async () => {}), afterRestartTimeoutMs?: number) {
  const first = standIn(100);
  const onGiveUp = vi.fn();
  const lines: string[] = [];
  const starting = startWatchedDynamoDbLocal({
    port: 1,
    afterRestart,
    afterRestartTimeoutMs,
    onGiveUp,
    log: (l) => lines.push(l),
  });
  starts.calls[0]!.resolve(first.emulator);
  return { watcher: await starting, first, onGiveUp, afterRestart, lines };
}

/** Until the watcher has asked for its next start. */
async function restartAsked(count: number) {
  while (starts.calls.length < count) await nextTurn();
}

/** A few turns of the event loop: what the watcher would do unprompted, it has done. */
async function settle() {
  for (let i = 0; i < 5; i++) await nextTurn();
}

afterEach(() => {
  starts.calls = [];
});

describe('a watched DynamoDB Local', () => {
  it('restarts after a crash while the system runs', async () => {
    const { watcher, first, onGiveUp, afterRestart } = await watched();
    const restarted = watcher.nextRestart();
    first.crash();
    await restartAsked(2);
    starts.calls[1]!.resolve(standIn(200).emulator);
    await restarted;
    expect(watcher.javaPid).toBe(200);
    expect(afterRestart).toHaveBeenCalledTimes(1);
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('takes an exit that a group signal caused as a stop even when the exit reaches Node before the signal', async () => {
    const { watcher, first, onGiveUp, lines } = await watched();
    first.crash();
    // The exit's callback and its promise reactions have run; the signal's callback comes next.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    watcher.expectExit();
    await nextTurn();
    await nextTurn();
    expect(lines).toEqual([]);
    expect(starts.calls).toHaveLength(1);
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('takes a restart that fails once the system is stopping as part of the stop, not as the end', async () => {
    const { watcher, first, onGiveUp } = await watched();
    first.crash();
    await restartAsked(2);
    watcher.expectExit(); // system.stop(): a group signal came while the new Java was starting
    starts.calls[1]!.reject(new Error('DynamoDB Local exited early:\n'));
    await nextTurn();
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('still gives up on a restart that fails while the system runs', async () => {
    const { first, onGiveUp } = await watched();
    first.crash();
    await restartAsked(2);
    starts.calls[1]!.reject(new Error('Port 1 is already in use (wanted for DynamoDB Local).'));
    await nextTurn();
    expect(onGiveUp).toHaveBeenCalledWith(
      'DynamoDB Local could not be restarted: Port 1 is already in use (wanted for DynamoDB Local).',
    );
  });
});

describe('stopping a watched DynamoDB Local', () => {
  it('waits for a restart whose Java is still starting, then stops that new emulator', async () => {
    const { watcher, first, onGiveUp, afterRestart, lines } = await watched();
    first.crash();
    await restartAsked(2);
    const second = standIn(200);
    let settled = false;
    const stopping = watcher.stop().then(() => {
      settled = true;
      return { newOneStops: vi.mocked(second.emulator.stop).mock.calls.length };
    });
    await settle();
    expect(settled).toBe(false);
    starts.calls[1]!.resolve(second.emulator);
    expect(await stopping).toEqual({ newOneStops: 1 });
    await settle();
    expect(second.emulator.stop).toHaveBeenCalledTimes(1);
    expect(afterRestart).not.toHaveBeenCalled();
    expect(watcher.restarts).toBe(0);
    expect(lines.filter((line) => /restarted|could not/.test(line))).toEqual([]);
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('waits for the tables to be put back after a restart, then stops the new emulator', async () => {
    const tablesBack = starts.deferred<void>();
    const { watcher, first, onGiveUp } = await watched(vi.fn(() => tablesBack.promise));
    first.crash();
    await restartAsked(2);
    const second = standIn(200);
    starts.calls[1]!.resolve(second.emulator);
    await settle();
    let tablesWereBack = false;
    const stopping = watcher.stop().then(() => ({
      tablesWereBack,
      newOneStops: vi.mocked(second.emulator.stop).mock.calls.length,
    }));
    await settle();
    expect(second.emulator.stop).not.toHaveBeenCalled(); // not under afterRestart's feet
    tablesWereBack = true;
    tablesBack.resolve();
    expect(await stopping).toEqual({ tablesWereBack: true, newOneStops: 1 });
    expect(watcher.restarts).toBe(0);
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('gives up on tables that are not put back in time (a Java that hangs), and a stop still stops', async () => {
    const never = new Promise<void>(() => {}); // the calls of a hung Java, with no timeout of their own
    const { watcher, first, onGiveUp } = await watched(
      vi.fn(() => never),
      50,
    );
    first.crash();
    await restartAsked(2);
    const second = standIn(200);
    starts.calls[1]!.resolve(second.emulator);
    await vi.waitFor(() => expect(onGiveUp).toHaveBeenCalledTimes(1));
    expect(onGiveUp.mock.calls[0]![0]).toMatch(
      /could not be restarted: putting the tables back did not finish within 0.05 s/,
    );
    await watcher.stop(); // waited for the restart for ever before
    expect(second.emulator.stop).toHaveBeenCalledTimes(1);
    expect(watcher.restarts).toBe(0);
  });

  it('gives every stop() the same stop: both wait for the restart, the new emulator is stopped once', async () => {
    const { watcher, first, onGiveUp } = await watched();
    first.crash();
    await restartAsked(2);
    const second = standIn(200);
    const newOneStops = () => vi.mocked(second.emulator.stop).mock.calls.length;
    const stops = [watcher.stop().then(newOneStops), watcher.stop().then(newOneStops)];
    await settle();
    starts.calls[1]!.resolve(second.emulator);
    expect(await Promise.all(stops)).toEqual([1, 1]);
    expect(await watcher.stop().then(newOneStops)).toBe(1);
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('resolves after a restart that fails during the stop, quietly', async () => {
    const { watcher, first, onGiveUp, lines } = await watched();
    first.crash();
    await restartAsked(2);
    let startFailed = false;
    const stopping = watcher.stop().then(() => startFailed);
    const again = watcher.stop();
    await settle();
    startFailed = true;
    starts.calls[1]!.reject(new Error('DynamoDB Local exited early:\n'));
    expect(await stopping).toBe(true);
    await expect(again).resolves.toBeUndefined();
    await settle();
    expect(lines.filter((line) => /could not/.test(line))).toEqual([]);
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('still stops the new emulator when the give-up callback throws', async () => {
    // The tables could not be put back on the new Java, and the system's onGiveUp threw: the
    // restart must still settle (no unhandled rejection) and stop() still end the new Java.
    const first = standIn(100);
    const second = standIn(200);
    const lines: string[] = [];
    const starting = startWatchedDynamoDbLocal({
      port: 1,
      afterRestart: async () => {
        throw new Error('CreateTable: connect ECONNREFUSED');
      },
      onGiveUp: () => {
        throw new Error('onFatal failed');
      },
      log: (l) => lines.push(l),
    });
    starts.calls[0]!.resolve(first.emulator);
    const watcher = await starting;
    first.crash();
    await restartAsked(2);
    starts.calls[1]!.resolve(second.emulator);
    await settle();
    await expect(watcher.stop()).resolves.toBeUndefined();
    expect(second.emulator.stop).toHaveBeenCalledTimes(1);
    expect(lines.some((line) => line.includes('onFatal failed'))).toBe(true);
  });

  it('does not restart a crash whose exit is seen just after stop() began', async () => {
    const { watcher, first, onGiveUp, lines } = await watched();
    const stopping = watcher.stop(); // synchronously marks the stop; stops the stand-in a turn later
    first.crash();
    await stopping;
    await settle();
    expect(starts.calls).toHaveLength(1);
    expect(lines).toEqual([]);
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('does not restart a crash that stop() overtakes while the watcher waits its turn', async () => {
    const { watcher, first, onGiveUp, lines } = await watched();
    first.crash();
    for (let i = 0; i < 5; i++) await Promise.resolve(); // the exit is seen; its decision is a turn away
    await watcher.stop();
    await settle();
    expect(starts.calls).toHaveLength(1);
    expect(lines).toEqual([]);
    expect(onGiveUp).not.toHaveBeenCalled();
  });
});
