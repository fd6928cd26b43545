// The shopper's in-app notifications: one route and its schemas, apart from the order schemas it
// never parses (docs/decisions.md, 2026-12-02).

import { NotificationList, NotificationListQuery } from '../schemas/notifications';
import { type RouteDeclaration, route } from './declaration';

export const notificationRoutes = {
  listNotifications: route({
    method: 'GET',
    path: '/notifications',
    handler: 'functions/http/notifications/list-notifications.ts',
    summary: 'The caller’s in-app notifications, newest first',
    access: ['shopper'],
    tag: 'orders',
    query: NotificationListQuery,
    response: NotificationList,
    grants: { tables: { notifications: 'read' } },
  }),
} satisfies Record<string, RouteDeclaration>;
