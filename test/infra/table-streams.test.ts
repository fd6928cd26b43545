// The order events come from the orders table's stream: the stack enables it with both images,
// maps it to the declared consumer with bisect-on-error, item failures, bounded retries and an
// alarmed on-failure queue, and grants that consumer the stream and PutEvents on the bus, no more.
import { readFileSync } from 'node:fs';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { declaredFunctions } from '../../contract/deployed';
import { tableKeys, tables } from '../../contract/tables';
import { CheckoutStack } from '../../infra/stack';
import { defaultStackConfig } from '../../infra/stack-config';

type Resource = { Type: string; Properties: Record<string, any> };
let stack: CheckoutStack;
let resources: Record<string, Resource>;
const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const consumers = Object.entries(declaredFunctions()).filter(([, f]) => f.tableStream);

beforeAll(() => {
  const context = JSON.parse(readFileSync('cdk.json', 'utf8')).context as Record<string, unknown>;
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  stack = new CheckoutStack(app, 'Streams', { config: defaultStackConfig('test') });
  resources = Template.fromStack(stack).toJSON().Resources;
}, 180_000); // a synth takes over a minute on a loaded machine

describe('table streams', () => {
  it('streams exactly the declared tables, with new and old images', () => {
    expect(consumers.map(([name, f]) => [name, f.tableStream])).toEqual([
      ['publishOrderEvents', 'orders'],
      ['summariseStock', 'products'],
    ]);
    for (const key of tableKeys) {
      const props = resources[logicalId(stack.data.tables[key])]!.Properties;
      const declared = (tables[key] as { stream?: string }).stream;
      expect(props.StreamSpecification, key).toEqual(declared ? { StreamViewType: declared } : undefined);
    }
  });

  it('maps each stream to its consumer with bisect, item failures, bounded retries and an alarmed DLQ', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(consumers.length);
    for (const [name, declaration] of consumers) {
      const [, mapping] = mappings.find(
        ([, m]) => m.Properties.FunctionName.Ref === logicalId(stack.lambdas.functions[name]!),
      )!;
      const queue = stack.events.deadLetterQueues[`stream-${name}`]!;
      expect(mapping.Properties).toMatchObject({
        EventSourceArn: {
          'Fn::GetAtt': [logicalId(stack.data.tables[declaration.tableStream!]), 'StreamArn'],
        },
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: 10,
        MaximumRecordAgeInSeconds: 86_400,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] } } },
      });
      const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) =>
        (a.Properties.Dimensions ?? []).some(
          (d: any) => d.Name === 'QueueName' && d.Value['Fn::GetAtt']?.[0] === logicalId(queue),
        ),
      );
      expect(alarms, `alarm on the ${name} stream DLQ`).toHaveLength(1);
    }
  });

  it('lets each consumer read its stream and send to its DLQ; the order events one puts on the bus, nothing else', () => {
    for (const [name, declaration] of consumers) {
      const fn = stack.lambdas.functions[name]!;
      const roleId = logicalId(fn.role!);
      const statements = ofType('AWS::IAM::Policy')
        .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
      const tableId = logicalId(stack.data.tables[declaration.tableStream!]);
      const onStream = statements.filter((s) =>
        asList<any>(s.Resource).some(
          (r) => r['Fn::GetAtt']?.[0] === tableId && r['Fn::GetAtt']?.[1] === 'StreamArn',
        ),
      );
      expect(onStream.flatMap((s) => asList<string>(s.Action)).sort()).toEqual([
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams', // CDK scopes it to the stream ARN too
      ]);
      const sends = statements.filter((s) => asList<string>(s.Action).includes('sqs:SendMessage'));
      expect(sends.map((s) => s.Resource)).toEqual([
        { 'Fn::GetAtt': [logicalId(stack.events.deadLetterQueues[`stream-${name}`]!), 'Arn'] },
      ]);
      const putEvents = statements.filter((s) => asList<string>(s.Action).includes('events:PutEvents'));
      if (name === 'summariseStock') {
        // It writes the summaries and drains retired shards: the products table, no bus.
        expect(putEvents).toEqual([]);
        continue;
      }
      const actions = statements.flatMap((s) => asList<string>(s.Action));
      // No table data: the images arrive in the records.
      expect(
        actions
          .filter((a) => /^dynamodb:(Get|Put|Update|Delete|Query|Scan|Batch)/.test(a))
          .filter((a) => a !== 'dynamodb:GetRecords' && a !== 'dynamodb:GetShardIterator'),
      ).toEqual([]);
      expect(putEvents.map((s) => s.Resource)).toEqual([
        { 'Fn::GetAtt': [logicalId(stack.events.bus), 'Arn'] },
      ]);
      expect(resources[logicalId(fn)]!.Properties.Environment.Variables.EVENT_BUS_NAME).toEqual({
        Ref: logicalId(stack.events.bus),
      });
    }
  });
});
