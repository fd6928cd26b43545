// Counts the AWS SDK calls every client in this process makes, by command name (a profiling aid for
// bench/flash.ts: how many DynamoDB, Step Functions and EventBridge round trips a checkout costs).
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
      const name = command.constructor.name.replace(/Command$/, '') + (table ? ` ${table}` : '');
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
