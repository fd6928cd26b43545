// subscribe / unsubscribe / unknown actions over a real socket, and what $disconnect cleans up.
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { watchersOf } from '../../functions/core/subscriptions';
import { tokenFor, useLocalSystem } from '../support/api';
import { seedOrder } from '../support/orders-seed';
import { connectionIdsOf, WsTestClient } from '../support/ws';

const { localSystem } = useLocalSystem();

const connect = async (userId: string) =>
  WsTestClient.connect(localSystem().wsUrl, await tokenFor('shopper', userId));

describe('WebSocket subscribe', () => {
  it('subscribes to the caller’s own order', async () => {
    const userId = `u-${randomUUID().slice(0, 8)}`;
    const orderId = await seedOrder(userId);
    const client = await connect(userId);
    expect(await client.request({ action: 'subscribe', orderId })).toEqual({ type: 'subscribed', orderId });
    expect(await watchersOf(orderId)).toEqual(await connectionIdsOf(userId));
    // Subscribing twice is harmless: still one watcher.
    expect(await client.request({ action: 'subscribe', orderId })).toEqual({ type: 'subscribed', orderId });
    expect(await watchersOf(orderId)).toHaveLength(1);
    await client.close();
  });

  it('answers NOT_FOUND for someone else’s order and for an unknown one, and subscribes to neither', async () => {
    const theirs = await seedOrder('u-owner');
    const client = await connect(`u-${randomUUID().slice(0, 8)}`);
    for (const orderId of [theirs, 'o-does-not-exist']) {
      const reply = await client.request({ action: 'subscribe', orderId });
      expect(reply).toMatchObject({ type: 'error', code: 'NOT_FOUND', orderId });
      expect(await watchersOf(orderId)).toEqual([]);
    }
    await client.close();
  });

  it('answers VALIDATION_FAILED for a bad order id, an unknown action and a frame that is not JSON', async () => {
    const client = await connect(`u-${randomUUID().slice(0, 8)}`);
    client.send({ action: 'subscribe', orderId: 'no spaces/allowed' });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED' });
    client.send({ action: 'subscribe' });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED' });
    client.send({ action: 'track', orderId: 'o-1' });
    expect(await client.next()).toMatchObject({
      type: 'error',
      code: 'VALIDATION_FAILED',
      details: { action: 'track' },
    });
    client.send({ action: '$connect' });
    expect(await client.next()).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED' });
    client.send('{"action":');
    expect(await client.next()).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED' });
    client.send('null');
    expect(await client.next()).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED' });
    // A frame near API Gateway's 128 KB limit whose action was echoed whole made a reply past that
    // limit, which was dropped: the client heard nothing.
    for (const action of ['y'.repeat(130_000), { pad: 'y'.repeat(130_000) }]) {
      client.send({ action });
      const reply = await client.next();
      expect(reply).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED' });
      expect(JSON.stringify(reply).length).toBeLessThan(1000);
    }
    // The cut falls inside an emoji (two UTF-16 units): half of it is a lone surrogate, which strict
    // JSON decoders (Rust's serde_json, Swift's JSONSerialization) refuse: no answer again.
    const cutInside = `${'y'.repeat(63)}😀tail`;
    client.send({ action: cutInside });
    const cut = (await client.next()) as { details: { action: string } };
    expect(cut.details.action).not.toMatch(/\p{Cs}/u); // no lone surrogate
    expect(cut.details.action).toBe(`${'y'.repeat(63)}…`);
    await client.close();
  });

  it('unsubscribe removes the subscription (and is harmless when repeated)', async () => {
    const userId = `u-${randomUUID().slice(0, 8)}`;
    const orderId = await seedOrder(userId);
    const client = await connect(userId);
    await client.request({ action: 'subscribe', orderId });
    expect(await client.request({ action: 'unsubscribe', orderId })).toEqual({
      type: 'unsubscribed',
      orderId,
    });
    expect(await watchersOf(orderId)).toEqual([]);
    expect(await client.request({ action: 'unsubscribe', orderId })).toEqual({
      type: 'unsubscribed',
      orderId,
    });
    await client.close();
  });

  it('$disconnect removes the connection and every subscription it held', async () => {
    const userId = `u-${randomUUID().slice(0, 8)}`;
    const [first, second] = [await seedOrder(userId), await seedOrder(userId)];
    const leaving = await connect(userId);
    const staying = await connect(userId);
    for (const client of [leaving, staying]) {
      for (const orderId of [first, second]) await client.request({ action: 'subscribe', orderId });
    }
    const [before1, before2] = [await watchersOf(first), await watchersOf(second)];
    expect(before1).toHaveLength(2);
    expect(before2).toHaveLength(2);

    await leaving.close();
    await vi.waitFor(async () => expect(await connectionIdsOf(userId)).toHaveLength(1));
    const [stayingId] = await connectionIdsOf(userId);
    await vi.waitFor(async () => {
      expect(await watchersOf(first)).toEqual([stayingId]);
      expect(await watchersOf(second)).toEqual([stayingId]);
    });
    await staying.close();
  });
});
