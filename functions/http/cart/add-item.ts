import { routes } from '../../../contract/routes';
import { addItem } from '../../core/cart';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(routes.addCartItem, async ({ caller, body }) =>
  addItem(caller.userId, body.productId, body.quantity),
);
