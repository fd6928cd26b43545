import { routes } from '../../../contract/routes';
import { httpHandler } from '../../core/http/handler';
import { getStockLevels } from '../../core/inventory';

export const handler = httpHandler(routes.getStockLevels, async ({ params }) =>
  getStockLevels(params.productId),
);
