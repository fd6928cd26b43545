// AWS SDK clients, created once per Lambda instance and traced (functions/core/tracer.ts). Endpoints
// come from the standard AWS_ENDPOINT_URL_* variables, so the local runtime needs no code path of its own.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { traced } from './tracer';

let documentClient: DynamoDBDocumentClient | undefined;

export const dynamo = (): DynamoDBDocumentClient => {
  // Traced below the document client, so each call shows as the DynamoDB operation it sends.
  documentClient ??= DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
};
