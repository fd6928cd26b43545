// Global secondary indexes as declared in contract/tables.ts, for a new table and for one kept in
// ./.data by an older declaration: an index whose keys or projection changed is dropped and built
// again (DynamoDB backfills it from the items), so an upgrade keeps the data and lists it.
import {
  type AttributeDefinition,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type GlobalSecondaryIndexDescription,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import type { IndexDeclaration, IndexProjection, TableDeclaration } from '../contract/tables';

export const keySchema = (partitionKey: { name: string }, sortKey?: { name: string }) => [
  { AttributeName: partitionKey.name, KeyType: 'HASH' as const },
  ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : []),
];

const projection = (declared: IndexProjection = { type: 'ALL' }) =>
  declared.type === 'INCLUDE'
    ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...declared.attributes] }
    : { ProjectionType: declared.type };

export const indexDefinition = (index: IndexDeclaration): GlobalSecondaryIndex => ({
  IndexName: index.indexName,
  KeySchema: keySchema(index.partitionKey, index.sortKey),
  Projection: projection(index.projection),
});

/** Name, keys and projection: what cannot change in place. */
const shape = (index: GlobalSecondaryIndex | GlobalSecondaryIndexDescription) =>
  JSON.stringify([
    index.IndexName,
    index.KeySchema?.map((k) => [k.AttributeName, k.KeyType]),
    index.Projection?.ProjectionType,
    [...(index.Projection?.NonKeyAttributes ?? [])].sort(),
  ]);

/** Drops the indexes the declaration no longer has (as they are), then creates the missing ones. */
export async function updateIndexes(
  client: DynamoDBClient,
  TableName: string,
  table: TableDeclaration,
  AttributeDefinitions: AttributeDefinition[],
): Promise<void> {
  const wanted = (table.globalIndexes ?? []).map(indexDefinition);
  const existing = await describeIndexes(client, TableName);
  const wantedShapes = new Set(wanted.map(shape));
  const existingShapes = new Set(existing.map(shape));
  for (const index of existing.filter((i) => !wantedShapes.has(shape(i)))) {
    await client.send(
      new UpdateTableCommand({
        TableName,
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index.IndexName } }],
      }),
    );
    await waitForIndex(client, TableName, index.IndexName!, 'gone');
  }
  for (const index of wanted.filter((i) => !existingShapes.has(shape(i)))) {
    await client.send(
      new UpdateTableCommand({
        TableName,
        AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    await waitForIndex(client, TableName, index.IndexName!, 'ACTIVE');
  }
}

async function describeIndexes(client: DynamoDBClient, TableName: string) {
  const { Table } = await client.send(new DescribeTableCommand({ TableName }));
  return Table?.GlobalSecondaryIndexes ?? [];
}

/** DynamoDB changes an index in the background: the next change must wait for this one. Alone,
 *  DynamoDB Local drops an index in about a second; sharing the emulator with a whole parallel test
 *  suite, it took over a minute, hence the long bound (a real table takes minutes too). */
const WAIT_ATTEMPTS = 3000; // every 100 ms: 5 minutes

async function waitForIndex(
  client: DynamoDBClient,
  TableName: string,
  IndexName: string,
  until: 'ACTIVE' | 'gone',
): Promise<void> {
  for (let attempt = 0; attempt < WAIT_ATTEMPTS; attempt++) {
    const index = (await describeIndexes(client, TableName)).find((i) => i.IndexName === IndexName);
    if (until === 'gone' ? index === undefined : index?.IndexStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `index ${IndexName} of ${TableName} did not become ${until} within ${WAIT_ATTEMPTS / 10} s`,
  );
}
