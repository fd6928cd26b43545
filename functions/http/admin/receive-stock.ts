import { routes } from '../../../contract/routes';
import { httpHandler } from '../../core/http/handler';
import { receiveStock } from '../../core/inventory';

export const handler = httpHandler(routes.receiveStock, async ({ params, body }) =>
  receiveStock(params.productId, body.quantity),
);
