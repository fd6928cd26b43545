import { orderRoutes } from '../../../contract/routes/orders';
import { httpHandler } from '../../core/http/handler';
import { getOrderForUser } from '../../core/orders';

export const handler = httpHandler(orderRoutes.getOrder, async ({ caller, params }) =>
  getOrderForUser(params.orderId, caller.userId),
);
