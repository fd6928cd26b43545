// First-deploy safety: checkout answers 503 with retry-after (and logs, and counts a metric an alarm
// watches) while the Razorpay keys are placeholders or for the other mode, instead of creating an
// order whose saga can only end payment_failed.
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../functions/core/errors';
import { logger } from '../../functions/core/logger';
import { assertPaymentsReady, razorpayKeysProblem } from '../../functions/core/payments';

const ENV = [
  'RAZORPAY_SECRET_ARN',
  'RAZORPAY_KEY_ID',
  'RAZORPAY_KEY_SECRET',
  'RAZORPAY_WEBHOOK_SECRET',
  'RAZORPAY_MODE',
];
const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
afterEach(() => {
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  vi.restoreAllMocks();
});

const keys = (keyId: string, keySecret = 'secret') => ({ keyId, keySecret, webhookSecret: 'whsec' });

describe('razorpayKeysProblem', () => {
  it('accepts keys of the stage’s mode, and any real keys when no mode is set (local runtime)', () => {
    expect(razorpayKeysProblem(keys('rzp_test_abc'), 'test')).toBeUndefined();
    expect(razorpayKeysProblem(keys('rzp_live_abc'), 'live')).toBeUndefined();
    expect(razorpayKeysProblem(keys('rzp_test_abc'), undefined)).toBeUndefined();
  });

  it('names the placeholder fields, the mode mismatch, and an unknown mode', () => {
    expect(razorpayKeysProblem(keys('REPLACE_ME', 'REPLACE_ME'), 'live')).toMatch(
      /REPLACE_ME in keyId, keySecret/,
    );
    expect(razorpayKeysProblem(keys('rzp_test_abc'), 'live')).toMatch(/live.*rzp_live_/);
    expect(razorpayKeysProblem(keys('rzp_live_abc'), 'test')).toMatch(/test.*rzp_test_/);
    expect(razorpayKeysProblem(keys('rzp_live_abc'), 'sandbox')).toMatch(/RAZORPAY_MODE/);
  });
});

describe('assertPaymentsReady', () => {
  const useKeys = (keyId: string, mode: string) =>
    Object.assign(process.env, {
      RAZORPAY_KEY_ID: keyId,
      RAZORPAY_KEY_SECRET: 'secret',
      RAZORPAY_WEBHOOK_SECRET: 'whsec',
      RAZORPAY_MODE: mode,
    });

  it('lets checkout go on with good keys', async () => {
    useKeys('rzp_live_abc', 'live');
    await expect(assertPaymentsReady()).resolves.toBeUndefined();
  });

  it('answers 503 SERVICE_UNAVAILABLE with retry-after, logs an error and emits the metric', async () => {
    useKeys('rzp_test_abc', 'live');
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => {});
    const metrics = vi.spyOn(Metrics.prototype, 'addMetric');
    const refusal = await assertPaymentsReady().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      headers: { 'retry-after': '300' },
      message: expect.stringMatching(/Payments are not configured/),
    });
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/not configured/), {
      problem: expect.stringMatching(/rzp_live_/),
    });
    expect(metrics).toHaveBeenCalledWith('PaymentsMisconfigured', 'Count', 1);
  });
});
