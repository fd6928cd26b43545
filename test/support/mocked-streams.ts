// DynamoDB and its streams API mocked for a local stream poller's unit test (the poller describes
// its table once, then reads the stream), restored after the file.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll } from 'vitest';

export function mockStreamClients() {
  const dynamodb = mockClient(DynamoDBClient);
  const streams = mockClient(DynamoDBStreamsClient);
  afterAll(() => {
    dynamodb.restore();
    streams.restore();
  });
  return { dynamodb, streams };
}
