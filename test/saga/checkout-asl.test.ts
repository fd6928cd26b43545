// The checkout state machine as a document: valid ASL once substituted, every task bounded by a
// timeout, business outcomes routed by Choice states (never thrown, so never retried or counted as
// Lambda errors), AWS's Lambda failure names retried, a paid order waiting out a long outage, and
// every error caught into compensation.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functions } from '../../contract/functions';
import {
  DEFAULT_POST_PAYMENT_RETRY_MINUTES,
  jitteredWaitFloorSeconds,
  postPaymentRetrySubstitutions,
} from '../../contract/post-payment-retry';

const require = createRequire(import.meta.url);
const validate = require('asl-validator') as (
  definition: unknown,
  options?: { checkPaths: boolean; checkArn: boolean },
) => { isValid: boolean; errors: unknown[] };

const text = readFileSync(resolve(import.meta.dirname, '../../statemachines/checkout.asl.json'), 'utf8');
const placeholders = [...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!);
// As deployed by default: CDK substitutes the function ARNs and the post-payment retry budget.
const retryBudget = postPaymentRetrySubstitutions(DEFAULT_POST_PAYMENT_RETRY_MINUTES);
const substituted = text
  .replace(
    /\$\{(\w+)FunctionArn\}/g,
    (_, name: string) => `arn:aws:lambda:ap-south-1:123456789012:function:${name}`,
  )
  .replace(/\$\{(PostPaymentRetry\w+)\}/g, (_, key: string) => retryBudget[key]!);
const definition = JSON.parse(substituted) as {
  StartAt: string;
  States: Record<string, Record<string, any>>;
};
const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');

/**
 * What the domain throws for a business outcome; the task edge (stepOutcome) returns it as
 * `{ outcome: 'failed', Error }`, so the state machine sees a result, never this error.
 */
const BUSINESS_OUTCOMES = [
  'InsufficientStockError',
  'OrderCancelled',
  'PaymentMismatchError',
  'PaymentNotCapturedError',
  'PaymentProviderRejectedError',
];
/** Cannot happen unless something is broken: a Lambda error (alarmed), never retried, caught. */
const BROKEN_STATE = ['StockMovementRefusedError', 'OrderNotFoundError', 'UnexpectedOrderStateError'];
/** How AWS reports a Lambda that timed out, crashed or was not reached (not States.Timeout). */
const LAMBDA_FAILURES = [
  'Sandbox.Timedout',
  'Lambda.Unknown',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];
/** Worth another attempt: contention, a bus that refused, a batch write DynamoDB left unfinished. */
const TRANSIENT_ERRORS = ['StockContentionError', 'EventPublishFailedError', 'UnprocessedBatchError'];
/** An AWS SDK call whose dependency hung through all its attempts (functions/core/aws-client-config.ts). */
const SDK_TIMED_OUT = 'TimeoutError';
const PROVIDER_DOWN = 'PaymentProviderUnavailableError';
/**
 * Not outcomes of the order but of the saga itself, retried by compensation's States.ALL rule like
 * any other: a guarded write that lost to a concurrent one (the retry re-reads the order), and a
 * malformed task input (only a broken state machine sends one).
 */
const SAGA_PLUMBING = ['OrderChangeRefusedError', 'InvalidTaskInputError'];
/** Caught where they are thrown (a guard already done) or answered by the HTTP edge. */
const HANDLED_BEFORE_THE_SAGA = ['GuardConditionFailedError', 'AppError'];
/** Thrown by event consumers (and HTTP routes), never by a saga task: the notifier's "another
 *  delivery is sending", a rider's availability or release that kept losing races to their order. */
const EVENT_CONSUMERS_ONLY = ['SendInProgressError', 'KeptRacingError'];

