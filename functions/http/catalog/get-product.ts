import { routes } from '../../../contract/routes';
import { getActiveProduct } from '../../core/catalog';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(routes.getProduct, async ({ params }) =>
  getActiveProduct(params.productId),
);
