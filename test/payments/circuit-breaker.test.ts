// The Razorpay circuit breaker, with its state shared through the control table in DynamoDB Local.
// "Reached Razorpay" is measured by the requests the double actually received.
import { beforeEach, describe, expect, it } from 'vitest';
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
