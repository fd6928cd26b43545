// The local Step Functions endpoint, driven by the real @aws-sdk/client-sfn over fixture state
// machines and fixture handlers (not the checkout saga).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidExecutionInput,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countStateTransitions,
  type StepFunctionsLocal,
  startStepFunctionsLocal,
} from '../../local/emulators/step-functions';
import { useLocalAws } from '../../local/lambda-environment';
import { PROJECT_ROOT } from '../../local/lambda-runtime';
import { callCounts } from '../fixtures/sfn/functions/fixture-error';

const fixture = (name: string) => resolve(PROJECT_ROOT, 'test/fixtures/sfn', name);
const fixtureFunction = (name: string) => ({ handler: `test/fixtures/sfn/functions/${name}.ts` });

let sfn: StepFunctionsLocal;
let client: SFNClient;
const lateDir = mkdtempSync(join(tmpdir(), 'sfn-late-'));
const lateFile = join(lateDir, 'late.asl.json');

beforeAll(async () => {
  sfn = await startStepFunctionsLocal({
    port: 0,
    stateMachines: [
      { name: 'basic', definitionFile: fixture('basic.asl.json') },
      { name: 'catch', definitionFile: fixture('catch.asl.json') },
      { name: 'retry', definitionFile: fixture('retry.asl.json') },
      { name: 'await-payment', definitionFile: fixture('await-payment.asl.json') },
      { name: 'await-fixed-timeout', definitionFile: fixture('await-fixed-timeout.asl.json') },
      { name: 'missing-function', definitionFile: fixture('missing-function.asl.json') },
      { name: 'late', definitionFile: lateFile },
    ],
    functions: {
      add: fixtureFunction('add'),
      fail: fixtureFunction('fail'),
      flaky: fixtureFunction('flaky'),
      awaitCallback: fixtureFunction('await-callback'),
    },
    // Retry intervals of seconds become milliseconds.
    retryDelayScale: 0.001,
  });
  // The fixture handler that answers inline uses a bare SFNClient, as the real handlers do.
  useLocalAws({ sfn: sfn.url });
  client = new SFNClient({});
});

afterAll(async () => {
  await sfn?.stop();
  rmSync(lateDir, { recursive: true, force: true });
});

const start = async (machine: string, input: unknown, name: string = randomUUID()) => {
  const { executionArn } = await client.send(
    new StartExecutionCommand({
      stateMachineArn: sfn.stateMachineArn(machine),
      name,
      input: JSON.stringify(input),
    }),
  );
  return executionArn!;
};

const finished = async (executionArn: string) => {
  await sfn.waitForExecution(executionArn);
  return client.send(new DescribeExecutionCommand({ executionArn }));
};

const history = async (executionArn: string) =>
  (await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];