describe('statemachines/checkout.asl.json', () => {
  it('is valid ASL once its placeholders are substituted', () => {
    const result = validate(definition, { checkPaths: true, checkArn: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('names only functions declared in contract/functions.ts, besides the retry budget', () => {
    expect(placeholders.length).toBeGreaterThan(0);
    for (const placeholder of placeholders) {
      if (placeholder in retryBudget) continue;
      expect(placeholder).toMatch(/FunctionArn$/);
      expect(Object.keys(functions)).toContain(placeholder.replace(/FunctionArn$/, ''));
    }
  });

  it('bounds every task with a timeout and comments every state', () => {
    for (const [name, state] of Object.entries(definition.States)) {
      expect(state.Comment, name).toBeTruthy();
    }
    for (const [name, state] of tasks) {
      expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, name).toBeDefined();
    }
    expect(definition.States.AwaitPayment!.TimeoutSecondsPath).toBe('$.paymentWindowSeconds');
  });

  it('knows every error the code declares as business, transient or never leaving its module', () => {
    expect(new Set(declaredErrorNames())).toEqual(
      new Set([
        ...BUSINESS_OUTCOMES,
        ...BROKEN_STATE,
        ...TRANSIENT_ERRORS,
        PROVIDER_DOWN,
        ...SAGA_PLUMBING,
        ...HANDLED_BEFORE_THE_SAGA,
        ...EVENT_CONSUMERS_ONLY,
      ]),
    );
  });

  it('routes business outcomes with Choice states instead of Retry or Catch', () => {
    for (const [name, state] of tasks) {
      for (const business of BUSINESS_OUTCOMES) {
        const named = [...(state.Retry ?? []), ...(state.Catch ?? [])].some((r: Rule) =>
          r.ErrorEquals.includes(business),
        );
        expect(named, `${name} names ${business}: it is a result, not an error`).toBe(false);
      }
      for (const broken of BROKEN_STATE) {
        const rule = firstMatching(state.Retry, broken);
        if (rule) expect(rule.MaxAttempts ?? 3, `${name} retries ${broken}`).toBe(0);
      }
      expect(
        (state.Catch as Rule[]).some((c) => c.ErrorEquals.includes('States.ALL')),
        name,
      ).toBe(true);
    }
    // Each step that can end the checkout is followed by a Choice sending `failed` to compensation.
    for (const step of ['ReserveStock', 'CreatePaymentOrder', 'VerifyPayment']) {
      const task = definition.States[step]!;
      expect(task.ResultPath, step).toBe('$.step');
      const choice = definition.States[task.Next]!;
      expect(choice.Type, step).toBe('Choice');
      const failed = choice.Choices.find(
        (c: { Variable: string; StringEquals: string }) =>
          c.Variable === '$.step.outcome' && c.StringEquals === 'failed',
      );
      expect(['RefundPayment', 'CloseOrder'], step).toContain(failed?.Next);
    }
    // A payment Razorpay does not know sends the order back to waiting for a real one.
    const verified = definition.States[definition.States.VerifyPayment!.Next]!;
    expect(
      verified.Choices.find((c: { StringEquals: string }) => c.StringEquals === 'paymentUnknown')?.Next,
    ).toBe('AwaitPayment');
  });

  it("retries AWS's Lambda failure names on every task", () => {
    for (const [name, state] of tasks) {
      for (const failure of LAMBDA_FAILURES) {
        expect(
          firstMatching(state.Retry, failure)?.MaxAttempts ?? 0,
          `${name} retries ${failure}`,
        ).toBeGreaterThan(0);
      }
    }
  });

  it('makes a paid order wait out a Razorpay outage of at least 30 minutes, never fail on it', () => {
    for (const step of ['VerifyPayment', 'RefundPayment']) {
      const rule = firstMatching(definition.States[step]!.Retry, PROVIDER_DOWN);
      expect(retryBudgetSeconds(rule!), step).toBeGreaterThanOrEqual(30 * 60);
    }
    // Every other retry after payment (a Lambda that timed out, throttling, contention) too.
    for (const step of ['VerifyPayment', 'ConfirmOrder', 'RefundPayment', 'ReleaseStock', 'CloseOrder']) {
      for (const failure of [...LAMBDA_FAILURES, ...TRANSIENT_ERRORS]) {
        const rule = firstMatching(definition.States[step]!.Retry, failure);
        expect(retryBudgetSeconds(rule!), `${step} ${failure}`).toBeGreaterThanOrEqual(30 * 60);
      }
    }
    // Before payment an outage ends the checkout quickly: a couple of tries at most.
    const beforePayment = firstMatching(definition.States.CreatePaymentOrder!.Retry, PROVIDER_DOWN);
    expect(retryBudgetSeconds(beforePayment!)).toBeLessThan(10);
  });

  it('retries the transient failures on every step a Lambda function runs', () => {
    const lambdaSteps = tasks.filter(([, state]) => !String(state.Resource).endsWith('.waitForTaskToken'));
    expect(lambdaSteps.length).toBe(tasks.length - 1);
    for (const [name, state] of lambdaSteps) {
      for (const transient of [...TRANSIENT_ERRORS, SDK_TIMED_OUT]) {
        const rule = firstMatching(state.Retry, transient);
        expect(rule?.MaxAttempts ?? 0, `${name} retries ${transient}`).toBeGreaterThan(0);
      }
    }
  });

  it('keeps the happy path to five tasks', () => {
    const path: string[] = [];
    for (let name: string | undefined = definition.StartAt; name; ) {
      const state: Record<string, any> = definition.States[name]!;
      if (state.Type === 'Task') path.push(name);
      name = state.Type === 'Choice' ? state.Default : state.Next;
    }
    expect(path).toEqual([
      'ReserveStock',
      'CreatePaymentOrder',
      'AwaitPayment',
      'VerifyPayment',
      'ConfirmOrder',
    ]);
  });
});

interface Rule {
  ErrorEquals: string[];
  MaxAttempts?: number;
  IntervalSeconds?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: string;
}

/**
 * The least total wait a Retry rule gives before it gives up: without jitter the sum of its delays;
 * with FULL jitter (each delay a random share) what it waits at least 49 times in 50.
 */
function retryBudgetSeconds(rule: Rule): number {
  const numbers = {
    IntervalSeconds: rule.IntervalSeconds ?? 1,
    BackoffRate: rule.BackoffRate ?? 2,
    MaxDelaySeconds: rule.MaxDelaySeconds ?? Number.POSITIVE_INFINITY,
    MaxAttempts: rule.MaxAttempts ?? 3,
  };
  if (rule.JitterStrategy === 'FULL') return jitteredWaitFloorSeconds(numbers);
  let total = 0;
  let delay = numbers.IntervalSeconds;
  for (let attempt = 0; attempt < numbers.MaxAttempts; attempt++) {
    total += Math.min(delay, numbers.MaxDelaySeconds);
    delay *= numbers.BackoffRate;
  }
  return total;
}

/** The rule Step Functions would apply to `error`: the first naming it or a wildcard that covers it. */
function firstMatching(rules: Rule[] | undefined, error: string): Rule | undefined {
  const wildcards = error === 'States.Timeout' ? ['States.ALL'] : ['States.ALL', 'States.TaskFailed'];
  return (rules ?? []).find((r) => r.ErrorEquals.some((e) => e === error || wildcards.includes(e)));
}

/** `name = '…'` of every Error class under functions/ (read as text, wherever the files move). */
function declaredErrorNames(): string[] {
  const root = resolve(import.meta.dirname, '../../functions');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return files.flatMap((file) =>
    [...readFileSync(join(root, file), 'utf8').matchAll(/(?:override name|this\.name) = '(\w+)'/g)].map(
      (m) => m[1]!,
    ),
  );
}
