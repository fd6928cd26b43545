// EventBridge Scheduler for every function declared with a `schedule` (contract/functions.ts), and
// the reconciler's own alarm: it fixing an order now and then is what it is for; it fixing orders
// minute after minute means the saga is losing them, and someone must look.
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FunctionDeclaration } from '../../contract/functions';
import type { AlarmedMetric } from '../../functions/core/metrics';
import { METRICS_NAMESPACE, SERVICE_NAME } from './lambdas';
import { SUSTAINED } from './observability';

export interface ScheduledFunctionsProps {
  declarations: Record<string, FunctionDeclaration>;
  functions: Record<string, LambdaFunction>;
  alarmTopic: ITopic;
}

/** Orders the reconciler fixed (all fixes), per minute. */
export const ordersReconciledMetric = () =>
  new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: 'OrdersReconciled' satisfies AlarmedMetric,
    dimensionsMap: { service: SERVICE_NAME },
    statistic: 'Sum',
    period: Duration.minutes(1),
  });

export class ScheduledFunctions extends Construct {
  readonly schedules: Record<string, Schedule> = {};
  readonly keepsFixingAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ScheduledFunctionsProps) {
    super(scope, id);
    for (const [name, declaration] of Object.entries(props.declarations)) {
      if (!declaration.schedule) continue;
      const fn = props.functions[name];
      if (!fn) throw new Error(`${name} has a schedule but no function`);
      this.schedules[name] = new Schedule(this, `${name}Schedule`, {
        description: `Invokes ${name} every ${declaration.schedule.everyMinutes} min`,
        schedule: ScheduleExpression.rate(Duration.minutes(declaration.schedule.everyMinutes)),
        // A run that finds nothing is cheap; a missed run is made up by the next one.
        target: new LambdaInvoke(fn, { retryAttempts: 0, maxEventAge: Duration.minutes(1) }),
      });
    }
    this.keepsFixingAlarm = new Alarm(this, 'ReconcilerKeepsFixing', {
      alarmDescription:
        'The reconciler settled orders in 3 of the last 5 minutes: sagas are leaving orders unsettled (see OrdersReconciled by fix)',
      // countReconciled puts each fix under (service) as well as under (service, fix).
      metric: ordersReconciledMetric(),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      ...SUSTAINED, // a fix now and then is the reconciler's job; fixes minute after minute are not
    });
    this.keepsFixingAlarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
