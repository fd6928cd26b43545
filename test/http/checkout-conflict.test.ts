// Two POST /checkout with the same Idempotency-Key whose transactions conflict (what DynamoDB
// answers while another transaction holds the key; DynamoDB Local serialises them instead, so the
// fault is injected): the loser is answered as a replay, never with a 500.
import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkoutAs, hasStatus, shopperWithCart, useCheckoutSystem, waitForOrder } from '../support/checkout';

const shop = useCheckoutSystem();
const api = () => shop.api();

afterEach(async () => {
  vi.restoreAllMocks();
});

describe('POST /checkout with one key, concurrently', () => {
  it('answers the loser of a transaction conflict as a replay, never a 500', async () => {
    const p = await shop.product({ stock: 10, price: 6000 });
    const shopper = await shopperWithCart(api(), [{ productId: p.productId, quantity: 1 }]);
    const key = `key-conflict-${randomUUID()}`;
    // What DynamoDB answers a transaction that touches an item another transaction holds (DynamoDB
    // Local serialises transactions instead): the first checkout write is cancelled this way.
    const send = DynamoDBDocumentClient.prototype.send;
    let conflicted = 0;
    vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (
      this: DynamoDBDocumentClient,
      command: unknown,
      ...rest: unknown[]
    ) {
      const items = command instanceof TransactWriteCommand ? command.input.TransactItems : undefined;
      if (conflicted === 0 && items?.[0]?.Put?.Item?.pk === `idem#checkout#${shopper.userId}#${key}`) {
        conflicted++;
        return Promise.reject(
          Object.assign(new Error('Transaction cancelled [TransactionConflict, None]'), {
            name: 'TransactionCanceledException',
            CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
          }),
        );
      }
      return (send as (...args: unknown[]) => Promise<unknown>).call(this, command, ...rest);
    } as typeof send);
    const res = await checkoutAs(api(), shopper.token, key);
    expect(conflicted).toBe(1);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    vi.restoreAllMocks();
    const again = await checkoutAs(api(), shopper.token, key);
    expect(again.body.orderId).toBe(res.body.orderId);
    await waitForOrder(res.body.orderId, hasStatus('awaiting_payment'));
    await api().post(`/orders/${res.body.orderId}/cancel`, { token: shopper.token });
    await waitForOrder(res.body.orderId, hasStatus('cancelled'));
  });
});
