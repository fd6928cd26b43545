import { routes } from '../../../contract/routes';
import { httpHandler } from '../../core/http/handler';
import { getOrderForUser } from '../../core/orders';

export const handler = httpHandler(routes.getOrder, async ({ caller, params }) =>
  getOrderForUser(params.orderId, caller.userId),
);
