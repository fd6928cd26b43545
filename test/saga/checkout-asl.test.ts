// The checkout state machine as a document: valid ASL once substituted, every task bounded by a
// timeout, business failures never retried, every failure caught into compensation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
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

  it('never retries a business failure and catches every failure into compensation', () => {
    for (const [name, state] of tasks) {
      const retries = state.Retry as { ErrorEquals: string[]; MaxAttempts?: number }[];
      const firstMatch = (error: string) =>
        retries.find((r) => r.ErrorEquals.includes(error) || r.ErrorEquals.includes('States.ALL'));
      for (const business of ['InsufficientStockError', 'PaymentMismatchError', 'OrderCancelled']) {
        const rule = firstMatch(business);
        if (rule) expect(rule.MaxAttempts, `${name} retries ${business}`).toBe(0);
      }
      const catches = state.Catch as { ErrorEquals: string[]; Next: string }[];
      expect(
        catches.some((c) => c.ErrorEquals.includes('States.ALL')),
        name,
      ).toBe(true);
    }
    expect(
      firstRetryFor('CreatePaymentOrder', 'PaymentProviderUnavailableError')?.MaxAttempts,
    ).toBeGreaterThan(0);
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

function firstRetryFor(stateName: string, error: string) {
  const retries = definition.States[stateName]!.Retry as { ErrorEquals: string[]; MaxAttempts?: number }[];
  return retries.find((r) => r.ErrorEquals.includes(error));
}
