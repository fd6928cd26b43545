// One execution of a state machine: aws-local-stepfunctions walks the states; every Task runs
// through runTask here (the same handler Lambda runs), and the library's event log becomes the
// execution history. Held in memory only.
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { StateMachine } from 'aws-local-stepfunctions';
import { FunctionError, type FunctionTable, invokeLocalFunction } from '../local-functions';
import { functionNameOf, type PreparedDefinition, type TaskStateInfo, unwrapTaskInput } from './definition';
import { History, stateEnteredType, stateExitedType } from './history';
import { newTaskToken, type TaskOutcome, type TaskTokens } from './task-tokens';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionDependencies {
  tokens: TaskTokens;
  functions: FunctionTable;
  region: string;
}

export interface ExecutionIdentity {
  arn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  /** The execution input exactly as StartExecution received it. */
  input: string;
}

type LibraryEvent = {
  type: string;
  state?: { name: string; type: string; input: unknown; output?: unknown };
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
};

/** Outcome given to tasks still waiting when their execution ends. */
const EXECUTION_CLOSED: Extract<TaskOutcome, { ok: false }> = {
  ok: false,
  error: 'States.Runtime',
  cause: 'The execution has ended',
};

/** States.Runtime, like AWS's: neither Retry nor Catch (not even States.ALL) handles it. */
class StatesRuntimeError extends FunctionError {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(message: string) {
    super('States.Runtime', message);
  }
}

const json = (value: unknown) => JSON.stringify(value ?? null);
const text = (value: unknown) => (typeof value === 'string' ? value : json(value));

export class LocalExecution {
  status: ExecutionStatus = 'RUNNING';
  output?: string;
  error?: string;
  cause?: string;
  readonly startDate = Date.now();
  stopDate?: number;
  readonly history = new History();
  /** Settles when the execution has ended and its history is complete. */
  readonly done: Promise<void>;
  private readonly abort: () => void;
  /** The token `$$.Task.Token` hands to the next waitForTaskToken task (fresh per attempt). */
  private nextToken?: string;

  constructor(
    readonly identity: ExecutionIdentity,
    private readonly definition: PreparedDefinition,
    private readonly deps: ExecutionDependencies,
  ) {
    const machine = new StateMachine(definition.runnable, { validationOptions: { noValidate: true } });
    const taskHandlers = Object.fromEntries(
      [...definition.tasks.values()].map((info) => [
        info.stateName,
        (input: unknown) => {
          const result = this.runTask(info, input);
          // The library may abandon this promise (a state timeout); keep its rejection handled.
          result.catch(() => {});
          return result;
        },
      ]),
    );
    const self = this;
    const run = machine.run(JSON.parse(identity.input), {
      noThrowOnAbort: true,
      overrides: { taskResourceLocalHandlers: taskHandlers as never },
      context: {
        Execution: { Id: identity.arn, Name: identity.name, RoleArn: this.roleArn },
        StateMachine: { Id: identity.stateMachineArn, Name: identity.stateMachineName },
        Task: {
          get Token() {
            self.nextToken ??= newTaskToken();
            return self.nextToken;
          },
        },
      },
    });
    this.abort = run.abort;
    const followed = this.follow(run.eventLogs as AsyncGenerator<LibraryEvent>);
    this.done = Promise.allSettled([run.result, followed]).then(([result]) => {
      if (this.status !== 'RUNNING') return;
      // The event log ended without a terminal event: take the result instead.
      if (result.status === 'fulfilled') this.finish('SUCCEEDED', { output: json(result.value) });
      else this.finish('FAILED', { error: 'States.Runtime', cause: String(result.reason) });
    });
  }

  get roleArn() {
    return `arn:aws:iam::000000000000:role/${this.identity.stateMachineName}-role`;
  }

  /** StopExecution: ends the execution as ABORTED (no-op once it has ended). */
  stop(error?: string, cause?: string): void {
    if (this.status !== 'RUNNING') return;
    this.finish('ABORTED', { error, cause });
    this.abort();
  }

