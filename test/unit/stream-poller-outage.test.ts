// A local stream poller while DynamoDB Local is unreachable for about 2 s (its streams API refusing
// every call, as a killed Java does): it says so once, not every 150 ms round; the rounds back off
// (the interval doubled per failure); it says when polling works again; the records written before
// and during the outage reach the consumer once each, in order; and `caughtUp()` waits for a round
// that works. Streams API mocked: the outage begins and ends when the test says.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { expect, it } from 'vitest';
import { startStreamPoller } from '../../local/emulators/dynamodb-streams';
import { received } from '../fixtures/streams/recording-consumer';
import { mockStreamClients } from '../support/mocked-streams';

const { dynamodb, streams } = mockStreamClients();

const StreamArn = 'arn:aws:dynamodb:ddblocal:000000000000:table/orders/stream/1';
const shard = { ShardId: 'shard-a', SequenceNumberRange: { StartingSequenceNumber: '1' } };

/** One open shard; an iterator is `at-<index of the next record>`. */
const stream: StreamRecord[] = [];
const write = (sequenceNumber: string) =>
  stream.push({ eventName: 'INSERT', dynamodb: { SequenceNumber: sequenceNumber, Keys: {} } });
const outage = { down: false, calls: [] as number[] };
const refuseWhileDown = () => {
  if (!outage.down) return;
  outage.calls.push(Date.now());
  throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
};
dynamodb.on(DescribeTableCommand).resolves({ Table: { LatestStreamArn: StreamArn } });
streams.on(DescribeStreamCommand).callsFake(async () => {
  refuseWhileDown();
  return { StreamDescription: { Shards: [shard] } };
});
streams.on(GetShardIteratorCommand).callsFake(async (input) => {
  refuseWhileDown();
  const after = stream.findIndex((r) => r.dynamodb?.SequenceNumber === input.SequenceNumber);
  return { ShardIterator: `at-${input.ShardIteratorType === 'TRIM_HORIZON' ? 0 : after + 1}` };
});
streams.on(GetRecordsCommand).callsFake(async (input) => {
  refuseWhileDown();
  const from = Number(input.ShardIterator.slice('at-'.length));
  const Records = stream.slice(from, from + 100);
  return { Records, NextShardIterator: `at-${from + Records.length}` };
});

const until = async (done: () => boolean) => {
  const deadline = Date.now() + 10_000;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
};

it('backs off while the streams API refuses, says so once and again when it is back, losing nothing', async () => {
  const lines: string[] = [];
  const poller = await startStreamPoller({
    tableName: 'orders',
    consumer: 'recording',
    functions: { recording: { handler: 'test/fixtures/streams/recording-consumer.ts' } },
    endpoint: 'http://127.0.0.1:1',
    log: (level, message) => lines.push(`${level}: ${message}`),
  });
  try {
    write('1');
    write('2');
    await until(() => received.length === 2);
    expect(received).toEqual(['1', '2']);

    outage.down = true;
    let caughtUp = false;
    const waited = poller.caughtUp().then(() => {
      caughtUp = true;
    });
    write('3'); // written while the poller cannot reach the stream
    write('4');
    await new Promise((r) => setTimeout(r, 2000));
    outage.down = false;
    const outageMs = Date.now() - outage.calls[0]!;
    // Nothing read meanwhile, and no round that failed counts as caught up.
    expect(received).toEqual(['1', '2']);
    expect(caughtUp).toBe(false);
    await waited;
    expect(received).toEqual(['1', '2', '3', '4']);

    // About 2 s at 150 ms a round would be ~13 calls; doubling from 300 ms makes 3 or 4.
    expect(outage.calls.length).toBeGreaterThanOrEqual(2);
    expect(outage.calls.length).toBeLessThanOrEqual(5);
    // Each wait at least the backoff's (a loaded machine only makes them longer).
    outage.calls.slice(1).forEach((at, i) => {
      expect(at - outage.calls[i]!).toBeGreaterThanOrEqual(Math.min(150 * 2 ** (i + 1), 2000) - 20);
    });
    expect(lines.filter((line) => line.startsWith('warn'))).toEqual([
      "warn: polling orders's stream failed: connect ECONNREFUSED 127.0.0.1:8000",
    ]);
    const recovered = lines.filter((line) => line.startsWith('info'));
    expect(recovered).toHaveLength(1);
    const seconds = Number(/polling again after ([\d.]+) s$/.exec(recovered[0]!)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(1.5);
    expect(seconds).toBeLessThanOrEqual(outageMs / 1000 + 3);

    // Back at the normal pace: written after the outage, read once, after the rest.
    write('5');
    await poller.caughtUp();
    expect(received).toEqual(['1', '2', '3', '4', '5']);
  } finally {
    await poller.stop();
  }
});
