// Who is connected over the WebSocket and which orders each connection watches.
// A subscription is written as two items in one transaction (by connection, by order), so a
// disconnect finds its subscriptions and a push finds its watchers each with one Query.
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './config';
import { batchWriteAll, cancellationCodes } from './dynamo';
import { AppError, notFound } from './errors';

/** API Gateway closes a WebSocket after 2 hours; TTL sweeps whatever a lost $disconnect left. */
export const CONNECTION_LIFETIME_SECONDS = 2 * 3600 + 300;

const META = 'meta';
const connectionKey = (connectionId: string) => `conn#${connectionId}`;
const orderKey = (orderId: string) => `order#${orderId}`;

export interface Connection {
  connectionId: string;
  userId: string;
  connectedAt: string;
  /** Epoch seconds (the table's TTL attribute). */
  expiresAt: number;
}

type Key = { pk: string; sk: string };

export async function registerConnection(
  connectionId: string,
  userId: string,
  now = new Date(),
): Promise<Connection> {
  const connection: Connection = {
    connectionId,
    userId,
    connectedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + CONNECTION_LIFETIME_SECONDS,
  };
  // A retried $connect writes the same item again: harmless.
  await dynamo().send(
    new PutCommand({
      TableName: tableName('connections'),
      Item: { pk: connectionKey(connectionId), sk: META, ...connection },
    }),
  );
  return connection;
}

export async function getConnection(connectionId: string): Promise<Connection | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName('connections'),
      Key: { pk: connectionKey(connectionId), sk: META },
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  const { connectionId: id, userId, connectedAt, expiresAt } = Item;
  return { connectionId: id, userId, connectedAt, expiresAt };
}

/**
 * Subscribes the connection to an order of its own user. One transaction checks that the order
 * is the user's and the connection is still open, and writes both subscription items, so a
 * subscription can never outlive its connection's $disconnect or watch someone else's order.
 */
export async function subscribeToOrder(connection: Connection, orderId: string): Promise<void> {
  const table = tableName('connections');
  const common = { connectionId: connection.connectionId, orderId, expiresAt: connection.expiresAt };
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: tableName('orders'),
              Key: { orderId },
              ConditionExpression: 'userId = :userId',
              ExpressionAttributeValues: { ':userId': connection.userId },
            },
          },
          {
            ConditionCheck: {
              TableName: table,
              Key: { pk: connectionKey(connection.connectionId), sk: META },
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table,
              Item: { pk: connectionKey(connection.connectionId), sk: orderKey(orderId), ...common },
            },
          },
          {
            Put: {
              TableName: table,
              Item: { pk: orderKey(orderId), sk: connectionKey(connection.connectionId), ...common },
            },
          },
        ],
      }),
    );
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    const [order, open] = codes;
    if (open === 'ConditionalCheckFailed' && order !== 'ConditionalCheckFailed') {
      throw new AppError('UNAUTHORIZED', 'This connection is closed');
    }
    // Unknown and someone else's orders look the same: never leak existence.
    if (order === 'ConditionalCheckFailed') throw notFound('Order');
    throw error;
  }
}

/** Removing a subscription that is not there changes nothing. */
export async function unsubscribeFromOrder(connectionId: string, orderId: string): Promise<void> {
  await deleteItems([
    { pk: connectionKey(connectionId), sk: orderKey(orderId) },
    { pk: orderKey(orderId), sk: connectionKey(connectionId) },
  ]);
}

/** The connections watching an order. */
export async function watchersOf(orderId: string): Promise<string[]> {
  const items = await queryAll({
    TableName: tableName('connections'),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': orderKey(orderId) },
    ProjectionExpression: 'connectionId',
  });
  return items.map((item) => item.connectionId as string);
}

/** Forgets a connection and every subscription it held; safe to repeat. */
export async function removeConnection(connectionId: string): Promise<void> {
  const table = tableName('connections');
  const pk = connectionKey(connectionId);
  // The meta item goes first: once it is gone no new subscription can be written for this connection.
  await dynamo().send(new DeleteCommand({ TableName: table, Key: { pk, sk: META } }));
  const items = await queryAll({
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk },
    ProjectionExpression: 'sk',
    ConsistentRead: true,
  });
  await deleteItems(
    items.flatMap(({ sk }) => [
      { pk, sk: sk as string },
      { pk: sk as string, sk: pk },
    ]),
  );
}

async function queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

const deleteItems = (keys: Key[]) =>
  batchWriteAll(
    tableName('connections'),
    keys.map((Key) => ({ DeleteRequest: { Key } })),
  );
