// Every deployed handler bundles with the stack's esbuild settings (ESM, Node 22, SDK inside),
// in one esbuild run; the stack test skips bundling, so this is where a bad import shows.
import { readdirSync } from 'node:fs';
import type { BuildResult, OutputFile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployedFunctions, deployedHandlerEntries } from '../../contract/deployed';
import { type RouteArea, routeAreas } from '../../contract/routes';
import { connectAuthorizer, webSocketRoutes } from '../../contract/websocket';
import {
  bundleBudgetBytes,
  bundleHandlers,
  bundleSettings,
  esmRequireBanner,
  RAZORPAY_SDK_MARKER,
} from '../../infra/bundling';

let result: BuildResult<{ metafile: true; write: false }>;
const entries = deployedHandlerEntries();
const bundleOf = (id: string): OutputFile => result.outputFiles.find((f) => f.path.endsWith(`/${id}.mjs`))!;
const inputsOf = (id: string): string[] => {
  const [, output] = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith(`/${id}.mjs`))!;
  return Object.keys(output.inputs);
};
const kb = (bytes: number) => Math.ceil(bytes / 1024);

beforeAll(async () => {
  result = (await bundleHandlers(entries)) as typeof result;
});

describe('handler bundles', () => {
  it('bundles every deployed handler without errors', () => {
    expect(result.errors).toEqual([]);
    for (const id of Object.keys(entries)) expect(bundleOf(id), id).toBeDefined();
  });

  it('emits ESM that can require CommonJS, with a source map beside it', () => {
    for (const id of Object.keys(entries)) {
      const code = bundleOf(id).text;
      expect(code.startsWith(esmRequireBanner), id).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*as handler/);
      expect(result.outputFiles.some((f) => f.path.endsWith(`/${id}.mjs.map`))).toBe(true);
    }
  });

  it('bundles the AWS SDK rather than relying on the runtime copy', () => {
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((file) => file.includes('node_modules/@aws-sdk/client-dynamodb/'))).toBe(true);
    for (const output of Object.values(result.metafile.outputs)) {
      expect(output.imports.filter((i) => i.external && i.path.startsWith('@aws-sdk/'))).toEqual([]);
    }
  });

  it('never bundles local-runtime code: no file under local/, no dev key, no local switch', () => {
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((file) => file.startsWith('local/'))).toEqual([]);
    for (const id of Object.keys(entries)) {
      const code = bundleOf(id).text;
      expect(code, id).not.toContain('local-dev-key');
      expect(code, id).not.toContain('LOCAL_DEV_AUTH');
      expect(code, id).not.toContain('/dev/token');
    }
  });

  it('never bundles the CDK app: no file under infra/, no aws-cdk-lib, cdk-nag or constructs', () => {
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((file) => file.startsWith('infra/'))).toEqual([]);
    expect(inputs.filter((file) => /node_modules\/(aws-cdk-lib|cdk-nag|constructs)\//.test(file))).toEqual(
      [],
    );
  });

  it('bundles the $connect authorizer and handler', () => {
    expect(entries[connectAuthorizer.function]).toBe('functions/ws/authorize.ts');
    expect(bundleOf(connectAuthorizer.function).text).toContain('execute-api:Invoke');
    expect(bundleOf(webSocketRoutes.$connect)).toBeDefined();
  });
});

