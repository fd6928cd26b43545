// Opaque pagination cursors: the DynamoDB key a page ended at, base64url JSON. A cursor is only
// accepted back for the same partition it was issued for, so it cannot open someone else's list.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { AppError } from './errors';

export const encodeCursor = (key: Record<string, unknown> | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;

/** `owner` names the partition-key attribute and the value it must carry (or the pattern it must
 *  match, for a listing that spans partitions). */
export function decodeCursor(
  cursor: string | undefined,
  owner: { attribute: string; value: string | RegExp },
  keyAttributes: readonly string[],
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => new AppError('VALIDATION_FAILED', 'cursor is not valid for this listing');
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
  const record = key as Record<string, unknown>;
  const names = Object.keys(record).sort();
  if (names.join() !== [...keyAttributes].sort().join()) throw invalid();
  // DynamoDB refuses an empty key value in ExclusiveStartKey (a ValidationException, so a 500).
  const usable = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= 256;
  if (!names.every((name) => usable(record[name]))) throw invalid();
  const ownerValue = record[owner.attribute] as string;
  const owned = typeof owner.value === 'string' ? ownerValue === owner.value : owner.value.test(ownerValue);
  if (!owned) throw invalid();
  return record as Record<string, string>;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** One page of a user's items, newest first (a Query on `userId`, never a Scan), with its cursor. */
export async function newestFirstForUser(
  query: { tableName: string; indexName?: string; userId: string; keyAttributes: readonly string[] },
  page: PageRequest,
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const { Items = [], LastEvaluatedKey } = await dynamo().send(
    new QueryCommand({
      TableName: query.tableName,
      IndexName: query.indexName,
      KeyConditionExpression: 'userId = :userId',
      ExpressionAttributeValues: { ':userId': query.userId },
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(
        page.cursor,
        { attribute: 'userId', value: query.userId },
        query.keyAttributes,
      ),
    }),
  );
  return { items: Items, nextCursor: encodeCursor(LastEvaluatedKey) };
}
