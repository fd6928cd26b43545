// Where an order's time went inside its saga, read from the local Step Functions endpoint's
// execution history (GetExecutionHistory): from StartExecution to each Task state's exit, the
// time each state took until `untilState` was entered, and how many task attempts failed (each one a Retry wait).
import { GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { percentile } from './figures';

export interface SagaPhases {
  /** State name → ms spent in it (entered → exited), one value per execution. */
  inState: Map<string, number[]>;
  failedAttempts: number;
  executions: number;
}

const FAILED = new Set(['TaskFailed', 'LambdaFunctionFailed', 'TaskTimedOut', 'LambdaFunctionTimedOut']);

export async function sagaPhases(executionArns: string[], untilState: string): Promise<SagaPhases> {
  const sfn = new SFNClient({});
  const phases: SagaPhases = { inState: new Map(), failedAttempts: 0, executions: 0 };
  for (const executionArn of executionArns) {
    const { events = [] } = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }),
    );
    const entered = new Map<string, number>();
    phases.executions++;
    for (const event of events) {
      const at = event.timestamp?.getTime() ?? 0;
      if (FAILED.has(event.type ?? '')) phases.failedAttempts++;
      const enteredName = event.stateEnteredEventDetails?.name;
      if (enteredName === untilState) break;
      if (enteredName) entered.set(enteredName, at);
      const exitedName = event.stateExitedEventDetails?.name;
      if (exitedName && entered.has(exitedName)) {
        const list = phases.inState.get(exitedName) ?? [];
        list.push(at - entered.get(exitedName)!);
        phases.inState.set(exitedName, list);
      }
    }
  }
  sfn.destroy();
  return phases;
}

export const describePhases = (phases: SagaPhases): string =>
  [...phases.inState].map(([state, ms]) => `${state} p50 ${percentile(ms, 0.5).toFixed(0)} ms`).join(', ') +
  `; failed task attempts ${phases.failedAttempts} in ${phases.executions} executions`;
