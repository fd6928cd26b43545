// DynamoDB Local, the official emulator, run as a child process. Its jar ships inside the npm
// package amplify-dynamodb-simulator; we unpack only the jar (not the package's 280 dependencies).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SIMULATOR_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
export const DYNAMODB_LOCAL_DIR = resolve(import.meta.dirname, '../../.dynamodb-local');
const JAR = join(DYNAMODB_LOCAL_DIR, 'DynamoDBLocal.jar');

/** Downloads the emulator jar from the npm registry once; later calls are free. */
export function ensureDynamoDbLocalJar(): string {
  if (existsSync(JAR)) return JAR;
  const work = mkdtempSync(join(tmpdir(), 'ddb-local-'));
  try {
    const tarball = execFileSync('npm', ['pack', SIMULATOR_PACKAGE, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['-xzf', join(work, tarball.split('\n').pop()!), '-C', work, 'package/emulator']);
    mkdirSync(resolve(DYNAMODB_LOCAL_DIR, '..'), { recursive: true });
    rmSync(DYNAMODB_LOCAL_DIR, { recursive: true, force: true });
    renameSync(join(work, 'package/emulator'), DYNAMODB_LOCAL_DIR);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return JAR;
}

export function assertJavaAvailable(): void {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'Java was not found on PATH. DynamoDB Local needs a Java runtime (17+): e.g. `apt-get install openjdk-17-jre-headless`.',
    );
  }
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process itself (tests kill it to play a crash). */
  readonly javaPid: number;
  /** Settles when Java exits for any reason; `expected` is true once stop() was called. */
  readonly exited: Promise<{ expected: boolean; code: number | null }>;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port: number;
  /** Persist under this folder; omitted = in memory. */
  dbPath?: string;
}

// Java runs under a small sh wrapper that holds the read end of a pipe whose write end only this
// Node process has. When Node dies in any way (a signal, SIGKILL, a crash) the kernel closes it, the
// watchdog's `read` sees end-of-file and kills Java: no orphan keeps the port. This is portable
// (Linux and macOS, unlike prctl's parent-death signal) and needs no polling. The wrapper prints
// Java's pid first, then waits for Java and exits with its status. It ignores SIGINT, as Java and
// the watchdog do (background jobs of `sh -c`): Ctrl-C reaches the whole process group, and Node's
// stop, not the signal, ends the wrapper, so that stop can wait for Java to be gone.
const WATCHDOG = [
  "trap '' INT",
  'exec 3<&0',
  'java "$@" 0</dev/null 3<&- &',
  'j=$!',
  'echo "pid $j"',
  '(read _ <&3; kill -9 $j 2>/dev/null) &',
  'w=$!',
  'wait $j; s=$?',
  'kill $w 2>/dev/null',
  'exit $s',
].join('\n');

export async function startDynamoDbLocal({ port, dbPath }: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  const jar = ensureDynamoDbLocalJar();
  if (await isPortInUse(port)) throw new Error(`Port ${port} is already in use (wanted for DynamoDB Local).`);
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const storage = dbPath ? ['-dbPath', dbPath] : ['-inMemory'];
  const javaArgs = [
    `-Djava.library.path=${join(DYNAMODB_LOCAL_DIR, 'DynamoDBLocal_lib')}`,
    '-Xmx1g',
    // C1 only: the optimising compiler's own CPU outweighed its faster code for an emulator that
    // lives for one test run or one rush; JVM CPU per call halved (docs/decisions.md, 2026-12-02).
    '-XX:TieredStopAtLevel=1',
    '-jar',
    jar,
    '-sharedDb',
    ...storage,
    '-port',
    String(port),
    '-disableTelemetry',
  ];
  const child = spawn('sh', ['-c', WATCHDOG, 'dynamodb-local', ...javaArgs], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let javaPid = 0;
  const pidLine = new Promise<void>((resolvePid) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      const found = /^pid (\d+)$/m.exec(output);
      if (found && !javaPid) {
        javaPid = Number(found[1]);
        resolvePid();
      }
    });
    child.once('exit', () => resolvePid());
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  let expected = false;
  const exited = new Promise<{ expected: boolean; code: number | null }>((resolveExit) => {
    child.once('exit', (code) => resolveExit({ expected, code }));
  });
  await pidLine;
  await waitForPort(port, child, () => output);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    javaPid,
    exited,
    stop: () => {
      expected = true;
      return stopChild(child);
    },
  };
}

/** Closing the watchdog's pipe kills Java (SIGKILL: DynamoDB Local writes each request through to
 *  its SQLite file, so there is nothing to flush) and the wrapper exits with it. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.stdin?.end();
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

// Generous: on a loaded machine (a CI runner, a shared box) the JVM alone can take half a minute.
async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  // Seconds on an idle machine; a loaded 2-core one has taken over 30.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`DynamoDB Local exited early:\n${output()}`);
    if (await isPortInUse(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.stdin?.end();
  child.kill('SIGKILL');
  throw new Error(`DynamoDB Local did not listen on ${port} within 90 s:\n${output()}`);
}

export function isPortInUse(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.once('error', () => resolvePort(false));
  });
}
