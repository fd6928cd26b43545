// DynamoDB plumbing written once: its refusals read in one place, batches that finish, and the
// one backoff between retries.
export { backoffMs, sleep } from './backoff';
export {
  type BatchGetOptions,
  batchGetAll,
  batchWriteAll,
  MAX_BATCH_ATTEMPTS,
  UnprocessedBatchError,
  type WriteRequest,
} from './batch';
export {
  isTransactionConflict,
  MAX_CONFLICT_ATTEMPTS,
  retryOnTransactionConflict,
  StockContentionError,
} from './conflict-retry';
export { cancellationCodes, isConditionalCheckFailed, itemConditionFailed } from './failures';
