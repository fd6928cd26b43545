// The local runtime enforces a function's declared timeout as Lambda does, and reports it under
// AWS's name, so the saga's Retry on `Sandbox.Timedout` is exercised here too.
import { describe, expect, it } from 'vitest';
import { FunctionError, invokeLocalFunction } from '../../local/emulators/local-functions';

const table = { slow: { handler: 'test/fixtures/sfn/functions/slow.ts', timeoutSeconds: 1 } };

describe('local function timeouts', () => {
  it('answers a function that finishes within its timeout', async () => {
    await expect(invokeLocalFunction(table, 'slow', { ms: 10 })).resolves.toEqual({ took: 10 });
  });

  it('fails one that outlives it with Sandbox.Timedout', async () => {
    const failure: Error = (await invokeLocalFunction(table, 'slow', { ms: 3000 }).catch(
      (error: Error) => error,
    )) as Error;
    expect(failure).toBeInstanceOf(FunctionError);
    expect(failure.name).toBe('Sandbox.Timedout');
    expect(failure.message).toMatch(/timed out after 1\.00 seconds/);
  });
});
