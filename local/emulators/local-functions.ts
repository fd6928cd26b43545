// Invokes a function declared in contract/functions.ts the way Lambda would for Step Functions and
// EventBridge: by name, with a JSON event, under its declared timeout (CDK's default when it
// declares none), answering JSON, and failing with the error's name as Lambda's errorType (what
// Retry/Catch ErrorEquals match): a timeout is `Sandbox.Timedout`, as AWS reports it.
import { functions as declaredFunctions, type FunctionDeclaration } from '../../contract/functions';
import { invokeWithTimeout, loadHandler } from '../lambda-runtime';

/** infra/constructs/lambdas.ts functionDefaults.timeoutSeconds (local/ may not import infra/). */
const DEFAULT_TIMEOUT_SECONDS = 30;

/** Function name → where its handler lives; defaults to contract/functions.ts. */
export type FunctionTable = Record<string, Pick<FunctionDeclaration, 'handler' | 'timeoutSeconds'>>;

export const declaredFunctionTable = (): FunctionTable => declaredFunctions as FunctionTable;

/** A function's failure as Lambda reports it: name = errorType, message = errorMessage. */
export class FunctionError extends Error {
  constructor(errorType: string, message: string) {
    super(message);
    this.name = errorType;
  }
}

const jsonCopy = (value: unknown): unknown =>
  value === undefined ? null : JSON.parse(JSON.stringify(value));

export async function invokeLocalFunction(
  table: FunctionTable,
  name: string,
  event: unknown,
): Promise<unknown> {
  const declaration = Object.hasOwn(table, name) ? table[name] : undefined;
  if (!declaration) {
    throw new FunctionError(
      'Lambda.ResourceNotFoundException',
      `Function not found: ${name} (declare it in contract/functions.ts)`,
    );
  }
  const handler = await loadHandler(declaration.handler);
  try {
    const timeoutMs = (declaration.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    const result = await invokeWithTimeout(handler, jsonCopy(event), name, timeoutMs);
    return jsonCopy(result);
  } catch (error) {
    if (error instanceof Error) throw new FunctionError(error.name || 'Error', error.message);
    throw new FunctionError('Error', String(error));
  }
}
