// Creates the declared tables (same keys, indexes and TTL as the CDK stack) and points
// the handlers' env vars at them (local/lambda-environment.ts). `prefix` keeps test files apart in one DynamoDB Local.
// A table kept in ./.data from an older declaration gets its stream and indexes brought up to date.
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type TableDeclaration, type TableKey, tableKeys, tables } from '../contract/tables';
import { localClientConfig } from './aws-timeouts';
import { useLocalResources } from './lambda-environment';
import { indexDefinition, keySchema, updateIndexes } from './table-indexes';

const attributeDefinitions = (table: TableDeclaration): AttributeDefinition[] => {
  const keys = [
    table.partitionKey,
    table.sortKey,
    ...(table.globalIndexes ?? []).flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  const unique = new Map(keys.filter((k) => k !== undefined).map((k) => [k.name, k.type]));
  return [...unique].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
};

// Bounded, so a DynamoDB Local that hangs fails the table creation (and a restart's afterRestart)
// instead of holding it; generous, as a cold JVM on a loaded machine creates tables slowly.
const TABLE_REQUEST_TIMEOUT_MS = 10_000;

export async function createTables(
  prefix: string,
  client = new DynamoDBClient(localClientConfig(TABLE_REQUEST_TIMEOUT_MS)),
): Promise<void> {
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
            GlobalSecondaryIndexes: table.globalIndexes?.map(indexDefinition),
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
        await updateIndexes(client, TableName, table, attributeDefinitions(table));
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
