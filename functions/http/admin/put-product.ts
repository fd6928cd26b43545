import { routes } from '../../../contract/routes';
import { putProduct } from '../../core/catalog';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(routes.putProduct, async ({ params, body }) =>
  putProduct(params.productId, body),
);
