import { adminRoutes } from '../../../contract/routes/admin';
import { putProduct } from '../../core/catalog';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(adminRoutes.putProduct, async ({ params, body }) =>
  putProduct(params.productId, body),
);
