// Alarms on real trouble, quiet on routine outcomes, and one dashboard. Every alarm but two needs 3
// bad one-minute datapoints out of 5, so a single blip does not page; a misconfigured payment key
// and a refund Razorpay refused page at once. Saga tasks return business outcomes as results, so
// their Lambda errors mean trouble; they throw retried errors too (contention in a rush, Razorpay
// down), so their threshold is several a minute rather than one.
import { Duration } from 'aws-cdk-lib';
import type { HttpApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type ITableV2, Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { Rule } from 'aws-cdk-lib/aws-events';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { checkoutFunnel, paymentsMisconfiguredMetric, refundFailuresMetric } from './business-metrics';

export interface ObservabilityProps {
  functions: Record<string, LambdaFunction>;
  /** Saga task functions: their Errors alarm allows SAGA_TASK_ERRORS_PER_MINUTE (retried errors). */
  sagaTasks: readonly string[];
  /** Table stream consumers: IteratorAge alarmed (their failed batches land in a dead-letter queue). */
  streamConsumers: readonly string[];
  /** Functions whose throttling is the intended guard (reserved concurrency): no Throttles alarm. */
  throttledByDesign: readonly string[];
  tables: Record<string, ITableV2>;
  deadLetterQueues: Record<string, Queue>;
  eventRules: Record<string, Rule>;
  httpApi: HttpApi;
  webSocketStage: WebSocketStage;
  stateMachine?: StateMachine;
  alarmEmail?: string;
}

/** The operations the functions call (a metric-math alarm may hold at most 10 metrics). */
const tableOperations = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.SCAN,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

export const ONE_MINUTE = Duration.minutes(1);
/** 3 bad minutes out of 5: sustained trouble, not one request's bad luck. */
export const SUSTAINED = { evaluationPeriods: 5, datapointsToAlarm: 3 } as const;
/** p99 of the HTTP API's own latency (integration included) above this for 3 of 5 minutes. */
export const API_P99_LATENCY_MS = 2500;
/** A saga task failing this often for 3 of 5 minutes is more than a retried contention or hiccup. */
export const SAGA_TASK_ERRORS_PER_MINUTE = 5;
/** The oldest stream record a consumer has not handled: past a minute, pushes and riders lag. */
export const STREAM_ITERATOR_AGE_MS = 60_000;
/** CloudWatch's limit on the metrics one metric-math alarm may read. */
const MAX_METRICS_PER_ALARM = 10;

export class Observability extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', {
      displayName: 'Quick-commerce checkout alarms',
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const alarm = (
      alarmId: string,
      description: string,
      metric: IMetric,
      options: { threshold?: number; evaluationPeriods?: number; datapointsToAlarm?: number } = {},
    ) => {
      const created = new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold: options.threshold ?? 1,
        evaluationPeriods: options.evaluationPeriods ?? SUSTAINED.evaluationPeriods,
        datapointsToAlarm: options.datapointsToAlarm ?? SUSTAINED.datapointsToAlarm,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(this.topic));
      this.alarms.push(created);
    };
    const sum = { period: ONE_MINUTE, statistic: 'Sum' };

    if (props.stateMachine) {
      const sm = props.stateMachine;
      alarm('CheckoutFailed', 'Checkout saga executions failed', sm.metricFailed(sum));
      alarm('CheckoutTimedOut', 'Checkout saga executions timed out', sm.metricTimedOut(sum));
      alarm('CheckoutThrottled', 'Step Functions throttled checkout executions', sm.metricThrottled(sum));
    }
    // A placeholder or wrong-mode Razorpay key refuses every checkout: one refusal is enough to page.
    alarm(
      'PaymentsMisconfigured',
      'Checkout answered 503: the Razorpay secret holds REPLACE_ME or keys for the other RAZORPAY_MODE',
      paymentsMisconfiguredMetric({ period: Duration.minutes(5) }),
      { evaluationPeriods: 1, datapointsToAlarm: 1 },
    );
    // Each one is money a shopper is owed and a person must settle (payment.refundFailure on the order).
    alarm(
      'RefundFailures',
      'Razorpay refused a refund (or it kept failing): see payment.refundFailure on the order and refund by hand',
      refundFailuresMetric({ period: Duration.minutes(5) }),
      { evaluationPeriods: 1, datapointsToAlarm: 1 },
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      if (props.sagaTasks.includes(name)) {
        alarm(
          `Errors-${name}`,
          `Saga task ${name} failed ${SAGA_TASK_ERRORS_PER_MINUTE}+ times a minute (retried, but more than contention or a hiccup)`,
          fn.metricErrors(sum),
          { threshold: SAGA_TASK_ERRORS_PER_MINUTE },
        );
      } else {
        alarm(`Errors-${name}`, `Function ${name} failed unexpectedly`, fn.metricErrors(sum));
      }
      if (props.streamConsumers.includes(name)) {
        alarm(
          `IteratorAge-${name}`,
          `${name} is more than ${STREAM_ITERATOR_AGE_MS / 1000} s behind its table stream: order events are late`,
          fn.metric('IteratorAge', { period: ONE_MINUTE, statistic: 'Maximum' }),
          { threshold: STREAM_ITERATOR_AGE_MS },
        );
      }
    }
    // Throttles are an account-wide matter (concurrency), so ten functions share an alarm: a stack
    // has 500 resources at most, and one alarm a function for this would spend 50 of them.
    const throttleable = Object.entries(props.functions).filter(
      ([name]) => !props.throttledByDesign.includes(name),
    );
    for (let first = 0; first < throttleable.length; first += MAX_METRICS_PER_ALARM) {
      const group = throttleable.slice(first, first + MAX_METRICS_PER_ALARM);
      alarm(
        `Throttles-${first / MAX_METRICS_PER_ALARM + 1}`,
        `Lambda throttled one of ${group.map(([name]) => name).join(', ')} (account concurrency?)`,
        new MathExpression({
          expression: 'SUM(METRICS())',
          label: 'Lambda throttles',
          period: ONE_MINUTE,
          usingMetrics: Object.fromEntries(group.map(([, fn], i) => [`t${i}`, fn.metricThrottles(sum)])),
        }),
      );
    }
    for (const [name, table] of Object.entries(props.tables)) {
      alarm(
        `DynamoThrottles-${name}`,
        `DynamoDB throttled requests on the ${name} table`,
        table.metricThrottledRequestsForOperations({ ...sum, operations: tableOperations }),
      );
      alarm(
        `DynamoSystemErrors-${name}`,
        `DynamoDB answered 5xx on the ${name} table`,
        table.metricSystemErrorsForOperations({ ...sum, operations: tableOperations }),
      );
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `DeadLetters-${name}`,
        `Events for ${name} were given up on and wait in its dead-letter queue`,
        queue.metricApproximateNumberOfMessagesVisible({ period: ONE_MINUTE, statistic: 'Maximum' }),
      );
    }
    for (const [name, rule] of Object.entries(props.eventRules)) {
      alarm(
        `FailedInvocations-${name}`,
        `EventBridge could not deliver ${name} events to their target`,
        new Metric({
          namespace: 'AWS/Events',
          metricName: 'FailedInvocations',
          dimensionsMap: { RuleName: rule.ruleName },
          ...sum,
        }),
      );
    }
    const http5xx = props.httpApi.metricServerError(sum);
    alarm('HttpApi5xx', 'The HTTP API answered 5xx (a bug by the API contract)', http5xx);
    const p99 = props.httpApi.metricLatency({ period: ONE_MINUTE, statistic: 'p99' });
    alarm('HttpApiLatencyP99', `HTTP API p99 latency above ${API_P99_LATENCY_MS} ms`, p99, {
      threshold: API_P99_LATENCY_MS,
    });
    const wsErrors = new Metric({
      namespace: 'AWS/ApiGateway',
      metricName: 'ExecutionError',
      dimensionsMap: { ApiId: props.webSocketStage.api.apiId, Stage: props.webSocketStage.stageName },
      ...sum,
    });
    alarm('WebSocketApiErrors', 'The WebSocket API failed to call its integration (its 5xx)', wsErrors);

    this.dashboard = new Dashboard(this, 'Dashboard', {
      widgets: [
        [
          new GraphWidget({
            title: 'Checkout funnel (orders per 5 minutes)',
            left: checkoutFunnel({ period: Duration.minutes(5) }),
            width: 24,
          }),
        ],
        [
          new GraphWidget({
            title: 'HTTP API latency (ms)',
            left: [
              props.httpApi.metricLatency({ period: ONE_MINUTE, statistic: 'p50', label: 'p50' }),
              props.httpApi.metricLatency({ period: ONE_MINUTE, statistic: 'p99', label: 'p99' }),
            ],
            width: 12,
          }),
          new GraphWidget({
            title: 'Errors',
            left: [
              props.httpApi.metricServerError({ ...sum, label: 'HTTP 5xx' }),
              props.httpApi.metricClientError({ ...sum, label: 'HTTP 4xx' }),
              wsErrors.with({ label: 'WebSocket integration errors' }),
              ...(props.stateMachine
                ? [
                    props.stateMachine.metricFailed({ ...sum, label: 'Saga failed' }),
                    props.stateMachine.metricTimedOut({ ...sum, label: 'Saga timed out' }),
                  ]
                : []),
              new MathExpression({
                expression: 'SUM(METRICS())',
                label: 'Lambda errors (all functions, incl. business outcomes)',
                period: ONE_MINUTE,
                usingMetrics: Object.fromEntries(
                  Object.values(props.functions)
                    .slice(0, 100)
                    .map((fn, i) => [`e${i}`, fn.metricErrors(sum)]),
                ),
              }),
            ],
            width: 12,
          }),
        ],
      ],
    });
  }
}
