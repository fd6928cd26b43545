// What reaches a shopper: in-app notifications (written by the saga and delivery steps) and the
// email and SMS the notifier sends for each order event.
//
//   notify(input) / listNotifications(userId, page)      in-app, deduplicated by event
//   sendShopperMessages(event) → per-channel outcomes    email (SES v2) and SMS (SNS), once each
export { listNotifications, type Notification, type NotificationInput, notify } from './in-app';
export { type ChannelOutcome, type ShopperEvent, sendShopperMessages } from './shopper-messages';
