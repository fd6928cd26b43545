// Local only: clears injected Razorpay faults and releases the calls they hold.
import { httpHandler } from '../../functions/core/http/handler';
import { callDouble } from './razorpay-double-client';
import { localRoutes } from './routes';

export const handler = httpHandler(localRoutes.devRazorpayClearFaults, async () => {
  await callDouble('DELETE', 'faults');
  return { ok: true };
});