  pendingTaskTokens() {
    return this.deps.tokens.pendingFor(this.identity.arn);
  }

  private finish(
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    result: { output?: string; error?: string; cause?: string },
  ) {
    if (this.status !== 'RUNNING') return;
    this.status = status;
    this.stopDate = Date.now();
    Object.assign(this, result);
    const type = {
      SUCCEEDED: 'ExecutionSucceeded',
      FAILED: 'ExecutionFailed',
      TIMED_OUT: 'ExecutionTimedOut',
      ABORTED: 'ExecutionAborted',
    }[status];
    const details =
      status === 'SUCCEEDED' ? { output: result.output } : { error: result.error, cause: result.cause };
    this.history.add(type, { [`${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`]: details });
    this.history.seal();
    this.deps.tokens.closeExecution(this.identity.arn, EXECUTION_CLOSED);
  }

  private async follow(events: AsyncGenerator<LibraryEvent>) {
    for await (const event of events) this.record(event);
  }

  private record(event: LibraryEvent) {
    const state = event.state;
    switch (event.type) {
      case 'ExecutionStarted':
        this.history.add('ExecutionStarted', {
          executionStartedEventDetails: {
            input: this.identity.input,
            inputDetails: { truncated: false },
            roleArn: this.roleArn,
          },
        });
        break;
      case 'StateEntered':
        this.history.add(stateEnteredType(state!.type), {
          stateEnteredEventDetails: { name: state!.name, input: json(state!.input) },
        });
        break;
      case 'StateExited':
        this.history.add(stateExitedType(state!.type), {
          stateExitedEventDetails: { name: state!.name, output: json(state!.output) },
        });
        break;
      case 'StateFailed':
        // Task failures are recorded by runTask; only the library's own timeout is seen here.
        if (state!.type === 'Task' && event.Error === 'States.Timeout') this.recordTaskTimeout(state!.name);
        break;
      case 'ExecutionSucceeded':
        this.finish('SUCCEEDED', { output: json(event.output) });
        break;
      case 'ExecutionFailed':
        this.finish('FAILED', { error: event.Error, cause: text(event.Cause) });
        break;
      case 'ExecutionTimeout':
        this.finish('TIMED_OUT', { error: 'States.Timeout', cause: 'The execution timed out' });
        break;
      case 'ExecutionAborted':
        this.finish('ABORTED', {});
        break;
    }
  }

