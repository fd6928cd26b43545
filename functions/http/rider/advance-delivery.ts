import { routes } from '../../../contract/routes';
import { advanceDelivery } from '../../core/delivery';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(routes.advanceDelivery, ({ caller, params, body }) =>
  advanceDelivery(caller.userId, params.orderId, body.status),
);
