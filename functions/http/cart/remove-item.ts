import { routes } from '../../../contract/routes';
import { removeItem } from '../../core/cart';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(routes.removeCartItem, async ({ caller, params }) =>
  removeItem(caller.userId, params.productId),
);
