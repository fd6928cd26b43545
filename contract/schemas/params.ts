// Path parameters several areas share (cart lines and admin stock by product, tracking and the rider's
// updates by order): their own module, so a route that reads one does not build another area's schemas.
import { Id } from './common';
import * as z from './zod';

export const ProductIdParams = z.object({ productId: Id });

export const OrderIdParams = z.object({ orderId: Id });
