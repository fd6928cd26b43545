// The watcher's decisions, with DynamoDB Local played by a stand-in whose start and exit the test
// settles: a stop that comes while a restart is under way (Ctrl-C just after Java died: the signal
// also kills the new wrapper) is a stop, not a failed restart that calls the system's end.
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

async function watched() {
  const first = standIn(100);
  const onGiveUp = vi.fn();
  const afterRestart = vi.fn(async () => {});
  const lines: string[] = [];
  const starting = startWatchedDynamoDbLocal({ port: 1, afterRestart, onGiveUp, log: (l) => lines.push(l) });
  starts.calls[0]!.resolve(first.emulator);
  return { watcher: await starting, first, onGiveUp, afterRestart, lines };
}

/** Until the watcher has asked for its next start. */
async function restartAsked(count: number) {
  while (starts.calls.length < count) await nextTurn();
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

  it('takes an exit that Ctrl-C caused as a stop even when the exit reaches Node before the signal', async () => {
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
    watcher.expectExit(); // system.stop(): Ctrl-C came while the new Java was starting
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
