// bench/cost's meter on a real DynamoDB Local: every call is asked for its ConsumedCapacity and
// the units land on the right table, read or write, single calls and transactions alike.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { Meter, sizeOf, total, Usage } from '../../bench/cost/meter';
import { tableName } from '../../functions/core/config';
import { useFreshTables } from '../support/tables';

beforeAll(async () => {
  await useFreshTables();
});

describe('the cost meter', () => {
  it('adds up the consumed write and read units per table, transactions included', async () => {
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const meter = new Meter();
    meter.instrument(client);
    const usage = new Usage();
    meter.countInto(usage);
    const pk = `meter-${Date.now()}`;
    await client.send(new PutCommand({ TableName: tableName('control'), Item: { pk, n: 1 } }));
    await client.send(new GetCommand({ TableName: tableName('control'), Key: { pk }, ConsistentRead: true }));
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName('control'), Item: { pk: `${pk}-a` } } },
          { Put: { TableName: tableName('carts'), Item: { userId: pk, productId: 'p' } } },
        ],
      }),
    );
    // 1.5 KB: 2 units a write, 4 in a transaction.
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName('carts'),
              Item: { userId: pk, productId: 'q', blob: 'x'.repeat(1500) },
            },
          },
        ],
      }),
    );
    // Refused: billed by AWS, counted apart since no capacity comes back.
    await expect(
      client.send(
        new PutCommand({
          TableName: tableName('control'),
          Item: { pk },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ).rejects.toThrow();
    meter.countInto(undefined);
    await client.send(new GetCommand({ TableName: tableName('control'), Key: { pk } }));

    // A small put is 1 unit, each transaction item 2 as AWS bills it (DynamoDB Local says 4), a
    // strongly consistent small read 1.
    expect(usage.writeUnits.get('control')).toBe(3);
    expect(usage.writeUnits.get('carts')).toBe(2 + 4);
    expect(total(usage.readUnits)).toBe(1);
    expect(total(usage.refusedWrites)).toBe(1);
    expect([...usage.calls.keys()].sort()).toEqual([
      'carts TransactWriteItems by (bench)',
      'control GetItem by (bench)',
      'control PutItem by (bench)',
      'control TransactWriteItems by (bench)',
    ]);
  });

  it('sizes an item about as DynamoDB does: names plus values', () => {
    expect(sizeOf({ pk: 'abc' })).toBeGreaterThanOrEqual(5);
    expect(sizeOf({ text: 'x'.repeat(2000) })).toBeGreaterThan(2000);
    expect(sizeOf({ a: 'x'.repeat(100) })).toBeLessThan(sizeOf({ a: 'x'.repeat(100), b: 'y' }));
  });
});
