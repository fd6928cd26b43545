// DynamoDB Local that hangs instead of dying (kill -STOP of its Java: a long GC pause, a frozen
// VM): a stream poller says so once, as an outage, and carries on when it answers again (kill
// -CONT) without losing a record; its stop() ends while Java is still stopped (it waited for the
// hung call for ever). A real JVM, stopped and continued by the test itself, always continued.
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/emulators/dynamodb-local';
import { type StreamPoller, startStreamPoller } from '../../local/emulators/dynamodb-streams';
import { freePort } from '../../local/free-port';
import { receivedKeys } from '../fixtures/streams/recording-keys';
import { streamedTable } from '../support/tables';

let dynamo: DynamoDbLocal;
let client: DynamoDBClient;
let stopped = false;
const running: { poller?: StreamPoller } = {};

const freeze = () => {
  process.kill(dynamo.javaPid, 'SIGSTOP');
  stopped = true;
};
const thaw = () => {
  if (stopped) process.kill(dynamo.javaPid, 'SIGCONT');
  stopped = false;
};

beforeAll(async () => {
  dynamo = await startDynamoDbLocal({ port: await freePort() });
  client = new DynamoDBClient({ endpoint: dynamo.endpoint });
});
afterEach(async () => {
  thaw();
  await running.poller?.stop();
  running.poller = undefined;
  receivedKeys.length = 0;
});
afterAll(async () => {
  thaw();
  client?.destroy();
  await dynamo?.stop();
});

async function tableWithPoller(TableName: string) {
  await client.send(new CreateTableCommand(streamedTable(TableName)));
  const lines: string[] = [];
  const poller = await startStreamPoller({
    tableName: TableName,
    consumer: 'recording',
    functions: { recording: { handler: 'test/fixtures/streams/recording-keys.ts' } },
    endpoint: dynamo.endpoint,
    requestTimeoutMs: 1000, // short, yet long enough for a busy machine not to fake a hang
    log: (level, message) => lines.push(`${level}: ${message}`),
  });
  running.poller = poller;
  const put = (id: string) => client.send(new PutItemCommand({ TableName, Item: { id: { S: id } } }));
  return { poller, put, lines };
}

async function until(done: () => boolean) {
  const deadline = Date.now() + 30_000;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

describe('a stream poller while DynamoDB Local hangs', { timeout: 60_000 }, () => {
  it('says the hang once, as an outage, and delivers every record once Java runs again', async () => {
    const { put, lines } = await tableWithPoller('hung-outage');
    await put('a');
    await until(() => receivedKeys.length === 1);
    freeze();
    // Written while Java is stopped: the request waits in the socket and lands on SIGCONT.
    const written = put('b');
    await until(() => lines.some((line) => line.startsWith('warn')));
    thaw();
    await written;
    await put('c');
    await until(() => receivedKeys.length >= 3);
    expect(receivedKeys).toEqual(['a', 'b', 'c']);
    const warnings = lines.filter((line) => line.startsWith('warn'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/polling hung-outage's stream failed: .*1000 ms requestTimeout/);
    await until(() => lines.some((line) => /polling again after/.test(line)));
    expect(lines.filter((line) => /^info: .*polling again after [\d.]+ s$/.test(line))).toHaveLength(1);
  });

  it('stops while Java is still stopped', async () => {
    const { poller, put, lines } = await tableWithPoller('hung-stop');
    await put('a');
    await until(() => receivedKeys.length === 1);
    freeze();
    await until(() => lines.some((line) => line.startsWith('warn')));
    await poller.stop(); // still stopped: this waited for the hung call for ever
    expect(stopped).toBe(true);
  });
});
