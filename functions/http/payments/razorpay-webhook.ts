import { paymentRoutes } from '../../../contract/routes/payments';
import { httpHandler } from '../../core/http/handler';
import { handleRazorpayWebhook } from '../../core/payment-confirmation';

// Always 200 once verified (duplicates and events we ignore included), so Razorpay stops retrying.
export const handler = httpHandler(paymentRoutes.razorpayWebhook, ({ rawBody, headers }) =>
  handleRazorpayWebhook({
    rawBody,
    signature: headers['x-razorpay-signature'],
    eventId: headers['x-razorpay-event-id'],
  }),
);
