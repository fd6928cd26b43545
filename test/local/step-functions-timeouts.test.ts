// A Task that hangs ends locally as it ends in AWS: at its state's TimeoutSeconds with
// States.Timeout (LambdaFunctionTimedOut / TaskTimedOut in the history), or at its function's own
// timeout with Sandbox.Timedout, whichever comes first; Retry and Catch then apply, and a hung
// attempt's late answer is dropped. Checked on tiny machines and on the checkout saga's own
// VerifyPayment state (its Retry and Catch as deployed).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  DEFAULT_POST_PAYMENT_RETRY_MINUTES,
  postPaymentRetrySubstitutions,
} from '../../contract/post-payment-retry';
import { type StepFunctionsLocal, startStepFunctionsLocal } from '../../local/emulators/step-functions';
import { useLocalAws } from '../../local/lambda-environment';
import { PROJECT_ROOT } from '../../local/lambda-runtime';
import { callCounts } from '../fixtures/sfn/functions/fixture-error';
import { lateAnswers, taskTokensSeen } from '../fixtures/sfn/functions/hang';

const HANG = 'test/fixtures/sfn/functions/hang.ts';
/** The `${<name>FunctionArn}` placeholder the emulator fills, as CDK does. */
const functionArn = (name: string) => `\${${name}FunctionArn}`;
const dir = mkdtempSync(join(tmpdir(), 'sfn-timeouts-'));

type Kind = 'lambda' | 'invoke';

/** One Task with TimeoutSeconds 1 calling `hang` (function timeout 5 s), retried once on States.Timeout. */
function hangMachine(kind: Kind) {
  const call =
    kind === 'lambda'
      ? { Resource: functionArn('hang') }
      : {
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: functionArn('hang'), 'Payload.$': '$' },
          ResultSelector: { 'outcome.$': '$.Payload.outcome', 'call.$': '$.Payload.call' },
        };
  return {
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        ...call,
        TimeoutSeconds: 1,
        ResultPath: '$.result',
        Retry: [
          // First match wins: if States.TaskFailed matched a timeout, nothing would be retried.
          { ErrorEquals: ['States.TaskFailed'], MaxAttempts: 0 },
          { ErrorEquals: ['States.Timeout'], MaxAttempts: 1, IntervalSeconds: 1 },
        ],
        Catch: [
          { ErrorEquals: ['States.TaskFailed'], Next: 'WrongCatcher' },
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Expired' },
        ],
        Next: 'Done',
      },
      Done: { Type: 'Pass', Parameters: { status: 'DONE', 'result.$': '$.result' }, End: true },
      Expired: { Type: 'Pass', Parameters: { status: 'EXPIRED', 'error.$': '$.error' }, End: true },
      WrongCatcher: { Type: 'Fail', Error: 'WrongCatcher' },
    },
  };
}

/** A waitForTaskToken Task whose invocation hangs, its timeout from the input (TimeoutSecondsPath). */
const hangingCallbackMachine = {
  StartAt: 'Await',
  States: {
    Await: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: functionArn('hang'),
        Payload: { 'key.$': '$.key', 'hangs.$': '$.hangs', 'taskToken.$': '$$.Task.Token' },
      },
      TimeoutSecondsPath: '$.timeoutSeconds',
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Expired' }],
      End: true,
    },
    Expired: { Type: 'Pass', Parameters: { status: 'EXPIRED', 'error.$': '$.error' }, End: true },
  },
};

/** A waitForTaskToken Task nobody completes in time (1 s), retried once on States.Timeout. */
const retriedCallbackMachine = {
  StartAt: 'Await',
  States: {
    Await: {
      ...hangingCallbackMachine.States.Await,
      TimeoutSecondsPath: undefined,
      TimeoutSeconds: 1,
      Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 1, IntervalSeconds: 1 }],
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Expired' }],
    },
    Expired: hangingCallbackMachine.States.Expired,
  },
};

/**
 * The saga's VerifyPayment state as deployed (its Retry and Catch, the default post-payment budget),
 * calling `functionName` instead, its TimeoutSeconds optionally shortened, between two Pass states.
 */
