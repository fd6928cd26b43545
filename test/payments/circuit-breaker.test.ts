// The Razorpay circuit breaker, with its state shared through the control table in DynamoDB Local.
// "Reached Razorpay" is measured by the requests the double actually received; reads of the shared
// item by the GetItems this process's DynamoDB client sends (this process is one Lambda instance).
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';
import {
  createOrder,
  fetchOrder,
  PaymentProviderRejectedError,
  PaymentProviderUnavailableError,
  RAZORPAY_BREAKER,
  readBreaker,
} from '../../functions/core/payments';
import { useRazorpayDouble } from '../support/razorpay';
import { useFreshTables } from '../support/tables';

const double = useRazorpayDouble();

beforeEach(async () => {
  await useFreshTables();
  process.env.RAZORPAY_BREAKER_FAILURES = '3';
  process.env.RAZORPAY_BREAKER_COOLDOWN_MS = '600000'; // tests end the cool-down by setting it to 0
  process.env.RAZORPAY_TIMEOUT_MS = '5000';
  delete process.env.RAZORPAY_BREAKER_CACHE_MS; // the default (1 s): these hold whatever the cache
  double().resetFaults();
});

const attempt = () =>
  createOrder({ amount: 1000, receipt: 'breaker' }).then(
    () => 'ok' as const,
    (error: Error) => error,
  );

const tripBreaker = async () => {
  double().failNextApiCalls(3, 503);
  for (let i = 0; i < 3; i++) expect(await attempt()).toBeInstanceOf(PaymentProviderUnavailableError);
  expect((await readBreaker(RAZORPAY_BREAKER)).state).toBe('OPEN');
};

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
};

describe('circuit breaker', () => {
  it('opens after N consecutive transient failures; then fails fast without calling Razorpay', async () => {
    double().failNextApiCalls(2, 500);
    await attempt();
    await attempt();
    expect(await readBreaker(RAZORPAY_BREAKER)).toMatchObject({ state: 'CLOSED', failures: 2 });
    double().failNextApiCalls(1, 502);
    await attempt();
    expect((await readBreaker(RAZORPAY_BREAKER)).state).toBe('OPEN');
    expect(double().apiRequests).toHaveLength(3);

    const results = await Promise.all(Array.from({ length: 5 }, attempt));
    for (const result of results) {
      expect(result).toBeInstanceOf(PaymentProviderUnavailableError);
      expect((result as PaymentProviderUnavailableError).code).toBe('CIRCUIT_OPEN');
    }
    expect(double().apiRequests).toHaveLength(3);
  });

  it('does not count rejections (4xx), which also end a run of failures', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await fetchOrder('order_missing0000000').catch((e) => e)).toBeInstanceOf(
        PaymentProviderRejectedError,
      );
    }
    expect(await readBreaker(RAZORPAY_BREAKER)).toMatchObject({ state: 'CLOSED', failures: 0 });

    double().failNextApiCalls(2, 503);
    await attempt();
    await attempt();
    await fetchOrder('order_missing0000000').catch(() => {});
    double().failNextApiCalls(2, 503);
    await attempt();
    await attempt();
    expect(await readBreaker(RAZORPAY_BREAKER)).toMatchObject({ state: 'CLOSED', failures: 2 });
    expect(await attempt()).toBe('ok');
    expect((await readBreaker(RAZORPAY_BREAKER)).failures).toBe(0);
  });

  it('opens exactly once when many concurrent calls fail together', async () => {
    double().failNextApiCalls(10, 503);
    const results = await Promise.all(Array.from({ length: 10 }, attempt));
    expect(results.every((r) => r instanceof PaymentProviderUnavailableError)).toBe(true);
    const breaker = await readBreaker(RAZORPAY_BREAKER);
    expect(breaker.state).toBe('OPEN');
    expect(breaker.failures).toBe(0);
  });

  it('after the cool-down lets exactly one concurrent caller try; its success closes the breaker', async () => {
    await tripBreaker();
    process.env.RAZORPAY_BREAKER_COOLDOWN_MS = '0';
    const held = double().hangNextApiCalls(1); // keep the trial in flight while the others arrive
    const settled: unknown[] = [];
    const calls = Array.from({ length: 8 }, async () => {
      const result = await attempt();
      settled.push(result);
      return result;
    });

    await until(() => double().apiRequests.length === 4 && settled.length === 7);
    expect(settled.every((r) => (r as PaymentProviderUnavailableError).code === 'CIRCUIT_OPEN')).toBe(true);
    expect((await readBreaker(RAZORPAY_BREAKER)).state).toBe('HALF_OPEN');

    held.release();
    const results = await Promise.all(calls);
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(await readBreaker(RAZORPAY_BREAKER)).toMatchObject({ state: 'CLOSED', failures: 0 });
    expect(await attempt()).toBe('ok');
    expect(double().apiRequests).toHaveLength(5);
  });

  it('re-opens when the trial call fails transiently', async () => {
    await tripBreaker();
    process.env.RAZORPAY_BREAKER_COOLDOWN_MS = '0';
    double().failNextApiCalls(1, 503);
    expect(await attempt()).toMatchObject({ statusCode: 503 });
    expect((await readBreaker(RAZORPAY_BREAKER)).state).toBe('OPEN');

    process.env.RAZORPAY_BREAKER_COOLDOWN_MS = '600000';
    expect(await attempt()).toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(double().apiRequests).toHaveLength(4);
  });

  it('a rejection (4xx) on the trial call proves Razorpay is reachable and closes the breaker', async () => {
    await tripBreaker();
    process.env.RAZORPAY_BREAKER_COOLDOWN_MS = '0';
    expect(await fetchOrder('order_missing0000000').catch((e) => e)).toBeInstanceOf(
      PaymentProviderRejectedError,
    );
    expect((await readBreaker(RAZORPAY_BREAKER)).state).toBe('CLOSED');
  });
});

