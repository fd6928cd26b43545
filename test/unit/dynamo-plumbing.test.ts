// The DynamoDB plumbing every store uses. Unprocessed batch items and cancellation reasons are
// faults DynamoDB Local does not produce on demand, so the client is mocked here.
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  backoffMs,
  batchGetAll,
  batchWriteAll,
  cancellationCodes,
  isConditionalCheckFailed,
  isTransactionConflict,
  itemConditionFailed,
  MAX_BATCH_ATTEMPTS,
  UnprocessedBatchError,
} from '../../functions/core/dynamo';

const ddb = mockClient(DynamoDBDocumentClient);
afterAll(() => ddb.restore());
beforeEach(() => ddb.reset());

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'nope', $metadata: {} });
const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `k${i}` }));

describe('reading DynamoDB refusals', () => {
  it('knows a failed condition by class or by name (a deserialised error) and nothing else', () => {
    expect(isConditionalCheckFailed(conditionFailed())).toBe(true);
    expect(
      isConditionalCheckFailed(Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException' })),
    ).toBe(true);
    expect(isConditionalCheckFailed(cancelled('ConditionalCheckFailed'))).toBe(false);
    expect(isConditionalCheckFailed(new Error('ConditionalCheckFailedException'))).toBe(false);
    expect(isConditionalCheckFailed(undefined)).toBe(false);
  });

  it('gives the cancellation codes in item order, None for items without a reason code', () => {
    const error = new TransactionCanceledException({
      message: 'x',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, {}, { Code: 'ConditionalCheckFailed' }],
    });
    expect(cancellationCodes(error)).toEqual(['None', 'None', 'ConditionalCheckFailed']);
    expect(itemConditionFailed(error, 2)).toBe(true);
    expect(itemConditionFailed(error, 0)).toBe(false);
    expect(cancellationCodes(conditionFailed())).toBeUndefined();
    expect(itemConditionFailed(new Error('boom'), 0)).toBe(false);
  });

  it('tells a transaction conflict from a failed condition', () => {
    expect(isTransactionConflict(cancelled('None', 'TransactionConflict'))).toBe(true);
    expect(isTransactionConflict(new TransactionConflictException({ message: 'x', $metadata: {} }))).toBe(
      true,
    );
    expect(isTransactionConflict(cancelled('ConditionalCheckFailed', 'None'))).toBe(false);
    expect(isTransactionConflict(conditionFailed())).toBe(false);
  });
});

describe('backoff', () => {
  it('waits at random below a cap that doubles from 25 ms up to 1 s', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const cap = Math.min(1000, 25 * 2 ** attempt);
      for (let i = 0; i < 50; i++) {
        const wait = backoffMs(attempt);
        expect(wait).toBeGreaterThanOrEqual(0);
        expect(wait).toBeLessThan(cap);
      }
    }
  });
});

describe('batchGetAll', () => {
  it('reads in chunks of 100 and asks again for the keys DynamoDB left unprocessed', async () => {
    const all = keys(130);
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { t: all.slice(0, 60) },
        UnprocessedKeys: { t: { Keys: all.slice(60, 100) } },
      })
      .resolvesOnce({ Responses: { t: all.slice(60, 100) } })
      .resolvesOnce({ Responses: { t: all.slice(100) } });
    const found = await batchGetAll('t', all, { projection: 'id', consistentRead: true });
    expect(found.map((item) => item.id).sort()).toEqual(all.map((k) => k.id).sort());
    const sent = ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems!.t!);
    expect(sent.map((r) => r.Keys!.length)).toEqual([100, 40, 30]);
    expect(sent[1]!.Keys).toEqual(all.slice(60, 100));
    expect(sent.every((r) => r.ProjectionExpression === 'id' && r.ConsistentRead === true)).toBe(true);
  });

  it('gives up with a retryable error when keys stay unprocessed', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { t: [] }, UnprocessedKeys: { t: { Keys: keys(1) } } });
    const error = await batchGetAll('t', keys(1)).catch((e) => e);
    expect(error).toBeInstanceOf(UnprocessedBatchError);
    expect(error.retryable).toBe(true);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(MAX_BATCH_ATTEMPTS);
  }, 20_000);
});

describe('batchWriteAll', () => {
  it('writes in chunks of 25 and sends again what DynamoDB left unprocessed', async () => {
    const requests = keys(30).map((Key) => ({ DeleteRequest: { Key } }));
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { t: requests.slice(20, 25) } })
      .resolves({});
    await batchWriteAll('t', requests);
    const sent = ddb.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems!.t!);
    expect(sent.map((r) => r.length)).toEqual([25, 5, 5]);
    expect(sent[1]).toEqual(requests.slice(20, 25));
    expect(sent[2]).toEqual(requests.slice(25));
  });

  it('sends nothing for no requests', async () => {
    await batchWriteAll('t', []);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });

  it('gives up with a retryable error when writes stay unprocessed', async () => {
    const requests = [{ DeleteRequest: { Key: { id: 'x' } } }];
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: { t: requests } });
    await expect(batchWriteAll('t', requests)).rejects.toBeInstanceOf(UnprocessedBatchError);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(MAX_BATCH_ATTEMPTS);
  }, 20_000);
});