function verifyPaymentMachine(functionName: string, timeoutSeconds?: number) {
  let text = readFileSync(resolve(PROJECT_ROOT, 'statemachines/checkout.asl.json'), 'utf8');
  for (const [key, value] of Object.entries(
    postPaymentRetrySubstitutions(DEFAULT_POST_PAYMENT_RETRY_MINUTES),
  )) {
    text = text.split(`\${${key}}`).join(value);
  }
  const verify = JSON.parse(text).States.VerifyPayment;
  return {
    StartAt: 'VerifyPayment',
    States: {
      VerifyPayment: {
        ...verify,
        Resource: functionArn(functionName),
        Parameters: { 'key.$': '$.key', 'hangs.$': '$.hangs' },
        ...(timeoutSeconds === undefined ? {} : { TimeoutSeconds: timeoutSeconds }),
        Catch: verify.Catch.map((catcher: object) => ({ ...catcher, Next: 'Compensate' })),
        Next: 'Done',
      },
      Done: { Type: 'Pass', Parameters: { status: 'DONE', 'step.$': '$.step' }, End: true },
      Compensate: { Type: 'Pass', Parameters: { status: 'COMPENSATE', 'failure.$': '$.failure' }, End: true },
    },
  };
}

const machines: Record<string, object> = {
  'hang-lambda': hangMachine('lambda'),
  'hang-invoke': hangMachine('invoke'),
  'hang-callback': hangingCallbackMachine,
  'retried-callback': retriedCallbackMachine,
  // Past its state's TimeoutSeconds (shortened to 1 s) before its function's 5 s.
  'verify-state-timeout': verifyPaymentMachine('hang', 1),
  // Past its function's timeout (1 s) well before its state's 30 s.
  'verify-function-timeout': verifyPaymentMachine('hangShort'),
};

let sfn: StepFunctionsLocal;
let client: SFNClient;

beforeAll(async () => {
  for (const [name, definition] of Object.entries(machines))
    writeFileSync(join(dir, `${name}.asl.json`), JSON.stringify(definition));
  sfn = await startStepFunctionsLocal({
    port: 0,
    stateMachines: Object.keys(machines).map((name) => ({
      name,
      definitionFile: join(dir, `${name}.asl.json`),
    })),
    functions: {
      hang: { handler: HANG, timeoutSeconds: 5 },
      hangShort: { handler: HANG, timeoutSeconds: 1 },
    },
    // Retry intervals of seconds become milliseconds; timeouts stay real.
    retryDelayScale: 0.001,
  });
  useLocalAws({ sfn: sfn.url });
  client = new SFNClient({});
});

