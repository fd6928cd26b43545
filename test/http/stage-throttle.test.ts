// API Gateway's stage throttling on the real local gateway: each route key has its own token bucket
// of the declared rate and burst (here scaled down by LOCAL_THROTTLE_SCALE so a few requests reach
// it); past the burst the answer is API Gateway's own 429 {"message":"Too Many Requests"}.
import { describe, expect, it } from 'vitest';
import { defaultRouteThrottle, routes, throttleOf } from '../../contract/routes';
import { scaledThrottle } from '../../local/route-throttle';
import { tokenFor, useLocalSystem } from '../support/api';

// Read when this file's gateway starts (each test file runs in its own process). At this scale a
// bucket refills one token in 10 s or more, far longer than these few requests take.
const SCALE = 0.001;
process.env.LOCAL_THROTTLE_SCALE = String(SCALE);

const { api } = useLocalSystem();
const burstOf = (throttle: { rateLimit: number; burstLimit: number }) =>
  scaledThrottle(throttle, SCALE).burstLimit;

describe('stage throttling on the local gateway', () => {
  it('lets the burst through, then answers 429 with API Gateway’s body and no retry-after', async () => {
    const burst = burstOf(throttleOf(routes.listProducts));
    expect(burst).toBe(2); // GET /products declares 1000/2000
    for (let i = 0; i < burst; i++) expect((await api().get('/products')).status).toBe(200);
    const throttled = await api().get('/products');
    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual({ message: 'Too Many Requests' });
    expect(throttled.headers.get('content-type')).toBe('application/json');
    expect(throttled.headers.get('retry-after')).toBeNull();
  });

  it('keeps one bucket per route key: another route still answers', async () => {
    const res = await api().get('/products/some-product');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('throttles before the authorizer and before the handler’s own limits', async () => {
    const token = await tokenFor('shopper');
    const burst = burstOf(throttleOf(routes.getCart));
    for (let i = 0; i < burst; i++) expect((await api().get('/cart', { token })).status).toBe(200);
    const anonymous = await api().get('/cart');
    expect(anonymous.status).toBe(429);
    expect(anonymous.body).toEqual({ message: 'Too Many Requests' });
  });

  it('throttles unknown routes with the stage default, as the $default route is', async () => {
    const burst = burstOf(defaultRouteThrottle);
    for (let i = 0; i < burst; i++) expect((await api().get(`/nowhere/${i}`)).status).toBe(404);
    const throttled = await api().get('/nowhere/else');
    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual({ message: 'Too Many Requests' });
  });
});
