import { routes } from '../../../contract/routes';
import { httpHandler } from '../../core/http/handler';
import { listActiveProducts } from '../../core/product-listing';

export const handler = httpHandler(routes.listProducts, async ({ query }) =>
  listActiveProducts({ category: query.category, limit: query.limit, cursor: query.cursor }),
);
