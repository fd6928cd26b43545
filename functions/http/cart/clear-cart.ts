import { routes } from '../../../contract/routes';
import { clearCart } from '../../core/cart';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(routes.clearCart, async ({ caller }) => clearCart(caller.userId));
