// streamHandler(run): the edge of a DynamoDB stream consumer, beside eventHandler and sagaTask.
// Records are handled one at a time, in stream order; the first that fails is reported as the
// batch's item failure (ReportBatchItemFailures), so Lambda — or the local poller — retries from
// it, and what follows it is not handled ahead of it.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from './logger';

/** One change of one item: its images as plain objects (absent on INSERT / REMOVE). */
export interface ItemChange<T> {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  oldImage?: T;
  newImage?: T;
}

type Image = Record<string, AttributeValue> | undefined;
// aws-lambda's AttributeValue and the SDK's are the same wire shape under two declarations.
const plain = <T>(image: Image): T | undefined => (image ? (unmarshall(image) as T) : undefined);

export function streamHandler<T>(run: (change: ItemChange<T>) => Promise<void>) {
  return async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
    for (const record of event.Records ?? []) {
      const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
      try {
        await run({
          eventName: record.eventName ?? 'MODIFY',
          oldImage: plain<T>(record.dynamodb?.OldImage as Image),
          newImage: plain<T>(record.dynamodb?.NewImage as Image),
        });
      } catch (error) {
        logger.warn('stream record failed; retried from here', {
          error: error as Error,
          sequenceNumber,
          requestId: context?.awsRequestId,
        });
        return { batchItemFailures: [{ itemIdentifier: sequenceNumber }] };
      }
    }
    return { batchItemFailures: [] };
  };
}
