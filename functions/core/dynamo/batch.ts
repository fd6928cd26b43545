// BatchGet and BatchWrite in the sizes DynamoDB accepts, sending again whatever it leaves
// unprocessed (throttling, size limits) after the one backoff, a bounded number of times.
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { backoffMs, sleep } from './backoff';

type Key = Record<string, unknown>;
type Item = Record<string, unknown>;
export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } };

const GET_CHUNK = 100;
const WRITE_CHUNK = 25;
/** Sends of one chunk, the first included, before giving up on what is still unprocessed. */
export const MAX_BATCH_ATTEMPTS = 8;

/** DynamoDB kept leaving part of a batch unprocessed. Retryable: the SDK's throttling, one level up. */
export class UnprocessedBatchError extends Error {
  override name = 'UnprocessedBatchError';
  readonly retryable = true;
}

export interface BatchGetOptions {
  projection?: string;
  names?: Record<string, string>;
  consistentRead?: boolean;
}

/** Every item found for `keys` (missing keys are simply absent), in no particular order. */
export async function batchGetAll(
  table: string,
  keys: Key[],
  options: BatchGetOptions = {},
): Promise<Item[]> {
  const found: Item[] = [];
  for (let start = 0; start < keys.length; start += GET_CHUNK) {
    let pending = keys.slice(start, start + GET_CHUNK);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_BATCH_ATTEMPTS)
        throw new UnprocessedBatchError(`BatchGet on ${table} left keys unread`);
      if (attempt > 1) await sleep(backoffMs(attempt - 1));
      const { Responses, UnprocessedKeys } = await dynamo().send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: pending,
              ...(options.projection ? { ProjectionExpression: options.projection } : {}),
              ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
              ...(options.consistentRead ? { ConsistentRead: true } : {}),
            },
          },
        }),
      );
      found.push(...(Responses?.[table] ?? []));
      pending = (UnprocessedKeys?.[table]?.Keys as Key[] | undefined) ?? [];
    }
  }
  return found;
}

/** Applies every put/delete request, 25 at a time. */
export async function batchWriteAll(table: string, requests: WriteRequest[]): Promise<void> {
  for (let start = 0; start < requests.length; start += WRITE_CHUNK) {
    let pending = requests.slice(start, start + WRITE_CHUNK);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_BATCH_ATTEMPTS)
        throw new UnprocessedBatchError(`BatchWrite on ${table} left writes undone`);
      if (attempt > 1) await sleep(backoffMs(attempt - 1));
      const { UnprocessedItems } = await dynamo().send(
        new BatchWriteCommand({ RequestItems: { [table]: pending } }),
      );
      pending = (UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  }
}
