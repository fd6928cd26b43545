// A probe of bench/bundle-import-costs.ts: the floor plus the notifier's two channel clients.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
let ses: SESv2Client | undefined;
let sns: SNSClient | undefined;

export const handler = async () => {
  ses ??= new SESv2Client({});
  sns ??= new SNSClient({});
  return [dynamo, ses, sns].length;
};
