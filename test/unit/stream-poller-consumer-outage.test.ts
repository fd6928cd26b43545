// A batch read just before DynamoDB Local went down, handed to a consumer that writes to it: the
// consumer fails on every try while the emulator is away (a restart takes seconds, over 30 on a
// loaded machine). Those failures are the outage's, not the batch's: they must not use up the
// batch's attempts, or the poller gives up on it and the records are lost. Clients mocked.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { expect, it } from 'vitest';
import { startStreamPoller } from '../../local/emulators/dynamodb-streams';
import { dynamoDown, kept } from '../fixtures/streams/fails-while-down';
import { mockStreamClients } from '../support/mocked-streams';

const { dynamodb, streams } = mockStreamClients();

const StreamArn = 'arn:aws:dynamodb:ddblocal:000000000000:table/orders/stream/1';
const stream: StreamRecord[] = [];
const write = (sequenceNumber: string) =>
  stream.push({ eventName: 'INSERT', dynamodb: { SequenceNumber: sequenceNumber, Keys: {} } });
const refuseWhileDown = () => {
  if (dynamoDown.down) throw Object.assign(new Error(''), { code: 'ECONNREFUSED' });
};
dynamodb.on(DescribeTableCommand).callsFake(async () => {
  refuseWhileDown();
  return { Table: { LatestStreamArn: StreamArn } };
});
streams.on(DescribeStreamCommand).callsFake(async () => {
  refuseWhileDown();
  return { StreamDescription: { Shards: [{ ShardId: 'shard-a' }] } };
});
streams.on(GetShardIteratorCommand).callsFake(async () => {
  refuseWhileDown();
  return { ShardIterator: 'at-0' };
});
streams.on(GetRecordsCommand).callsFake(async (input) => {
  refuseWhileDown();
  const from = Number(input.ShardIterator.slice('at-'.length));
  const Records = stream.slice(from, from + 100);
  // The emulator dies as this page is read: the consumer is handed a batch it cannot write.
  if (Records.length > 0) dynamoDown.down = true;
  return { Records, NextShardIterator: `at-${from + Records.length}` };
});

it('keeps retrying a batch through an outage without spending its attempts, and delivers it after', async () => {
  const lines: string[] = [];
  const poller = await startStreamPoller({
    tableName: 'orders',
    consumer: 'writer',
    functions: { writer: { handler: 'test/fixtures/streams/fails-while-down.ts' } },
    endpoint: 'http://127.0.0.1:1',
    intervalMs: 20,
    retry: { attempts: 3, delayMs: 10 },
    log: (level, message) => lines.push(`${level}: ${message}`),
  });
  try {
    write('1');
    write('2');
    // Down for many times the batch's whole retry budget (3 tries, 10 ms then 20 ms apart).
    const deadline = Date.now() + 10_000;
    while (dynamoDown.invocations === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 1500));
    dynamoDown.down = false;
    await poller.caughtUp();
    await poller.caughtUp();
    expect(kept).toEqual(['1', '2']);
    // Not skipped, and the consumer's failures during the outage are not each said: the outage is.
    expect(lines.filter((line) => line.startsWith('error'))).toEqual([]);
    expect(lines.filter((line) => line.includes('writer failed'))).toEqual([]);
    expect(lines.filter((line) => line.startsWith('warn'))).toEqual([
      "warn: polling orders's stream failed: ECONNREFUSED",
    ]);
  } finally {
    await poller.stop();
  }
});
