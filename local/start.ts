// `npm start`: the whole system on this machine, no AWS account needed.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm start -- [options]

Starts DynamoDB Local, the Step Functions and EventBridge emulators, the Razorpay double and the
HTTP and WebSocket gateways in front of the same handlers Lambda runs.

Options:
  --in-memory   keep all data in memory (default: persisted in ./.data: DynamoDB in
                ./.data/dynamodb, the Razorpay double in ./.data/razorpay; a restart
                resumes the sagas of open orders and the double redelivers its webhooks)
  --data-dir D  persist in D instead of ./.data
  --quiet       no access-log line per HTTP request
  -h, --help    show this help and exit

Environment:
  PORT (3000)  WS_PORT (3001)  DYNAMODB_PORT (8000)
  DYNAMODB_ENDPOINT + TABLE_PREFIX: use a DynamoDB that is already running (its tables prefixed)
  SFN_PORT, EVENTBRIDGE_PORT, RAZORPAY_DOUBLE_PORT (any free port)
  RECONCILE_INTERVAL_SECONDS (10; 0 = off), RECONCILE_GRACE_SECONDS (60), PAYMENT_WINDOW_SECONDS (600; at least 10)
  POST_PAYMENT_RETRY_MINUTES (30; how long a paid order's saga steps retry, may be a fraction)
  RAZORPAY_TIMEOUT_MS (5000), RAZORPAY_BREAKER_FAILURES (5), RAZORPAY_BREAKER_COOLDOWN_MS (30000),
  RAZORPAY_BREAKER_CACHE_MS (1000; 0 = off): whole numbers, 0 or more
  POWERTOOLS_LOG_LEVEL (INFO), POWERTOOLS_DEV=false for JSON logs`;

let flags: { 'in-memory'?: boolean; 'data-dir'?: string; quiet?: boolean; help?: boolean };
try {
  flags = parseArgs({
    options: {
      'in-memory': { type: 'boolean' },
      'data-dir': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  // An unknown or misspelt flag is a usage error (exit 2), not a silent default.
  console.error(`npm start: ${(error as Error).message.split('\n')[0]} (see npm start -- --help)`);
  process.exit(2);
}
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
// Checked before any emulator starts. The stack refuses < 60 s (a real shopper needs time to pay);
// locally 10 s is allowed so tests and benchmarks can let windows expire without waiting minutes,
// but below that a busy machine's saga start-up alone can eat the window.
const MIN_LOCAL_PAYMENT_WINDOW_SECONDS = 10;
const windowSetting = process.env.PAYMENT_WINDOW_SECONDS;
if (
  windowSetting !== undefined &&
  windowSetting !== '' &&
  !(Number.isInteger(Number(windowSetting)) && Number(windowSetting) >= MIN_LOCAL_PAYMENT_WINDOW_SECONDS)
) {
  console.error(
    `npm start: PAYMENT_WINDOW_SECONDS must be a whole number of seconds, at least ${MIN_LOCAL_PAYMENT_WINDOW_SECONDS} (got '${windowSetting}')`,
  );
  process.exit(2);
}
// Razorpay's tunables are read at every Razorpay call, where a bad one throws a plain Error that no
// saga step retries (a paid order's capture and refund included): refused here instead.
{
  const { razorpaySettings } = await import('../functions/core/payments/settings');
  try {
    razorpaySettings();
  } catch (error) {
    const name = /^[A-Z_]+/.exec((error as Error).message)?.[0] ?? '';
    console.error(`npm start: ${(error as Error).message} (got '${process.env[name]}')`);
    process.exit(2);
  }
}

// Loaded after the flags are read, so --help and a bad flag answer at once.
const { isPortInUse } = await import('./emulators/dynamodb-local');
const { useReadableLogs } = await import('./lambda-environment');
const { PROJECT_ROOT } = await import('./lambda-runtime');
const { startLocalSystem } = await import('./system');
const { acquireStartLock } = await import('./start-lock');

const started = Date.now();
const inMemory = flags['in-memory'] === true;
const httpPort = Number(process.env.PORT ?? 3000);
const wsPort = Number(process.env.WS_PORT ?? 3001);
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
const dynamoEndpoint = process.env.DYNAMODB_ENDPOINT || undefined;

const lock = acquireStartLock(resolve(PROJECT_ROOT, '.data'), httpPort);
if ('heldBy' in lock) {
  console.error(
    `Another npm start is already running (pid ${lock.heldBy}, port ${httpPort}). Stop it (kill ${lock.heldBy}) or set PORT, WS_PORT and DYNAMODB_PORT to other ports.`,
  );
  process.exit(1);
}
// The lock goes with the process however it ends (process.exit runs 'exit' listeners).
process.on('exit', () => lock.release());

for (const [name, port] of [
  ['PORT', httpPort],
  ['WS_PORT', wsPort],
  ...(dynamoEndpoint ? [] : ([['DYNAMODB_PORT', dynamoPort]] as const)),
] as const) {
  if (await isPortInUse(port)) {
    console.error(`Port ${port} is already in use. Stop whatever holds it, or set ${name} to another port.`);
    process.exit(1);
  }
}

useReadableLogs();
let stopping = false;
let stopSystem: (() => Promise<void>) | undefined;
const shutdown = async (why: string, exitCode = 0) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${why}: stopping…`);
  await stopSystem?.().catch((error: unknown) =>
    console.error(`While stopping: ${(error as Error).message}`),
  );
  process.exit(exitCode);
};
// npm forwards SIGINT and SIGTERM (the start script execs, so no shell sits in between); a closed
// terminal sends SIGHUP.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => void shutdown(signal));
// npm itself does not forward SIGHUP and cannot forward SIGKILL: when our parent goes, so do we.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown('parent process exited');
}, 1000).unref();

try {
  const system = await startLocalSystem({
    httpPort,
    wsPort,
    dynamoPort,
    dynamoEndpoint,
    tablePrefix: process.env.TABLE_PREFIX || undefined,
    dataDir: inMemory ? undefined : resolve(flags['data-dir'] ?? resolve(PROJECT_ROOT, '.data')),
    scheduleEverySeconds: Number(process.env.RECONCILE_INTERVAL_SECONDS ?? 10),
    seedDemoCatalog: true,
    accessLog: flags.quiet ? undefined : (line) => console.log(line),
    onFatal: () => void shutdown('an emulator is gone', 1),
  });
  stopSystem = () => system.stop();
  console.log(`HTTP API   ${system.httpUrl}   (GET /health, GET /products, POST /dev/token)`);
  console.log(`WebSocket  ${system.wsUrl}   (?token=<JWT>; {"action":"subscribe","orderId"})`);
  console.log(`DynamoDB   ${system.dynamoEndpoint}   (${inMemory ? 'in memory' : 'persisted in ./.data'})`);
  console.log(
    `Step Fns   ${system.stepFunctions.url}   (checkout saga; ${system.resumedOrders.length} resumed)`,
  );
  console.log(`Events     ${system.eventBridge.url}   (bus ${system.eventBridge.busName})`);
  console.log(
    `Razorpay   ${system.razorpay.url}   (test-mode double; POST /dev/razorpay/pay plays Checkout)`,
  );
  console.log(
    `Outbox     ${system.outbox.url}   (local SES v2 + SNS; GET /dev/outbox?to= lists what was sent)`,
  );
  console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops everything.`);
} catch (error) {
  console.error(`Could not start: ${(error as Error).message}`);
  process.exit(1);
}
