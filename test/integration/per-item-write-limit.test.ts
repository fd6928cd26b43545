// bench/per-item-write-limit.ts on a real DynamoDB Local: every write takes a slot on each item it
// writes — a single UpdateItem, PutItem or DeleteItem as much as each item of a transaction — and
// a read takes none.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeAll, expect, it } from 'vitest';
import { PerItemWriteLimit } from '../../bench/per-item-write-limit';
import { tableName } from '../../functions/core/config';
import { useFreshTables } from '../support/tables';

beforeAll(async () => {
  await useFreshTables();
});

it('counts a write on every item written, single writes and transactions alike, and no read', async () => {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const limit = new PerItemWriteLimit(10_000);
  limit.install(client);
  const control = tableName('control');
  await client.send(new PutCommand({ TableName: control, Item: { pk: 'a', n: 1 } }));
  await client.send(
    new UpdateCommand({
      TableName: control,
      Key: { pk: 'a' },
      UpdateExpression: 'ADD n :one',
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
  await client.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: control, Item: { pk: 'b' } } },
        {
          Update: {
            TableName: control,
            Key: { pk: 'a' },
            UpdateExpression: 'SET m = :m',
            ExpressionAttributeValues: { ':m': 2 },
          },
        },
      ],
    }),
  );
  await client.send(new GetCommand({ TableName: control, Key: { pk: 'a' } }));
  await client.send(new DeleteCommand({ TableName: control, Key: { pk: 'b' } }));

  expect(Object.fromEntries(limit.writesPerItem)).toEqual({ [`${control}|a`]: 3, [`${control}|b`]: 2 });
});