  private recordTaskTimeout(stateName: string) {
    const info = this.definition.tasks.get(stateName);
    const details = { error: 'States.Timeout', cause: 'The task timed out' };
    if (info?.kind === 'lambda')
      this.history.add('LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: details });
    else
      this.history.add('TaskTimedOut', {
        taskTimedOutEventDetails: { ...this.taskResource(info), ...details },
      });
  }

  private taskResource(info?: TaskStateInfo) {
    return {
      resourceType: 'lambda',
      resource: info?.kind === 'waitForTaskToken' ? 'invoke.waitForTaskToken' : 'invoke',
    };
  }

  private async runTask(info: TaskStateInfo, rawInput: unknown): Promise<unknown> {
    if (this.status !== 'RUNNING') throw new StatesRuntimeError(EXECUTION_CLOSED.cause);
    const { input, timeoutMs } = unwrapTaskInput(info, rawInput);
    // The library fails the state itself (States.Runtime) when the timeout path is not an integer.
    if (!Number.isFinite(timeoutMs))
      throw new StatesRuntimeError('TimeoutSecondsPath must select a positive integer');
    // AWS closes an attempt at its timeout (States.Timeout) and drops whatever its invocation answers
    // later. Armed just before the library's own timer of the same length, so this one fires first
    // and both agree on which answers came in time.
    const attempt = new AbortController();
    const timer = setTimeout(() => attempt.abort(), timeoutMs);
    try {
      return await this.runAttempt(info, input, attempt.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Records an event of this attempt, unless it has timed out (its late answers leave no trace). */
  private recorder(attempt: AbortSignal) {
    return (type: string, details?: Record<string, unknown>) => {
      if (!attempt.aborted) this.history.add(type, details);
    };
  }

  private async runAttempt(info: TaskStateInfo, input: unknown, attempt: AbortSignal): Promise<unknown> {
    // Register the token before anything else: the task may be completed before its handler returns.
    const tokenWait = info.kind === 'waitForTaskToken' ? this.takeToken(info, attempt) : undefined;
    // Let the library's StateEntered event reach the history first.
    await nextMacrotask();
    if (info.kind === 'lambda') return this.runLambdaTask(info, input, attempt);

    const record = this.recorder(attempt);
    const parameters = (input ?? {}) as { FunctionName?: unknown; Payload?: unknown };
    const resource = this.taskResource(info);
    record('TaskScheduled', {
      taskScheduledEventDetails: { ...resource, region: this.deps.region, parameters: json(input) },
    });
    record('TaskStarted', { taskStartedEventDetails: resource });
    const failTask = (error: FunctionError): never => {
      record('TaskFailed', {
        taskFailedEventDetails: { ...resource, error: error.name, cause: error.message },
      });
      throw error;
    };
    if (typeof parameters.FunctionName !== 'string') {
      tokenWait?.cancel();
      return failTask(new StatesRuntimeError('Parameters.FunctionName must name a Lambda function'));
    }

    let invoked: unknown;
    try {
      invoked = await invokeLocalFunction(
        this.deps.functions,
        functionNameOf(parameters.FunctionName),
        parameters.Payload,
      );
    } catch (error) {
      // The invocation failed: the task fails, unless it was completed meanwhile.
      if (!tokenWait || tokenWait.cancel()) return failTask(error as FunctionError);
    }
    if (!tokenWait) {
      const output = { ExecutedVersion: '$LATEST', Payload: invoked, StatusCode: 200 };
      record('TaskSucceeded', { taskSucceededEventDetails: { ...resource, output: json(output) } });
      return output;
    }
    if (invoked !== undefined)
      record('TaskSubmitted', {
        taskSubmittedEventDetails: { ...resource, output: json(invoked) },
      });
    const outcome = await tokenWait.outcome;
    if (!outcome.ok) return failTask(new FunctionError(outcome.error, outcome.cause));
    record('TaskSucceeded', {
      taskSucceededEventDetails: { ...resource, output: json(outcome.output) },
    });
    return outcome.output;
  }

  /** Registers this attempt's token; it closes (TaskTimedOut) when the attempt times out. */
  private takeToken(info: TaskStateInfo, attempt: AbortSignal) {
    const token = this.nextToken ?? newTaskToken();
    this.nextToken = undefined;
    const { outcome } = this.deps.tokens.register(this.identity.arn, info.stateName, token);
    // Closed without an outcome: the library's own timer fails the state with States.Timeout (an
    // outcome settled here would reach it first, as an error States.TaskFailed also matches).
    attempt.addEventListener('abort', () => this.deps.tokens.close(token), { once: true });
    return {
      outcome,
      /** Closes the token if still pending; false if it had already been completed. */
      cancel: () => {
        const pending = this.deps.tokens.isPending(token);
        this.deps.tokens.close(token, EXECUTION_CLOSED);
        return pending;
      },
    };
  }

  private async runLambdaTask(info: TaskStateInfo, input: unknown, attempt: AbortSignal): Promise<unknown> {
    const record = this.recorder(attempt);
    const resource = `arn:aws:lambda:${this.deps.region}:000000000000:function:${info.functionName}`;
    record('LambdaFunctionScheduled', {
      lambdaFunctionScheduledEventDetails: { resource, input: json(input) },
    });
    record('LambdaFunctionStarted');
    try {
      const output = await invokeLocalFunction(this.deps.functions, info.functionName!, input);
      record('LambdaFunctionSucceeded', {
        lambdaFunctionSucceededEventDetails: { output: json(output) },
      });
      return output;
    } catch (error) {
      const { name, message } = error as FunctionError;
      record('LambdaFunctionFailed', {
        lambdaFunctionFailedEventDetails: { error: name, cause: message },
      });
      throw error;
    }
  }
}
