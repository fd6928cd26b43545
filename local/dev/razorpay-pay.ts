// Local only: stands in for Razorpay Checkout. Asks the double (over its control API) to pay or
// fail the Razorpay order; the double then sends the signed webhooks Razorpay would.
import { AppError } from '../../functions/core/errors';
import { httpHandler } from '../../functions/core/http/handler';
import { localRoutes } from './routes';

export const handler = httpHandler(localRoutes.devRazorpayPay, async ({ body }) => {
  const doubleUrl = process.env.RAZORPAY_DOUBLE_URL;
  if (!doubleUrl) throw new Error('RAZORPAY_DOUBLE_URL is not set: the Razorpay double is not running');
  const response = await fetch(`${doubleUrl}/_control/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { error?: { description?: string } };
  if (response.ok) return answer;
  const description = answer.error?.description ?? `Razorpay double answered ${response.status}`;
  if (/does not exist/i.test(description)) throw new AppError('NOT_FOUND', 'Razorpay order not found');
  if (/already been paid/i.test(description)) throw new AppError('INVALID_STATE', description);
  throw new AppError('VALIDATION_FAILED', description);
});
