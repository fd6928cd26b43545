// The notifier in the CDK stack, synthesised with SES and SMS settings from context: SendEmail only
// on the configured identity and configuration set from the one address, SNS Publish only to phone
// numbers (every topic denied), the settings in its env alone, and a DLQ with an alarm behind it.
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckoutStack } from '../../infra/stack';
import { stackConfigFromContext } from '../../infra/stack-config';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

let stack: CheckoutStack;
let resources: Record<string, Resource>;

const context: Record<string, unknown> = {
  stage: 'notify',
  sesFromAddress: 'orders@shop.example.in',
  sesConfigurationSet: 'shopper-mail',
  smsSenderId: 'QCOMRC',
  smsDltEntityId: '1101234567890123456',
  smsDltTemplateIds: '{"confirmed":"1107000000000000001"}',
  storeLocation: '{"lat":12.98,"lng":77.64}',
};

/** An App for these synths. Its built-in CloudFormation validation (about 10 s of CPU per synth)
 *  could only print here: without cdk.json's `@aws-cdk/core:validateAgainstDefaultRules` it turns
 *  every finding into a warning. stack.test.ts and table-streams.test.ts synth with that flag, where
 *  a finding fails. */
const appWithoutValidation = () =>
  new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });

const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const statementsOf = (fn: IConstruct & { role?: IConstruct }): Statement[] =>
  Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === logicalId(fn.role!)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
const touches = (statement: Statement, prefix: string) =>
  list(statement.Action).some((a) => a.startsWith(prefix));

beforeAll(() => {
  const app = appWithoutValidation();
  stack = new CheckoutStack(app, 'Notify', { config: stackConfigFromContext((key) => context[key]) });
  resources = Template.fromStack(stack).toJSON().Resources;
  // Synthesis is CPU-bound: on a loaded 2-core machine it can outlast the default hook timeout.
}, 180_000);

