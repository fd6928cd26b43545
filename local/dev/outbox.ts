// Local only: what the local SES v2 / SNS endpoint (local/emulators/outbox.ts) received for one
// address or phone, newest first, in API.md's shape.
import { httpHandler } from '../../functions/core/http/handler';
import { localRoutes } from './routes';

export const handler = httpHandler(localRoutes.devOutbox, async ({ query }) => {
  const outboxUrl = process.env.OUTBOX_URL;
  if (!outboxUrl) throw new Error('OUTBOX_URL is not set: the local outbox is not running');
  const response = await fetch(`${outboxUrl}/_control/sent?to=${encodeURIComponent(query.to)}`);
  const { items } = (await response.json()) as { items: Record<string, unknown>[] };
  return {
    items: items.map(({ channel, to, subject, body, orderId, at }) => ({
      channel,
      to,
      ...(subject === undefined ? {} : { subject }),
      body,
      ...(orderId === undefined ? {} : { orderId }),
      at,
    })),
  };
});
