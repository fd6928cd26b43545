// With the real DynamoDB Local: a stop that comes while the watcher restarts a killed Java waits for
// the new Java and stops it, and a kill -9 followed at once by a stop is no crash to restart. When
// stop() resolves, no Java of the watcher is alive and its port is free (`npm start` again can bind).
import { describe, it, vi } from 'vitest';
import { isPortInUse } from '../../local/emulators/dynamodb-local';
import { startWatchedDynamoDbLocal } from '../../local/emulators/watched-dynamodb-local';
import { freePort } from '../../local/free-port';
import { alive, javaOn } from '../support/java-processes';

/** The Java a restart started on the port (up to 30 s on a loaded machine: no timing asserted). */
async function startedAgainOn(port: number, before: number[]): Promise<number[]> {
  for (let i = 0; i < 1500; i++) {
    const started = javaOn(port).filter((pid) => !before.includes(pid));
    if (started.length) return started;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no Java was started again on ${port}`);
}

async function watchedOnFreePort() {
  const port = await freePort();
  const lines: string[] = [];
  const onGiveUp = vi.fn();
  const afterRestart = vi.fn(async () => {});
  const watcher = await startWatchedDynamoDbLocal({
    port,
    afterRestart,
    onGiveUp,
    log: (l) => lines.push(l),
  });
  return { port, watcher, lines, onGiveUp, afterRestart };
}

// Each test its own port: they run at the same time, so the file waits for one Java start, not two.
describe.concurrent('stopping a watched DynamoDB Local (real Java)', { timeout: 120_000 }, () => {
  it('waits for the Java a restart is starting, then leaves no Java and a free port', async ({ expect }) => {
    const { port, watcher, lines, onGiveUp } = await watchedOnFreePort();
    const before = javaOn(port);
    process.kill(watcher.javaPid, 'SIGKILL');
    // The restart is under way once a new Java runs; it takes seconds to listen.
    const started = await startedAgainOn(port, before);
    await watcher.stop();
    expect(lines).toEqual([expect.stringContaining('exited unexpectedly')]); // no "restarted", no "could not"
    expect([...before, ...started].filter(alive)).toEqual([]);
    expect(javaOn(port)).toEqual([]);
    expect(await isPortInUse(port)).toBe(false);
    expect(onGiveUp).not.toHaveBeenCalled();
  });

  it('takes a kill -9 followed at once by a stop as no crash to restart', async ({ expect }) => {
    const { port, watcher, lines, onGiveUp, afterRestart } = await watchedOnFreePort();
    const killed = watcher.javaPid;
    process.kill(killed, 'SIGKILL');
    await watcher.stop();
    expect(alive(killed)).toBe(false);
    expect(javaOn(port)).toEqual([]);
    expect(await isPortInUse(port)).toBe(false);
    await new Promise((r) => setImmediate(r)); // the watcher's decision, a turn after the exit
    expect(lines).toEqual([]);
    expect(afterRestart).not.toHaveBeenCalled();
    expect(onGiveUp).not.toHaveBeenCalled();
  });
});
