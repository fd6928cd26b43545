// The one declaration of the WebSocket API: route key → function name in infra/functions.ts.
// CDK builds the API Gateway WebSocket API from it; the local ws gateway dispatches the same way.
export const webSocketRoutes = {} satisfies Record<string, string>;
