// The notifier's work for one order event: read the order, write the message for its status, and
// send it by email and by SMS to the contact stored at checkout, each channel exactly once. Both
// channels are tried before a failure is thrown, so a retry resends only the one that failed.

import type { OrderStatus } from '../../../contract/order-status';
import { riderSpeedKmph, storeLocation } from '../config';
import { orderEtaMinutes } from '../delivery/eta';
import { logger } from '../logger';
import type { OrderRecord } from '../orders/model';
import { readOrder } from '../orders/store';
import { emailEnabled, sendEmail, sendSms, smsEnabled } from './channels';
import { type Channel, claimSend, markSent, releaseSend } from './sent-markers';
import { isMessageKind, shopperMessage } from './templates';

export interface ShopperEvent {
  orderId: string;
  status: OrderStatus;
}

export type ChannelOutcome = 'sent' | 'already-sent' | 'no-address' | 'off' | 'failed';

async function once(eventKey: string, channel: Channel, send: () => Promise<void>): Promise<ChannelOutcome> {
  if (!(await claimSend(eventKey, channel))) return 'already-sent';
  try {
    await send();
  } catch (error) {
    await releaseSend(eventKey, channel);
    throw error;
  }
  await markSent(eventKey, channel);
  return 'sent';
}

export async function sendShopperMessages(
  event: ShopperEvent,
): Promise<{ outcome: 'ignored' } | Record<Channel, ChannelOutcome>> {
  if (!isMessageKind(event.status)) return { outcome: 'ignored' };
  const order = await readOrder(event.orderId);
  if (!order) throw new Error(`Order ${event.orderId} not found`);
  const kind = event.status;
  const message = shopperMessage(kind, order, { etaMinutes: etaOf(order, kind) });
  // An order reaches each status once, so order + status names the event however often it is published.
  const eventKey = `${order.orderId}#${kind}`;
  const { email, phone } = order.contact ?? {};

  // Each channel: a send, or why there is none (not deployed, or no address on the order).
  const plans: [Channel, (() => Promise<void>) | ChannelOutcome][] = [
    [
      'email',
      !emailEnabled()
        ? 'off'
        : !email
          ? 'no-address'
          : () =>
              sendEmail({ to: email, subject: message.subject, body: message.email, orderId: order.orderId }),
    ],
    [
      'sms',
      !smsEnabled() ? 'off' : !phone ? 'no-address' : () => sendSms({ to: phone, body: message.sms, kind }),
    ],
  ];
  const results = await Promise.allSettled(
    plans.map(([channel, plan]) => (typeof plan === 'function' ? once(eventKey, channel, plan) : plan)),
  );
  const outcome = Object.fromEntries(
    plans.map(([channel], i) => [channel, results[i]!.status === 'fulfilled' ? results[i]!.value : 'failed']),
  ) as Record<Channel, ChannelOutcome>;
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) {
    logger.warn('shopper message not sent', { outcome, errors: failures.map((f) => String(f.reason)) });
    throw failures[0]!.reason;
  }
  return outcome;
}

/** The ETA at the moment of the message: the store's while confirmed, as tracking shows it. */
const etaOf = (order: OrderRecord, kind: string) =>
  kind === 'confirmed' || kind === 'rider_assigned'
    ? orderEtaMinutes({ ...order, status: kind }, storeLocation(), riderSpeedKmph())
    : undefined;
