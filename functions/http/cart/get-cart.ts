import { routes } from '../../../contract/routes';
import { getValidatedCart } from '../../core/cart';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(
  routes.getCart,
  async ({ caller }) => (await getValidatedCart(caller.userId)).cart,
);
