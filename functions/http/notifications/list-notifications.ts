import { routes } from '../../../contract/routes';
import { httpHandler } from '../../core/http/handler';
import { listNotifications } from '../../core/notifications';

export const handler = httpHandler(routes.listNotifications, async ({ caller, query }) =>
  listNotifications(caller.userId, query),
);
