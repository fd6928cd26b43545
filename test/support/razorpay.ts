// A Razorpay double for one test file, with the env the payments module reads pointed at it.
import { afterAll, beforeAll } from 'vitest';
import { useRazorpayDoubleEnv } from '../../local/lambda-environment';
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

export function useRazorpayDouble(options: Partial<RazorpayDoubleOptions> = {}): () => RazorpayDouble {
  let double: RazorpayDouble | undefined;
  beforeAll(async () => {
    double = await startRazorpayDouble({ ...TEST_KEYS, ...options });
    useRazorpayDoubleEnv(double);
  });
  afterAll(async () => {
    await double?.stop();
  });
  return () => double!;
}