describe('StartExecution / DescribeExecution', () => {
  it('runs a direct Lambda task and a Pass state to success', async () => {
    const executionArn = await start('basic', { x: 2, y: 40 }, 'order-basic-1');
    expect(executionArn).toBe(
      `arn:aws:states:${process.env.AWS_REGION}:000000000000:execution:basic:order-basic-1`,
    );
    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({ total: 42, execution: 'order-basic-1' });
    expect(execution.startDate).toBeInstanceOf(Date);
    expect(execution.stopDate!.getTime()).toBeGreaterThanOrEqual(execution.startDate!.getTime());
  });

  it('records the history in AWS event types, and counts state transitions from it', async () => {
    const executionArn = await start('basic', { x: 1, y: 1 });
    await finished(executionArn);
    const events = await history(executionArn);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[2]!.lambdaFunctionScheduledEventDetails?.input).toBe(JSON.stringify({ a: 1, b: 1 }));
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(countStateTransitions(events)).toBe(2);
  });

  it('refuses a second start under the same name, unless it is the same running execution', async () => {
    const name = `order-${randomUUID()}`;
    const input = { orderId: name, mode: 'wait', timeoutSeconds: 30 };
    const first = await start('await-payment', input, name);
    // AWS's idempotent start: same name, same input, still running → the same execution.
    expect(await start('await-payment', input, name)).toBe(first);
    await expect(start('await-payment', { ...input, mode: 'other' }, name)).rejects.toBeInstanceOf(
      ExecutionAlreadyExists,
    );
    await client.send(new StopExecutionCommand({ executionArn: first }));
    // Closed: even the same input is refused now.
    await expect(start('await-payment', input, name)).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('answers unknown machines and executions, and bad input, with the named AWS errors', async () => {
    await expect(start('no-such-machine', {})).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(
      client.send(
        new StartExecutionCommand({ stateMachineArn: sfn.stateMachineArn('basic'), input: '{not json' }),
      ),
    ).rejects.toBeInstanceOf(InvalidExecutionInput);
    await expect(
      client.send(
        new DescribeExecutionCommand({
          executionArn: `arn:aws:states:${process.env.AWS_REGION}:000000000000:execution:basic:nope`,
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(start('basic', {}, 'has spaces')).rejects.toMatchObject({ name: 'InvalidName' });
  });

  it('reads a definition file that appears after the endpoint started', async () => {
    await expect(start('late', {})).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    writeFileSync(
      lateFile,
      JSON.stringify({ StartAt: 'Hello', States: { Hello: { Type: 'Pass', Result: 'hi', End: true } } }),
    );
    const execution = await finished(await start('late', {}));
    expect(execution.output).toBe('"hi"');
  });
});

describe('Task errors, Retry and Catch', () => {
  it('catches a named error thrown by the handler into the compensation path', async () => {
    const execution = await finished(
      await start('catch', { errorName: 'InsufficientStockError', message: 'only 2 left of p1' }),
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({
      status: 'REJECTED',
      failure: { Error: 'InsufficientStockError', Cause: 'only 2 left of p1' },
    });
  });

  it('fails the execution with the error name and message when nothing catches it', async () => {
    const executionArn = await start('catch', { errorName: 'TableMissingError', message: 'no table' });
    const execution = await finished(executionArn);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'TableMissingError', cause: 'no table' });
    const types = (await history(executionArn)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['LambdaFunctionFailed', 'ExecutionFailed']);
  });

  it('retries a provider outage with (scaled) backoff until it succeeds, and counts the retries', async () => {
    const key = randomUUID();
    const executionArn = await start('retry', { key, failures: 2 });
    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(callCounts.get(key)).toBe(3);
    const events = await history(executionArn);
    expect(events.filter((e) => e.type === 'TaskScheduled')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails?.error)).toEqual(
      ['PaymentProviderUnavailableError', 'PaymentProviderUnavailableError'],
    );
    // Two states entered, two retries.
    expect(countStateTransitions(events)).toBe(4);
  });

  it('gives up after MaxAttempts retries', async () => {
    const key = randomUUID();
    const execution = await finished(await start('retry', { key, failures: 10 }));
    expect(execution).toMatchObject({ status: 'FAILED', error: 'PaymentProviderUnavailableError' });
    expect(callCounts.get(key)).toBe(4);
  });

  it('fails the task with Lambda.ResourceNotFoundException when the function is not declared', async () => {
    const execution = await finished(await start('missing-function', {}));
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
  });
});

describe('waitForTaskToken', () => {
  const awaitPayment = (orderId: string, mode = 'wait', timeoutSeconds = 30) =>
    start('await-payment', { orderId, mode, timeoutSeconds });

  it('invokes the handler with the token and resumes on SendTaskSuccess', async () => {
    const executionArn = await awaitPayment('o-1');
    const token = await sfn.waitForTaskToken(executionArn, { stateName: 'AwaitPayment' });
    await client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    expect((await client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await client.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ paymentId: 'pay_1' }) }),
    );
    const execution = await finished(executionArn);
    expect(JSON.parse(execution.output!)).toEqual({ status: 'PAID', payment: { paymentId: 'pay_1' } });
    const types = (await history(executionArn)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']),
    );
    // The task is closed: its token is refused like AWS refuses it.
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('accepts SendTaskSuccess sent by the handler itself before its invocation returns', async () => {
    const execution = await finished(await awaitPayment('o-inline', 'inline'));
    expect(JSON.parse(execution.output!)).toEqual({ status: 'PAID', payment: { paidInline: 'o-inline' } });
  });

  it('routes SendTaskFailure to the Catch for its error name', async () => {
    const executionArn = await awaitPayment('o-2');
    const token = await sfn.waitForTaskToken(executionArn);
    await client.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'PaymentFailed', cause: 'card declined' }),
    );
    const execution = await finished(executionArn);
    expect(JSON.parse(execution.output!)).toEqual({
      status: 'DECLINED',
      error: { Error: 'PaymentFailed', Cause: 'card declined' },
    });
  });

  it('fails the task when the handler invocation itself fails', async () => {
    const execution = await finished(await awaitPayment('o-3', 'throw'));
    expect(execution).toMatchObject({
      status: 'FAILED',
      error: 'PaymentSetupError',
      cause: 'cannot set up payment for o-3',
    });
  });

  it('times out by TimeoutSecondsPath; the retry gets a fresh token, the old one is refused', async () => {
    const executionArn = await awaitPayment('o-4', 'wait', 1);
    const first = await sfn.waitForTaskToken(executionArn);
    // Once the first attempt times out, the retry's token is the pending one.
    let second = first;
    while (second === first) {
      await new Promise((r) => setTimeout(r, 20));
      second = await sfn.waitForTaskToken(executionArn, { timeoutMs: 5000 });
    }
    expect(second).not.toBe(first);
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: first, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    await client.send(
      new SendTaskSuccessCommand({ taskToken: second, output: JSON.stringify({ late: true }) }),
    );
    const execution = await finished(executionArn);
    expect(JSON.parse(execution.output!)).toEqual({ status: 'PAID', payment: { late: true } });
    const types = (await history(executionArn)).map((e) => e.type);
    expect(types.filter((t) => t === 'TaskTimedOut')).toHaveLength(1);
  });

  it('times out by TimeoutSeconds into a States.Timeout Catch (not States.TaskFailed)', async () => {
    const execution = await finished(await start('await-fixed-timeout', { orderId: 'o-5' }));
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toMatchObject({
      status: 'EXPIRED',
      error: { Error: 'States.Timeout' },
    });
  });

  it('answers unknown and malformed tokens with TaskDoesNotExist / InvalidToken', async () => {
    const wellFormed = `local-task.${'A'.repeat(43)}`;
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: wellFormed, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(
      client.send(new SendTaskFailureCommand({ taskToken: 'garbage', error: 'X' })),
    ).rejects.toBeInstanceOf(InvalidToken);
    await expect(client.send(new SendTaskHeartbeatCommand({ taskToken: wellFormed }))).rejects.toBeInstanceOf(
      TaskDoesNotExist,
    );
  });

  it('StopExecution aborts a waiting execution, closes its token, and ListExecutions filters by status', async () => {
    const executionArn = await awaitPayment(`o-stop-${randomUUID()}`);
    const token = await sfn.waitForTaskToken(executionArn);
    await client.send(
      new StopExecutionCommand({ executionArn, error: 'OrderCancelled', cause: 'by shopper' }),
    );
    const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution).toMatchObject({ status: 'ABORTED', error: 'OrderCancelled', cause: 'by shopper' });
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    const aborted = await client.send(
      new ListExecutionsCommand({
        stateMachineArn: sfn.stateMachineArn('await-payment'),
        statusFilter: 'ABORTED',
      }),
    );
    expect(aborted.executions?.map((e) => e.executionArn)).toContain(executionArn);
    expect(aborted.executions?.every((e) => e.status === 'ABORTED')).toBe(true);
    expect((await history(executionArn)).at(-1)?.type).toBe('ExecutionAborted');
  });
});
