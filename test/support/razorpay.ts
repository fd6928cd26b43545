// A Razorpay double for one test file, with the env the payments module reads pointed at it.
import { afterAll, beforeAll } from 'vitest';
import {
  type RazorpayDouble,
  type RazorpayDoubleOptions,
  startRazorpayDouble,
} from '../../local/razorpay-double';

export const TEST_KEYS = {
  keyId: 'rzp_test_localTests01',
  keySecret: 'test-key-secret-0123456789',
  webhookSecret: 'test-webhook-secret-0123456789',
};

export function pointRazorpayAt(
  double: Pick<RazorpayDouble, 'url' | 'keyId' | 'keySecret' | 'webhookSecret'>,
) {
  process.env.RAZORPAY_BASE_URL = double.url;
  process.env.RAZORPAY_KEY_ID = double.keyId;
  process.env.RAZORPAY_KEY_SECRET = double.keySecret;
  process.env.RAZORPAY_WEBHOOK_SECRET = double.webhookSecret;
}

export function useRazorpayDouble(options: Partial<RazorpayDoubleOptions> = {}): () => RazorpayDouble {
  let double: RazorpayDouble | undefined;
  beforeAll(async () => {
    double = await startRazorpayDouble({ ...TEST_KEYS, ...options });
    pointRazorpayAt(double);
  });
  afterAll(async () => {
    await double?.stop();
  });
  return () => double!;
}
