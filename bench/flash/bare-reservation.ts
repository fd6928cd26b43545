// The bare hot-item reservation on the DynamoDB Local the system uses: one TransactWriteItems
// holding a conditional decrement of one hot item and a put of a reservation record (the shape of
// ReserveStock's transaction), `concurrency` callers for `seconds`. On its own table, so the
// system's data is untouched. Endpoint and credentials come from the env the local system set.
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

export async function bareReservationRate(concurrency: number, seconds: number) {
  // As many sockets as callers (the SDK's default is 50), so the concurrency is what it says.
  const httpAgent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const raw = new DynamoDBClient({ requestHandler: { httpAgent } });
  const db = DynamoDBDocumentClient.from(raw);
  const TableName = `flash-bare-${randomUUID().slice(0, 8)}`;
  await raw.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  try {
    await db.send(new PutCommand({ TableName, Item: { pk: 'hot', available: 1e9, reserved: 0 } }));
    let done = 0;
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          await db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Update: {
                    TableName,
                    Key: { pk: 'hot' },
                    UpdateExpression: 'SET available = available - :q, reserved = reserved + :q',
                    ConditionExpression: 'available >= :q',
                    ExpressionAttributeValues: { ':q': 1 },
                  },
                },
                {
                  Put: {
                    TableName,
                    Item: { pk: `reservation#${randomUUID()}`, quantity: 1 },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ],
            }),
          );
          done++;
        }
      }),
    );
    return { rate: done / ((performance.now() - started) / 1000), transactions: done };
  } finally {
    await raw.send(new DeleteTableCommand({ TableName }));
    raw.destroy();
  }
}
