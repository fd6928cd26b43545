import { randomUUID } from 'node:crypto';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { createTables } from '../../local/tables';

/** Fresh tables for one test file (or one test), named apart from every other. */
export async function useFreshTables(): Promise<string> {
  const prefix = `t${randomUUID().slice(0, 8)}-`;
  await createTables(prefix);
  return prefix;
}

/** A one-key table with a stream of both images: what the stream-poller tests watch. */
export const streamedTable = (TableName: string): CreateTableCommandInput => ({
  TableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
});
