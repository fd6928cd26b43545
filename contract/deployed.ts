// What exists in AWS: every route in contract/routes/ (the local /dev/* ones live under local/) and
// every declared function.
import { type FunctionDeclaration, functions } from './functions';
import { type RouteDeclaration, routes } from './routes';

export const deployedRoutes = (): Record<string, RouteDeclaration> => routes;

export const declaredFunctions = (): Record<string, FunctionDeclaration> => functions;

/** Handler entry file (relative to the project root) of every deployed function, by a unique id. */
export const deployedHandlerEntries = (): Record<string, string> => ({
  ...Object.fromEntries(Object.entries(deployedRoutes()).map(([name, r]) => [`route-${name}`, r.handler])),
  ...Object.fromEntries(Object.entries(declaredFunctions()).map(([name, f]) => [name, f.handler])),
});

/** Every deployed function by the same id: its entry file and whether it calls the Razorpay API
 *  (which sets its bundle budget, infra/bundling.ts). */
export const deployedFunctions = (): Record<string, { handler: string; callsRazorpay: boolean }> => ({
  ...Object.fromEntries(
    Object.entries(deployedRoutes()).map(([name, r]) => [
      `route-${name}`,
      { handler: r.handler, callsRazorpay: r.callsRazorpay === true },
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(declaredFunctions()).map(([name, f]) => [
      name,
      { handler: f.handler, callsRazorpay: f.callsRazorpay === true },
    ]),
  ),
});
