import { routes } from '../../../contract/routes';
import { httpHandler } from '../../core/http/handler';
import { listOrdersForUser } from '../../core/orders';

export const handler = httpHandler(routes.listOrders, async ({ caller, query }) =>
  listOrdersForUser(caller.userId, query),
);
