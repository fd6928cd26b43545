import { paymentRoutes } from '../../../contract/routes/payments';
import { httpHandler } from '../../core/http/handler';
import { verifyCheckoutPayment } from '../../core/payment-confirmation';

export const handler = httpHandler(paymentRoutes.verifyCheckoutPayment, ({ caller, body }) =>
  verifyCheckoutPayment(caller.userId, body),
);
