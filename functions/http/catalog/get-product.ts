import { catalogRoutes } from '../../../contract/routes/catalog';
import { getActiveProduct } from '../../core/catalog';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(catalogRoutes.getProduct, async ({ params }) =>
  getActiveProduct(params.productId),
);
