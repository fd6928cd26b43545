// GET /openapi.json must be a valid OpenAPI 3.1 document that names every deployed route.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/core/openapi';
import { routeList } from '../../infra/routes';

describe('OpenAPI document', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(openApiDocument()) as object);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every deployed route with its method, and no local-only one', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    for (const route of routeList) {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      if (route.localOnly) expect(operation, route.path).toBeUndefined();
      else expect(operation, `${route.method} ${route.path}`).toBeDefined();
    }
  });
});
