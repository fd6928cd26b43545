// AWS SDK clients, created once per Lambda instance (traced by Lambda's own X-Ray segment). Endpoints
// come from the standard AWS_ENDPOINT_URL_* variables, so the local runtime needs no code path of its own.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientConfig } from './aws-client-config';

let documentClient: DynamoDBDocumentClient | undefined;

export const dynamo = (): DynamoDBDocumentClient => {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient(awsClientConfig()), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
};
