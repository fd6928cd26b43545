// Turns a function's declared grants (contract/grants.ts) into least-privilege IAM and the env vars
// that tell it where each resource is. Nothing here grants what the declaration does not name.

import { Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { environmentFor, type Grants } from '../../contract/grants';
import { type TableKey, tableKeys } from '../../contract/tables';
import type { MessagingConfig } from '../stack-config';

export interface GrantTargets {
  tables: Record<TableKey, ITableV2>;
  razorpaySecret: ISecret;
  eventBus: IEventBus;
  /** Known before the machine exists (its name is fixed), so saga tasks and callers never form a cycle. */
  stateMachine: { arn: string; executionsArn: string };
  webSocket: { manageConnectionsArn: string; endpoint: string };
  /** Shopper email (SES v2) and SMS (SNS); a channel left out is off. */
  messaging: MessagingConfig;
}

const stateMachineActions = {
  start: ['states:StartExecution'],
  taskResponse: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
  describe: ['states:DescribeExecution'],
  stop: ['states:StopExecution'],
} as const;

export function applyGrants(fn: LambdaFunction, grants: Grants | undefined, targets: GrantTargets): void {
  for (const [key, access] of Object.entries(grants?.tables ?? {}) as [TableKey, string][]) {
    const table = targets.tables[key];
    if (access === 'readwrite') table.grantReadWriteData(fn);
    else table.grantReadData(fn);
  }
  if (grants?.razorpay) targets.razorpaySecret.grantRead(fn);
  if (grants?.eventBus) targets.eventBus.grantPutEventsTo(fn);
  const sfn = grants?.stateMachine ?? [];
  if (sfn.length > 0) {
    for (const kind of new Set(sfn)) {
      const resource =
        kind === 'describe' || kind === 'stop'
          ? targets.stateMachine.executionsArn
          : targets.stateMachine.arn;
      fn.addToRolePolicy(
        new PolicyStatement({ actions: [...stateMachineActions[kind]], resources: [resource] }),
      );
    }
  }
  if (grants?.webSocketManagement) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['execute-api:ManageConnections'],
        resources: [targets.webSocket.manageConnectionsArn],
      }),
    );
  }
  // Where each granted resource is: the same rule the local runtime follows (contract/grants.ts).
  const environment = environmentFor(grants, {
    tableNames: Object.fromEntries(tableKeys.map((key) => [key, targets.tables[key].tableName])) as Record<
      TableKey,
      string
    >,
    razorpay: { RAZORPAY_SECRET_ARN: targets.razorpaySecret.secretArn },
    eventBusName: targets.eventBus.eventBusName,
    stateMachineArn: targets.stateMachine.arn,
    webSocketManagementEndpoint: targets.webSocket.endpoint,
  });
  for (const [name, value] of Object.entries(environment)) fn.addEnvironment(name, value);
  if (grants?.email && targets.messaging.email) grantEmail(fn, targets.messaging.email);
  if (grants?.sms && targets.messaging.sms) grantSms(fn, targets.messaging.sms);
}

/** SendEmail on the one verified identity (and configuration set), from the one address. */
function grantEmail(fn: LambdaFunction, email: NonNullable<MessagingConfig['email']>) {
  const stack = Stack.of(fn);
  const arn = (resource: string) =>
    stack.formatArn({
      service: 'ses',
      resource,
      resourceName: resource === 'identity' ? email.identity : email.configurationSet,
    });
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [arn('identity'), ...(email.configurationSet ? [arn('configuration-set')] : [])],
      conditions: { StringEquals: { 'ses:FromAddress': email.fromAddress } },
    }),
  );
  fn.addEnvironment('SES_FROM_ADDRESS', email.fromAddress);
  if (email.configurationSet) fn.addEnvironment('SES_CONFIGURATION_SET', email.configurationSet);
}

/** Publish to phone numbers: SMS has no resource ARN, so `*` is allowed and every topic denied. */
function grantSms(fn: LambdaFunction, sms: NonNullable<MessagingConfig['sms']>) {
  fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.DENY,
      actions: ['sns:Publish'],
      resources: [`arn:${Stack.of(fn).partition}:sns:*:*:*`],
    }),
  );
  fn.addEnvironment('SMS_ENABLED', 'true');
  if (sms.senderId) fn.addEnvironment('SMS_SENDER_ID', sms.senderId);
  if (sms.originationNumber) fn.addEnvironment('SMS_ORIGINATION_NUMBER', sms.originationNumber);
  if (sms.dltEntityId) fn.addEnvironment('SMS_DLT_ENTITY_ID', sms.dltEntityId);
  if (sms.dltTemplateIds) fn.addEnvironment('SMS_DLT_TEMPLATE_IDS', JSON.stringify(sms.dltTemplateIds));
}
