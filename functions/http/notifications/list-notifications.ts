import { notificationRoutes } from '../../../contract/routes/notifications';
import { httpHandler } from '../../core/http/handler';
import { listNotifications } from '../../core/notifications';

export const handler = httpHandler(notificationRoutes.listNotifications, async ({ caller, query }) =>
  listNotifications(caller.userId, query),
);
