// The local dev routes reach the Razorpay double over its control API (/_control/…), whose URL the
// local runtime puts in the environment. Its answers keep Razorpay's error shape.
import { AppError } from '../../functions/core/errors';

export async function callDouble(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
  const doubleUrl = process.env.RAZORPAY_DOUBLE_URL;
  if (!doubleUrl) throw new Error('RAZORPAY_DOUBLE_URL is not set: the Razorpay double is not running');
  const response = await fetch(`${doubleUrl}/_control/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown> & { error?: { description?: string } };
  if (response.ok) return answer;
  const description = answer.error?.description ?? `Razorpay double answered ${response.status}`;
  if (/does not exist/i.test(description)) throw new AppError('NOT_FOUND', 'Razorpay order not found');
  if (/already been paid/i.test(description)) throw new AppError('INVALID_STATE', description);
  throw new AppError('VALIDATION_FAILED', description);
}
