// The shopper's in-app notifications (GET /notifications): apart from the order schemas, which that
// route never parses.
import { Id, Pagination, Timestamp } from './common';
import * as z from './zod';

export const NotificationListQuery = Pagination.strict();

export const Notification = z
  .object({
    notificationId: z.string(),
    type: z.string(),
    orderId: Id.optional(),
    title: z.string(),
    message: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Notification' });

export const NotificationList = z
  .object({ items: z.array(Notification), nextCursor: z.string().nullable() })
  .meta({ id: 'NotificationList' });
