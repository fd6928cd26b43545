import { cartRoutes } from '../../../contract/routes/cart';
import { addItem } from '../../core/cart';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(cartRoutes.addCartItem, async ({ caller, body }) =>
  addItem(caller.userId, body.productId, body.quantity),
);
