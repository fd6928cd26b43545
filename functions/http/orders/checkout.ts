// POST /checkout: the cart becomes an order and its saga starts; 202 with the order.
import { routes } from '../../../contract/routes';
import { IdempotencyKey } from '../../../contract/schemas/orders';
import { validationFailed } from '../../core/errors';
import { httpHandler } from '../../core/http/handler';
import { contactFromClaims } from '../../core/notifications/contact';
import { checkout } from '../../core/orders';
import { assertPaymentsReady } from '../../core/payments';

export const handler = httpHandler(routes.checkout, async ({ caller, body, headers }) => {
  const key = IdempotencyKey.safeParse(headers['idempotency-key']);
  if (!key.success) {
    throw validationFailed('An Idempotency-Key header is required (8–128 of A-Z a-z 0-9 _ . : -)', [
      { path: ['headers', 'idempotency-key'], message: key.error.issues[0]?.message },
    ]);
  }
  // Before any order exists: a first deploy's placeholder keys answer 503, not payment_failed later.
  await assertPaymentsReady();
  const { order } = await checkout(caller.userId, key.data, body, contactFromClaims(caller.claims));
  return order;
});
