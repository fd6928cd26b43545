// The order event bus, the rules declared in contract/events.ts, and the table streams the events
// come from. Each target function is invoked asynchronously, so each gets a dead-letter queue:
// EventBridge parks what it could not deliver there, and Lambda sends what still failed after its
// own retries to the same queue. A stream consumer's failed batches go to a queue of its own.
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EventRuleDeclaration } from '../../contract/events';

export interface OrderEventsProps {
  /** Unique per stack instance (see stack.ts), so a replacement never meets its namesake. */
  eventBusName: string;
}

export class OrderEvents extends Construct {
  readonly bus: EventBus;
  /** Dead-letter queue per target function name. */
  readonly deadLetterQueues: Record<string, Queue> = {};
  readonly rules: Record<string, Rule> = {};

  constructor(scope: Construct, id: string, props: OrderEventsProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { eventBusName: props.eventBusName });
  }

  /** Builds every declared rule; `functionFor` fails on a target that names no declared function. */
  addRules(rules: Record<string, EventRuleDeclaration>, functionFor: (name: string) => IFunction): void {
    for (const [name, rule] of Object.entries(rules)) {
      this.rules[name] = new Rule(this, `Rule-${name}`, {
        eventBus: this.bus,
        description: rule.description.slice(0, 512),
        eventPattern: {
          source: rule.pattern.source,
          detailType: rule.pattern['detail-type'],
          detail: rule.pattern.detail,
        },
        targets: rule.targets.map((target) => {
          const fn = functionFor(target);
          return new LambdaFunction(fn, {
            deadLetterQueue: this.deadLetterQueueFor(target, fn),
            retryAttempts: 8,
            maxEventAge: Duration.hours(2),
          });
        }),
      });
    }
  }

  /**
   * The table's stream → `fn` (contract/functions.ts `tableStream`). TRIM_HORIZON: a mapping created
   * after the table (first deploy, a replaced mapping) still reads what was written before it was
   * active; LATEST would drop those events (docs/decisions.md). A failing batch is split in halves
   * to find the record at fault, retried, then recorded (its shard and sequence range, not the
   * data) on a queue whose depth is alarmed.
   */
  addStreamConsumer(name: string, table: ITable, fn: IFunction): void {
    const queue = this.newQueue(`StreamFailures-${name}`);
    fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(0),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(queue),
      }),
    );
    this.deadLetterQueues[`stream-${name}`] = queue;
  }

  private newQueue(id: string): Queue {
    return new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
  }

  private deadLetterQueueFor(functionName: string, fn: IFunction): Queue {
    const existing = this.deadLetterQueues[functionName];
    if (existing) return existing;
    const queue = this.newQueue(`DeadLetters-${functionName}`);
    fn.configureAsyncInvoke({
      onFailure: new SqsDestination(queue),
      retryAttempts: 2,
      maxEventAge: Duration.hours(2),
    });
    this.deadLetterQueues[functionName] = queue;
    return queue;
  }
}
