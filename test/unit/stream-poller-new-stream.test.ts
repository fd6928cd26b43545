// A table re-created under a running local stream poller (an in-memory DynamoDB Local restarted by
// its watcher) has a new stream: the old one's ARN and iterators answer ResourceNotFound. The poller
// follows the new stream from its start, without a warning, and a batch it was still retrying from
// the old stream is delivered before any record of the new one. Streams API mocked: the test says
// when the table is re-created.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { expect, it } from 'vitest';
import { startStreamPoller } from '../../local/emulators/dynamodb-streams';
import { receivedKeys, refusedKeys, sourceOf } from '../fixtures/streams/recording-keys';
import { mockStreamClients } from '../support/mocked-streams';

const { dynamodb, streams } = mockStreamClients();

/** Each stream has one shard; its records by key, sequence numbers from 1 (as a new table's do). */
const byArn = new Map<string, StreamRecord[]>();
let latest = '';
const createTable = (arn: string, keys: string[]) => {
  latest = arn;
  byArn.set(
    arn,
    keys.map((id, i) => ({
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: String(i + 1), Keys: { id: { S: id } } },
    })),
  );
};
/** The stream's records, or ResourceNotFound for a stream the table no longer has. */
const recordsOf = (arn: string | undefined) => {
  if (arn !== latest) throw new ResourceNotFoundException({ message: 'Stream not found', $metadata: {} });
  return byArn.get(arn)!;
};
dynamodb.on(DescribeTableCommand).callsFake(async () => ({ Table: { LatestStreamArn: latest } }));
streams.on(DescribeStreamCommand).callsFake(async ({ StreamArn }) => {
  recordsOf(StreamArn);
  return { StreamDescription: { Shards: [{ ShardId: `shard of ${StreamArn}` }] } };
});
streams.on(GetShardIteratorCommand).callsFake(async ({ StreamArn, SequenceNumber }) => {
  recordsOf(StreamArn);
  return { ShardIterator: `${StreamArn}|${SequenceNumber ?? 0}` };
});
streams.on(GetRecordsCommand).callsFake(async ({ ShardIterator }) => {
  const [arn, after] = ShardIterator.split('|');
  const Records = recordsOf(arn).slice(Number(after));
  return { Records, NextShardIterator: `${arn}|${Number(after) + Records.length}` };
});

const until = async (done: () => boolean) => {
  const deadline = Date.now() + 15_000;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
};

it('follows the new stream of a re-created table, after the old stream batch it was retrying', async () => {
  createTable('stream/1', ['a', 'b']);
  refusedKeys.add('b');
  const lines: string[] = [];
  const poller = await startStreamPoller({
    tableName: 'orders',
    consumer: 'recording',
    functions: { recording: { handler: 'test/fixtures/streams/recording-keys.ts' } },
    endpoint: 'http://127.0.0.1:1',
    intervalMs: 10,
    retry: { attempts: 1000, delayMs: 10 },
    log: (level, message) => lines.push(`${level}: ${message}`),
  });
  try {
    await until(() => receivedKeys.length === 1);
    createTable('stream/2', ['c', 'd']); // 'b' is still being retried from the old stream
    // A retry reads nothing from DynamoDB: the poller learns of the new stream when it lists the
    // shards again (every 5 s), and then still delivers nothing of it before 'b'.
    const followed = 'info: orders was re-created: reading its new stream from the start';
    await until(() => lines.includes(followed));
    for (let i = 0; i < 5; i++) await poller.caughtUp();
    expect(lines).toContain(followed);
    expect(receivedKeys).toEqual(['a']);

    refusedKeys.delete('b');
    await until(() => receivedKeys.length === 4);
    await poller.caughtUp();
    expect(receivedKeys).toEqual(['a', 'b', 'c', 'd']);
    // Each record says the stream it came from: 'b', retried after the switch, the old one.
    expect(Object.fromEntries(sourceOf)).toEqual({
      a: 'stream/1',
      b: 'stream/1',
      c: 'stream/2',
      d: 'stream/2',
    });
    expect(lines.filter((line) => !line.startsWith('info'))).toEqual([]);
  } finally {
    await poller.stop();
  }
});
