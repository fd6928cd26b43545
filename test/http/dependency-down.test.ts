// DynamoDB taken away under the running local system (its endpoint is a proxy whose port is then
// closed): every route answers 503 SERVICE_UNAVAILABLE with retry-after, never a 500, /health says
// which dependency is down, and everything answers again once DynamoDB is back on the same port.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { forgetHealth } from '../../functions/core/health';
import { type LocalSystem, startLocalSystem } from '../../local/system';
import { ApiClient, tokenFor } from '../support/api';
import { ADDRESS } from '../support/checkout';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

let proxy: TcpProxy;
let system: LocalSystem;
let api: ApiClient;
beforeAll(async () => {
  proxy = await startTcpProxy(inject('dynamoEndpoint'));
  system = await startLocalSystem({
    httpPort: 0,
    wsPort: 0,
    dynamoEndpoint: proxy.url,
    tablePrefix: `t${randomUUID().slice(0, 8)}-`,
  });
  api = new ApiClient(system.httpUrl);
});
afterAll(async () => {
  await proxy.open().catch(() => {});
  await system?.stop();
  await proxy.close();
});

const expect503 = (res: { status: number; headers: Headers; body: any }) => {
  expect(res.status, JSON.stringify(res.body)).toBe(503);
  expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  expect(res.body.error).toMatchObject({
    code: 'SERVICE_UNAVAILABLE',
    details: { retryAfter: Number(res.headers.get('retry-after')) },
  });
};

describe('DynamoDB unreachable under the running system', () => {
  it('is a 503 with retry-after on every kind of route, /health says so, and it all recovers', async () => {
    const shopper = await tokenFor('shopper');
    forgetHealth();
    expect((await api.get('/health')).body).toEqual({ status: 'ok', dependencies: { dynamodb: 'ok' } });
    expect((await api.get('/cart', { token: shopper })).status).toBe(200);

    await proxy.close();
    expect503(await api.get('/products'));
    expect503(await api.get('/cart', { token: shopper }));
    expect503(await api.post('/cart/items', { token: shopper, body: { productId: 'p1', quantity: 1 } }));
    expect503(
      await api.post('/checkout', {
        token: shopper,
        body: { deliveryAddress: ADDRESS },
        headers: { 'idempotency-key': `key-${randomUUID()}` },
      }),
    );
    expect503(await api.get('/orders', { token: shopper }));
    forgetHealth();
    const health = await api.get('/health');
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(health.body).toEqual({ status: 'unavailable', dependencies: { dynamodb: 'unavailable' } });

    await proxy.open();
    forgetHealth();
    expect((await api.get('/health')).status).toBe(200);
    expect((await api.get('/cart', { token: shopper })).status).toBe(200);
  });
});
