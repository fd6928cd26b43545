import { routes } from '../../../contract/routes';
import { httpHandler } from '../../core/http/handler';
import { cancelOrder } from '../../core/orders';

export const handler = httpHandler(routes.cancelOrder, ({ caller, params }) =>
  cancelOrder(params.orderId, caller.userId),
);
