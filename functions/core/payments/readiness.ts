// Checkout refuses to start while the Razorpay keys cannot take a payment: the secret still holds the
// first deploy's REPLACE_ME, or its key id is for the other mode (rzp_test_ on a live stage). Refused
// before any order exists, loudly (an error log and a metric an alarm watches), never as a quiet
// payment_failed at the end of every saga.
import { AppError } from '../errors';
import { logger } from '../logger';
import { countPaymentsMisconfigured } from '../metrics';
import { type RazorpayKeys, razorpayKeys } from './keys';

export const PLACEHOLDER = 'REPLACE_ME';
/** Ops fix a secret in minutes, not seconds: clients need not hammer the API meanwhile. */
export const MISCONFIGURED_RETRY_AFTER_SECONDS = 300;

const keyPrefix = { test: 'rzp_test_', live: 'rzp_live_' } as const;
type Mode = keyof typeof keyPrefix;

/** What is wrong with the keys for this mode, or undefined when they can take payments. */
export function razorpayKeysProblem(keys: RazorpayKeys, mode: string | undefined): string | undefined {
  const placeholders = (Object.keys(keys) as (keyof RazorpayKeys)[]).filter((k) => keys[k] === PLACEHOLDER);
  if (placeholders.length > 0) {
    return `the Razorpay secret still holds ${PLACEHOLDER} in ${placeholders.join(', ')}`;
  }
  if (mode === undefined || mode === '') return undefined;
  if (mode !== 'test' && mode !== 'live') return `RAZORPAY_MODE must be test or live, not ${mode}`;
  const expected = keyPrefix[mode as Mode];
  if (!keys.keyId.startsWith(expected)) {
    return `RAZORPAY_MODE is ${mode} but the key id does not start with ${expected}`;
  }
  return undefined;
}

/** Throws 503 SERVICE_UNAVAILABLE (with retry-after) when checkout could not take a payment. */
export async function assertPaymentsReady(): Promise<void> {
  const problem = razorpayKeysProblem(await razorpayKeys(), process.env.RAZORPAY_MODE);
  if (!problem) return;
  logger.error('Checkout refused: payments are not configured', { problem });
  countPaymentsMisconfigured();
  throw new AppError(
    'SERVICE_UNAVAILABLE',
    'Payments are not configured yet, so checkout is paused; please try again later',
    undefined,
    { 'retry-after': String(MISCONFIGURED_RETRY_AFTER_SECONDS) },
  );
}
