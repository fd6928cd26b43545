import { adminRoutes } from '../../../contract/routes/admin';
import { httpHandler } from '../../core/http/handler';
import { getStockLevels } from '../../core/inventory';

export const handler = httpHandler(adminRoutes.getStockLevels, async ({ params }) =>
  getStockLevels(params.productId),
);
