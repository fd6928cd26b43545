// A local stream poller across a kill -9 of a watched DynamoDB Local, the way `npm start` runs them:
// while Java is down the poller says so once (ECONNREFUSED), not every round; once it is back the
// records written before and after reach the consumer once each, in order. In memory, the restart
// re-creates the table with a new stream, which the poller follows (it used to stay on the old one
// and fail every round); on its data, the same stream goes on from where it was read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { type StreamPoller, startStreamPoller } from '../../local/emulators/dynamodb-streams';
import {
  startWatchedDynamoDbLocal,
  type WatchedDynamoDbLocal,
} from '../../local/emulators/watched-dynamodb-local';
import { freePort } from '../../local/free-port';
import { receivedKeys } from '../fixtures/streams/recording-keys';
import { streamedTable } from '../support/tables';

const TableName = 'poller-restart';
const running: { dynamo?: WatchedDynamoDbLocal; poller?: StreamPoller; dataDir?: string } = {};
afterEach(async () => {
  await running.poller?.stop();
  await running.dynamo?.stop();
  if (running.dataDir) rmSync(running.dataDir, { recursive: true, force: true });
  Object.assign(running, { dynamo: undefined, poller: undefined, dataDir: undefined });
  receivedKeys.length = 0;
});

async function watchedWithTable(dbPath?: string) {
  let client: DynamoDBClient | undefined;
  const createTable = async () => {
    await client!.send(new CreateTableCommand(streamedTable(TableName))).catch((error: Error) => {
      if (error.name !== 'ResourceInUseException') throw error; // kept on disk
    });
  };
  const dynamo = await startWatchedDynamoDbLocal({
    port: await freePort(),
    dbPath,
    afterRestart: createTable, // what local/system.ts does after an in-memory restart
    onGiveUp: (reason) => {
      throw new Error(reason);
    },
    log: () => {},
  });
  running.dynamo = dynamo;
  client = new DynamoDBClient({ endpoint: dynamo.endpoint });
  await createTable();
  const put = (id: string) => client!.send(new PutItemCommand({ TableName, Item: { id: { S: id } } }));
  return { dynamo, put };
}

async function until(done: () => boolean) {
  const deadline = Date.now() + 60_000;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

async function killedAndRestarted(dbPath?: string) {
  const { dynamo, put } = await watchedWithTable(dbPath);
  const lines: string[] = [];
  running.poller = await startStreamPoller({
    tableName: TableName,
    consumer: 'recording',
    functions: { recording: { handler: 'test/fixtures/streams/recording-keys.ts' } },
    endpoint: dynamo.endpoint,
    log: (level, message) => lines.push(`${level}: ${message}`),
  });
  await put('a');
  await put('b');
  await until(() => receivedKeys.length === 2);
  expect(receivedKeys).toEqual(['a', 'b']);

  const restarted = dynamo.nextRestart();
  process.kill(dynamo.javaPid, 'SIGKILL');
  await restarted; // seconds: a JVM start, the table made again when in memory
  await put('c');
  await put('d');
  await until(() => receivedKeys.length >= 4);
  await running.poller.caughtUp();
  const warnings = lines.filter((line) => line.startsWith('warn'));
  return { warnings, lines };
}

describe('a stream poller across a restart of DynamoDB Local', { timeout: 180_000 }, () => {
  it('in memory: says the outage once, follows the new stream and delivers what was written after', async () => {
    const { warnings, lines } = await killedAndRestarted();
    expect(receivedKeys).toEqual(['a', 'b', 'c', 'd']);
    expect(warnings.filter((line) => line.includes('ECONNREFUSED'))).toHaveLength(1);
    // The old stream gone is no warning (the new one is followed); a round between Java's start and
    // the table's re-creation may warn that the table is missing, once.
    expect(warnings.some((line) => line.includes('ShardIterator'))).toBe(false);
    expect(new Set(warnings).size).toBe(warnings.length);
    expect(lines).toContain(`info: ${TableName} was re-created: reading its new stream from the start`);
    expect(lines.filter((line) => /^info: .*polling again after [\d.]+ s$/.test(line))).toHaveLength(1);
  });

  it('on its data: says the outage once and carries on along the same stream', async () => {
    running.dataDir = mkdtempSync(join(tmpdir(), 'qc-poller-restart-'));
    const { warnings, lines } = await killedAndRestarted(join(running.dataDir, 'dynamodb'));
    expect(receivedKeys).toEqual(['a', 'b', 'c', 'd']);
    expect(warnings.filter((line) => line.includes('ECONNREFUSED'))).toHaveLength(1);
    expect(lines.filter((line) => /^info: .*polling again after [\d.]+ s$/.test(line))).toHaveLength(1);
    expect(lines.some((line) => line.includes('re-created'))).toBe(false);
  });
});
