// What Lambda's event source mapping does for a DynamoDB stream, on DynamoDB Local's streams: for
// each declared consumer (contract/functions.ts `tableStream`) poll every shard of its table's
// stream (DescribeStream → GetShardIterator → GetRecords), hand each batch to the same handler as
// a DynamoDBStreamEvent, retry from the record it reports failed (ReportBatchItemFailures), and
// keep each shard's position so a restarted poller carries on where the last one stopped (or from
// TRIM_HORIZON when it knows none): at least once, in order per shard. A child shard is read after
// its parent is finished. While DynamoDB Local is down the rounds back off and the log says so once
// (failing-rounds.ts); a table re-created by an in-memory restart has a new stream, which is followed.
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  type Shard,
  type _Record as StreamRecord,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { functions as declared, type FunctionDeclaration } from '../../contract/functions';
import { tables } from '../../contract/tables';
import { localClientConfig } from '../aws-timeouts';
import { readStateFile, writeStateFile } from '../state-file';
import { trackFailingRounds } from './failing-rounds';
import { declaredFunctionTable, type FunctionTable, invokeLocalFunction } from './local-functions';

/** Where each shard was read up to (its last handled sequence number), by `<consumer> <streamArn> <shardId>`. */
export interface StreamPositions {
  get(key: string): string | undefined;
  set(key: string, sequenceNumber: string): Promise<void>;
}

export const memoryPositions = (): StreamPositions => {
  const saved = new Map<string, string>();
  return { get: (key) => saved.get(key), set: async (key, seq) => void saved.set(key, seq) };
};

/** Positions in a JSON file (beside a persisted DynamoDB Local), so a restart resumes. */
export function filePositions(file: string): StreamPositions {
  // Written whole through a temp file and a rename: a kill -9 mid-write leaves the previous
  // positions (that stream's records are then delivered again, which consumers take), never half a file.
  const saved: Record<string, string> = readStateFile(file) ?? {};
  return {
    get: (key) => saved[key],
    set: async (key, seq) => {
      saved[key] = seq;
      writeStateFile(file, saved);
    },
  };
}

export interface StreamPollerOptions {
  tableName: string;
  /** A function in `functions` (default contract/functions.ts). */
  consumer: string;
  functions?: FunctionTable;
  /** DynamoDB Local's endpoint (its streams API answers there too). */
  endpoint: string;
  /** Pause between polling rounds; default 150 ms, doubled per failing round in a row up to 2 s. */
  intervalMs?: number;
  /** Attempts per batch and the first retry delay (doubling); past them the batch is logged and
   *  skipped, where Lambda would send it to the on-failure destination. Default 10 and 100 ms
   *  (capped at 2 s between tries). */
  retry?: { attempts: number; delayMs: number };
  /** Each call to DynamoDB Local ends by then (a TimeoutError, which fails the round like a refused
   *  connection; one attempt, the next round is the retry): a hung emulator (a GC pause, kill
   *  -STOP) is an outage, not a poller that waits for ever. Default 5 s: it answers a poll in
   *  milliseconds. */
  requestTimeoutMs?: number;
  positions?: StreamPositions;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface StreamPoller {
  /** Resolves once a polling round that began after the call has worked through: every change
   *  written before the call has been handed to the consumer (or is waiting for its retry). While
   *  rounds fail (DynamoDB Local down) it waits for one that works; `stop()` releases it. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

interface ShardState {
  shardId: string;
  /** The stream it belongs to: an in-memory DynamoDB Local restarted makes the table a new one. */
  streamArn: string;
  parentShardId?: string;
  iterator?: string;
  finished: boolean;
  /** A batch the consumer failed, retried from its failed record. */
  pending: StreamRecord[];
  attempts: number;
  notBefore: number;
}

/** Sequence numbers are decimal strings, ordered as numbers within a shard. */
const isAfter = (sequenceNumber: string | undefined, than: string) =>
  sequenceNumber !== undefined && BigInt(sequenceNumber) > BigInt(than);

/** The record as Lambda hands it over (DynamoDBStreamEvent): times in epoch seconds. */
const lambdaRecord = (record: StreamRecord, eventSourceARN: string) => ({
  ...record,
  dynamodb: {
    ...record.dynamodb,
    ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
      ? Math.floor(record.dynamodb.ApproximateCreationDateTime.getTime() / 1000)
      : undefined,
  },
  eventSourceARN,
});

const RELIST_SHARDS_MS = 5000;
const DEFAULT_POLL_REQUEST_TIMEOUT_MS = 5000;

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const functions = options.functions ?? declaredFunctionTable();
  const intervalMs = options.intervalMs ?? 150;
  const retry = options.retry ?? { attempts: 10, delayMs: 100 };
  const positions = options.positions ?? memoryPositions();
  const log = options.log ?? ((level, message) => console[level](`[local streams] ${message}`));
  const clientConfig = {
    endpoint: options.endpoint,
    ...localClientConfig(options.requestTimeoutMs ?? DEFAULT_POLL_REQUEST_TIMEOUT_MS),
    // The polling loop is the retry (backing off, never giving up): the SDK's own 3 attempts would
    // only make a hang take three timeouts to be noticed.
    maxAttempts: 1,
  };
  const streams = new DynamoDBStreamsClient(clientConfig);
  const dynamodb = new DynamoDBClient(clientConfig);
  // stop() aborts the call under way: it need not wait for its answer, or its timeout.
  const stopping = new AbortController();
  const aborted = { abortSignal: stopping.signal };
  const latestStreamArn = async () => {
    const { Table } = await dynamodb.send(
      new DescribeTableCommand({ TableName: options.tableName }),
      aborted,
    );
    if (Table?.LatestStreamArn) return Table.LatestStreamArn;
    throw new Error(`${options.tableName} has no stream (declare it in contract/tables.ts)`);
  };
  let streamArn = await latestStreamArn();
  const shards = new Map<string, ShardState>();
  const positionKey = (shard: ShardState) => `${options.consumer} ${shard.streamArn} ${shard.shardId}`;

