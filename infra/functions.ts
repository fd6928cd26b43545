// The one declaration of every function that is not behind an HTTP route: the checkout saga's
// tasks, WebSocket handlers and event consumers. The CDK stack makes one NodejsFunction each;
// the local runtime invokes the same entry files.
//
// Saga tasks are referenced from statemachines/checkout.asl.json as "${<name>FunctionArn}"
// (e.g. "${reserveStockFunctionArn}"); CDK substitutes the real ARN, the local Step Functions
// endpoint maps the same placeholder back to the entry file here.
import type { Grants } from './grants';

export interface FunctionDeclaration {
  /** Entry file, relative to the project root; it exports `handler`. */
  handler: string;
  description: string;
  timeoutSeconds?: number;
  memoryMb?: number;
  grants?: Grants;
}

export const functions = {} satisfies Record<string, FunctionDeclaration>;

export type FunctionName = keyof typeof functions;

/** The ASL placeholder for a function's ARN. */
export const functionArnPlaceholder = (name: string) => `${name}FunctionArn`;
