// `npm start`: the whole system on this machine, no AWS account needed.
import { resolve } from 'node:path';
import { isPortInUse } from './emulators/dynamodb-local';
import { PROJECT_ROOT } from './lambda-runtime';
import { startLocalSystem } from './system';

const started = Date.now();
const inMemory = process.argv.includes('--in-memory');
const httpPort = Number(process.env.PORT ?? 3000);
const wsPort = Number(process.env.WS_PORT ?? 3001);
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);

for (const [name, port] of [
  ['PORT', httpPort],
  ['WS_PORT', wsPort],
  ['DYNAMODB_PORT', dynamoPort],
] as const) {
  if (await isPortInUse(port)) {
    console.error(`Port ${port} is already in use. Stop whatever holds it, or set ${name} to another port.`);
    process.exit(1);
  }
}

try {
  const system = await startLocalSystem({
    httpPort,
    wsPort,
    dynamoPort,
    dataDir: inMemory ? undefined : resolve(PROJECT_ROOT, '.data/dynamodb'),
    seedDemoCatalog: true,
  });
  console.log(`HTTP API   ${system.httpUrl}   (GET /health, GET /products, POST /dev/token)`);
  console.log(`WebSocket  ${system.wsUrl}   (?token=<JWT>; {"action":"subscribe","orderId"})`);
  console.log(`DynamoDB   ${system.dynamoEndpoint}   (${inMemory ? 'in memory' : 'persisted in ./.data'})`);
  console.log(`Step Fns   ${system.stepFunctions.url}   (checkout saga, in memory)`);
  console.log(`Events     ${system.eventBridge.url}   (bus ${system.eventBridge.busName})`);
  console.log(
    `Razorpay   ${system.razorpay.url}   (test-mode double; POST /dev/razorpay/pay plays Checkout)`,
  );
  console.log(
    `Outbox     ${system.outbox.url}   (local SES v2 + SNS; GET /dev/outbox?to= lists what was sent)`,
  );
  console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops everything.`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // A closed terminal sends SIGHUP: stop the emulators with it rather than orphan them.
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
} catch (error) {
  console.error(`Could not start: ${(error as Error).message}`);
  process.exit(1);
}
