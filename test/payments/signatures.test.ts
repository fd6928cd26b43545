// Razorpay signatures: checked against the SDK's own reference implementation, and never throwing.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  signCheckout,
  signWebhook,
  verifyCheckoutSignature,
  verifyWebhookSignature,
} from '../../functions/core/payments';

const require = createRequire(import.meta.url);
const reference = require('razorpay/dist/utils/razorpay-utils') as {
  validatePaymentVerification: (
    ids: { order_id: string; payment_id: string },
    sig: string,
    secret: string,
  ) => boolean;
  validateWebhookSignature: (body: string, sig: string, secret: string) => boolean;
};

const KEY_SECRET = 'key-secret-abc';
const WEBHOOK_SECRET = 'webhook-secret-xyz';
const ids = { razorpayOrderId: 'order_ABCdef0123456', razorpayPaymentId: 'pay_XYZabc9876543' };

describe('checkout signature', () => {
  const signature = signCheckout(ids, KEY_SECRET);

  it('matches what the razorpay SDK itself would accept', () => {
    expect(
      reference.validatePaymentVerification(
        { order_id: ids.razorpayOrderId, payment_id: ids.razorpayPaymentId },
        signature,
        KEY_SECRET,
      ),
    ).toBe(true);
    expect(verifyCheckoutSignature({ ...ids, signature }, KEY_SECRET)).toBe(true);
  });

  it('refuses another payment id, another secret, a tampered or wrong-length signature', () => {
    expect(verifyCheckoutSignature({ ...ids, razorpayPaymentId: 'pay_other', signature }, KEY_SECRET)).toBe(
      false,
    );
    expect(verifyCheckoutSignature({ ...ids, signature }, 'another-secret')).toBe(false);
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    expect(verifyCheckoutSignature({ ...ids, signature: flipped }, KEY_SECRET)).toBe(false);
    for (const bad of [
      '',
      signature.slice(0, 10),
      `${signature}00`,
      'é'.repeat(64),
      signature.toUpperCase(),
    ]) {
      expect(verifyCheckoutSignature({ ...ids, signature: bad }, KEY_SECRET)).toBe(false);
    }
    expect(verifyCheckoutSignature({ ...ids, signature: undefined as unknown as string }, KEY_SECRET)).toBe(
      false,
    );
  });
});

describe('webhook signature', () => {
  const body = '{"event":"payment.captured","payload":{"payment":{"entity":{"id":"pay_1","amount":9000}}}}';
  const signature = signWebhook(body, WEBHOOK_SECRET);

  it('matches the SDK and verifies the exact raw body', () => {
    expect(reference.validateWebhookSignature(body, signature, WEBHOOK_SECRET)).toBe(true);
    expect(verifyWebhookSignature(body, signature, WEBHOOK_SECRET)).toBe(true);
  });

  it('refuses a tampered body, a re-serialised body, a wrong secret, a missing or short signature', () => {
    expect(verifyWebhookSignature(body.replace('9000', '9001'), signature, WEBHOOK_SECRET)).toBe(false);
    expect(verifyWebhookSignature(JSON.stringify(JSON.parse(body), null, 1), signature, WEBHOOK_SECRET)).toBe(
      false,
    );
    expect(verifyWebhookSignature(body, signature, 'wrong-secret')).toBe(false);
    expect(verifyWebhookSignature(body, undefined, WEBHOOK_SECRET)).toBe(false);
    expect(verifyWebhookSignature(body, signature.slice(1), WEBHOOK_SECRET)).toBe(false);
  });
});