const BREAKER_KEY = { pk: `breaker#${RAZORPAY_BREAKER}` };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The reads of the breaker's item this process sends from now on (consistent or not), in order. */
function breakerReads(): boolean[] {
  const reads: boolean[] = [];
  const name = `breakerReads-${Math.random()}`;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: Record<string, unknown>; ConsistentRead?: boolean };
      if (/^Get(Item)?Command$/.test(context.commandName ?? '') && input.Key?.pk === BREAKER_KEY.pk)
        reads.push(input.ConsistentRead === true);
      return next(args);
    },
    { step: 'initialize', name },
  );
  onTestFinished(() => {
    dynamo().middlewareStack.remove(name);
  });
  return reads;
}

/** What another Lambda instance's writes look like from here: the shared item, moved directly. */
const openedElsewhere = () =>
  dynamo().send(
    new PutCommand({
      TableName: tableName('control'),
      Item: { ...BREAKER_KEY, state: 'OPEN', failures: 0, openedAt: Date.now() },
    }),
  );
const failedElsewhere = (failures: number) =>
  dynamo().send(
    new UpdateCommand({
      TableName: tableName('control'),
      Key: BREAKER_KEY,
      UpdateExpression: 'SET #state = :closed, failures = :failures',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':closed': 'CLOSED', ':failures': failures },
    }),
  );

describe('each instance’s reading of the breaker', () => {
  beforeEach(async () => {
    process.env.RAZORPAY_BREAKER_CACHE_MS = '60000'; // no test here waits on it
    expect(await attempt()).toBe('ok'); // this instance now holds a healthy (CLOSED, 0 failures) reading
  });

  it('lets calls through on a healthy reading without reading the shared item', async () => {
    const reads = breakerReads();
    for (let i = 0; i < 5; i++) expect(await attempt()).toBe('ok');
    expect(reads).toEqual([]);
    expect(double().apiRequests).toHaveLength(6);
  });

  it('sees a breaker opened by another instance once its reading is older than the cache age', async () => {
    const reads = breakerReads();
    await openedElsewhere();
    // Within the cache age this instance still calls: the bound the cache trades for its reads.
    expect(await attempt()).toBe('ok');
    expect(double().apiRequests).toHaveLength(2);
    expect(reads).toEqual([]);

    process.env.RAZORPAY_BREAKER_CACHE_MS = '100';
    await sleep(150);
    expect(await attempt()).toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(double().apiRequests).toHaveLength(2);
    // The refresh is eventually consistent; finding the breaker moved, it decides on a consistent read.
    expect(reads).toEqual([false, true]);
  });

  it('counts its failures in the shared item, with other instances’ failures, and opens at the threshold', async () => {
    const reads = breakerReads();
    await failedElsewhere(1);
    double().failNextApiCalls(2, 503);
    expect(await attempt()).toBeInstanceOf(PaymentProviderUnavailableError); // on the cached reading
    expect(await readBreaker(RAZORPAY_BREAKER)).toMatchObject({ state: 'CLOSED', failures: 2 });
    expect(await attempt()).toBeInstanceOf(PaymentProviderUnavailableError);
    expect((await readBreaker(RAZORPAY_BREAKER)).state).toBe('OPEN');
    expect(await attempt()).toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(double().apiRequests).toHaveLength(3);
    // Test reads are consistent too: the breaker's own are the first after each failure.
    expect(reads.filter((consistent) => !consistent)).toEqual([]);
  });

  it('drops its reading on a failure: the next success reads the count and resets it', async () => {
    double().failNextApiCalls(2, 503);
    await attempt();
    await attempt();
    expect(await attempt()).toBe('ok');
    expect(await readBreaker(RAZORPAY_BREAKER)).toMatchObject({ state: 'CLOSED', failures: 0 });
    // So two more failures are two in a row, not four: still closed.
    double().failNextApiCalls(2, 503);
    await attempt();
    await attempt();
    expect(await readBreaker(RAZORPAY_BREAKER)).toMatchObject({ state: 'CLOSED', failures: 2 });
  });

  it('keeps the half-open trial single: a reading never outlives the cool-down', async () => {
    await openedElsewhere();
    process.env.RAZORPAY_BREAKER_COOLDOWN_MS = '100';
    await sleep(150); // the cool-down is over; the reading is still far younger than the cache age
    const held = double().hangNextApiCalls(1);
    const settled: unknown[] = [];
    const calls = Array.from({ length: 8 }, async () => {
      const result = await attempt();
      settled.push(result);
      return result;
    });
    await until(() => double().apiRequests.length === 2 && settled.length === 7);
    expect(settled.every((r) => (r as PaymentProviderUnavailableError).code === 'CIRCUIT_OPEN')).toBe(true);
    held.release();
    expect((await Promise.all(calls)).filter((r) => r === 'ok')).toHaveLength(1);
    expect(await readBreaker(RAZORPAY_BREAKER)).toMatchObject({ state: 'CLOSED', failures: 0 });
  });
});
