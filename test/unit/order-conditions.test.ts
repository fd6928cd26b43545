// The order's named conditions, joined by the store into one ConditionExpression.
import { afterAll, describe, expect, it } from 'vitest';
import {
  anyOf,
  carriedBy,
  hasRider,
  paymentStatusIs,
  refundNotRecorded,
  statusIn,
  statusIsNot,
  stockIs,
} from '../../functions/core/orders/conditions';
import { orderUpdate } from '../../functions/core/orders/store';

const previousTable = process.env.ORDERS_TABLE;
process.env.ORDERS_TABLE = 'orders-under-test';
afterAll(() => {
  if (previousTable === undefined) delete process.env.ORDERS_TABLE;
  else process.env.ORDERS_TABLE = previousTable;
});

/** The expression with every placeholder replaced by what it stands for, to read it back. */
const spelled = (update: ReturnType<typeof orderUpdate>, expression: string) =>
  expression
    .replace(/#n\d+/g, (p) => update.ExpressionAttributeNames![p]!)
    .replace(/:v\d+/g, (p) => JSON.stringify(update.ExpressionAttributeValues![p]));

describe('order conditions', () => {
  it('joins the named pieces, after the order must exist, with AND', () => {
    const update = orderUpdate({
      orderId: 'o1',
      at: '2026-12-01T00:00:00.000Z',
      when: [statusIn(['pending', 'awaiting_payment']), stockIs('reserved'), paymentStatusIs('captured')],
      to: 'confirmed',
      set: { stock: 'sold' },
    });
    expect(spelled(update, update.ConditionExpression)).toBe(
      'attribute_exists(orderId) AND status IN ("pending", "awaiting_payment") AND stock = "reserved" AND payment.status = "captured"',
    );
    expect(spelled(update, update.UpdateExpression!)).toBe(
      'SET updatedAt = "2026-12-01T00:00:00.000Z", stock = "sold", status = "confirmed", timeline = list_append(if_not_exists(timeline, []), [{"status":"confirmed","at":"2026-12-01T00:00:00.000Z"}])',
    );
  });

  it('keeps alternatives together in parentheses', () => {
    const update = orderUpdate({
      orderId: 'o1',
      at: 'now',
      when: [anyOf(statusIsNot('confirmed'), hasRider), carriedBy('r1'), refundNotRecorded('rf1')],
    });
    expect(spelled(update, update.ConditionExpression)).toBe(
      'attribute_exists(orderId) AND ((status <> "confirmed") OR (attribute_exists(rider))) AND rider.riderId = "r1" AND (attribute_not_exists(payment.refundIds) OR NOT contains(payment.refundIds, "rf1"))',
    );
  });

  it('gives every value its own placeholder and every attribute name one', () => {
    const update = orderUpdate({
      orderId: 'o1',
      at: 'now',
      when: [stockIs('none'), stockIs('none')],
      set: { 'payment.status': 'failed' },
    });
    expect(Object.values(update.ExpressionAttributeNames!).sort()).toEqual(
      ['orderId', 'payment', 'status', 'stock', 'updatedAt'].sort(),
    );
    expect(Object.keys(update.ExpressionAttributeValues!)).toHaveLength(4);
  });
});
