// The AwaitPayment task token lives in its own control item, never on the order; an order written
// before (the token on the order item) is still resumed by a payment and still cancellable.
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';
import { cancelOrder, recordPaymentSignal } from '../../functions/core/orders';
import { hasStatus, useCheckoutSystem, waitForOrder, waitForPaymentTask } from '../support/checkout';
import { checkedOut } from '../support/orders';

const shop = useCheckoutSystem();

const tokenItem = async (orderId: string) =>
  (
    await dynamo().send(
      new GetCommand({
        TableName: tableName('control'),
        Key: { pk: `taskToken#${orderId}` },
        ConsistentRead: true,
      }),
    )
  ).Item;

async function awaitingOrder() {
  const p = await shop.product({ stock: 5, price: 4000 });
  const placed = await checkedOut(shop, { lines: [{ productId: p.productId, quantity: 1 }] });
  const order = await waitForPaymentTask(placed.orderId);
  return { ...placed, order };
}

/** As an order from before the token moved: the token on the order item, no control item. */
async function moveTokenOntoOrder(orderId: string) {
  const token = (await tokenItem(orderId))!.taskToken as string;
  await dynamo().send(
    new DeleteCommand({ TableName: tableName('control'), Key: { pk: `taskToken#${orderId}` } }),
  );
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName('orders'),
      Key: { orderId },
      UpdateExpression: 'SET paymentTaskToken = :t',
      ExpressionAttributeValues: { ':t': token },
    }),
  );
  return token;
}

async function paySignal(orderId: string, razorpayOrderId: string) {
  const paid = shop.razorpay().pay(razorpayOrderId, 'success', { webhooks: { drop: true } });
  return recordPaymentSignal({
    orderId,
    razorpayOrderId: paid.razorpay_order_id,
    razorpayPaymentId: paid.razorpay_payment_id,
  });
}

describe('the AwaitPayment task token', () => {
  it('is kept in its own control item while the order awaits payment, not on the order', async () => {
    const { orderId, order } = await awaitingOrder();
    expect(order.status).toBe('awaiting_payment');
    expect(order).not.toHaveProperty('paymentTaskToken');
    const pending = await shop
      .sfn()
      .waitForTaskToken(shop.executionArn(orderId), { stateName: 'AwaitPayment' });
    const item = await tokenItem(orderId);
    expect(item?.taskToken).toBe(pending);
    expect(item?.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('resumes the saga from an order that still carries the token on its item', async () => {
    const { orderId, order } = await awaitingOrder();
    await moveTokenOntoOrder(orderId);
    const signal = await paySignal(orderId, order.payment!.razorpayOrderId);
    expect(signal.outcome).toBe('accepted');
    const confirmed = await waitForOrder(orderId, hasStatus('confirmed'));
    expect(confirmed).not.toHaveProperty('paymentTaskToken');
  });

  it('cancels an order that still carries the token on its item', async () => {
    const { orderId, userId } = await awaitingOrder();
    await moveTokenOntoOrder(orderId);
    await cancelOrder(orderId, userId);
    const cancelled = await waitForOrder(orderId, hasStatus('cancelled'));
    expect(cancelled.stock).toBe('released');
    expect(cancelled).not.toHaveProperty('paymentTaskToken');
  });
});
