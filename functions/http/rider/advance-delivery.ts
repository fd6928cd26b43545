import { deliveryRoutes } from '../../../contract/routes/delivery';
import { advanceDelivery } from '../../core/delivery';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(deliveryRoutes.advanceDelivery, ({ caller, params, body }) =>
  advanceDelivery(caller.userId, params.orderId, body.status),
);
