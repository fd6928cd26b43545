// `npm start` as a child process, for the process-level tests and benchmarks (crash, restart, clean
// stop): spawned exactly as package.json execs it, resolved once it printed Ready, retried on fresh
// free ports when another process took one first.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './free-port';

const projectRoot = resolve(import.meta.dirname, '..');

/** The env var of each port `npm start` binds, in the order `ports` lists them. */
export const PORT_VARIABLES = [
  'PORT',
  'WS_PORT',
  'DYNAMODB_PORT',
  'SFN_PORT',
  'EVENTBRIDGE_PORT',
  'RAZORPAY_DOUBLE_PORT',
];

export interface ChildStart {
  child: ChildProcess;
  /** The HTTP API's base URL, as printed. */
  httpUrl: string;
  /** The ports given to it, in PORT_VARIABLES order. */
  ports: number[];
  env: NodeJS.ProcessEnv;
  output: () => string;
}

export interface ChildStartOptions {
  /** Flags after `local/start.ts` (`--quiet` is always given). */
  args?: string[];
  /** Variables on top of this process's own. */
  env?: Record<string, string>;
  /** How many of PORT_VARIABLES get a free port (the rest keep start.ts's own choice). */
  portCount?: number;
  /** These ports instead (a restart on the ports of the run it replaces); not retried elsewhere. */
  ports?: number[];
  /** Its own process group, so `killGroup` reaches DynamoDB Local's JVM too. */
  detached?: boolean;
  /** Checked just before spawning: a caller that is shutting down must not leave an orphan. */
  stillWanted?: () => boolean;
  /** Told of the child as soon as it exists, so a caller can kill it even if it never gets ready. */
  onSpawn?: (child: ChildProcess) => void;
}

/** Distinct free ports (two calls to freePort may hand out the same one). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

export async function startChild(options: ChildStartOptions = {}, attempts = 3): Promise<ChildStart> {
  try {
    return await startChildOnce(options);
  } catch (error) {
    // Another process on this machine may take a free port before the child binds it.
    if (attempts > 1 && !options.ports && /already in use/.test(String(error))) {
      return startChild(options, attempts - 1);
    }
    throw error;
  }
}

async function startChildOnce(options: ChildStartOptions): Promise<ChildStart> {
  const ports = options.ports ?? (await freePorts(options.portCount ?? 3));
  if (options.stillWanted && !options.stillWanted()) throw new Error('no longer wanted');
  const env = {
    ...process.env,
    ...Object.fromEntries(ports.map((port, i) => [PORT_VARIABLES[i]!, String(port)])),
    ...options.env,
  };
  // What `npm start` execs (package.json), so a signal reaches Node with no shell in between.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/start.ts', '--quiet', ...(options.args ?? [])],
    {
      cwd: projectRoot,
      env,
      detached: options.detached ?? false,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  options.onSpawn?.(child);
  let output = '';
  const httpUrl = await new Promise<string>((ready, fail) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /HTTP API\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (url && output.includes('Ready in')) ready(url);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => fail(new Error(`npm start exited (${code}):\n${output.slice(-4000)}`)));
  });
  return { child, httpUrl, ports, env, output: () => output };
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** kill -9 of the child's whole process group (Node, DynamoDB Local's JVM): no drain, no stop hooks. */
export async function killGroup(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
}

/** A clean stop (SIGTERM to the group), then kill -9 if it has not gone within `graceMs`. */
export async function stopGroup(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM');
  const timer = setTimeout(() => void killGroup(child).catch(() => {}), graceMs);
  await exited;
  clearTimeout(timer);
}
