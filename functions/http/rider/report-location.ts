import { routes } from '../../../contract/routes';
import { reportLocation } from '../../core/delivery';
import { httpHandler } from '../../core/http/handler';

export const handler = httpHandler(routes.reportRiderLocation, ({ caller, body }) =>
  reportLocation(caller.userId, body),
);
