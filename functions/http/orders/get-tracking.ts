import { deliveryRoutes } from '../../../contract/routes/delivery';
import { getTracking } from '../../core/delivery';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(deliveryRoutes.getTracking, ({ caller, params }) =>
  getTracking(params.orderId, caller.userId),
);
