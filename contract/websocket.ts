// The one declaration of the WebSocket API: route key → function name in contract/functions.ts.
// CDK builds the API Gateway WebSocket API from it; the local ws gateway dispatches the same way.
import type { FunctionName } from './functions';

/** API Gateway picks the route from the frame's JSON `action`; anything else goes to $default. */
export const routeSelectionExpression = '$request.body.action';

export const webSocketRoutes = {
  $connect: 'wsConnect',
  $disconnect: 'wsDisconnect',
  subscribe: 'wsSubscribe',
  unsubscribe: 'wsUnsubscribe',
  $default: 'wsDefault',
} as const satisfies Record<string, FunctionName>;

export type WebSocketRouteKey = keyof typeof webSocketRoutes;

/** The Lambda authorizer on $connect (AWS only: the local gateway verifies its dev tokens itself). */
export const connectAuthorizer = {
  function: 'wsAuthorize',
  /** Where the token travels: browsers cannot set headers on a WebSocket upgrade. */
  identitySource: 'route.request.querystring.token',
} as const satisfies { function: FunctionName; identitySource: string };

/** API Gateway's stage throttle for every WebSocket route key ($connect, each message action): one
 *  subscribe or ping a minute from 10,000 open apps is ~170 req/s; reconnect storms need the burst. */
export const webSocketThrottle = { rateLimit: 500, burstLimit: 1000 } as const satisfies {
  rateLimit: number;
  burstLimit: number;
};
