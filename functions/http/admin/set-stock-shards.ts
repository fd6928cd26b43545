import { routes } from '../../../contract/routes';
import { httpHandler } from '../../core/http/handler';
import { setStockShards } from '../../core/inventory';

export const handler = httpHandler(routes.setStockShards, async ({ params, body }) =>
  setStockShards(params.productId, body.shards),
);
