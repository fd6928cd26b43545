// `npm start` as a process tree: a signal to it stops every process it started (Java included) and
// frees every port; a second start on the same port names the first and exits 1; and if the Node
// process itself is killed outright, DynamoDB Local's watchdog takes Java down with it.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'vitest';
import { PORT_VARIABLES, startChild } from '../../local/child-start';
import { isPortInUse } from '../../local/emulators/dynamodb-local';
import { alive, javaOn } from '../support/java-processes';

const root = resolve(import.meta.dirname, '../..');
const execFileAsync = promisify(execFile);

/** Six free ports, one per emulator, so the test can check each is free again afterwards. */
const startSystem = () => startChild({ args: ['--in-memory'], portCount: PORT_VARIABLES.length });

/** Every live process whose parent chain leads to `pid` (read from /proc). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {} // gone meanwhile
  }
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length) {
    const next = [...parents].filter(([, parent]) => frontier.includes(parent)).map(([child]) => child);
    found.push(...next);
    frontier = next;
  }
  return found;
}

/** The Javas on the port other than `killed`: one a restart started. */
const javaStartedAgain = (dynamoPort: number, killed: number) =>
  javaOn(dynamoPort).filter((pid) => pid !== killed);

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`still waiting for ${what}`);
}

// The tests share nothing (each its own free ports and lock): they run at the same time,
// so the file waits for its slowest start rather than the sum of all.
describe.concurrent('npm start as a process tree', { timeout: 180_000 }, () => {
  it('refuses a second start, and on SIGTERM leaves no process and no port behind', async ({ expect }) => {
    const first = await startSystem();
    const tree = descendants(first.child.pid!);
    const [java] = javaOn(first.ports[2]!);
    expect(java, first.output()).toBeDefined();
    expect(tree).toContain(java);

    // Not spawnSync: that would stall the other test's start for as long as this one runs.
    const second = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', 'local/start.ts', '--in-memory'],
      {
        cwd: root,
        env: first.env,
        timeout: 120_000, // tsx compiles start.ts first: 5 s idle, far more on a loaded machine
      },
    ).then(
      ({ stderr }) => ({ status: 0, stderr }),
      (error: { code?: unknown; stderr?: string }) => ({ status: error.code, stderr: error.stderr ?? '' }),
    );
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`Another npm start is already running (pid ${first.child.pid}`);

    const exited = new Promise<number | null>((done) => first.child.once('close', (code) => done(code)));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await until(() => tree.every((pid) => !alive(pid)), 'every child to exit');
    for (const port of first.ports) expect(await isPortInUse(port), `port ${port}`).toBe(false);
  });

  it('takes a signal to its whole process group (Ctrl-C in a terminal) as a stop, not a crash', async ({
    expect,
  }) => {
    const started = await startChild({ args: ['--in-memory'], portCount: 3, detached: true });
    const [java] = javaOn(started.ports[2]!);
    expect(java, started.output()).toBeDefined();
    // 'close', not 'exit': the exit can come before the last of its output has been read.
    const exited = new Promise<number | null>((done) => started.child.once('close', (code) => done(code)));
    // Node, DynamoDB Local's sh wrapper and Java all get it; only Node acts on it: its stop closes
    // the wrapper's pipe and waits for the wrapper, which waits for Java. So Java is gone at exit.
    process.kill(-started.child.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    expect(alive(java!)).toBe(false);
    expect(started.output()).toContain('SIGINT: stopping');
    expect(started.output()).not.toMatch(/exited unexpectedly|restart/i);
  });

  it('on Ctrl-C while DynamoDB Local restarts, waits for the new Java and exits with none alive', async ({
    expect,
  }) => {
    const started = await startChild({ args: ['--in-memory'], portCount: 3, detached: true });
    const dynamoPort = started.ports[2]!;
    const [java] = javaOn(dynamoPort);
    expect(java, started.output()).toBeDefined();
    const exited = new Promise<number | null>((done) => started.child.once('close', (code) => done(code)));
    process.kill(java!, 'SIGKILL');
    // The restart is under way once a new Java runs; it takes seconds to listen, so Ctrl-C lands in it.
    await until(() => javaStartedAgain(dynamoPort, java!).length > 0, 'a new Java');
    const restarted = javaStartedAgain(dynamoPort, java!);
    process.kill(-started.child.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    expect([java!, ...restarted].filter(alive)).toEqual([]);
    expect(await isPortInUse(dynamoPort)).toBe(false);
    expect(started.output()).toContain('exited unexpectedly');
    expect(started.output()).not.toMatch(/DynamoDB Local restarted|could not be restarted|cannot work/);
  });

  it('on SIGTERM while DynamoDB Local hangs (Java stopped), exits with Java gone and its port free', async ({
    expect,
  }) => {
    const started = await startSystem();
    const dynamoPort = started.ports[2]!;
    const [java] = javaOn(dynamoPort);
    expect(java, started.output()).toBeDefined();
    process.kill(java!, 'SIGSTOP');
    try {
      // A poll was under way when Java stopped; its timeout says so (before, it waited for ever).
      await until(
        () => /polling \S+ stream failed: .*requestTimeout/.test(started.output()),
        'the hang noticed',
      );
      const exited = new Promise<number | null>((done) => started.child.once('close', (code) => done(code)));
      started.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(alive(java!)).toBe(false); // SIGKILL reaches a stopped process; SIGTERM would wait for SIGCONT
      expect(await isPortInUse(dynamoPort)).toBe(false);
    } finally {
      if (alive(java!)) process.kill(java!, 'SIGKILL');
      if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL');
    }
  });

  it('takes DynamoDB Local down with it when Node is killed outright (SIGKILL)', async ({ expect }) => {
    const started = await startSystem();
    const [java] = javaOn(started.ports[2]!);
    expect(java, started.output()).toBeDefined();
    started.child.kill('SIGKILL');
    await until(() => !alive(java!), 'Java to exit');
    await until(async () => !(await isPortInUse(started.ports[2]!)), 'the DynamoDB port to be free');
    // A SIGKILLed start leaves its lock behind (a later start takes a stale one over): tidy it here.
    rmSync(resolve(root, `.data/npm-start-${started.ports[0]}.pid`), { force: true });
  });
});
