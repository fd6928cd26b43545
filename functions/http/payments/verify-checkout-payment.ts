import { routes } from '../../../contract/routes';
import { httpHandler } from '../../core/http/handler';
import { verifyCheckoutPayment } from '../../core/payment-confirmation';

export const handler = httpHandler(routes.verifyCheckoutPayment, ({ caller, body }) =>
  verifyCheckoutPayment(caller.userId, body),
);
