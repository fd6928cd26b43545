// The payment step: get the signed triple Razorpay Checkout hands a client, then let the server verify it.
// Locally the Razorpay double plays Checkout; deployed, Razorpay's own Checkout.js does.
import type { Api, Order, PaymentTriple } from './api';
import type { SiteConfig } from './config';

/** Only the triple: the double (or a newer Checkout) may add fields /payments/verify would refuse. */
const tripleOf = (value: PaymentTriple): PaymentTriple => ({
  razorpay_order_id: value.razorpay_order_id,
  razorpay_payment_id: value.razorpay_payment_id,
  razorpay_signature: value.razorpay_signature,
});

/** A declined attempt, as Checkout's payment.failed handler receives it (and the double answers it). */
interface DeclinedPayment {
  error: { description?: string };
}

export async function pay(api: Api, config: SiteConfig, order: Order): Promise<Order> {
  const razorpayOrderId = order.payment?.razorpayOrderId;
  if (!razorpayOrderId) throw new Error('The payment is not ready yet.');
  const attempt = config.local
    ? await api.call<PaymentTriple | DeclinedPayment>('POST', '/dev/razorpay/pay', {
        razorpay_order_id: razorpayOrderId,
        outcome: 'success',
      })
    : await razorpayCheckout(order);
  // Nothing to verify: the order still waits for payment, so the shopper may simply pay again.
  if ('error' in attempt) {
    const reason = attempt.error.description?.replace(/\.$/, '');
    throw new Error(`Your payment did not go through${reason ? ` (${reason})` : ''}. Please try again.`);
  }
  return api.verifyPayment(order.orderId, tripleOf(attempt));
}

interface RazorpayCheckout {
  open(): void;
}
type RazorpayConstructor = new (options: Record<string, unknown>) => RazorpayCheckout;

/** Razorpay Checkout.js, loaded only when a deployed page takes a real payment. */
async function razorpayCheckout(order: Order): Promise<PaymentTriple> {
  const Razorpay = await loadCheckoutScript();
  return new Promise((resolve, reject) => {
    new Razorpay({
      key: order.payment?.keyId,
      order_id: order.payment?.razorpayOrderId,
      amount: order.payment?.amount,
      currency: order.payment?.currency ?? 'INR',
      name: 'Quick commerce',
      description: `Order ${order.orderNumber}`,
      handler: resolve,
      modal: { ondismiss: () => reject(new Error('The payment window was closed.')) },
    }).open();
  });
}

function loadCheckoutScript(): Promise<RazorpayConstructor> {
  const existing = (window as unknown as { Razorpay?: RazorpayConstructor }).Razorpay;
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'https://checkout.razorpay.com/v1/checkout.js';
    script.onload = () => resolve((window as unknown as { Razorpay: RazorpayConstructor }).Razorpay);
    script.onerror = () => reject(new Error('Razorpay Checkout could not be loaded.'));
    document.head.append(script);
  });
}
