import { routes } from '../../../infra/routes';
import { addItem } from '../../core/cart';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(routes.addCartItem, async ({ caller, body }) =>
  addItem(caller.userId, body.productId, body.quantity),
);
