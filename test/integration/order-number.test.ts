// Order numbers against DynamoDB Local: a day's counter is spread over several items (no single hot
// item for every checkout), and concurrent checkouts still get unique, well-formed numbers that
// are exactly the ones the counters account for.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, expect, it } from 'vitest';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';
import { nextOrderNumber, ORDER_NUMBER_SLOTS } from '../../functions/core/orders/order-number';
import { useFreshTables } from '../support/tables';

beforeAll(async () => {
  await useFreshTables();
});

/** The day's counter items: key → the last count it gave out, and its expiry. */
async function countersOf(day: string) {
  const { Items = [] } = await dynamo().send(
    new ScanCommand({
      TableName: tableName('control'),
      FilterExpression: 'begins_with(pk, :day)',
      ExpressionAttributeValues: { ':day': `ordernumber#${day}` },
      ConsistentRead: true,
    }),
  );
  return Items as { pk: string; lastNumber: number; expiresAt: number }[];
}

it('gives 300 concurrent checkouts unique numbers of the day, from more than one counter item', async () => {
  const now = new Date('2027-01-15T10:00:00Z');
  const numbers = await Promise.all(Array.from({ length: 300 }, () => nextOrderNumber(now)));

  for (const number of numbers) expect(number).toMatch(/^QC-20270115-\d{6}$/);
  expect(new Set(numbers).size).toBe(300);
  const counters = await countersOf('20270115');
  expect(counters.length).toBeGreaterThan(1);
  expect(counters.length).toBeLessThanOrEqual(ORDER_NUMBER_SLOTS);
  expect(counters.reduce((sum, c) => sum + c.lastNumber, 0)).toBe(300);
  // Each counter kept its expiry, three days on.
  for (const c of counters) expect(c.expiresAt).toBe(now.getTime() / 1000 + 3 * 86_400);
  // The numbers handed out are exactly slot k's 1st..nth: (n-1)·S + k + 1; none lost, none extra.
  const slotOf = (pk: string) => Number(pk.split('#')[2] ?? 0);
  const accounted = counters.flatMap((c) =>
    Array.from({ length: c.lastNumber }, (_, i) => i * ORDER_NUMBER_SLOTS + slotOf(c.pk) + 1),
  );
  const issued = numbers.map((n) => Number(n.slice(-6)));
  expect(issued.sort((a, b) => a - b)).toEqual(accounted.sort((a, b) => a - b));
});

it('counts on one item, 1, 2, 3…, with a single slot (the counter as it was), and starts again each day', async () => {
  const day = new Date('2027-02-01T23:59:59Z');
  const numbers = [];
  for (let i = 0; i < 3; i++) numbers.push(await nextOrderNumber(day, 1));
  expect(numbers).toEqual(['QC-20270201-000001', 'QC-20270201-000002', 'QC-20270201-000003']);
  expect((await countersOf('20270201')).map((c) => c.pk)).toEqual(['ordernumber#20270201']);
  expect(await nextOrderNumber(new Date('2027-02-02T00:00:00Z'), 1)).toBe('QC-20270202-000001');
});
