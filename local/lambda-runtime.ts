// Loads a handler module the way Lambda would (by its entry file) and gives it a context. Each call
// of a declared function's handler runs with that function's own environment (runAsFunction).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { withinTimeLimit } from '../functions/core/time-limit';
import { functionNameOf, runAsFunction } from './lambda-environment';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

// biome-ignore lint/suspicious/noExplicitAny: handlers have many event shapes
export type LambdaHandler = (event: any, context: Context) => Promise<any>;

const loaded = new Map<string, Promise<LambdaHandler>>();

/** Told of each invocation of a declared function when it ends: its name and wall-clock ms. */
export type InvocationObserver = (functionName: string, ms: number) => void;
const observers = new Set<InvocationObserver>();
const invocationScope = new AsyncLocalStorage<string>();

/** The declared function whose invocation is running here (only while someone observes them). */
export const currentInvocation = (): string | undefined => invocationScope.getStore();

/** For benches that count invocations (bench/cost.ts); returns the unsubscribe. */
export function observeInvocations(observer: InvocationObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

async function observed(name: string, run: () => Promise<unknown>) {
  if (observers.size === 0) return run();
  const started = performance.now();
  try {
    return await invocationScope.run(name, run);
  } finally {
    const ms = performance.now() - started;
    for (const observer of observers) observer(name, ms);
  }
}

export function loadHandler(entry: string, exportName = 'handler'): Promise<LambdaHandler> {
  const key = `${entry}#${exportName}`;
  let handler = loaded.get(key);
  if (!handler) {
    handler = import(pathToFileURL(resolve(PROJECT_ROOT, entry)).href).then((mod) => {
      const fn = mod[exportName];
      if (typeof fn !== 'function') throw new Error(`${entry} does not export ${exportName}`);
      const name = functionNameOf(entry);
      if (!name) return fn as LambdaHandler;
      return ((event, context) =>
        observed(name, () => runAsFunction(name, () => fn(event, context)))) as LambdaHandler;
    });
    loaded.set(key, handler);
  }
  return handler;
}

export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** What AWS reports when a function outlives its timeout (Step Functions sees it as this error name). */
export class LambdaTimeoutError extends Error {
  override name = 'Sandbox.Timedout';
  constructor(functionName: string, timeoutMs: number) {
    super(`${functionName}: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
  }
}

/**
 * Runs a handler under its declared timeout, as Lambda does. Past it the caller gets
 * LambdaTimeoutError; the handler's work goes on in the background here (Lambda would freeze it),
 * which is the same for the caller: it cannot know what committed before the timeout.
 */
export async function invokeWithTimeout(
  handler: LambdaHandler,
  event: unknown,
  functionName: string,
  timeoutMs: number,
): Promise<unknown> {
  return withinTimeLimit(
    handler(event, lambdaContext(functionName, timeoutMs)),
    timeoutMs,
    () => new LambdaTimeoutError(functionName, timeoutMs),
  );
}
