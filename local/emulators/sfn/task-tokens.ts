// Task tokens of `.waitForTaskToken` states: each one is pending until SendTaskSuccess /
// SendTaskFailure, the state's timeout, or the end of its execution closes it. Answers for unknown,
// malformed and closed tokens are the ones AWS gives.
import { randomBytes } from 'node:crypto';
import { AwsServiceError } from '../aws-json-server';

export type TaskOutcome = { ok: true; output: unknown } | { ok: false; error: string; cause: string };

interface PendingTask {
  executionArn: string;
  stateName: string;
  settle: (outcome: TaskOutcome) => void;
}

export const newTaskToken = () => `local-task.${randomBytes(32).toString('base64url')}`;

const TOKEN_PATTERN = /^local-task\.[A-Za-z0-9_-]{43}$/;
/** Closed tokens remembered (to answer TaskTimedOut rather than TaskDoesNotExist). */
const CLOSED_MEMORY = 50_000;

export class TaskTokens {
  private readonly pending = new Map<string, PendingTask>();
  private readonly closed = new Set<string>();

  /** Makes a token pending; `outcome` settles when the task is completed or its execution ends. */
  register(
    executionArn: string,
    stateName: string,
    token = newTaskToken(),
  ): { token: string; outcome: Promise<TaskOutcome> } {
    let settle!: (outcome: TaskOutcome) => void;
    const outcome = new Promise<TaskOutcome>((resolve) => {
      settle = resolve;
    });
    this.pending.set(token, { executionArn, stateName, settle });
    return { token, outcome };
  }

  isPending(token: string): boolean {
    return this.pending.has(token);
  }

  succeed(token: string, output: unknown): void {
    this.take(token).settle({ ok: true, output });
  }

  fail(token: string, error: string, cause: string): void {
    this.take(token).settle({ ok: false, error, cause });
  }

  heartbeat(token: string): void {
    this.find(token);
  }

  /** Closes a token without an outcome (timed out, or its execution ended); no-op if closed. */
  close(token: string, outcome?: TaskOutcome): void {
    const task = this.pending.get(token);
    if (!task) return;
    this.take(token);
    if (outcome) task.settle(outcome);
  }

  closeExecution(executionArn: string, outcome: TaskOutcome): void {
    for (const [token, task] of this.pending) {
      if (task.executionArn === executionArn) this.close(token, outcome);
    }
  }

  /** Pending tokens of one execution, oldest first. */
  pendingFor(executionArn: string): { token: string; stateName: string }[] {
    return [...this.pending]
      .filter(([, task]) => task.executionArn === executionArn)
      .map(([token, task]) => ({ token, stateName: task.stateName }));
  }

  private find(token: string): PendingTask {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) {
      throw new AwsServiceError('InvalidToken', 'Invalid Token: the task token is malformed');
    }
    const task = this.pending.get(token);
    if (task) return task;
    if (this.closed.has(token)) {
      throw new AwsServiceError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
    }
    throw new AwsServiceError('TaskDoesNotExist', 'Task does not exist');
  }

  private take(token: string): PendingTask {
    const task = this.find(token);
    this.pending.delete(token);
    this.closed.add(token);
    if (this.closed.size > CLOSED_MEMORY) this.closed.delete(this.closed.values().next().value!);
    return task;
  }
}
