import { cartRoutes } from '../../../contract/routes/cart';
import { removeItem } from '../../core/cart';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(cartRoutes.removeCartItem, async ({ caller, params }) =>
  removeItem(caller.userId, params.productId),
);
