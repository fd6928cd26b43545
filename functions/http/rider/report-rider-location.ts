import { deliveryRoutes } from '../../../contract/routes/delivery';
import { reportRiderLocation } from '../../core/delivery';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(deliveryRoutes.reportRiderLocation, ({ caller, body }) =>
  reportRiderLocation(caller.userId, body),
);
