// Razorpay's two signatures: HMAC-SHA256 hex, compared in constant time (never with ===).
import { createHmac, timingSafeEqual } from 'node:crypto';

const hmacHex = (secret: string, message: string) =>
  createHmac('sha256', secret).update(message).digest('hex');

const sameHex = (expectedHex: string, given: unknown): boolean => {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(expectedHex, 'utf8');
  const actual = Buffer.from(given, 'utf8');
  // timingSafeEqual throws on different lengths; a wrong length is simply a wrong signature.
  return expected.length === actual.length && timingSafeEqual(expected, actual);
};

export interface CheckoutResult {
  razorpayOrderId: string;
  razorpayPaymentId: string;
}

/** What Razorpay Checkout hands the client: HMAC(keySecret, "order_id|payment_id"). */
export const signCheckout = ({ razorpayOrderId, razorpayPaymentId }: CheckoutResult, keySecret: string) =>
  hmacHex(keySecret, `${razorpayOrderId}|${razorpayPaymentId}`);

export function verifyCheckoutSignature(
  checkout: CheckoutResult & { signature: string },
  keySecret: string,
): boolean {
  return sameHex(signCheckout(checkout, keySecret), checkout.signature);
}

/** X-Razorpay-Signature: HMAC(webhookSecret, the raw body exactly as sent). */
export const signWebhook = (rawBody: string, webhookSecret: string) => hmacHex(webhookSecret, rawBody);

export function verifyWebhookSignature(
  rawBody: string,
  signature: string | undefined,
  webhookSecret: string,
) {
  return sameHex(signWebhook(rawBody, webhookSecret), signature);
}
