// DynamoDB refuses a write that touches an item inside an in-flight transaction with
// TransactionConflict, and the SDK does not retry it. These helpers do, with the one backoff.
import { TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { backoffMs, sleep } from './backoff';
import { cancellationCodes } from './failures';

export const MAX_CONFLICT_ATTEMPTS = 5;

/** Gave up after repeated TransactionConflict (contention on the same items). */
export class StockContentionError extends Error {
  override name = 'StockContentionError';
  readonly retryable = true;
}

/** True for a single-item write refused by a transaction, or a transaction cancelled by another. */
export const isTransactionConflict = (error: unknown): boolean =>
  error instanceof TransactionConflictException ||
  (cancellationCodes(error) ?? []).includes('TransactionConflict');

/** Runs `write`, retrying it while it conflicts with a transaction; other errors pass through. */
export async function retryOnTransactionConflict<T>(what: string, write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isTransactionConflict(error)) throw error;
      if (attempt >= MAX_CONFLICT_ATTEMPTS) {
        throw new StockContentionError(`${what} kept conflicting after ${attempt} attempts`);
      }
      await sleep(backoffMs(attempt));
    }
  }
}
