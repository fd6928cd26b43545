// The floor of bench/bundle-sizes.ts: what the design's own SDK choice costs a function that does
// nothing else — the DynamoDB client and the document client, built once, as functions/core/clients.ts does.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const handler = async () => client.config.region();
