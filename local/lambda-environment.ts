// The one place the local runtime writes the handlers' environment. AWS gives each function the
// env vars its grants name (contract/grants.ts environmentFor, also read by infra/); locally the
// emulators register where they are as they start. All handlers share this one process, so
// process.env holds the union of their environments, but each invocation runs in its own scope
// (see runAsFunction): there process.env shows only what that function would have in AWS, so a
// missing grant or variable fails locally as it would deployed.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type FunctionDeclaration, functions } from '../contract/functions';
import { environmentFor, type Grants, type ResourceLocations } from '../contract/grants';
import { routeList } from '../contract/routes';
import { connectAuthorizer } from '../contract/websocket';
import { devTokenSecret } from './dev/auth';
import { localRouteList } from './dev/routes';
import type { RazorpayDouble } from './razorpay-double/server';

/** Every function the local runtime can invoke, by name, with its grants. */
const declared: Record<string, Grants | undefined> = Object.fromEntries([
  ...[...routeList, ...localRouteList].map((route) => [route.name, route.grants] as const),
  ...Object.entries(functions as Record<string, FunctionDeclaration>).map(
    ([name, declaration]) => [name, declaration.grants] as const,
  ),
]);

/** Which declared function an entry file is (each entry belongs to exactly one). */
const byEntry = new Map<string, string>([
  ...[...routeList, ...localRouteList].map((route) => [route.handler, route.name] as const),
  ...Object.entries(functions as Record<string, FunctionDeclaration>).map(
    ([name, declaration]) => [declaration.handler, name] as const,
  ),
]);

export const functionNameOf = (entry: string): string | undefined => byEntry.get(entry);

const locations: Partial<ResourceLocations> = {};

/** A function's own variables besides its grants' (infra/stack.ts gives the $connect authorizer the
 *  Cognito pool; locally it gets the dev tokens' key instead, and the /dev/razorpay/* routes the double). */
const ownEnvironment = (name: string): Record<string, string> => {
  if (name === connectAuthorizer.function) return { LOCAL_DEV_TOKEN_SECRET: devTokenSecret() };
  const doubleUrl = locations.razorpay?.RAZORPAY_DOUBLE_URL;
  return name.startsWith('devRazorpay') && doubleUrl ? { RAZORPAY_DOUBLE_URL: doubleUrl } : {};
};

/** The env one declared function gets from its grants, with the locations known so far. */
export function functionEnvironment(name: string): Record<string, string> {
  if (!Object.hasOwn(declared, name)) throw new Error(`No declared function or route named ${name}`);
  return { ...environmentFor(declared[name], locations), ...ownEnvironment(name) };
}

/** Every variable some function gets from its declaration: none of them is visible to a function
 *  whose own declaration does not give it. */
const declaredVariables = new Set<string>();

const scope = new AsyncLocalStorage<Record<string, string | undefined>>();
/** Each function's environment as built last, reused until process.env or a location changes
 *  (building it walks the whole process env: ~1.5% of the CPU per invocation under a rush). */
const environments = new Map<string, Record<string, string | undefined>>();
const processEnv = process.env;
let scoping = false;

/** From here on, process.env read inside runAsFunction is that function's environment. */
function installScopedEnv(): void {
  if (scoping) return;
  scoping = true;
  environments.clear();
  const current = () => scope.getStore() ?? processEnv;
  /** A write outside any invocation changes what every function sees from then on. */
  const changed = (target: Record<string, string | undefined>) => {
    if (target === processEnv) environments.clear();
  };
  process.env = new Proxy(processEnv, {
    get: (_, key) => (typeof key === 'string' ? current()[key] : undefined),
    has: (_, key) => typeof key === 'string' && current()[key] !== undefined,
    set: (_, key, value) => {
      const target = current();
      target[key as string] = String(value);
      changed(target);
      return true;
    },
    deleteProperty: (_, key) => {
      const target = current();
      changed(target);
      return delete target[key as string];
    },
    ownKeys: () => Object.keys(current()),
    getOwnPropertyDescriptor: (_, key) => {
      const value = typeof key === 'string' ? current()[key] : undefined;
      return value === undefined
        ? undefined
        : { value, writable: true, enumerable: true, configurable: true };
    },
  });
}

