// The local stream poller follows a stream whose shard closes (as DynamoDB rolls shards over): the
// child shard is found as soon as the parent has been read to its end, and its records follow the
// parent's. An idle poller does not describe the stream every round (DescribeStream costs DynamoDB
// Local more than an idle GetRecords). Streams API mocked: DynamoDB Local never rolls a shard.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { expect, it } from 'vitest';
import { startStreamPoller } from '../../local/emulators/dynamodb-streams';
import { received } from '../fixtures/streams/recording-consumer';
import { mockStreamClients } from '../support/mocked-streams';

const { dynamodb, streams } = mockStreamClients();

const StreamArn = 'arn:aws:dynamodb:ddblocal:000000000000:table/rolling/stream/1';
const parent = { ShardId: 'shard-a', SequenceNumberRange: { StartingSequenceNumber: '100' } };
const child = { ShardId: 'shard-b', ParentShardId: 'shard-a' };
const record = (sequenceNumber: string) => ({
  eventName: 'MODIFY' as const,
  dynamodb: { SequenceNumber: sequenceNumber, Keys: { id: { S: sequenceNumber } } },
});

it('reads a closed shard to its end, then its child, without describing the stream each round', async () => {
  dynamodb.on(DescribeTableCommand).resolves({ Table: { LatestStreamArn: StreamArn } });
  streams
    .on(DescribeStreamCommand)
    .resolvesOnce({ StreamDescription: { Shards: [parent] } })
    .resolves({ StreamDescription: { Shards: [parent, child] } });
  streams.on(GetShardIteratorCommand, { ShardId: 'shard-a' }).resolves({ ShardIterator: 'a1' });
  streams.on(GetShardIteratorCommand, { ShardId: 'shard-b' }).resolves({ ShardIterator: 'b1' });
  streams
    .on(GetRecordsCommand, { ShardIterator: 'a1' })
    .resolves({ Records: [record('101')], NextShardIterator: 'a2' });
  // Read to its end: no next iterator, the shard is closed.
  streams.on(GetRecordsCommand, { ShardIterator: 'a2' }).resolves({ Records: [record('102')] });
  streams
    .on(GetRecordsCommand, { ShardIterator: 'b1' })
    .resolves({ Records: [record('201')], NextShardIterator: 'b2' });
  streams.on(GetRecordsCommand, { ShardIterator: 'b2' }).resolves({ Records: [], NextShardIterator: 'b2' });

  const poller = await startStreamPoller({
    tableName: 'rolling',
    consumer: 'recording',
    functions: { recording: { handler: 'test/fixtures/streams/recording-consumer.ts' } },
    endpoint: 'http://127.0.0.1:1',
    intervalMs: 5,
    log: () => {},
  });
  try {
    // Well before the periodic re-listing (seconds): the closed parent is what made it list again.
    const deadline = Date.now() + 2000;
    while (received.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual(['101', '102', '201']);
    const rounds = streams.commandCalls(GetRecordsCommand).length;
    for (let i = 0; i < 20; i++) await poller.caughtUp();
    expect(streams.commandCalls(GetRecordsCommand).length).toBeGreaterThanOrEqual(rounds + 20);
    // Once at the start, once when the parent closed: not once per round.
    expect(streams.commandCalls(DescribeStreamCommand).length).toBe(2);
  } finally {
    await poller.stop();
  }
});
