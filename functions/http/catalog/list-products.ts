import { catalogRoutes } from '../../../contract/routes/catalog';
import { httpHandler } from '../../core/http/handler';
import { listActiveProducts } from '../../core/product-listing';

export const handler = httpHandler(catalogRoutes.listProducts, async ({ query }) =>
  listActiveProducts({ category: query.category, limit: query.limit, cursor: query.cursor }),
);