// Issue 11: no function loads code its request does not run. The budgets and the Razorpay flag are
// declared (infra/bundling.ts, `callsRazorpay` in contract/), never read off the bundles themselves.
describe('bundle budgets', () => {
  const declared = Object.entries(deployedFunctions());

  it('keeps every bundle within its budget: 450 KB, 700 KB for a function that calls Razorpay', () => {
    const over = declared
      .filter(([id, f]) => bundleOf(id).contents.byteLength > bundleBudgetBytes(f.callsRazorpay))
      .map(
        ([id, f]) =>
          `${id}: ${kb(bundleOf(id).contents.byteLength)} KB > ${kb(bundleBudgetBytes(f.callsRazorpay))} KB`,
      );
    expect(over).toEqual([]);
  });

  it('carries the Razorpay SDK only in functions declared to call Razorpay, and there it is found', () => {
    const carriers = declared
      .filter(([id]) => bundleOf(id).text.includes(RAZORPAY_SDK_MARKER))
      .map(([id]) => id);
    const callers = declared.filter(([, f]) => f.callsRazorpay).map(([id]) => id);
    expect(callers.length).toBeGreaterThan(0);
    expect(carriers.sort()).toEqual(callers.sort());
  });

  it('bundles no X-Ray SDK: Lambda active tracing records the invocation, Razorpay calls are logged', () => {
    const withXray = declared
      .filter(([id]) =>
        inputsOf(id).some((file) =>
          /node_modules\/(aws-xray-sdk-core|@aws-lambda-powertools\/tracer)\//.test(file),
        ),
      )
      .map(([id]) => id);
    expect(withXray).toEqual([]);
  });

  it('bundles none of the packages infra/bundling.ts aliases away, but their stand-ins', () => {
    const aliased = Object.keys(bundleSettings.alias);
    // A package (`mime-db`) or one module of one (`mnemonist/lru-cache`): its folder or its file.
    const isFileOf = (pkg: string, file: string) =>
      file.includes(`node_modules/${pkg}/`) || file.endsWith(`node_modules/${pkg}.js`);
    // The stock credential chain's links, each a package of its own, and the nested STS/SSO clients.
    const chain =
      /node_modules\/@aws-sdk\/(credential-provider-(node|ini|sso|process|web-identity|http|login)|nested-clients)\//;
    for (const id of Object.keys(entries)) {
      const inputs = inputsOf(id);
      expect(
        inputs.filter((file) => chain.test(file) || aliased.some((pkg) => isFileOf(pkg, file))),
        id,
      ).toEqual([]);
    }
    const standIns = Object.values(bundleSettings.alias).map((path) => path.replace(/^\.\//, ''));
    const used = new Set(Object.keys(entries).flatMap(inputsOf));
    expect(standIns.filter((file) => used.has(file))).toEqual(standIns);
  });
});

// No function builds schemas its request does not parse: a route's function carries its own area's
// route module (contract/routes/<area>.ts) and schemas, never the gathered contract/routes/index.ts.
describe('route schemas in each bundle', () => {
  const areaOfFunction = new Map(
    Object.entries(routeAreas).flatMap(([area, declared]) =>
      Object.keys(declared).map((name) => [`route-${name}`, area as RouteArea]),
    ),
  );
  /** The schema modules (contract/schemas/<name>.ts) that hold one area's bodies and answers. */
  const areaSchemas: Record<RouteArea, readonly string[]> = {
    meta: ['health', 'events'], // GET /asyncapi.json documents the events
    catalog: ['catalog'],
    admin: ['admin', 'catalog'], // an admin edit answers with the product as the catalog shows it
    cart: ['cart'],
    orders: ['orders'],
    payments: ['payments', 'orders'], // a verified payment answers with its order
    notifications: ['notifications'],
    delivery: ['delivery'],
  };
  /** The building blocks any area may use; every other schema module belongs to an area above, so a
   *  new one must be placed before a route's bundle may carry it. */
  const sharedSchemas = ['common', 'params', 'order-status', 'delivery-address', 'zod'];
  const schemaFile = (name: string) => `contract/schemas/${name}.ts`;
  const routeModulesOf = (id: string) =>
    inputsOf(id).filter((file) => file.startsWith('contract/routes/') && !file.endsWith('/declaration.ts'));
  // GET /openapi.json documents every route, so its function is the one that needs them all.
  const everyRoute = 'route-openApi';
  const routeFunctions = [...areaOfFunction].filter(([id]) => id !== everyRoute);

  it('knows every route function and its area', () => {
    const routeIds = Object.keys(entries).filter((id) => id.startsWith('route-'));
    expect([...areaOfFunction.keys()].sort()).toEqual(routeIds.sort());
    expect(routeFunctions.length).toBeGreaterThan(20);
  });

  it("bundles a route's function with its own area's route module and no other", () => {
    // The /docs page and its script answer without reading their declaration, so they carry none.
    const wrong = routeFunctions
      .map(([id, area]) => ({ id, modules: routeModulesOf(id), own: `contract/routes/${area}.ts` }))
      .filter(({ id, modules, own }) => modules.join() !== (id.startsWith('route-docs') ? '' : own));
    expect(wrong).toEqual([]);
  });

  it("knows every schema module as an area's or a shared building block", () => {
    const known = new Set([...Object.values(areaSchemas).flat(), ...sharedSchemas]);
    const onDisk = readdirSync('contract/schemas').map((file) => file.replace(/\.ts$/, ''));
    expect(onDisk.filter((name) => !known.has(name))).toEqual([]);
  });

  it("bundles no schema module but its own area's and the shared ones into a route's function", () => {
    const foreign = routeFunctions.flatMap(([id, area]) => {
      const allowed = new Set([...areaSchemas[area], ...sharedSchemas].map(schemaFile));
      return inputsOf(id)
        .filter((file) => file.startsWith('contract/schemas/') && !allowed.has(file))
        .map((file) => `${id}: ${file}`);
    });
    expect(foreign).toEqual([]);
    // The case the split was made for: the cart's functions build the cart's schemas and the shared
    // building blocks they use, nothing of the catalog, orders, delivery or payments.
    const schemasOfGetCart = inputsOf('route-getCart').filter((file) => file.startsWith('contract/schemas/'));
    expect(schemasOfGetCart.sort()).toEqual(['cart', 'common', 'params', 'zod'].map(schemaFile));
  });

  it('carries every route only where every route is documented, and none outside the HTTP routes', () => {
    const gathered = Object.keys(entries).filter((id) => inputsOf(id).includes('contract/routes/index.ts'));
    expect(gathered).toEqual([everyRoute]);
    expect(routeModulesOf(everyRoute).sort()).toEqual(
      [
        ...Object.keys(routeAreas).map((area) => `contract/routes/${area}.ts`),
        'contract/routes/index.ts',
      ].sort(),
    );
    const others = Object.keys(entries).filter(
      (id) => !areaOfFunction.has(id) && routeModulesOf(id).length > 0,
    );
    expect(others).toEqual([]);
  });
});
