// The edge every route shares: routing, auth, body and header limits, and the error shape — with
// API Gateway's own bodies where it answers before any handler (401 authorizer, 413 past 10 MB).
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { tokenFor, useLocalSystem } from '../support/api';

const { api, localSystem } = useLocalSystem();

/** A raw answer (status, headers, body bytes) for what fetch hides: HEAD, big headers. */
function rawRequest(method: string, path: string, headers: Record<string, string | string[]> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(`${localSystem().httpUrl}${path}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('HTTP edge', () => {
  it('answers /health', async () => {
    const res = await api().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', dependencies: { dynamodb: 'ok' } });
  });

  it('gives 404 in the error shape for an unknown route, whatever the method (the $default route)', async () => {
    const res = await api().get('/no/such/route');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for GET /no/such/route' } });
    const post = await api().post('/no/such/route', { body: { any: 'thing' } });
    expect(post.status).toBe(404);
    expect(post.body.error.code).toBe('NOT_FOUND');
    // A known path with a method it does not declare is no route either.
    const put = await api().put('/products', { body: {} });
    expect(put.status).toBe(404);
    expect(put.body.error.code).toBe('NOT_FOUND');
  });

  it('takes a path that starts with "//" as a path, as API Gateway does, not as a host and a route', async () => {
    // new URL('//evil/cart', base) reads "evil" as a host: the gateway served GET /cart for it.
    const token = await tokenFor('shopper');
    for (const path of ['//evil/cart', '//cart', '//evil/products']) {
      const res = await api().get(path, { token });
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: `No route for GET ${path}` } });
    }
  });

  it('joins a repeated Authorization header as API Gateway does, so two tokens are no token (401)', async () => {
    // Node keeps only the first of some repeated headers (authorization, content-type, …): the
    // gateway took the first token; API Gateway passes "Bearer a,Bearer b", which no authorizer takes.
    const [first, second] = [await tokenFor('shopper'), await tokenFor('shopper')];
    const res = await rawRequest('GET', '/cart', { authorization: [`Bearer ${first}`, `Bearer ${second}`] });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ message: 'Unauthorized' });
    expect((await rawRequest('GET', '/cart', { authorization: `Bearer ${first}` })).status).toBe(200);
  });

  it('answers HEAD like API Gateway: no HEAD route, so the $default 404 with its content-length and no body', async () => {
    for (const path of ['/products', '/no/such/route']) {
      const head = await rawRequest('HEAD', path);
      expect(head.status).toBe(404);
      expect(head.headers['content-type']).toBe('application/json');
      const expected = JSON.stringify({ error: { code: 'NOT_FOUND', message: `No route for HEAD ${path}` } });
      expect(head.headers['content-length']).toBe(String(Buffer.byteLength(expected)));
      expect(head.body).toBe('');
    }
  });

  it('answers an OPTIONS that is not a CORS preflight with the $default 404; a preflight still gets 204', async () => {
    const plain = await api().request('OPTIONS', '/no/such/route');
    expect(plain.status).toBe(404);
    expect(plain.body.error.code).toBe('NOT_FOUND');
    const preflight = await api().request('OPTIONS', '/no/such/route', {
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
  });

  it('answers headers past API Gateway’s 10 KiB with 431 HEADERS_TOO_LARGE in the error shape', async () => {
    const big = await rawRequest('GET', '/health', { 'x-padding': 'x'.repeat(20_000) });
    expect(big.status).toBe(431);
    expect(big.headers['content-length']).toBe(String(Buffer.byteLength(big.body)));
    expect(JSON.parse(big.body)).toEqual({
      error: { code: 'HEADERS_TOO_LARGE', message: expect.stringContaining('10240') },
    });
    // Headers within the limit pass, and the gateway keeps serving.
    const fine = await rawRequest('GET', '/health', { 'x-padding': 'x'.repeat(8_000) });
    expect(fine.status).toBe(200);
  });

  it('issues local dev tokens and validates their input', async () => {
    const ok = await api().post('/dev/token', { body: { sub: 'u-1', role: 'admin' } });
    expect(ok.status).toBe(200);
    expect(ok.body.token.split('.')).toHaveLength(3);
    const bad = await api().post('/dev/token', { body: { sub: 'u-1', role: 'superuser' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details[0].path).toEqual(['body', 'role']);
  });

  it('puts a rider’s name and phone into the dev token as Cognito would', async () => {
    const res = await api().post('/dev/token', {
      body: { sub: 'r-1', role: 'rider', name: 'Ravi', phone_number: '+919876543210' },
    });
    expect(res.status).toBe(200);
    const claims = JSON.parse(Buffer.from(res.body.token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'r-1', role: 'rider', name: 'Ravi', phone_number: '+919876543210' });
    const badPhone = await api().post('/dev/token', {
      body: { sub: 'r-1', role: 'rider', phone_number: '98765' },
    });
    expect(badPhone.status).toBe(400);
  });

  it('refuses malformed JSON, wrong content type and oversize bodies with 4xx', async () => {
    const malformed = await api().post('/dev/token', {
      rawBody: '{"sub":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
    const text = await api().post('/dev/token', {
      rawBody: 'sub=u1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const huge = await api().post('/dev/token', {
      body: { sub: 'u', role: 'admin', pad: 'x'.repeat(70_000) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 400 VALIDATION_FAILED, not 500, for a path parameter with a malformed %-escape', async () => {
    const shopper = await tokenFor('shopper');
    const responses = [
      await api().get('/products/%E0%A4%A'),
      await api().get('/products/%'),
      await api().get('/orders/%/tracking', { token: shopper }),
      await api().delete('/cart/items/%ZZ', { token: shopper }),
    ];
    for (const res of responses) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(responses[3]!.body.error.details[0].path).toEqual(['path', 'productId']);
  });

  it('answers 413 past API Gateway’s 10 MB with its own body and keeps the connection usable', async () => {
    const huge = await api().post('/dev/token', {
      rawBody: 'x'.repeat(11 * 1024 * 1024),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual({ message: 'Request Entity Too Large' });
    // Under API Gateway's cap, the handler refuses past 64 KiB in the error shape.
    const oneMb = await api().put('/admin/products/p1', {
      token: await tokenFor('admin'),
      rawBody: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(oneMb.status).toBe(413);
    expect(oneMb.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    for (let i = 0; i < 5; i++) {
      const next = await api().post('/dev/token', { body: { sub: 'u-after-huge', role: 'shopper' } });
      expect(next.status).toBe(200);
    }
  });

  it('joins a repeated query parameter with commas, as API Gateway does (so ?limit=1&limit=2 is a 400)', async () => {
    const res = await api().get('/products?limit=1&limit=2');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toEqual(['query', 'limit']);
    expect((await api().get('/products?limit=2')).status).toBe(200);
  });

  it('publishes an OpenAPI 3.1 document without local-only routes', async () => {
    const res = await api().get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/health');
    expect(Object.keys(res.body.paths).some((p) => p.startsWith('/dev/'))).toBe(false);
  });

  it('keeps admin routes from shoppers (403 error shape) and anonymous callers (the authorizer’s 401)', async () => {
    const anonymous = await api().get('/admin/inventory/p1');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ message: 'Unauthorized' });
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    const forged = await api().get('/admin/inventory/p1', { token: `${await tokenFor('admin')}x` });
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual({ message: 'Unauthorized' });
    const shopper = await api().get('/admin/inventory/p1', { token: await tokenFor('shopper') });
    expect(shopper.status).toBe(403);
    expect(shopper.body.error.code).toBe('FORBIDDEN');
  });
});
