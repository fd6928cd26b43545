import { cartRoutes } from '../../../contract/routes/cart';
import { getValidatedCart } from '../../core/cart';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(
  cartRoutes.getCart,
  async ({ caller }) => (await getValidatedCart(caller.userId)).cart,
);
