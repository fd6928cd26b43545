import { routes } from '../../../contract/routes';
import { setItem } from '../../core/cart';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(routes.setCartItem, async ({ caller, params, body }) =>
  setItem(caller.userId, params.productId, body.quantity),
);
