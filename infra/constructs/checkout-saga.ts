// The checkout saga: a Standard state machine from statemachines/checkout.asl.json. Its
// substitutions are `${<name>FunctionArn}` placeholders, resolved from contract/functions.ts, and
// the post-payment retry budget (`${PostPaymentRetry…}`, contract/post-payment-retry.ts).
import { readFileSync } from 'node:fs';
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { functionArnPlaceholder } from '../../contract/functions';
import { postPaymentRetrySubstitutions } from '../../contract/post-payment-retry';

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** Function names referenced by an ASL document; fails on any placeholder that is neither a declared
 *  function nor one of `others` (substitutions that are not function ARNs). */
export function referencedFunctions(
  asl: string,
  declared: readonly string[],
  others: readonly string[] = [],
): string[] {
  const byPlaceholder = new Map(declared.map((name) => [functionArnPlaceholder(name), name]));
  const names = new Set<string>();
  const unknown: string[] = [];
  for (const [, placeholder] of asl.matchAll(PLACEHOLDER)) {
    const name = byPlaceholder.get(placeholder!);
    if (name) names.add(name);
    else if (!others.includes(placeholder!)) unknown.push(`\${${placeholder}}`);
  }
  if (unknown.length > 0) {
    throw new Error(
      `checkout ASL placeholders name no declared function: ${[...new Set(unknown)].join(', ')}`,
    );
  }
  return [...names];
}

/** Where the machine will be, known before it exists, so callers' policies never depend on it. */
export const checkoutStateMachineArns = (scope: Construct, stateMachineName: string) => {
  const stack = Stack.of(scope);
  return {
    arn: stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }),
    executionsArn: stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }),
  };
};

export interface CheckoutSagaProps {
  stateMachineName: string;
  definitionFile: string;
  functions: Record<string, IFunction>;
  logRetention: RetentionDays;
  prod: boolean;
  /** How long a paid order's steps retry (context postPaymentRetryMinutes, validated there). */
  postPaymentRetryMinutes: number;
}

export class CheckoutSaga extends Construct {
  readonly stateMachine: StateMachine;
  readonly invokedFunctions: string[];

  constructor(scope: Construct, id: string, props: CheckoutSagaProps) {
    super(scope, id);
    const asl = readFileSync(props.definitionFile, 'utf8');
    const retryBudget = postPaymentRetrySubstitutions(props.postPaymentRetryMinutes);
    this.invokedFunctions = referencedFunctions(asl, Object.keys(props.functions), Object.keys(retryBudget));

    const logs = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(props.definitionFile),
      definitionSubstitutions: {
        ...retryBudget,
        ...Object.fromEntries(
          this.invokedFunctions.map((name) => [
            functionArnPlaceholder(name),
            props.functions[name]!.functionArn,
          ]),
        ),
      },
      // Every transition, but no payloads: they carry addresses and phone numbers.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    for (const name of this.invokedFunctions) props.functions[name]!.grantInvoke(this.stateMachine);
  }
}
