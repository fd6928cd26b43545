// A local Step Functions endpoint: the Step Functions API (awsJson1_0) over state machines run by
// aws-local-stepfunctions from the same ASL files CDK deploys, their Task states calling the
// handlers declared in contract/functions.ts. The handlers' @aws-sdk/client-sfn reaches it through
// AWS_ENDPOINT_URL_SFN. Executions live in memory: restarting forgets running executions.
import { existsSync, statSync } from 'node:fs';
import { withinTimeLimit } from '../../functions/core/time-limit';
import { AwsServiceError, epochSeconds, startAwsJsonServer } from './aws-json-server';
import { declaredFunctionTable, type FunctionTable } from './local-functions';
import { LOCAL_ACCOUNT, type PreparedDefinition, prepareDefinitionFile } from './sfn/definition';
import { type ExecutionStatus, LocalExecution } from './sfn/execution';
import { TaskTokens } from './sfn/task-tokens';

export { countStateTransitions } from './sfn/history';

export interface StateMachineSource {
  name: string;
  /** The ASL file; read at each StartExecution if it changed (it may appear after start). */
  definitionFile: string;
  /** `${key}` substitutions besides `${<name>FunctionArn}`, like CDK's definitionSubstitutions. */
  substitutions?: Record<string, string>;
}

export interface StepFunctionsLocalOptions {
  /** 0 = any free port. */
  port: number;
  region?: string;
  stateMachines: StateMachineSource[];
  /** The functions Task states may call; default: contract/functions.ts. */
  functions?: FunctionTable;
  /** Multiplies every Retry interval: 1 (default) = real timing, 0.01 = a hundred times faster. */
  retryDelayScale?: number;
}

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
}

export interface StepFunctionsLocal {
  url: string;
  port: number;
  stateMachineArn(name: string): string;
  /** Resolves once the execution has ended (dates in epoch ms). */
  waitForExecution(executionArn: string, timeoutMs?: number): Promise<ExecutionDescription>;
  /** Resolves with a pending task token of the execution (of one state, if named). */
  waitForTaskToken(
    executionArn: string,
    options?: { stateName?: string; timeoutMs?: number },
  ): Promise<string>;
  stop(): Promise<void>;
}

interface LoadedMachine {
  source: StateMachineSource;
  arn: string;
  createdAt: number;
  prepared?: PreparedDefinition;
  /** mtime + size of the file the prepared definition came from. */
  version?: string;
}

const MAX_PAYLOAD_CHARS = 256 * 1024;
const NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,80}$/;
// AWS also refuses control characters in names.
const hasControlCharacter = (value: string) =>
  [...value].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f));

const parseJsonText = (value: unknown, errorType: string, what: string): void => {
  if (typeof value !== 'string') throw new AwsServiceError(errorType, `${what} must be a JSON string`);
  if (value.length > MAX_PAYLOAD_CHARS) throw new AwsServiceError(errorType, `${what} exceeds 256 KiB`);
  try {
    JSON.parse(value);
  } catch {
    throw new AwsServiceError(errorType, `${what} is not valid JSON`);
  }
};

const requireString = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || value === '') {
    throw new AwsServiceError('ValidationException', `${field} is required`);
  }
  return value;
};

const page = <T>(items: T[], maxResults: unknown, nextToken: unknown, fallback: number) => {
  const start = nextToken === undefined ? 0 : Number(nextToken);
  if (!Number.isInteger(start) || start < 0) throw new AwsServiceError('InvalidToken', 'Invalid nextToken');
  const size = typeof maxResults === 'number' && maxResults > 0 ? Math.min(maxResults, 1000) : fallback;
  const slice = items.slice(start, start + size);
  return { slice, nextToken: start + size < items.length ? String(start + size) : undefined };
};

