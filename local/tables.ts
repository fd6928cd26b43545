// Creates the declared tables (same keys, indexes and TTL as the CDK stack) and points
// the handlers' env vars at them (local/lambda-environment.ts). `prefix` keeps test files apart in one DynamoDB Local.
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type Projection,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  type IndexDeclaration,
  type TableDeclaration,
  type TableKey,
  tableKeys,
  tables,
} from '../contract/tables';
import { useLocalResources } from './lambda-environment';

const attributeDefinitions = (table: TableDeclaration): AttributeDefinition[] => {
  const keys = [
    table.partitionKey,
    table.sortKey,
    ...(table.globalIndexes ?? []).flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  const unique = new Map(keys.filter((k) => k !== undefined).map((k) => [k.name, k.type]));
  return [...unique].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
};

const projectionOf = ({ projection = 'ALL' }: IndexDeclaration): Projection =>
  typeof projection === 'string'
    ? { ProjectionType: projection }
    : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection.include] };

const keySchema = (partitionKey: { name: string }, sortKey?: { name: string }) => [
  { AttributeName: partitionKey.name, KeyType: 'HASH' as const },
  ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : []),
];

export async function createTables(prefix: string, client = new DynamoDBClient({})): Promise<void> {
  useLocalResources({
    tableNames: Object.fromEntries(tableKeys.map((key) => [key, `${prefix}${key}`])) as Record<
      TableKey,
      string
    >,
  });
  await Promise.all(
    tableKeys.map(async (key) => {
      const table: TableDeclaration = tables[key];
      const TableName = `${prefix}${key}`;
      try {
        await client.send(
          new CreateTableCommand({
            TableName,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: attributeDefinitions(table),
            KeySchema: keySchema(table.partitionKey, table.sortKey),
            GlobalSecondaryIndexes: table.globalIndexes?.map((index) => ({
              IndexName: index.indexName,
              KeySchema: keySchema(index.partitionKey, index.sortKey),
              Projection: projectionOf(index),
            })),
            ...(table.stream
              ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } }
              : {}),
          }),
        );
        if (table.timeToLiveAttribute) {
          await client.send(
            new UpdateTimeToLiveCommand({
              TableName,
              TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
            }),
          );
        }
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
        if (table.stream) await enableStream(client, TableName, table.stream);
      }
    }),
  );
}

/** A table persisted (./.data) before it declared a stream gets one; changes from then on are streamed. */
async function enableStream(client: DynamoDBClient, TableName: string, StreamViewType: 'NEW_AND_OLD_IMAGES') {
  const { Table } = await client.send(new DescribeTableCommand({ TableName }));
  if (Table?.StreamSpecification?.StreamEnabled) return;
  await client.send(
    new UpdateTableCommand({ TableName, StreamSpecification: { StreamEnabled: true, StreamViewType } }),
  );
}
