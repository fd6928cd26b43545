// cdk-nag AwsSolutions findings we accept, each with its reason. Anything not acknowledged here
// (or beside the construct it concerns) fails `cdk synth` and the infra tests.
import { Aspects, type IAspect, Stack, Validations } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Wildcard resources CDK generates for one named resource, or that the service cannot scope further. */
const acceptedWildcards: { resource: RegExp; actions?: RegExp; reason: string }[] = [
  { resource: /^<\w+\.Arn>\/index\/\*$/, reason: 'The GSIs of the one table the function is granted.' },
  {
    resource: /^<\w+\.Arn>:\*$/,
    actions: /^lambda:InvokeFunction$/,
    reason: 'The versions of one saga task function the state machine invokes.',
  },
  {
    // The machine's name may end in a token (the stack id's suffix that makes it unique).
    resource: /^arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:[^*]+:\*$/,
    actions: /^states:(DescribeExecution|StopExecution)$/,
    reason:
      'DescribeExecution / StopExecution on the executions of the one checkout state machine (the reconciler).',
  },
  {
    resource:
      /^arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<\w+>\/[\w-]+\/\*\/@connections\/\*$/,
    reason: 'ManageConnections on the connections of one WebSocket API stage.',
  },
  {
    resource: /^\*$/,
    actions: /^sns:Publish$/,
    reason: 'SMS to a phone number has no resource ARN; a Deny beside it refuses every topic.',
  },
  {
    resource: /^\*$/,
    actions:
      /^(xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(Create|Get|Update|Delete|List)LogDeliver(y|ies)|logs:PutResourcePolicy|logs:DescribeResourcePolicies|logs:DescribeLogGroups)$/,
    reason:
      'X-Ray tracing and CloudWatch Logs delivery (for Step Functions logging) have no resource-level permissions.',
  },
];

/** Acknowledges each IAM5 finding of a policy that matches an accepted wildcard, finding by finding. */
class AcknowledgeAcceptedWildcards implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnPolicy)) return;
    const document = Stack.of(node).resolve(node.policyDocument) as { Statement?: Statement[] };
    const refused = new Set<string>();
    const accepted = new Map<string, string>();
    for (const statement of document.Statement ?? []) {
      if (statement.Effect !== 'Allow') continue;
      const actions = list(statement.Action);
      for (const resource of list(statement.Resource).map(flattenCfnReference)) {
        if (!resource.includes('*')) continue;
        const rule = acceptedWildcards.find(
          (r) => r.resource.test(resource) && (!r.actions || actions.every((a) => r.actions!.test(a))),
        );
        if (rule) accepted.set(resource, rule.reason);
        else refused.add(resource);
      }
    }
    for (const [resource, reason] of accepted) {
      // A wildcard some other statement of this policy uses beyond what we accept stays a finding.
      if (!refused.has(resource)) {
        Validations.of(node).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
      }
    }
  }
}

export function applyNagSuppressions(stack: Stack): void {
  Aspects.of(stack).add(new AcknowledgeAcceptedWildcards());
  Validations.of(stack).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'AWSLambdaBasicExecutionRole only lets a function write its own logs; AWS maintains it for that.',
    },
    {
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime the project builds and tests on (engines >=22); 24 is a tested upgrade.',
    },
    {
      id: 'AwsSolutions-COG2',
      reason: 'MFA for shoppers is a product decision; it can be required in the pool without a code change.',
    },
    {
      id: 'AwsSolutions-COG3',
      reason:
        'Advanced security (threat protection) needs the Plus feature plan; a cost decision left to ops.',
    },
    {
      id: 'AwsSolutions-COG8',
      reason: 'The Plus feature plan (threat protection) is a cost decision left to ops.',
    },
    {
      id: 'AwsSolutions-SMG4',
      reason: 'Razorpay issues and rotates the keys in its dashboard; ops put the new pair into the secret.',
    },
    {
      id: 'AwsSolutions-SQS3',
      reason:
        'These queues are themselves the dead-letter queues of EventBridge targets and async invocations.',
    },
    {
      id: 'AwsSolutions-SNS2',
      reason: 'Alarm notifications only; CloudWatch cannot publish to a topic under the AWS-managed SNS key.',
    },
  );
}
