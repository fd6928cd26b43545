import { routes } from '../../../contract/routes';
import { getTracking } from '../../core/delivery';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(routes.getTracking, ({ caller, params }) =>
  getTracking(params.orderId, caller.userId),
);
