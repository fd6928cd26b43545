// The products table's stream consumer: sharded products' display summaries and the draining of
// retired shards (functions/core/inventory/summary.ts). The whole batch is handled at once, so a
// summary takes one write per batch; it is idempotent and order-safe, so a failed batch is simply
// retried from its first record.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { summariseStockChanges } from '../core/inventory';
import { logger } from '../core/logger';

type Image = Record<string, AttributeValue>;

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const records = event.Records ?? [];
  try {
    await summariseStockChanges(
      records.map((record) => ({
        key: String(record.dynamodb?.Keys?.productId?.S ?? ''),
        sequenceNumber: record.dynamodb?.SequenceNumber ?? '0',
        newImage: record.dynamodb?.NewImage ? unmarshall(record.dynamodb.NewImage as Image) : undefined,
      })),
    );
    return { batchItemFailures: [] };
  } catch (error) {
    const first = records[0]?.dynamodb?.SequenceNumber ?? '';
    logger.warn('stock summary batch failed; retried', { error: error as Error, sequenceNumber: first });
    return { batchItemFailures: first ? [{ itemIdentifier: first }] : [] };
  }
};
