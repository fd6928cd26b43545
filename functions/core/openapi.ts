// The OpenAPI 3.1 document, generated from the route declaration and its zod schemas.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { routeList } from '../../contract/routes';
import { ErrorBody } from '../../contract/schemas/common';
import * as z from '../../contract/schemas/zod';

const errorResponses = {
  400: 'Invalid input (VALIDATION_FAILED, INVALID_SIGNATURE)',
  401: 'No or bad token',
  403: 'Wrong role',
  404: 'Not found, or not yours',
  409: 'A business rule refused it',
  413: 'Body over 64 KiB',
  415: 'Body is not JSON',
  429: 'Rate limited; see retry-after',
  503: 'Temporarily unavailable (a dependency is down); see retry-after',
} as const;

let document: ReturnType<OpenApiGeneratorV31['generateDocument']> | undefined;

export function openApiDocument() {
  if (document) return document;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  for (const route of routeList) {
    const headers = route.requiredHeaders?.length
      ? z.object(Object.fromEntries(route.requiredHeaders.map((h) => [h, z.string()])))
      : undefined;
    registry.registerPath({
      method: route.method.toLowerCase() as 'get',
      path: route.path,
      operationId: route.name,
      summary: route.summary,
      security: route.access === 'public' ? [] : [{ bearer: [] }],
      description: route.access === 'public' ? 'Public' : `Roles: ${route.access.join(', ')}`,
      request: {
        params: route.params as z.ZodObject | undefined,
        query: route.query as z.ZodObject | undefined,
        headers,
        body: route.body ? { content: { 'application/json': { schema: route.body } } } : undefined,
      },
      responses: {
        [route.successStatus ?? 200]: {
          description: 'OK',
          content: route.response ? { 'application/json': { schema: route.response } } : undefined,
        },
        ...Object.fromEntries(
          Object.entries(errorResponses).map(([status, description]) => [
            status,
            { description, content: { 'application/json': { schema: ErrorBody } } },
          ]),
        ),
      },
    });
  }
  document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Quick-commerce checkout API',
      version: '1.0.0',
      description: 'Money is integer paise (INR). Errors: {"error":{"code","message","details"}}.',
    },
  });
  return document;
}
