// In-app notifications (GET /notifications), written by the saga and delivery steps, and the
// shopper's contact as the token gives it (where email and SMS go: shopper-messages/).
//
//   notify(input) / listNotifications(userId, page)      in-app, deduplicated by event
export { listNotifications, type Notification, type NotificationInput, notify } from './in-app';
