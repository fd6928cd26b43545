// What the local HTTP gateway adds for developers: CORS for a web app on another port, and one
// access-log line per request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpGateway } from '../../local/http-gateway';
import type { LocalHttpServer } from '../../local/http-server';
import { tokenFor, useLocalSystem } from '../support/api';

const { localSystem } = useLocalSystem();
const origin = 'http://localhost:5173';

describe('CORS on the local HTTP gateway', () => {
  it('answers a preflight for a protected route without a token', async () => {
    const res = await fetch(`${localSystem().httpUrl}/checkout`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = res.headers.get('access-control-allow-headers')?.split(',') ?? [];
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'idempotency-key']));
  });

  it('puts access-control-allow-origin on answers, errors included', async () => {
    const ok = await fetch(`${localSystem().httpUrl}/products`, { headers: { origin } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const unauthorized = await fetch(`${localSystem().httpUrl}/cart`, { headers: { origin } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('access-control-allow-origin')).toBe('*');
    const notFound = await fetch(`${localSystem().httpUrl}/no/such/route`, { headers: { origin } });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('lets a browser call a protected route with a bearer token', async () => {
    const res = await fetch(`${localSystem().httpUrl}/cart`, {
      headers: { origin, authorization: `Bearer ${await tokenFor('shopper')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('access log', () => {
  const lines: string[] = [];
  let gateway: LocalHttpServer;
  beforeAll(async () => {
    gateway = await startHttpGateway(0, { accessLog: (line) => lines.push(line) });
  });
  afterAll(() => gateway.close());

  it('writes one short line per request: method, path, status, duration', async () => {
    await (await fetch(`${gateway.url}/health?probe=1`)).text();
    await (await fetch(`${gateway.url}/nowhere`)).text();
    await expect.poll(() => lines.length).toBe(2);
    expect(lines[0]).toMatch(/^GET \/health 200 \d+ms$/);
    expect(lines[1]).toMatch(/^GET \/nowhere 404 \d+ms$/);
  });
});
