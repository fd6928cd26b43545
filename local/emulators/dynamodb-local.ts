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
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port: number;
  /** Persist under this folder; omitted = in memory. */
  dbPath?: string;
}

export async function startDynamoDbLocal({ port, dbPath }: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  const jar = ensureDynamoDbLocalJar();
  if (await isPortInUse(port)) throw new Error(`Port ${port} is already in use (wanted for DynamoDB Local).`);
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const storage = dbPath ? ['-dbPath', dbPath] : ['-inMemory'];
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(DYNAMODB_LOCAL_DIR, 'DynamoDBLocal_lib')}`,
      '-Xmx1g',
      '-jar',
      jar,
      '-sharedDb',
      ...storage,
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const stopOnExit = () => child.kill('SIGKILL');
  process.once('exit', stopOnExit);
  await waitForPort(port, child, () => output);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => stopChild(child, stopOnExit),
  };
}

function stopChild(child: ChildProcess, exitHook: () => void): Promise<void> {
  process.off('exit', exitHook);
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  // Seconds on an idle machine; a loaded 2-core one has taken over 30.
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited early:\n${output()}`);
    if (await isPortInUse(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
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
