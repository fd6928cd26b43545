// Loads a handler module the way Lambda would (by its entry file) and gives it a context. Each call
// of a declared function's handler runs with that function's own environment (runAsFunction).
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functionNameOf, runAsFunction } from './lambda-environment';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

// biome-ignore lint/suspicious/noExplicitAny: handlers have many event shapes
export type LambdaHandler = (event: any, context: Context) => Promise<any>;

const loaded = new Map<string, Promise<LambdaHandler>>();

export function loadHandler(entry: string, exportName = 'handler'): Promise<LambdaHandler> {
  const key = `${entry}#${exportName}`;
  let handler = loaded.get(key);
  if (!handler) {
    handler = import(pathToFileURL(resolve(PROJECT_ROOT, entry)).href).then((mod) => {
      const fn = mod[exportName];
      if (typeof fn !== 'function') throw new Error(`${entry} does not export ${exportName}`);
      const name = functionNameOf(entry);
      if (!name) return fn as LambdaHandler;
      return ((event, context) => runAsFunction(name, () => fn(event, context))) as LambdaHandler;
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
