import { routes } from '../../../contract/routes';
import { listActiveProducts } from '../../core/catalog';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(routes.listProducts, async ({ query }) =>
  listActiveProducts({ category: query.category, limit: query.limit, cursor: query.cursor }),
);
