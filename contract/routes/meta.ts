// The API's own routes: its health and its documents (OpenAPI, AsyncAPI, the /docs page). Apart
// from the other areas, so each function builds only its own route's schemas (docs/decisions.md,
// 2026-12-02).

import { Health } from '../schemas/health';
import { type RouteDeclaration, route } from './declaration';

export const metaRoutes = {
  health: route({
    method: 'GET',
    path: '/health',
    handler: 'functions/http/health.ts',
    summary: 'Liveness and each dependency’s state (503 while one is down)',
    access: 'public',
    tag: 'meta',
    response: Health,
    unavailableResponse: Health,
    // A GetItem on one known key of the control table tells whether DynamoDB answers.
    grants: { tables: { control: 'read' } },
  }),
  openApi: route({
    method: 'GET',
    path: '/openapi.json',
    handler: 'functions/http/openapi.ts',
    summary: 'This API as an OpenAPI 3.1 document',
    access: 'public',
    tag: 'meta',
  }),
  asyncApi: route({
    method: 'GET',
    path: '/asyncapi.json',
    handler: 'functions/http/asyncapi.ts',
    summary: 'The WebSocket API as an AsyncAPI 3.0 document',
    access: 'public',
    tag: 'meta',
  }),
  docs: route({
    method: 'GET',
    path: '/docs',
    handler: 'functions/http/docs/page.ts',
    responseType: 'text/html',
    summary: 'This API’s reference for people (an HTML page rendering /openapi.json)',
    access: 'public',
    tag: 'meta',
  }),
  docsScript: route({
    method: 'GET',
    path: '/docs/redoc.standalone.js',
    handler: 'functions/http/docs/redoc-script.ts',
    responseType: 'text/javascript',
    summary: 'The script that renders /docs (Redoc’s standalone bundle)',
    access: 'public',
    tag: 'meta',
  }),
} satisfies Record<string, RouteDeclaration>;
