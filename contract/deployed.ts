// What exists in AWS: every route in contract/routes.ts (the local /dev/* ones live under local/) and
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
