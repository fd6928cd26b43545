import { routes } from '../../../contract/routes';
import { reportRiderLocation } from '../../core/delivery';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(routes.reportRiderLocation, ({ caller, body }) =>
  reportRiderLocation(caller.userId, body),
);
