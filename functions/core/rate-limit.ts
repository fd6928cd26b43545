// Per-user fixed-window limits kept in DynamoDB, so they hold across every Lambda instance.
// One conditional UpdateItem per request: the counter only moves while under the limit.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimitBucket } from '../../contract/access';
import { dynamo } from './clients';
import { rateLimits, tableName } from './config';
import { isConditionalCheckFailed } from './dynamo';
import { AppError } from './errors';

export async function consumeRateLimit(
  bucket: RateLimitBucket,
  userId: string,
  now = Date.now(),
): Promise<void> {
  const { limit, windowSeconds } = rateLimits()[bucket];
  const windowStart = Math.floor(now / 1000 / windowSeconds) * windowSeconds;
  const windowEnd = windowStart + windowSeconds;
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('control'),
        Key: { pk: `ratelimit#${bucket}#${userId}#${windowStart}` },
        UpdateExpression: 'ADD hits :one SET expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expiresAt': windowEnd + 60 },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    const retryAfter = Math.max(1, windowEnd - Math.floor(now / 1000));
    throw new AppError(
      'RATE_LIMITED',
      `Too many requests; try again in ${retryAfter}s`,
      { retryAfter },
      {
        'retry-after': String(retryAfter),
      },
    );
  }
}
