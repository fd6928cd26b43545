// requests.http (the README walk-through for REST clients) only calls routes that exist, so it
// cannot drift from contract/routes/ unnoticed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../local/http-gateway';

const file = readFileSync(resolve(import.meta.dirname, '../../requests.http'), 'utf8');
const requests = [...file.matchAll(/^(GET|POST|PUT|PATCH|DELETE) \{\{B\}\}(\S+)$/gm)].map(
  ([, method, target]) => ({
    method: method!,
    // A {{variable}} stands for one path segment's value.
    path: target!.split('?')[0]!.replaceAll(/\{\{[^}]+\}\}/g, 'x'),
  }),
);

describe('requests.http', () => {
  it('holds the walk-through, from browsing to delivery', () => {
    expect(requests.length).toBeGreaterThan(20);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /checkout', 'POST /dev/razorpay/pay', 'POST /rider/orders/x/status']),
    );
  });

  it('calls only declared routes', () => {
    const unknown = requests.filter((r) => !matchRoute(r.method, r.path));
    expect(unknown).toEqual([]);
  });
});
