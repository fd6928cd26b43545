// Local only: stands in for Razorpay Checkout. Asks the double to pay or fail the Razorpay order
// (the double then sends the signed webhooks Razorpay would) and answers what Checkout hands the
// client: exactly the signed triple on success, Checkout's `error` on failure.
import { httpHandler } from '../../functions/core/http/handler';
import { callDouble } from './razorpay-double-client';
import { localRoutes } from './routes';

export const handler = httpHandler(localRoutes.devRazorpayPay, async ({ body }) => {
  const paid = await callDouble('POST', 'pay', body);
  const ids = { razorpay_order_id: paid.razorpay_order_id, razorpay_payment_id: paid.razorpay_payment_id };
  return paid.outcome === 'success'
    ? { ...ids, razorpay_signature: paid.razorpay_signature }
    : { ...ids, error: paid.error };
});