describe('notifier grants and settings', () => {
  it('may send email only from the configured address through its identity and configuration set', () => {
    const ses = statementsOf(stack.lambdas.functions.notifyShopper!).filter((s) => touches(s, 'ses:'));
    expect(ses).toHaveLength(1);
    const [statement] = ses;
    expect(statement!.Effect).toBe('Allow');
    expect(statement!.Action).toBe('ses:SendEmail');
    const arns = list(statement!.Resource).map((r) => JSON.stringify(r));
    expect(arns).toHaveLength(2);
    expect(arns[0]).toContain(':identity/shop.example.in');
    expect(arns[1]).toContain(':configuration-set/shopper-mail');
    for (const arn of arns) expect(arn).not.toContain('*');
    expect(statement!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'orders@shop.example.in' } });
  });

  it('may publish SMS to phone numbers and to no topic', () => {
    const sns = statementsOf(stack.lambdas.functions.notifyShopper!).filter((s) => touches(s, 'sns:'));
    expect(sns.map((s) => [s.Effect, s.Action])).toEqual([
      ['Allow', 'sns:Publish'],
      ['Deny', 'sns:Publish'],
    ]);
    expect(sns[0]!.Resource).toBe('*');
    expect(JSON.stringify(sns[1]!.Resource)).toContain(':sns:*:*:*');
  });

  it('gives SES and SNS to the notifier alone, and the messaging settings to it alone', () => {
    const notifier = logicalId(stack.lambdas.functions.notifyShopper!);
    const all = { ...stack.lambdas.functions, ...stack.lambdas.routeFunctions };
    for (const [name, fn] of Object.entries(all)) {
      const env = resources[logicalId(fn)]!.Properties.Environment.Variables;
      const mine = logicalId(fn) === notifier;
      expect(
        statementsOf(fn).some((s) => touches(s, 'ses:') || touches(s, 'sns:')),
        name,
      ).toBe(mine);
      expect(env.SES_FROM_ADDRESS !== undefined, name).toBe(mine);
      expect(env.SMS_ENABLED !== undefined, name).toBe(mine);
      // Every function computes ETAs from the same store.
      expect(env).toMatchObject({ STORE_LAT: '12.98', STORE_LNG: '77.64' });
    }
    expect(resources[notifier]!.Properties.Environment.Variables).toMatchObject({
      SES_FROM_ADDRESS: 'orders@shop.example.in',
      SES_CONFIGURATION_SET: 'shopper-mail',
      SMS_ENABLED: 'true',
      SMS_SENDER_ID: 'QCOMRC',
      SMS_DLT_ENTITY_ID: '1101234567890123456',
      SMS_DLT_TEMPLATE_IDS: '{"confirmed":"1107000000000000001"}',
    });
  });

  it('leaves a channel off, with no grant, when its context is not given', { timeout: 120_000 }, () => {
    const app = appWithoutValidation();
    const bare = new CheckoutStack(app, 'Bare', {
      config: stackConfigFromContext((key) => (key === 'stage' ? 'bare' : undefined)),
    });
    const template = Template.fromStack(bare).toJSON();
    const fn = bare.lambdas.functions.notifyShopper!;
    const roleId = bare.getLogicalId(fn.role!.node.defaultChild as CfnElement);
    const actions = Object.values(template.Resources as Record<string, Resource>)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId))
      .flatMap((p) => (p.Properties.PolicyDocument.Statement as Statement[]).flatMap((s) => list(s.Action)));
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a.startsWith('ses:') || a.startsWith('sns:'))).toEqual([]);
    const env =
      template.Resources[bare.getLogicalId(fn.node.defaultChild as CfnElement)].Properties.Environment
        .Variables;
    expect(env.SES_FROM_ADDRESS).toBeUndefined();
    expect(env.SMS_ENABLED).toBeUndefined();
  });

  it('refuses malformed messaging context', () => {
    const read = (extra: Record<string, unknown>) => (key: string) => ({ ...context, ...extra })[key];
    expect(() => stackConfigFromContext(read({ sesFromAddress: 'not-an-address' }))).toThrow(
      /sesFromAddress/,
    );
    expect(() => stackConfigFromContext(read({ smsSenderId: 'TOO-LONG-SENDER' }))).toThrow(/smsSenderId/);
    expect(() => stackConfigFromContext(read({ storeLocation: '{"lat":99,"lng":1}' }))).toThrow(
      /storeLocation/,
    );
  });
});

describe('notifier failures', () => {
  it('has its rule, a DLQ as on-failure destination and rule dead-letter target, and an alarm on it', () => {
    const fnId = logicalId(stack.lambdas.functions.notifyShopper!);
    const queue = stack.events.deadLetterQueues.notifyShopper;
    expect(queue).toBeDefined();
    const queueId = logicalId(queue!);
    const rule = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::Events::Rule' &&
        r.Properties.Targets.some((t: any) => t.Arn['Fn::GetAtt']?.[0] === fnId),
    )!;
    expect(rule.Properties.EventPattern.detail.status).toEqual([
      'confirmed',
      'payment_failed',
      'cancelled',
      'rider_assigned',
      'delivered',
    ]);
    expect(rule.Properties.Targets[0].DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    const invokeConfig = Object.values(resources).find(
      (r) => r.Type === 'AWS::Lambda::EventInvokeConfig' && r.Properties.FunctionName.Ref === fnId,
    )!;
    expect(invokeConfig.Properties.DestinationConfig.OnFailure.Destination).toEqual({
      'Fn::GetAtt': [queueId, 'Arn'],
    });
    const alarm = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::CloudWatch::Alarm' &&
        r.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        JSON.stringify(r.Properties.Dimensions).includes(queueId),
    );
    expect(alarm?.Properties.AlarmActions).toHaveLength(1);
  });

  it('passes cdk-nag with the SMS wildcard acknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    const errors = report.violations
      .filter((v) => v.severity === 'error')
      .map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(errors).toEqual([]);
  });
});
