import { cartRoutes } from '../../../contract/routes/cart';
import { setItem } from '../../core/cart';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(cartRoutes.setCartItem, async ({ caller, params, body }) =>
  setItem(caller.userId, params.productId, body.quantity),
);
