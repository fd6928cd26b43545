// POST /checkout: the cart becomes an order and its saga starts; 202 with the order. The key and
// body were checked at the edge; a replay (or the cart's unpaid order), and a cart that cannot be
// checked out, are answered before the rate limit, which only new orders spend.
import { orderRoutes } from '../../../contract/routes/orders';
import { httpHandler } from '../../core/http/handler';
import { contactFromClaims } from '../../core/notifications/contact';
import { checkout } from '../../core/orders';
import { assertPaymentsReady } from '../../core/payments';

export const handler = httpHandler(
  orderRoutes.checkout,
  async ({ caller, body, headers, spendRateLimit }) => {
    const { order } = await checkout(caller.userId, headers['idempotency-key']!, body, {
      contact: contactFromClaims(caller.claims),
      beforeNewOrder: async () => {
        await spendRateLimit();
        // Before any order exists: a first deploy's placeholder keys answer 503, not payment_failed later.
        await assertPaymentsReady();
      },
    });
    return order;
  },
);
