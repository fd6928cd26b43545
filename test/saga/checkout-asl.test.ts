// The checkout state machine as a document: valid ASL once substituted, every task bounded by a
// timeout, business failures never retried, every failure caught into compensation.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functions } from '../../contract/functions';

const require = createRequire(import.meta.url);
const validate = require('asl-validator') as (
  definition: unknown,
  options?: { checkPaths: boolean; checkArn: boolean },
) => { isValid: boolean; errors: unknown[] };

const text = readFileSync(resolve(import.meta.dirname, '../../statemachines/checkout.asl.json'), 'utf8');
const placeholders = [...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!);
const substituted = text.replace(
  /\$\{(\w+)FunctionArn\}/g,
  (_, name: string) => `arn:aws:lambda:ap-south-1:123456789012:function:${name}`,
);
const definition = JSON.parse(substituted) as {
  StartAt: string;
  States: Record<string, Record<string, any>>;
};
const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');

/** What the domain throws for a business outcome: retrying cannot change it. */
const BUSINESS_ERRORS = [
  'InsufficientStockError',
  'StockMovementRefusedError',
  'OrderCancelled',
  'OrderNotFoundError',
  'PaymentMismatchError',
  'PaymentNotCapturedError',
  'PaymentProviderRejectedError',
  'UnexpectedOrderStateError',
];
/** Worth another attempt: contention, a bus that refused, Razorpay down. */
const TRANSIENT_ERRORS = ['StockContentionError', 'EventPublishFailedError', 'UnprocessedBatchError'];
const PROVIDER_DOWN = 'PaymentProviderUnavailableError';
/**
 * Not outcomes of the order but of the saga itself, retried by compensation's States.ALL rule like
 * any other: a guarded write that lost to a concurrent one (the retry re-reads the order), and a
 * malformed task input (only a broken state machine sends one).
 */
const SAGA_PLUMBING = ['OrderChangeRefusedError', 'InvalidTaskInputError'];
/** Caught where they are thrown (a guard already done) or answered by the HTTP edge. */
const HANDLED_BEFORE_THE_SAGA = ['GuardConditionFailedError', 'AppError'];

describe('statemachines/checkout.asl.json', () => {
  it('is valid ASL once its placeholders are substituted', () => {
    const result = validate(definition, { checkPaths: true, checkArn: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('names only functions declared in contract/functions.ts', () => {
    expect(placeholders.length).toBeGreaterThan(0);
    for (const placeholder of placeholders) {
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
        ...BUSINESS_ERRORS,
        ...TRANSIENT_ERRORS,
        PROVIDER_DOWN,
        ...SAGA_PLUMBING,
        ...HANDLED_BEFORE_THE_SAGA,
      ]),
    );
  });

  it('never retries a business failure and catches each one into compensation', () => {
    for (const [name, state] of tasks) {
      for (const business of BUSINESS_ERRORS) {
        // Step Functions applies the first Retry that matches; MaxAttempts defaults to 3.
        const rule = firstMatching(state.Retry, business);
        if (rule) expect(rule.MaxAttempts ?? 3, `${name} retries ${business}`).toBe(0);
        expect(firstMatching(state.Catch, business), `${name} catches ${business}`).toBeDefined();
      }
      expect(
        (state.Catch as Rule[]).some((c) => c.ErrorEquals.includes('States.ALL')),
        name,
      ).toBe(true);
    }
    expect(
      firstMatching(definition.States.CreatePaymentOrder!.Retry, PROVIDER_DOWN)?.MaxAttempts,
    ).toBeGreaterThan(0);
  });

  it('retries the transient failures on every step a Lambda function runs', () => {
    const lambdaSteps = tasks.filter(([, state]) => !String(state.Resource).endsWith('.waitForTaskToken'));
    expect(lambdaSteps.length).toBe(tasks.length - 1);
    for (const [name, state] of lambdaSteps) {
      for (const transient of TRANSIENT_ERRORS) {
        const rule = firstMatching(state.Retry, transient);
        expect(rule?.MaxAttempts ?? 0, `${name} retries ${transient}`).toBeGreaterThan(0);
      }
    }
  });

  it('keeps the happy path to five states', () => {
    const path: string[] = [];
    for (let name: string | undefined = definition.StartAt; name; name = definition.States[name]!.Next) {
      path.push(name);
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
