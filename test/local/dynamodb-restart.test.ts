// A DynamoDB Local that dies under a running system (kill -9 of its Java) is noticed and restarted
// on the same port; in memory, its tables are re-created and the demo catalog seeded again. While
// it is down, requests that need it fail with a server error; afterwards they work again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/free-port';
import { type LocalSystem, startLocalSystem } from '../../local/system';

let system: LocalSystem;
const lines: string[] = [];
beforeAll(async () => {
  system = await startLocalSystem({
    httpPort: 0,
    wsPort: 0,
    dynamoPort: await freePort(),
    seedDemoCatalog: true,
    onFatal: (reason) => lines.push(`fatal: ${reason}`),
  });
}, 120_000);
afterAll(() => system?.stop());

const products = async () => {
  const res = await fetch(`${system.httpUrl}/products`);
  return { status: res.status, body: (await res.json()) as { items?: unknown[] } };
};

describe('a watched DynamoDB Local', { timeout: 120_000 }, () => {
  it('is restarted on the same endpoint after a kill -9, with its tables and demo catalog back', async () => {
    const dynamo = system.dynamoDbLocal!;
    const before = await products();
    expect(before.status).toBe(200);
    expect(before.body.items?.length).toBeGreaterThan(0);

    const firstPid = dynamo.javaPid;
    const restarted = dynamo.nextRestart();
    process.kill(firstPid, 'SIGKILL');
    // Down: a server error (503 once dependency failures are classed as such), never a 2xx.
    const during = await products();
    expect(during.status).toBeGreaterThanOrEqual(500);

    await restarted;
    expect(dynamo.restarts).toBe(1);
    expect(dynamo.javaPid).not.toBe(firstPid);
    expect(system.dynamoEndpoint).toBe(dynamo.endpoint);
    const after = await products();
    expect(after.status).toBe(200);
    expect(after.body.items).toHaveLength(before.body.items!.length);
    expect(lines).toEqual([]);
  });
});
