// The one declaration of the HTTP API, gathered: every route, who may call it, what it accepts and
// returns, and what its function may touch. Read by the CDK stack, the local gateway, the OpenAPI
// generator and the tests. Each area declares its routes in its own module (contract/routes/<area>.ts)
// and a handler imports its route from there, never from here: this file builds every route's
// schemas, which a function serving one route would pay for at each cold start (docs/decisions.md,
// 2026-12-02). Everything here is deployed; the local runtime's own /dev/* routes are in
// local/dev/routes.ts.

import type { FunctionName } from '../functions';
import { adminRoutes } from './admin';
import { cartRoutes } from './cart';
import { catalogRoutes } from './catalog';
import { type RouteDeclaration, routeKey } from './declaration';
import { deliveryRoutes } from './delivery';
import { metaRoutes } from './meta';
import { notificationRoutes } from './notifications';
import { orderRoutes } from './orders';
import { paymentRoutes } from './payments';

export * from './declaration';

/** Each area's routes by the name of its module under contract/routes/, in the order the API lists them. */
export const routeAreas = {
  meta: metaRoutes,
  catalog: catalogRoutes,
  admin: adminRoutes,
  cart: cartRoutes,
  orders: orderRoutes,
  payments: paymentRoutes,
  notifications: notificationRoutes,
  delivery: deliveryRoutes,
} as const;
export type RouteArea = keyof typeof routeAreas;

export const routes = {
  ...metaRoutes,
  ...catalogRoutes,
  ...adminRoutes,
  ...cartRoutes,
  ...orderRoutes,
  ...paymentRoutes,
  ...notificationRoutes,
  ...deliveryRoutes,
} satisfies Record<string, RouteDeclaration>;

export type RouteName = keyof typeof routes;
export const routeList = Object.entries(routes).map(([name, r]) => ({ name, ...r })) as (RouteDeclaration & {
  name: string;
})[];

export const routeByKey: ReadonlyMap<string, RouteDeclaration & { name: string }> = new Map(
  routeList.map((r) => [routeKey(r), r]),
);

/** The HTTP API's `$default` route: any request no declared route matches (unknown path, HEAD, a
 *  non-preflight OPTIONS) reaches this function of contract/functions.ts, which answers 404 NOT_FOUND
 *  in the error shape instead of API Gateway's own {"message":"Not Found"}. */
export const unmatchedRoute = { routeKey: '$default', function: 'httpNotFound' } as const satisfies {
  routeKey: string;
  function: FunctionName;
};
