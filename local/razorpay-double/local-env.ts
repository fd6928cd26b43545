// Points the payments module (and POST /dev/razorpay/pay) at a running double through the same
// env vars the real deployment uses, so handler code has no local-only path.
import type { RazorpayDouble } from './server';

/** Test-mode keys of the local double; never valid anywhere else. */
export const LOCAL_RAZORPAY_KEYS = {
  keyId: 'rzp_test_localDouble01',
  keySecret: 'local-double-key-secret-not-for-production',
  webhookSecret: 'local-double-webhook-secret-not-for-production',
};

export function useRazorpayDoubleEnv(
  double: Pick<RazorpayDouble, 'url' | 'keyId' | 'keySecret' | 'webhookSecret'>,
): void {
  delete process.env.RAZORPAY_SECRET_ARN; // locally the keys come from env, never Secrets Manager
  process.env.RAZORPAY_BASE_URL = double.url;
  process.env.RAZORPAY_DOUBLE_URL = double.url;
  process.env.RAZORPAY_KEY_ID = double.keyId;
  process.env.RAZORPAY_KEY_SECRET = double.keySecret;
  process.env.RAZORPAY_WEBHOOK_SECRET = double.webhookSecret;
}
