import { adminRoutes } from '../../../contract/routes/admin';
import { httpHandler } from '../../core/http/handler';
import { setStockShards } from '../../core/inventory';

export const handler = httpHandler(adminRoutes.setStockShards, async ({ params, body }) =>
  setStockShards(params.productId, body.shards),
);
