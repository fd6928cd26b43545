import { orderRoutes } from '../../../contract/routes/orders';
import { httpHandler } from '../../core/http/handler';
import { cancelOrder } from '../../core/orders';

export const handler = httpHandler(orderRoutes.cancelOrder, ({ caller, params }) =>
  cancelOrder(params.orderId, caller.userId),
);
