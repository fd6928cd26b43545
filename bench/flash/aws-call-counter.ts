// Counts the AWS SDK calls every client in this process makes, by command name (a profiling aid for
// bench/flash.ts: how many DynamoDB, Step Functions and EventBridge round trips a checkout costs).
// Keyed by the calling function (the local runtime sets AWS_LAMBDA_FUNCTION_NAME as Lambda does).
// It wraps `send` on the client classes the handlers use; the calls themselves are unchanged.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Counts = Record<string, number>;

export function countAwsCalls() {
  let counts: Counts = {};
  for (const client of [
    DynamoDBClient,
    DynamoDBDocumentClient,
    DynamoDBStreamsClient,
    SFNClient,
    EventBridgeClient,
  ]) {
    const prototype = client.prototype as { send: (...args: unknown[]) => unknown };
    const send = prototype.send;
    prototype.send = function (this: unknown, ...args: unknown[]) {
      const command = args[0] as { input?: { TableName?: string } };
      const table = command.input?.TableName?.replace(/^qc-local-/, '');
      const caller = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local runtime';
      const name = `${caller}: ${command.constructor.name.replace(/Command$/, '')}${table ? ` ${table}` : ''}`;
      counts[name] = (counts[name] ?? 0) + 1;
      return send.apply(this, args);
    };
  }
  return {
    reset: () => {
      counts = {};
    },
    snapshot: (): Counts => ({ ...counts }),
  };
}
