// GET /docs renders /openapi.json with Redoc's script, which the API serves itself: locally from
// node_modules, in Lambda from a copy beside the bundle (not inside it: 1.1 MB to parse per cold start).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { routes } from '../../contract/routes';
import { handler as page } from '../../functions/http/docs/page';
import { handler as script } from '../../functions/http/docs/redoc-script';
import { BUNDLE_BUDGET_BYTES, bundleHandlers, copyFilesBesideBundles } from '../../infra/bundling';

const redoc = readFileSync(
  createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js'),
  'utf8',
);
const request = (headers: Record<string, string> = {}) => ({ headers }) as unknown as APIGatewayProxyEventV2;
const bodyOf = (result: APIGatewayProxyStructuredResultV2) =>
  result.isBase64Encoded
    ? gunzipSync(Buffer.from(result.body!, 'base64')).toString('utf8')
    : (result.body ?? '');

describe('/docs', () => {
  it('is a public route, and so is its script', () => {
    expect(routes.docs.access).toBe('public');
    expect(routes.docsScript.access).toBe('public');
  });

  it('serves an HTML page that loads the spec and the script from this API, not a CDN', async () => {
    const result = await page();
    expect(result.headers?.['content-type']).toMatch(/^text\/html/);
    const html = result.body!;
    expect(html).toContain('spec-url="openapi.json"');
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual(['docs/redoc.standalone.js']);
    expect(new URL(scripts[0]!, 'http://127.0.0.1:3000/docs').pathname).toBe(routes.docsScript.path);
    expect(new URL('openapi.json', 'http://127.0.0.1:3000/docs').pathname).toBe(routes.openApi.path);
  });

  it('serves Redoc’s standalone script, gzipped when the client accepts it', async () => {
    const plain = await script(request());
    expect(plain.headers?.['content-type']).toMatch(/^text\/javascript/);
    expect(plain.body).toBe(redoc);
    const gzipped = await script(request({ 'accept-encoding': 'gzip, deflate, br' }));
    expect(gzipped.headers?.['content-encoding']).toBe('gzip');
    expect(gzipped.body!.length).toBeLessThan(redoc.length / 2);
    expect(bodyOf(gzipped)).toBe(redoc);
  });

  it('serves the same script from its Lambda bundle, the file beside it and not inside, no node_modules', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'docs-bundle-'));
    try {
      const entries = { docsScript: routes.docsScript.handler };
      const result = await bundleHandlers(entries, { outdir });
      expect(result.errors).toEqual([]);
      expect(readFileSync(join(outdir, 'docsScript.mjs')).byteLength).toBeLessThan(BUNDLE_BUDGET_BYTES / 10);
      copyFilesBesideBundles(entries, outdir);
      const bundled = await import(pathToFileURL(join(outdir, 'docsScript.mjs')).href);
      expect(bodyOf(await bundled.handler(request()))).toBe(redoc);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);
});
