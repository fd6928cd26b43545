import { orderRoutes } from '../../../contract/routes/orders';
import { httpHandler } from '../../core/http/handler';
import { listOrdersForUser } from '../../core/orders';

export const handler = httpHandler(orderRoutes.listOrders, async ({ caller, query }) =>
  listOrdersForUser(caller.userId, query),
);
