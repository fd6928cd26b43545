import { cartRoutes } from '../../../contract/routes/cart';
import { clearCart } from '../../core/cart';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(cartRoutes.clearCart, async ({ caller }) => clearCart(caller.userId));