afterAll(async () => {
  await sfn?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (machine: string, input: Record<string, unknown>) => {
  const { executionArn } = await client.send(
    new StartExecutionCommand({
      stateMachineArn: sfn.stateMachineArn(machine),
      input: JSON.stringify(input),
    }),
  );
  return executionArn!;
};

const finished = async (executionArn: string) => {
  await sfn.waitForExecution(executionArn, 8_000);
  return client.send(new DescribeExecutionCommand({ executionArn }));
};

const historyOf = async (executionArn: string) =>
  (await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];

const until = async (check: () => boolean, what: string, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

const timedOutType = { lambda: 'LambdaFunctionTimedOut', invoke: 'TaskTimedOut' } as const;
const succeededType = { lambda: 'LambdaFunctionSucceeded', invoke: 'TaskSucceeded' } as const;

describe.concurrent.each(['lambda', 'invoke'] as const)('a %s Task that hangs', (kind) => {
  it('fails with States.Timeout at its TimeoutSeconds; Retry runs it again, then Catch takes it', async ({
    expect,
  }) => {
    const key = randomUUID();
    const executionArn = await run(`hang-${kind}`, { key, hangs: 2 });
    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({
      status: 'EXPIRED',
      error: { Error: 'States.Timeout', Cause: expect.any(String) },
    });
    expect(callCounts.get(key)).toBe(2);
    const types = (await historyOf(executionArn)).map((e) => e.type);
    expect(types.filter((t) => t === timedOutType[kind])).toHaveLength(2);
    expect(types.at(-1)).toBe('ExecutionSucceeded');
  });

  it('succeeds on the retry after one attempt timed out', async ({ expect }) => {
    const key = randomUUID();
    const executionArn = await run(`hang-${kind}`, { key, hangs: 1 });
    const execution = await finished(executionArn);
    expect(JSON.parse(execution.output!)).toEqual({ status: 'DONE', result: { outcome: 'done', call: 2 } });
    const types = (await historyOf(executionArn)).map((e) => e.type);
    expect(types.filter((t) => t === timedOutType[kind])).toHaveLength(1);
    expect(types.filter((t) => t === succeededType[kind])).toHaveLength(1);
  });

  it("drops a timed-out attempt's late answer: it neither completes the retry nor enters the history", async ({
    expect,
  }) => {
    const key = randomUUID();
    // Attempt 1 answers 0.3 s after its timeout, while attempt 2 hangs; attempt 2 answers after the end.
    const executionArn = await run(`hang-${kind}`, { key, hangs: 2, answerAfterMs: 1300 });
    const execution = await finished(executionArn);
    await until(() => lateAnswers.get(key) === 2, 'both late answers');
    // Let the late answers unwind through the emulator before reading.
    await new Promise((r) => setTimeout(r, 50));
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'SUCCEEDED', output: execution.output });
    expect(JSON.parse(execution.output!)).toMatchObject({ status: 'EXPIRED' });
    const types = (await historyOf(executionArn)).map((e) => e.type);
    expect(types.filter((t) => t === timedOutType[kind])).toHaveLength(2);
    expect(types).not.toContain(succeededType[kind]);
    expect(types.filter((t) => t?.startsWith('Execution'))).toEqual([
      'ExecutionStarted',
      'ExecutionSucceeded',
    ]);
  });
});

describe.concurrent('the saga’s VerifyPayment state (its Retry as deployed)', () => {
  it('retries an attempt that outlived its state TimeoutSeconds (States.Timeout)', async ({ expect }) => {
    const key = randomUUID();
    const executionArn = await run('verify-state-timeout', { key, hangs: 1 });
    const execution = await finished(executionArn);
    expect(JSON.parse(execution.output!)).toEqual({ status: 'DONE', step: { outcome: 'done', call: 2 } });
    const events = await historyOf(executionArn);
    expect(events.filter((e) => e.type === 'LambdaFunctionTimedOut')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'LambdaFunctionScheduled')).toHaveLength(2);
  });

  it('retries an attempt that outlived its function timeout (Sandbox.Timedout, before the state timeout)', async ({
    expect,
  }) => {
    const key = randomUUID();
    const executionArn = await run('verify-function-timeout', { key, hangs: 1 });
    const execution = await finished(executionArn);
    expect(JSON.parse(execution.output!)).toEqual({ status: 'DONE', step: { outcome: 'done', call: 2 } });
    const events = await historyOf(executionArn);
    const failed = events.filter((e) => e.type === 'LambdaFunctionFailed');
    expect(failed.map((e) => e.lambdaFunctionFailedEventDetails?.error)).toEqual(['Sandbox.Timedout']);
    expect(failed[0]!.lambdaFunctionFailedEventDetails?.cause).toMatch(/timed out after 1\.00 seconds/);
    expect(events.map((e) => e.type)).not.toContain('LambdaFunctionTimedOut');
  });
});

describe('a waitForTaskToken Task whose invocation hangs', () => {
  it('times out by TimeoutSecondsPath into its Catch and closes the token', async ({ expect }) => {
    const key = randomUUID();
    const executionArn = await run('hang-callback', { key, hangs: 1, timeoutSeconds: 1 });
    const token = await sfn.waitForTaskToken(executionArn);
    const execution = await finished(executionArn);
    expect(JSON.parse(execution.output!)).toEqual({
      status: 'EXPIRED',
      error: { Error: 'States.Timeout', Cause: expect.any(String) },
    });
    expect((await historyOf(executionArn)).map((e) => e.type)).toContain('TaskTimedOut');
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('hands a retry after a timeout a new token: the timed-out one is refused, the new one completes it', async ({
    expect,
  }) => {
    const key = randomUUID();
    const executionArn = await run('retried-callback', { key, hangs: 0 });
    const first = await sfn.waitForTaskToken(executionArn);
    await until(() => taskTokensSeen.get(key)?.length === 2, 'the retry’s invocation');
    const [handedFirst, handedRetry] = taskTokensSeen.get(key)!;
    expect(handedFirst).toBe(first);
    expect(handedRetry).not.toBe(first);
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: first, output: '{"late":true}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    await client.send(new SendTaskSuccessCommand({ taskToken: handedRetry, output: '{"paid":true}' }));
    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({ paid: true });
  });
});
