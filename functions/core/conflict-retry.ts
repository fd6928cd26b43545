// DynamoDB refuses a write that touches an item inside an in-flight transaction with
// TransactionConflict, and the SDK does not retry it. These helpers do, with full-jitter backoff.
import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';

export const MAX_CONFLICT_ATTEMPTS = 5;

/** Gave up after repeated TransactionConflict (contention on the same items). */
export class StockContentionError extends Error {
  override name = 'StockContentionError';
  readonly retryable = true;
}

/** A random wait up to an exponentially growing cap (25 ms, 50 ms, … at most 1 s). */
export const conflictBackoffMs = (attempt: number) => Math.random() * Math.min(1000, 25 * 2 ** attempt);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True for a single-item write refused by a transaction, or a transaction cancelled by another. */
export function isTransactionConflict(error: unknown): boolean {
  if (error instanceof TransactionConflictException) return true;
  if (
    error instanceof TransactionCanceledException ||
    (error as Error)?.name === 'TransactionCanceledException'
  ) {
    return ((error as TransactionCanceledException).CancellationReasons ?? []).some(
      (r) => r.Code === 'TransactionConflict',
    );
  }
  return false;
}

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
      await sleep(conflictBackoffMs(attempt));
    }
  }
}
