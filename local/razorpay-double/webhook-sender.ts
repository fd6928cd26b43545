// Sends the double's webhooks the way Razorpay does: signed raw JSON, an event id that stays the
// same on every redelivery, retried (boundedly) on non-2xx or no answer. Switches let tests
// duplicate, reorder, delay or drop them. Given an outbox file, deliveries not made yet are kept
// there, and a restarted double sends them again (Razorpay retries for a day).
import { signWebhook } from '../../functions/core/payments/signatures';
import { readStateFile, writeStateFile } from '../state-file';
import { razorpayId } from './store';

/** Razorpay keeps retrying an undelivered webhook this long. */
const REDELIVER_FOR_MS = 24 * 3600 * 1000;

interface OutboxEntry extends WebhookEvent {
  firstSentAt: number;
}

export interface WebhookSwitches {
  /** Extra deliveries of each event, same event id and body (0 = delivered once). */
  duplicates?: number;
  /** Deliver this batch's events in reverse order (e.g. order.paid before payment.authorized). */
  reverse?: boolean;
  /** Wait this long before the first delivery. */
  delayMs?: number;
  /** Send nothing (Razorpay gave up, or the webhook is not configured). */
  drop?: boolean;
  /** Fire all deliveries of the batch at once instead of one after another. */
  concurrent?: boolean;
}

export interface WebhookRetryPolicy {
  /** Attempts per delivery, first included. */
  attempts: number;
  /** Wait before retry n (n ≥ 1) is delayMs × 2^(n-1). */
  delayMs: number;
  /** No answer within this is a failure (Razorpay: 5 s). */
  timeoutMs: number;
}

export interface WebhookEvent {
  eventId: string;
  event: string;
  /** The exact raw body, signed as is. */
  body: string;
}

export interface WebhookDelivery {
  eventId: string;
  event: string;
  body: string;
  /** One entry per attempt: the HTTP status, or the network error's message. */
  attempts: (number | string)[];
  delivered: boolean;
}

export function webhookEvent(
  event: string,
  entities: Record<string, object>,
  accountId: string,
): WebhookEvent {
  const payload = Object.fromEntries(
    // Snapshot now: later changes to the entity must not leak into an already-built event.
    Object.entries(entities).map(([name, entity]) => [name, { entity: structuredClone(entity) }]),
  );
  const body = JSON.stringify({
    entity: 'event',
    account_id: accountId,
    event,
    contains: Object.keys(entities),
    payload,
    created_at: Math.floor(Date.now() / 1000),
  });
  return { eventId: razorpayId('evt'), event, body };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private stopped = false;
  /** Undelivered events by delivery (kept in `outboxFile`, if any). */
  private readonly outbox = new Map<WebhookDelivery, OutboxEntry>();

  constructor(
    private readonly webhookSecret: string,
    private readonly retry: WebhookRetryPolicy,
    public webhookUrl: string | undefined,
    private readonly outboxFile?: string,
  ) {}

  /** Sends again what an earlier run of the double had not delivered (within Razorpay's day). */
  redeliverOutbox(): Promise<WebhookDelivery[]> {
    const stored = readStateFile<OutboxEntry[]>(this.outboxFile) ?? [];
    const fresh = stored.filter((entry) => Date.now() - entry.firstSentAt < REDELIVER_FOR_MS);
    const deliveries = fresh.map((entry) => this.track({ ...entry, attempts: [], delivered: false }, entry));
    this.saveOutbox();
    return this.run(deliveries, {});
  }

  private track(delivery: WebhookDelivery, entry: OutboxEntry): WebhookDelivery {
    this.deliveries.push(delivery);
    if (this.outboxFile) this.outbox.set(delivery, entry);
    return delivery;
  }

  private saveOutbox() {
    if (!this.outboxFile) return;
    // One entry per event id: the copies of a duplicated event need one redelivery, not several.
    const byEvent = new Map([...this.outbox.values()].map((entry) => [entry.eventId, entry]));
    writeStateFile(this.outboxFile, [...byEvent.values()]);
  }

  /** Queues a batch (one payment's events); resolves when every delivery has finished. */
  send(events: WebhookEvent[], switches: WebhookSwitches = {}): Promise<WebhookDelivery[]> {
    const ordered = switches.reverse ? [...events].reverse() : events;
    const copies = 1 + Math.max(0, switches.duplicates ?? 0);
    const firstSentAt = Date.now();
    const deliveries = ordered.flatMap((e) =>
      Array.from({ length: copies }, () => {
        const delivery: WebhookDelivery = { ...e, attempts: [], delivered: false };
        if (switches.drop) this.deliveries.push(delivery);
        else this.track(delivery, { ...e, firstSentAt });
        return delivery;
      }),
    );
    this.saveOutbox();
    if (switches.drop || !this.webhookUrl) return Promise.resolve(deliveries);
    return this.run(deliveries, switches);
  }

  private run(deliveries: WebhookDelivery[], switches: WebhookSwitches): Promise<WebhookDelivery[]> {
    const run = async () => {
      if (switches.delayMs) await sleep(switches.delayMs);
      if (switches.concurrent) await Promise.all(deliveries.map((d) => this.deliver(d)));
      else for (const d of deliveries) await this.deliver(d);
      return deliveries;
    };
    const done = run();
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
    return done;
  }

  /** Resolves once nothing is queued or in flight. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  stop() {
    this.stopped = true;
  }

  private async deliver(delivery: WebhookDelivery): Promise<void> {
    for (let attempt = 1; attempt <= this.retry.attempts && !this.stopped && this.webhookUrl; attempt++) {
      if (attempt > 1) await sleep(this.retry.delayMs * 2 ** (attempt - 2));
      try {
        const response = await fetch(this.webhookUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Razorpay-Webhook/v1',
            'x-razorpay-signature': signWebhook(delivery.body, this.webhookSecret),
            'x-razorpay-event-id': delivery.eventId,
          },
          body: delivery.body,
          signal: AbortSignal.timeout(this.retry.timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        delivery.attempts.push(response.status);
        if (response.ok) {
          delivery.delivered = true;
          if (this.outbox.delete(delivery)) this.saveOutbox();
          return;
        }
      } catch (error) {
        delivery.attempts.push((error as Error).message);
      }
    }
  }
}
