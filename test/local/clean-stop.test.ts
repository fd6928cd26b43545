// `npm start` as a process tree: a signal to it stops every process it started (Java included) and
// frees every port; a second start on the same port names the first and exits 1; and if the Node
// process itself is killed outright, DynamoDB Local's watchdog takes Java down with it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPortInUse } from '../../local/emulators/dynamodb-local';
import { freePort } from '../../local/free-port';

const root = resolve(import.meta.dirname, '../..');

interface Started {
  child: ChildProcess;
  ports: number[];
  env: NodeJS.ProcessEnv;
  output: () => string;
}

/** Free ports are found by other test files at the same time: one taken in between is tried again. */
async function startSystem(attempt = 1): Promise<Started> {
  try {
    return await startOnFreePorts();
  } catch (error) {
    if (attempt < 3 && /already in use/.test(String(error))) return startSystem(attempt + 1);
    throw error;
  }
}

async function startOnFreePorts(): Promise<Started> {
  const ports = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const names = ['PORT', 'WS_PORT', 'DYNAMODB_PORT', 'SFN_PORT', 'EVENTBRIDGE_PORT', 'RAZORPAY_DOUBLE_PORT'];
  const env = { ...process.env, ...Object.fromEntries(names.map((name, i) => [name, String(ports[i])])) };
  // What `npm start` execs (package.json), so the signal reaches Node with no shell in between.
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--in-memory', '--quiet'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  await new Promise<void>((ready, fail) => {
    const check = setInterval(() => {
      if (output.includes('Ready in')) {
        clearInterval(check);
        ready();
      } else if (child.exitCode !== null) {
        clearInterval(check);
        fail(new Error(`npm start exited early:\n${output}`));
      }
    }, 100);
  });
  return { child, ports, env, output: () => output };
}

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

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const javaOn = (dynamoPort: number) =>
  spawnSync('pgrep', ['-f', `DynamoDBLocal.jar .*-port ${dynamoPort} `], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .filter(Boolean)
    .map(Number);

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`still waiting for ${what}`);
}

describe('npm start as a process tree', { timeout: 180_000 }, () => {
  it('refuses a second start, and on SIGTERM leaves no process and no port behind', async () => {
    const first = await startSystem();
    const tree = descendants(first.child.pid!);
    const [java] = javaOn(first.ports[2]!);
    expect(java, first.output()).toBeDefined();
    expect(tree).toContain(java);

    const second = spawnSync(process.execPath, ['--import', 'tsx', 'local/start.ts', '--in-memory'], {
      cwd: root,
      env: first.env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`Another npm start is already running (pid ${first.child.pid}`);

    const exited = new Promise<number | null>((done) => first.child.once('exit', (code) => done(code)));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await until(() => tree.every((pid) => !alive(pid)), 'every child to exit');
    for (const port of first.ports) expect(await isPortInUse(port), `port ${port}`).toBe(false);
  });

  it('takes DynamoDB Local down with it when Node is killed outright (SIGKILL)', async () => {
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
