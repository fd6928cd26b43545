// Local only: make the system's calls to the Razorpay API fail (the next `count`, or all for
// `seconds`) or hang: how a demo or a chaos run plays an outage. DELETE ends it.
import { httpHandler } from '../../functions/core/http/handler';
import { callDouble } from './razorpay-double-client';
import { localRoutes } from './routes';

export const handler = httpHandler(localRoutes.devRazorpayFaults, async ({ body }) => {
  await callDouble('POST', 'faults', body);
  return { ok: true };
});
