// How DynamoDB says "no": read once here, so no caller matches SDK error names itself.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** True when a single-item write's ConditionExpression did not hold. */
export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error as Error | undefined)?.name === 'ConditionalCheckFailedException';

/**
 * The reason codes of a cancelled transaction, one per item in item order ('None' for an item
 * that was fine); undefined if the error is not a TransactionCanceledException.
 */
export function cancellationCodes(error: unknown): string[] | undefined {
  const cancelled =
    error instanceof TransactionCanceledException ||
    (error as Error | undefined)?.name === 'TransactionCanceledException';
  if (!cancelled) return undefined;
  return ((error as TransactionCanceledException).CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

/** True when the transaction was cancelled because the condition of item `index` did not hold. */
export const itemConditionFailed = (error: unknown, index: number): boolean =>
  cancellationCodes(error)?.[index] === 'ConditionalCheckFailed';
