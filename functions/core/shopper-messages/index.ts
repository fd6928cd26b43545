// Email and SMS to shoppers, one per order event and channel (docs/api.md "Notifications"): the
// notifier's domain. It reads orders and delivery through their public surfaces; nothing in
// orders/ imports it, so the in-app notifications (notifications/) stay below both.
//
//   sendShopperMessages(event) → per-channel outcomes    email (SES v2) and SMS (SNS), once each
export { type ChannelOutcome, type ShopperEvent, sendShopperMessages } from './send';
