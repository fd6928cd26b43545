// Reads an ASL file the way CDK deploys it (definition substitutions), validates it, and prepares
// the copy that aws-local-stepfunctions runs: which Lambda each Task calls, and the few rewrites
// that make the library behave like AWS (no 60 s default task timeout, TimeoutSecondsPath read
// from the state's input rather than from the Parameters result, Retry delays scaled for tests).
import { readFileSync } from 'node:fs';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

export const LOCAL_ACCOUNT = '000000000000';

/** How a Task state reaches its Lambda function. */
export type TaskKind = 'lambda' | 'invoke' | 'waitForTaskToken';

export interface TaskStateInfo {
  stateName: string;
  kind: TaskKind;
  /** For 'lambda' (direct ARN) tasks; the other kinds name it in Parameters.FunctionName. */
  functionName?: string;
  /** The task's timeout comes from its input (`__timeoutSeconds`, see rewriteTask). */
  timeoutFromInput: boolean;
  /** Fixed timeout in ms, when not from input. */
  timeoutMs: number;
}

export interface PreparedDefinition {
  /** The definition to run (rewritten; already validated in its original form). */
  runnable: StateMachineDefinition;
  tasks: Map<string, TaskStateInfo>;
}

export interface PrepareOptions {
  region: string;
  /** Extra `${name}` substitutions, like CDK's definitionSubstitutions. */
  substitutions?: Record<string, string>;
  /** Multiplies every Retry interval (1 = real timing, 0 = retry at once). */
  retryDelayScale?: number;
}

const FUNCTION_ARN_PLACEHOLDER = /\$\{(\w+)FunctionArn\}/g;
const INVOKE_RESOURCE = 'arn:aws:states:::lambda:invoke';
const WAIT_FOR_TOKEN_RESOURCE = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
/** Key under which a wrapped Task keeps its real Parameters result. */
export const WRAPPED_INPUT_KEY = '__input';
export const WRAPPED_TIMEOUT_KEY = '__timeoutSeconds';
/** setTimeout's ceiling (~24.8 days); AWS's "no timeout" is a year, which Node cannot arm. */
const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

export const localFunctionArn = (region: string, name: string) =>
  `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${name}`;

/** The function name in a Lambda ARN (optionally qualified) or a bare name. */
export function functionNameOf(arnOrName: string): string {
  const match = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(arnOrName);
  return match ? match[1]! : arnOrName.split(':')[0]!;
}

export function substitute(text: string, options: PrepareOptions): string {
  let result = text.replace(FUNCTION_ARN_PLACEHOLDER, (_, name: string) =>
    localFunctionArn(options.region, name),
  );
  for (const [key, value] of Object.entries(options.substitutions ?? {})) {
    result = result.split(`\${${key}}`).join(value);
  }
  return result;
}

export function prepareDefinitionFile(file: string, options: PrepareOptions): PreparedDefinition {
  const text = substitute(readFileSync(file, 'utf8'), options);
  let parsed: StateMachineDefinition;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return prepareDefinition(parsed, options);
}

export function prepareDefinition(
  definition: StateMachineDefinition,
  options: PrepareOptions,
): PreparedDefinition {
  // The library's validator (asl-validator) checks states, paths and ARNs of the original.
  new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
  const runnable = structuredClone(definition);
  const tasks = new Map<string, TaskStateInfo>();
  rewriteStates(runnable as unknown as States, tasks, options);
  return { runnable, tasks };
}

type AnyState = Record<string, unknown> & { Type: string };
type States = { States: Record<string, AnyState> };

function rewriteStates(machine: States, tasks: Map<string, TaskStateInfo>, options: PrepareOptions) {
  for (const [name, state] of Object.entries(machine.States)) {
    if (state.Type === 'Task') tasks.set(name, rewriteTask(name, state));
    if (Array.isArray(state.Retry)) scaleRetry(state.Retry, options.retryDelayScale ?? 1);
    for (const branch of (state.Branches as States[] | undefined) ?? [])
      rewriteStates(branch, tasks, options);
    const iterator = (state.ItemProcessor ?? state.Iterator) as States | undefined;
    if (iterator) rewriteStates(iterator, tasks, options);
  }
}

function taskKind(stateName: string, resource: string): TaskKind {
  if (resource === WAIT_FOR_TOKEN_RESOURCE) return 'waitForTaskToken';
  if (resource === INVOKE_RESOURCE) return 'invoke';
  if (/^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:/.test(resource)) return 'lambda';
  throw new Error(
    `State "${stateName}": the local Step Functions runs Lambda tasks only (a function ARN, ${INVOKE_RESOURCE} or ${WAIT_FOR_TOKEN_RESOURCE}), not ${resource}`,
  );
}

function rewriteTask(stateName: string, state: AnyState): TaskStateInfo {
  const resource = String(state.Resource);
  const kind = taskKind(stateName, resource);
  const functionName = kind === 'lambda' ? functionNameOf(resource) : undefined;
  if (typeof state.TimeoutSecondsPath === 'string') {
    // The library resolves TimeoutSecondsPath against the Parameters result; AWS against the
    // state's input. Carry the value through Parameters so both agree.
    const parameters = state.Parameters;
    state.Parameters = {
      [`${WRAPPED_TIMEOUT_KEY}.$`]: state.TimeoutSecondsPath,
      ...(parameters === undefined
        ? { [`${WRAPPED_INPUT_KEY}.$`]: '$' }
        : { [WRAPPED_INPUT_KEY]: parameters }),
    };
    state.TimeoutSecondsPath = `$.${WRAPPED_TIMEOUT_KEY}`;
    return { stateName, kind, functionName, timeoutFromInput: true, timeoutMs: 0 };
  }
  // AWS has no default task timeout; the library's is 60 s.
  const seconds = Math.min(
    typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : MAX_TIMEOUT_SECONDS,
    MAX_TIMEOUT_SECONDS,
  );
  state.TimeoutSeconds = seconds;
  return { stateName, kind, functionName, timeoutFromInput: false, timeoutMs: seconds * 1000 };
}

function scaleRetry(retriers: Record<string, unknown>[], scale: number) {
  if (scale === 1) return;
  for (const retrier of retriers) {
    retrier.IntervalSeconds = ((retrier.IntervalSeconds as number | undefined) ?? 1) * scale;
    if (typeof retrier.MaxDelaySeconds === 'number') retrier.MaxDelaySeconds *= scale;
  }
}

/** Splits a wrapped Task input back into what the task receives and its timeout. */
export function unwrapTaskInput(info: TaskStateInfo, input: unknown): { input: unknown; timeoutMs: number } {
  if (!info.timeoutFromInput) return { input, timeoutMs: info.timeoutMs };
  const wrapped = input as Record<string, unknown>;
  const seconds = wrapped[WRAPPED_TIMEOUT_KEY];
  const valid = typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 1;
  return {
    input: wrapped[WRAPPED_INPUT_KEY],
    timeoutMs: valid ? Math.min(seconds, MAX_TIMEOUT_SECONDS) * 1000 : Number.NaN,
  };
}
