// Execution history in GetExecutionHistory's shape, and the state-transition count that a
// Standard workflow is billed by.

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  /** Epoch milliseconds (serialised as epoch seconds on the wire). */
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

/** The history event name prefix AWS uses for each state type (e.g. TaskStateEntered). */
const STATE_EVENT_PREFIX: Record<string, string> = {
  Task: 'Task',
  Pass: 'Pass',
  Choice: 'Choice',
  Wait: 'Wait',
  Succeed: 'Succeed',
  Fail: 'Fail',
  Parallel: 'Parallel',
  Map: 'Map',
};

export const stateEnteredType = (stateType: string) =>
  `${STATE_EVENT_PREFIX[stateType] ?? stateType}StateEntered`;
export const stateExitedType = (stateType: string) =>
  `${STATE_EVENT_PREFIX[stateType] ?? stateType}StateExited`;

export class History {
  readonly events: HistoryEvent[] = [];
  private sealed = false;

  add(type: string, details: Record<string, unknown> = {}): void {
    if (this.sealed) return;
    const id = this.events.length + 1;
    this.events.push({ id, previousEventId: id - 1, timestamp: Date.now(), type, ...details });
  }

  /** After the execution's terminal event nothing more is recorded (tasks may still unwind). */
  seal(): void {
    this.sealed = true;
  }
}

/**
 * State transitions as Step Functions bills them: one per state entered, plus one per retry of a
 * Task (a retry schedules the task again without entering the state again). Works on an AWS
 * history as well as a local one.
 */
export function countStateTransitions(events: readonly { type?: string }[]): number {
  let entered = 0;
  let taskEntered = 0;
  let scheduled = 0;
  for (const { type = '' } of events) {
    if (type.endsWith('StateEntered')) entered++;
    if (type === 'TaskStateEntered') taskEntered++;
    if (type === 'TaskScheduled' || type === 'LambdaFunctionScheduled') scheduled++;
  }
  return entered + Math.max(0, scheduled - taskEntered);
}