  const listShards = async (): Promise<Shard[]> => {
    const found: Shard[] = [];
    let ExclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId }),
        aborted,
      );
      found.push(...(StreamDescription?.Shards ?? []));
      ExclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (ExclusiveStartShardId);
    return found;
  };

  const shardIterator = async (
    shardId: string,
    type: 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON',
    SequenceNumber?: string,
  ): Promise<string | undefined> => {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        ...(SequenceNumber ? { SequenceNumber } : {}),
      }),
      aborted,
    );
    return ShardIterator;
  };

  const freshIterator = async (shard: ShardState): Promise<string | undefined> => {
    const after = positions.get(positionKey(shard));
    if (!after) return shardIterator(shard.shardId, 'TRIM_HORIZON');
    try {
      return await shardIterator(shard.shardId, 'AFTER_SEQUENCE_NUMBER', after);
    } catch (error) {
      if ((error as Error).name !== TrimmedDataAccessException.name) throw error;
      log('warn', `${shard.shardId}: saved position trimmed away; reading from TRIM_HORIZON`);
      return shardIterator(shard.shardId, 'TRIM_HORIZON');
    }
  };

  /** Hands the batch to the consumer; answers the records still to retry (none = done). */
  const deliver = async (shard: ShardState, records: StreamRecord[]): Promise<StreamRecord[]> => {
    let failedFrom = 0;
    try {
      const result = (await invokeLocalFunction(functions, options.consumer, {
        // The shard's own stream: an old stream's batch retried after a re-creation says so.
        Records: records.map((r) => lambdaRecord(r, shard.streamArn)),
      })) as { batchItemFailures?: { itemIdentifier: string }[] } | null;
      const failed = new Set(result?.batchItemFailures?.map((f) => f.itemIdentifier) ?? []);
      if (failed.size === 0) return [];
      failedFrom = records.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
      if (failedFrom < 0) failedFrom = 0; // an identifier not in the batch: Lambda retries it all
    } catch (error) {
      consumerError = `${options.consumer} failed on ${records.length} record(s): ${(error as Error).message}`;
    }
    return records.slice(failedFrom);
  };
  /** The consumer's last throw, said once DynamoDB Local is known to be up (not an outage's echo). */
  let consumerError: string | undefined;

  // A consumer that writes to DynamoDB fails while DynamoDB Local is down (killed, restarting): that
  // failure is the outage's, not the batch's. It keeps the batch and fails the round (backing off,
  // said once) without spending an attempt: past them the batch would be skipped, its records lost.
  const failIfUnreachable = async (shard: ShardState, left: StreamRecord[]) => {
    const outage = await latestStreamArn().then(
      () => undefined,
      (error: unknown) => error ?? new Error('DynamoDB Local unreachable'),
    );
    const thrown = consumerError;
    consumerError = undefined;
    if (outage === undefined) {
      if (thrown) log('warn', thrown);
      return;
    }
    shard.pending = left;
    shard.notBefore = 0;
    throw outage;
  };

  const handled = async (shard: ShardState, records: StreamRecord[]) => {
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last) await positions.set(positionKey(shard), last);
  };

  const pollShard = async (shard: ShardState) => {
    if (shard.pending.length > 0) {
      if (Date.now() < shard.notBefore) return;
      const batch = shard.pending;
      const left = await deliver(shard, batch);
      await handled(shard, batch.slice(0, batch.length - left.length));
      if (left.length > 0) await failIfUnreachable(shard, left);
      shard.attempts++;
      if (left.length === 0 || shard.attempts >= retry.attempts) {
        if (left.length > 0) {
          log(
            'error',
            `${options.consumer}: gave up on ${left.length} record(s) of ${shard.shardId} after ${shard.attempts} attempts (from ${left[0]?.dynamodb?.SequenceNumber})`,
          );
          await handled(shard, left);
        }
        shard.pending = [];
        shard.attempts = 0;
      } else {
        shard.pending = left;
        shard.notBefore = Date.now() + Math.min(retry.delayMs * 2 ** (shard.attempts - 1), 2000);
      }
      return;
    }
    shard.iterator ??= await freshIterator(shard);
    if (!shard.iterator) {
      shard.finished = true;
      shardClosed = true;
      return;
    }
    let page: { Records?: StreamRecord[]; NextShardIterator?: string };
    try {
      page = await streams.send(
        new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 100 }),
        aborted,
      );
    } catch (error) {
      if ((error as Error).name === ExpiredIteratorException.name) {
        shard.iterator = undefined; // asked again from the saved position next round
        return;
      }
      if ((error as Error).name !== TrimmedDataAccessException.name) throw error;
      // DynamoDB Local answers this for an iterator taken on a shard that was still empty: start
      // over at the shard's oldest record; what was already handled is skipped below.
      shard.iterator = await shardIterator(shard.shardId, 'TRIM_HORIZON');
      return;
    }
    shard.iterator = page.NextShardIterator;
    if (!shard.iterator) {
      shard.finished = true; // a closed shard read to its end
      shardClosed = true;
    }
    const done = positions.get(positionKey(shard));
    const records = (page.Records ?? []).filter((r) => !done || isAfter(r.dynamodb?.SequenceNumber, done));
    if (records.length === 0) return;
    const left = await deliver(shard, records);
    await handled(shard, records.slice(0, records.length - left.length));
    if (left.length > 0) {
      shard.attempts = 0;
      await failIfUnreachable(shard, left);
      shard.pending = left;
      shard.attempts = 1;
      shard.notBefore = Date.now() + retry.delayMs;
      if (retry.attempts <= 1) {
        shard.attempts = retry.attempts;
        shard.notBefore = 0;
      }
    }
  };

  // DescribeStream costs DynamoDB Local more than an idle GetRecords: shards are listed again only
  // when one has closed (its child is where the records go on) or every few seconds.
  let listedAt = Number.NEGATIVE_INFINITY;
  let shardClosed = false;
  // DynamoDB Local answers ResourceNotFound for a stream (or an iterator of one) it no longer has:
  // restarted in memory, the table is re-created with a new stream, read from its TRIM_HORIZON.
  // Restarted on its data, the stream is the same: iterators are taken again from the positions.
  const findStream = async () => {
    const latest = await latestStreamArn();
    if (latest !== streamArn) {
      log('info', `${options.tableName} was re-created: reading its new stream from the start`);
      streamArn = latest;
      listedAt = Number.NEGATIVE_INFINITY;
    }
    for (const shard of shards.values()) {
      shard.iterator = undefined;
      // The old stream's shards are gone; a batch it was retrying is still delivered first.
      if (shard.streamArn !== streamArn) shard.finished = true;
    }
  };
  const pollStream = async () => {
    const stale = Date.now() - listedAt > RELIST_SHARDS_MS;
    const found = shardClosed || stale ? await listShards() : [];
    if (shardClosed || stale) {
      listedAt = Date.now();
      shardClosed = false;
    }
    for (const shard of found) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      shards.set(shard.ShardId, {
        shardId: shard.ShardId,
        streamArn,
        parentShardId: shard.ParentShardId,
        finished: false,
        pending: [],
        attempts: 0,
        notBefore: 0,
      });
    }
    let oldStreamRetrying = false;
    for (const shard of shards.values()) {
      const old = shard.streamArn !== streamArn;
      if (old && shard.pending.length === 0) {
        shards.delete(shard.shardId);
        continue;
      }
      if (!old && oldStreamRetrying) continue; // a replaced stream's records first
      const parent = shard.parentShardId ? shards.get(shard.parentShardId) : undefined;
      if (shard.finished && shard.pending.length === 0) continue;
      if (parent && (!parent.finished || parent.pending.length > 0)) continue; // parent's records first
      await pollShard(shard);
      if (old && shard.pending.length > 0) oldStreamRetrying = true;
    }
  };
  const round = async () => {
    try {
      await pollStream();
    } catch (error) {
      if ((error as Error).name !== ResourceNotFoundException.name) throw error;
      await findStream(); // fails (the round with it) until the table is back
      await pollStream();
    }
  };

  const failing = trackFailingRounds({ what: `${options.tableName}'s stream`, intervalMs, log });
  let roundsBegun = 0;
  const waiting: { fromRound: number; resolve: () => void }[] = [];
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      const thisRound = ++roundsBegun;
      try {
        await round();
      } catch (error) {
        if (stopping.signal.aborted) break;
        failing.failed(error);
        await sleep(failing.nextWaitMs(), undefined, { signal: stopping.signal }).catch(() => {});
        continue;
      }
      failing.succeeded();
      for (const waiter of waiting.filter((w) => w.fromRound <= thisRound)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
      await sleep(intervalMs, undefined, { signal: stopping.signal }).catch(() => {});
    }
  })();

  return {
    caughtUp: () => new Promise<void>((resolve) => waiting.push({ fromRound: roundsBegun + 1, resolve })),
    stop: async () => {
      stopping.abort();
      await loop;
      for (const waiter of waiting.splice(0)) waiter.resolve();
      streams.destroy();
      dynamodb.destroy();
    },
  };
}

/** One poller per declared stream consumer, on the tables the local runtime made (env names them). */
export async function startStreamConsumers(options: {
  endpoint: string;
  positionsFile?: string;
  functions?: Record<string, FunctionDeclaration>;
}): Promise<StreamPoller> {
  const positions = options.positionsFile ? filePositions(options.positionsFile) : memoryPositions();
  const all: Record<string, FunctionDeclaration> = options.functions ?? declared;
  const consumers = Object.entries(all).flatMap(([name, { tableStream }]) =>
    tableStream ? [[name, tableStream] as const] : [],
  );
  const pollers = await Promise.all(
    consumers.map(([consumer, table]) => {
      const tableName = process.env[tables[table].envVar];
      if (!tableName) throw new Error(`${tables[table].envVar} is not set: create the tables first`);
      return startStreamPoller({ tableName, consumer, endpoint: options.endpoint, positions });
    }),
  );
  return {
    caughtUp: async () => void (await Promise.all(pollers.map((p) => p.caughtUp()))),
    stop: async () => void (await Promise.all(pollers.map((p) => p.stop()))),
  };
}
