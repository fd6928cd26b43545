// TransactionConflict is a fault DynamoDB Local never produces, so this one path is mocked.
import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { putProduct } from '../../functions/core/catalog';
import {
  GuardConditionFailedError,
  InsufficientStockError,
  receiveStock,
  reserveStock,
  StockContentionError,
} from '../../functions/core/inventory';

const ddb = mockClient(DynamoDBDocumentClient);
const previousTable = process.env.PRODUCTS_TABLE;
process.env.PRODUCTS_TABLE = 'products-under-test';

afterAll(() => {
  ddb.restore();
  process.env.PRODUCTS_TABLE = previousTable;
});
beforeEach(() => {
  ddb.reset();
  // The shard-count hint read: unsharded products (no stockShards).
  ddb.on(BatchGetCommand).resolves({ Responses: { 'products-under-test': [] } });
});

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const lines = [
  { productId: 'a', quantity: 1 },
  { productId: 'b', quantity: 2 },
];

describe('reserveStock under transaction conflicts', () => {
  it('retries a conflicted transaction until it goes through', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .rejectsOnce(cancelled('None', 'TransactionConflict'))
      .resolves({});
    await reserveStock(lines);
    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(3);
    // Each attempt sends the same, complete transaction.
    for (const call of calls) expect(call.args[0].input.TransactItems).toHaveLength(2);
  });

  it('gives up with StockContentionError after a bounded number of attempts', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));
    await expect(reserveStock(lines)).rejects.toBeInstanceOf(StockContentionError);
    const attempts = ddb.commandCalls(TransactWriteCommand).length;
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThanOrEqual(10);
  });

  it('does not retry a failed stock condition; it reads what is left instead', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    ddb.on(GetCommand, { Key: { productId: 'b' } }).resolves({
      Item: { productId: 'b', available: 1, reserved: 0, sold: 0, received: 1, active: true },
    });
    const error = await reserveStock(lines).catch((e) => e);
    expect(error).toBeInstanceOf(InsufficientStockError);
    expect(error.shortages).toEqual([{ productId: 'b', requested: 2, available: 1 }]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('re-plans a failed line whose product has the units again, and does not reject it', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'ConditionalCheckFailed')).resolves({});
    ddb.on(GetCommand, { Key: { productId: 'b' } }).resolves({
      Item: { productId: 'b', available: 5, reserved: 0, sold: 0, received: 5, active: true },
    });
    expect(await reserveStock(lines)).toEqual([
      { productId: 'a', quantity: 1, shard: 0 },
      { productId: 'b', quantity: 2, shard: 0 },
    ]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('tells a failed guard apart from a shortage', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    const guard = {
      ConditionCheck: { TableName: 'orders', Key: { orderId: 'o1' }, ConditionExpression: 'x' },
    };
    await expect(reserveStock(lines, guard)).rejects.toBeInstanceOf(GuardConditionFailedError);
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems).toHaveLength(3);
  });

  it('passes other errors through unchanged', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    ddb.on(TransactWriteCommand).rejects(throttled);
    await expect(reserveStock(lines)).rejects.toThrow('Rate exceeded');
  });
});

describe('single-item writes to a product inside a transaction', () => {
  const conflict = () =>
    new TransactionConflictException({ message: 'Transaction is ongoing for the item', $metadata: {} });

  it('retries an admin edit that hit a reservation in flight', async () => {
    const stored = {
      productId: 'a',
      name: 'A',
      category: 'c',
      price: 1,
      mrp: 1,
      unit: 'u',
      active: true,
      maxPerOrder: 1,
    };
    const theProduct = { Key: { productId: 'a' } };
    ddb.on(UpdateCommand).resolves({}); // the listed-categories record
    ddb
      .on(UpdateCommand, theProduct)
      .rejectsOnce(conflict())
      .resolves({ Attributes: { ...stored, available: 4 } });
    const { productId: _, ...fields } = stored;
    expect(await putProduct('a', fields)).toMatchObject({ productId: 'a', available: 4 });
    expect(ddb.commandCalls(UpdateCommand, theProduct)).toHaveLength(2);
  });

  it('retries a stock receipt, and gives up after a bounded number of attempts', async () => {
    ddb.on(UpdateCommand).rejects(conflict());
    await expect(receiveStock('a', 5)).rejects.toBeInstanceOf(StockContentionError);
    const attempts = ddb.commandCalls(UpdateCommand).length;
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThanOrEqual(10);
  });
});
