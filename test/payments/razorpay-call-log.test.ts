// Each Razorpay call logs one line `Razorpay <operation>` with the ids it concerns, how long it took and
// whether it failed (functions/core/timed-call.ts: the latency a Tracer subsegment used to show).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../functions/core/logger';
import { createOrder } from '../../functions/core/payments';
import { TEST_KEYS, useRazorpayDouble } from '../support/razorpay';
import { useFreshTables } from '../support/tables';

const double = useRazorpayDouble();

beforeEach(async () => {
  await useFreshTables();
  process.env.RAZORPAY_TIMEOUT_MS = '5000';
  process.env.RAZORPAY_BASE_URL = double().url;
  process.env.RAZORPAY_KEY_ID = TEST_KEYS.keyId;
  process.env.RAZORPAY_KEY_SECRET = TEST_KEYS.keySecret;
  process.env.RAZORPAY_WEBHOOK_SECRET = TEST_KEYS.webhookSecret;
});
afterEach(() => vi.restoreAllMocks());

/** The log lines of Razorpay calls made while `work` ran. */
const callLinesOf = async (work: () => Promise<unknown>) => {
  const info = vi.spyOn(logger, 'info');
  await work().catch(() => {});
  return info.mock.calls
    .filter(([message]) => typeof message === 'string' && message.startsWith('Razorpay '))
    .map(([message, fields]): Record<string, unknown> => ({ message, ...(fields as object) }));
};

describe('Razorpay call log', () => {
  it('logs `Razorpay createOrder` with our order id, its duration and ok', async () => {
    const lines = await callLinesOf(() =>
      createOrder({ amount: 9000, receipt: 'ord-7', notes: { orderId: 'ord-7' } }),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ message: 'Razorpay createOrder', orderId: 'ord-7', outcome: 'ok' });
    expect(lines[0]?.durationMs).toEqual(expect.any(Number));
    expect(lines[0]?.durationMs as number).toBeGreaterThanOrEqual(0);
  });

  it('logs the failure and its error class when Razorpay cannot be reached', async () => {
    process.env.RAZORPAY_BASE_URL = 'http://127.0.0.1:9'; // nothing listens: the call fails
    const lines = await callLinesOf(() => createOrder({ amount: 9000, receipt: 'ord-8' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ message: 'Razorpay createOrder', orderId: 'ord-8', outcome: 'failed' });
    expect(lines[0]?.error).toEqual(expect.any(String));
  });
});
