import { adminRoutes } from '../../../contract/routes/admin';
import { httpHandler } from '../../core/http/handler';
import { receiveStock } from '../../core/inventory';

export const handler = httpHandler(adminRoutes.receiveStock, async ({ params, body }) =>
  receiveStock(params.productId, body.quantity),
);
