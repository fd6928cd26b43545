// The local runtime's own edges: the WebSocket management API answers only callers that know the
// secret in its endpoint (the handlers, through WEBSOCKET_MANAGEMENT_ENDPOINT); dev tokens must
// carry `exp`; `Authorization` must be exactly `Bearer <jwt>`.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken, DEV_TOKEN_ISSUER } from '../../functions/core/auth/verify-token';
import { devTokenSecret, verifyDevToken } from '../../local/dev/auth';
import { startWebSocketGateway, type WebSocketGateway } from '../../local/websocket-gateway';
import { tokenFor, useLocalSystem } from '../support/api';

const { api, localSystem } = useLocalSystem();

describe('local management API', () => {
  let gateway: WebSocketGateway;
  beforeAll(async () => {
    gateway = await startWebSocketGateway(0);
  });
  afterAll(() => gateway.stop());

  const post = (url: string) => fetch(url, { method: 'POST', body: '{}' });

  it('refuses a caller without the secret path with 403, and serves one with it', async () => {
    const origin = new URL(gateway.managementEndpoint).origin;
    for (const path of ['/local/@connections/abc', '/_management/guessed/local/@connections/abc']) {
      const res = await post(`${origin}${path}`);
      expect(res.status, path).toBe(403);
      expect(res.headers.get('x-amzn-errortype')).toBe('ForbiddenException');
    }
    const withSecret = await post(`${gateway.managementEndpoint}/@connections/abc`);
    expect(withSecret.status).toBe(410); // authorised; the connection just does not exist
  });

  it('gives its endpoint (with the secret) only to functions granted webSocketManagement', () => {
    expect(process.env.WEBSOCKET_MANAGEMENT_ENDPOINT).toMatch(/\/_management\/[A-Za-z0-9_-]{20,}\/local$/);
    expect(
      process.env.WEBSOCKET_MANAGEMENT_ENDPOINT?.startsWith(localSystem().wsUrl.replace('ws:', 'http:')),
    ).toBe(true);
  });
});

describe('dev tokens', () => {
  const secret = () => new TextEncoder().encode(devTokenSecret());
  const unsigned = (withExp: boolean) => {
    const jwt = new SignJWT({ role: 'shopper', 'custom:role': 'shopper' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('no-exp-shopper')
      .setIssuer(DEV_TOKEN_ISSUER)
      .setIssuedAt();
    return (withExp ? jwt.setExpirationTime('1h') : jwt).sign(secret());
  };

  it('POST /dev/token issues a token that expires in about 12 hours', async () => {
    const res = await api().post('/dev/token', { body: { sub: 'exp-shopper', role: 'shopper' } });
    expect(res.status).toBe(200);
    const claims = await verifyDevToken(res.body.token);
    expect(claims?.exp).toBeGreaterThan(Date.now() / 1000 + 11 * 3600);
    expect(claims?.exp).toBeLessThanOrEqual(Date.now() / 1000 + 12 * 3600 + 5);
  });

  it('refuses a token without exp, on the HTTP API as on verification', async () => {
    const noExp = await unsigned(false);
    expect(await verifyDevToken(noExp)).toBeUndefined();
    expect(await verifyDevToken(await unsigned(true))).toMatchObject({ sub: 'no-exp-shopper' });
    const res = await api().get('/orders', { token: noExp });
    expect(res.status).toBe(401);
  });
});

describe('bearer header', () => {
  it('parses exactly "Bearer <jwt>", the scheme in any case', () => {
    expect(bearerToken('Bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('bearer a-1.b_2.c')).toBe('a-1.b_2.c');
    for (const bad of [
      'Bearer a.b.c junk',
      'Bearer  a.b.c',
      'Bearer a.b',
      'Basic a.b.c',
      'Bearer a.b.c ',
      'a.b.c',
    ])
      expect(bearerToken(bad), bad).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('refuses a valid token followed by junk with 401, and takes it alone', async () => {
    const token = await tokenFor('shopper');
    const url = `${localSystem().httpUrl}/orders`;
    const junk = await fetch(url, { headers: { authorization: `Bearer ${token} junk` } });
    expect(junk.status).toBe(401);
    const clean = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(clean.status).toBe(200);
  });
});
