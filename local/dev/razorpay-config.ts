// Local only: the double's key id and webhook secret, so a client can sign test webhooks.
import { httpHandler } from '../../functions/core/http/handler';
import { callDouble } from './razorpay-double-client';
import { localRoutes } from './routes';

export const handler = httpHandler(localRoutes.devRazorpayConfig, async () => {
  const { keyId, webhookSecret } = await callDouble('GET', 'config');
  return { keyId, webhookSecret };
});
