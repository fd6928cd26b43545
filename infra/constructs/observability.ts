// Alarms on what must never go unnoticed: a failed or timed-out checkout, a function error, an event
// parked in a dead-letter queue, a 5xx on either API. All notify one SNS topic.
import { Duration } from 'aws-cdk-lib';
import type { HttpApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface ObservabilityProps {
  functions: Record<string, LambdaFunction>;
  deadLetterQueues: Record<string, Queue>;
  httpApi: HttpApi;
  webSocketStage: WebSocketStage;
  stateMachine?: StateMachine;
  alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

export class Observability extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', {
      displayName: 'Quick-commerce checkout alarms',
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const alarm = (alarmId: string, description: string, metric: IMetric) => {
      const created = new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(this.topic));
      this.alarms.push(created);
    };

    if (props.stateMachine) {
      const sm = props.stateMachine;
      alarm('CheckoutFailed', 'A checkout saga execution failed', sm.metricFailed({ period: FIVE_MINUTES }));
      alarm(
        'CheckoutTimedOut',
        'A checkout saga execution timed out',
        sm.metricTimedOut({ period: FIVE_MINUTES }),
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `Errors-${name}`,
        `Function ${name} threw`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      );
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `DeadLetters-${name}`,
        `Events for ${name} were given up on and wait in its dead-letter queue`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      );
    }
    // A 5xx is a bug by the API contract, so one is enough to alarm.
    alarm(
      'HttpApi5xx',
      'The HTTP API answered 5xx',
      props.httpApi.metricServerError({ period: FIVE_MINUTES }),
    );
    alarm(
      'WebSocketApiErrors',
      'The WebSocket API failed to call its integration (its 5xx)',
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName: 'ExecutionError',
        dimensionsMap: { ApiId: props.webSocketStage.api.apiId, Stage: props.webSocketStage.stageName },
        period: FIVE_MINUTES,
        statistic: 'Sum',
      }),
    );
  }
}