/** Runs one invocation of a declared function with only the environment AWS would give it: what
 *  every function gets (region, credentials, endpoints, logging) plus its declaration's variables. */
export function runAsFunction<T>(name: string, invoke: () => T): T {
  let environment = environments.get(name);
  if (!environment) {
    environment = {};
    for (const [key, value] of Object.entries(processEnv))
      if (!declaredVariables.has(key)) environment[key] = value;
    // As Lambda sets it for every function (SDK middleware and profiling read it).
    Object.assign(environment, functionEnvironment(name), { AWS_LAMBDA_FUNCTION_NAME: name });
    environments.set(name, environment);
  }
  // Each invocation gets its own copy: what a handler writes to process.env stays in its scope.
  return scope.run({ ...environment }, invoke);
}

/** Records where resources are (as their emulators start) and sets every function's env vars. */
export function useLocalResources(found: Partial<ResourceLocations>): void {
  Object.assign(locations, found);
  installScopedEnv();
  environments.clear();
  for (const name of Object.keys(declared)) {
    const env = functionEnvironment(name);
    for (const key of Object.keys(env)) declaredVariables.add(key);
    Object.assign(processEnv, env);
  }
}

/** The keys and URL of a running Razorpay double, where the payments module looks for them. */
export function useRazorpayDoubleEnv(
  double: Pick<RazorpayDouble, 'url' | 'keyId' | 'keySecret' | 'webhookSecret'>,
): void {
  delete process.env.RAZORPAY_SECRET_ARN; // locally the keys come from env, never Secrets Manager
  useLocalResources({
    razorpay: {
      RAZORPAY_BASE_URL: double.url,
      RAZORPAY_DOUBLE_URL: double.url,
      RAZORPAY_KEY_ID: double.keyId,
      RAZORPAY_KEY_SECRET: double.keySecret,
      RAZORPAY_WEBHOOK_SECRET: double.webhookSecret,
    },
  });
}

const endpointVariables = {
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  sfn: 'AWS_ENDPOINT_URL_SFN',
  eventbridge: 'AWS_ENDPOINT_URL_EVENTBRIDGE',
  apigatewaymanagementapi: 'AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI',
  sesv2: 'AWS_ENDPOINT_URL_SESV2',
  sns: 'AWS_ENDPOINT_URL_SNS',
} as const;

const LOCAL_SDK_REQUEST_TIMEOUT_MS = 5000;

/** The local runtime is "AWS" to the handlers: a region, throwaway credentials, and the standard
 *  AWS_ENDPOINT_URL_* variables that route each SDK client to its emulator. */
export function useLocalAws(endpoints: Partial<Record<keyof typeof endpointVariables, string>>): void {
  process.env.AWS_REGION ??= 'ap-south-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  // DynamoDB Local on a shared 2-core machine stalls for seconds under load (a full test run with
  // AWS's 1.5 s per attempt failed twice, `npm start` once could not seed its tables): the
  // handlers' SDK attempts get 5 s here. A hang still ends, at the latest as middy's 503 when the
  // route's Lambda time runs out (functions/core/aws-client-config.ts).
  process.env.AWS_SDK_REQUEST_TIMEOUT_MS ??= String(LOCAL_SDK_REQUEST_TIMEOUT_MS);
  for (const [service, url] of Object.entries(endpoints)) {
    if (url) process.env[endpointVariables[service as keyof typeof endpointVariables]] = url;
  }
}

/** What CDK context sets in AWS: a sender address and SMS sender id; and where /dev/outbox reads. */
export function useLocalMessaging(outboxUrl: string): void {
  process.env.SES_FROM_ADDRESS ??= 'orders@quick-commerce.local';
  process.env.SMS_ENABLED ??= 'true';
  process.env.SMS_SENDER_ID ??= 'QCOMRC';
  process.env.OUTBOX_URL = outboxUrl;
}

/** What a developer reads in the terminal (`npm start`): Powertools' pretty logs, and no raw EMF
 *  metric JSON. A value already set (e.g. POWERTOOLS_DEV=false) wins. */
export function useReadableLogs(): void {
  process.env.POWERTOOLS_DEV ??= 'true';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
}
