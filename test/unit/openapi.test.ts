// GET /openapi.json must be a valid OpenAPI 3.1 document that names every deployed route.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { routeList } from '../../contract/routes';
import { openApiDocument } from '../../functions/core/api-docs/openapi';
import { localRouteList } from '../../local/dev/routes';

describe('OpenAPI document', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(
      structuredClone(openApiDocument()) as unknown as Record<string, unknown>,
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every deployed route with its method, and no local-only one', () => {
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, unknown>> };
    for (const route of routeList) {
      expect(
        doc.paths[route.path]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeDefined();
    }
    expect(localRouteList.length).toBeGreaterThan(0);
    for (const route of localRouteList) {
      expect(doc.paths[route.path]?.[route.method.toLowerCase()], route.path).toBeUndefined();
    }
  });

  it('names the shared schemas as components, with their descriptions', () => {
    const doc = openApiDocument() as unknown as {
      components: { schemas: Record<string, { properties?: Record<string, { description?: string }> }> };
    };
    for (const name of ['Error', 'Product', 'Cart', 'Order', 'CheckoutInput', 'Tracking']) {
      expect(doc.components.schemas, name).toHaveProperty(name);
    }
    expect(doc.components.schemas.Product?.properties?.available?.description).toMatch(/buy now/);
  });
});