export async function startStepFunctionsLocal(
  options: StepFunctionsLocalOptions,
): Promise<StepFunctionsLocal> {
  const region = options.region ?? process.env.AWS_REGION ?? 'ap-south-1';
  const functions = options.functions ?? declaredFunctionTable();
  const tokens = new TaskTokens();
  const stateMachineArn = (name: string) => `arn:aws:states:${region}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
  const machines = new Map<string, LoadedMachine>(
    options.stateMachines.map((source) => [
      stateMachineArn(source.name),
      { source, arn: stateMachineArn(source.name), createdAt: Date.now() },
    ]),
  );
  const executions = new Map<string, LocalExecution>();

  const machineFor = (arn: unknown): LoadedMachine => {
    const value = requireString(arn, 'stateMachineArn');
    if (!/^arn:aws[\w-]*:states:[^:]*:\d*:stateMachine:[^:]+$/.test(value)) {
      throw new AwsServiceError('InvalidArn', `Invalid Arn: '${value}'`);
    }
    const machine = machines.get(value);
    if (!machine)
      throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${value}'`);
    return machine;
  };

  const executionFor = (arn: unknown): LocalExecution => {
    const value = requireString(arn, 'executionArn');
    if (!/^arn:aws[\w-]*:states:[^:]*:\d*:execution:[^:]+:[^:]+$/.test(value)) {
      throw new AwsServiceError('InvalidArn', `Invalid Arn: '${value}'`);
    }
    const execution = executions.get(value);
    if (!execution)
      throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${value}'`);
    return execution;
  };

  const definitionOf = (machine: LoadedMachine): PreparedDefinition => {
    const file = machine.source.definitionFile;
    if (!existsSync(file)) {
      throw new AwsServiceError(
        'StateMachineDoesNotExist',
        `The definition file of ${machine.source.name} (${file}) does not exist`,
      );
    }
    const stat = statSync(file);
    const version = `${stat.mtimeMs}:${stat.size}`;
    if (machine.version !== version || !machine.prepared) {
      try {
        machine.prepared = prepareDefinitionFile(file, {
          region,
          substitutions: machine.source.substitutions,
          retryDelayScale: options.retryDelayScale,
        });
      } catch (error) {
        throw new AwsServiceError('InvalidDefinition', `${file}: ${(error as Error).message}`);
      }
      machine.version = version;
    }
    return machine.prepared;
  };

  const describe = (execution: LocalExecution): ExecutionDescription => ({
    executionArn: execution.identity.arn,
    stateMachineArn: execution.identity.stateMachineArn,
    name: execution.identity.name,
    status: execution.status,
    input: execution.identity.input,
    output: execution.output,
    error: execution.error,
    cause: execution.cause,
    startDate: execution.startDate,
    stopDate: execution.stopDate,
  });

  const wire = (description: ExecutionDescription) => ({
    ...description,
    inputDetails: { included: true },
    ...(description.output !== undefined ? { outputDetails: { included: true } } : {}),
    startDate: epochSeconds(description.startDate),
    stopDate: description.stopDate === undefined ? undefined : epochSeconds(description.stopDate),
  });

  const operations = {
    StartExecution: (input: { stateMachineArn?: unknown; name?: unknown; input?: unknown }) => {
      const machine = machineFor(input.stateMachineArn);
      const name = input.name === undefined ? crypto.randomUUID() : input.name;
      if (typeof name !== 'string' || !NAME_PATTERN.test(name) || hasControlCharacter(name)) {
        throw new AwsServiceError('InvalidName', `Invalid Name: '${String(name)}'`);
      }
      const executionInput = input.input === undefined ? '{}' : input.input;
      parseJsonText(executionInput, 'InvalidExecutionInput', 'input');
      const arn = `arn:aws:states:${region}:${LOCAL_ACCOUNT}:execution:${machine.source.name}:${name}`;
      const existing = executions.get(arn);
      if (existing) {
        // AWS: the same name and input while running is the same execution; otherwise a refusal.
        if (existing.status === 'RUNNING' && existing.identity.input === executionInput) {
          return { executionArn: arn, startDate: epochSeconds(existing.startDate) };
        }
        throw new AwsServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
      }
      const execution = new LocalExecution(
        {
          arn,
          name,
          stateMachineArn: machine.arn,
          stateMachineName: machine.source.name,
          input: executionInput as string,
        },
        definitionOf(machine),
        { tokens, functions, region },
      );
      executions.set(arn, execution);
      return { executionArn: arn, startDate: epochSeconds(execution.startDate) };
    },

    DescribeExecution: (input: { executionArn?: unknown }) =>
      wire(describe(executionFor(input.executionArn))),

    StopExecution: (input: { executionArn?: unknown; error?: unknown; cause?: unknown }) => {
      const execution = executionFor(input.executionArn);
      execution.stop(
        typeof input.error === 'string' ? input.error : undefined,
        typeof input.cause === 'string' ? input.cause : undefined,
      );
      return { stopDate: epochSeconds(execution.stopDate ?? Date.now()) };
    },

    ListExecutions: (input: {
      stateMachineArn?: unknown;
      statusFilter?: unknown;
      maxResults?: unknown;
      nextToken?: unknown;
    }) => {
      const machine = machineFor(input.stateMachineArn);
      const matching = [...executions.values()]
        .filter((e) => e.identity.stateMachineArn === machine.arn)
        .filter((e) => input.statusFilter === undefined || e.status === input.statusFilter)
        .reverse(); // newest first, as AWS lists them
      const { slice, nextToken } = page(matching, input.maxResults, input.nextToken, 100);
      return {
        executions: slice.map((e) => {
          const {
            input: _input,
            output: _output,
            error: _error,
            cause: _cause,
            ...summary
          } = wire(describe(e));
          return summary;
        }),
        nextToken,
      };
    },

    GetExecutionHistory: (input: {
      executionArn?: unknown;
      maxResults?: unknown;
      nextToken?: unknown;
      reverseOrder?: unknown;
    }) => {
      const events = [...executionFor(input.executionArn).history.events];
      if (input.reverseOrder === true) events.reverse();
      const { slice, nextToken } = page(events, input.maxResults, input.nextToken, 100);
      return {
        events: slice.map((event) => ({ ...event, timestamp: epochSeconds(event.timestamp) })),
        nextToken,
      };
    },

    SendTaskSuccess: (input: { taskToken?: unknown; output?: unknown }) => {
      const token = requireString(input.taskToken, 'taskToken');
      parseJsonText(input.output, 'InvalidOutput', 'output');
      tokens.succeed(token, JSON.parse(input.output as string));
      return {};
    },

    SendTaskFailure: (input: { taskToken?: unknown; error?: unknown; cause?: unknown }) => {
      const token = requireString(input.taskToken, 'taskToken');
      const error = typeof input.error === 'string' ? input.error : '';
      const cause = typeof input.cause === 'string' ? input.cause : '';
      if (error.length > 256 || cause.length > 32_768) {
        throw new AwsServiceError('ValidationException', 'error or cause is too long');
      }
      tokens.fail(token, error, cause);
      return {};
    },

    SendTaskHeartbeat: (input: { taskToken?: unknown }) => {
      tokens.heartbeat(requireString(input.taskToken, 'taskToken'));
      return {};
    },

    DescribeStateMachine: (input: { stateMachineArn?: unknown }) => {
      const machine = machineFor(input.stateMachineArn);
      return {
        stateMachineArn: machine.arn,
        name: machine.source.name,
        status: 'ACTIVE',
        definition: JSON.stringify(definitionOf(machine).runnable),
        roleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/${machine.source.name}-role`,
        type: 'STANDARD',
        creationDate: epochSeconds(machine.createdAt),
      };
    },

    ListStateMachines: () => ({
      stateMachines: [...machines.values()].map((m) => ({
        stateMachineArn: m.arn,
        name: m.source.name,
        type: 'STANDARD',
        creationDate: epochSeconds(m.createdAt),
      })),
    }),
  };

  const server = await startAwsJsonServer({
    port: options.port,
    targetPrefix: 'AWSStepFunctions',
    jsonVersion: '1.0',
    operations,
    onInternalError: (error, operation) =>
      console.error(`[local step functions] ${operation} failed:`, error),
  });

  const waitUntil = async <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  return {
    url: server.url,
    port: server.port,
    stateMachineArn,
    waitForExecution: async (executionArn, timeoutMs = 10_000) => {
      const execution = await waitUntil(
        () => executions.get(executionArn),
        timeoutMs,
        `execution ${executionArn}`,
      );
      await withinTimeLimit(
        execution.done,
        timeoutMs,
        () => new Error(`Execution ${executionArn} still ${execution.status} after ${timeoutMs} ms`),
      );
      return describe(execution);
    },
    waitForTaskToken: (executionArn, { stateName, timeoutMs = 10_000 } = {}) =>
      waitUntil(
        () =>
          executions
            .get(executionArn)
            ?.pendingTaskTokens()
            .find((task) => stateName === undefined || task.stateName === stateName)?.token,
        timeoutMs,
        `a task token of ${executionArn}${stateName ? ` in ${stateName}` : ''}`,
      ),
    stop: async () => {
      for (const execution of executions.values())
        execution.stop('States.Runtime', 'The local Step Functions stopped');
      await Promise.allSettled([...executions.values()].map((e) => e.done));
      await server.close();
    },
  };
}
