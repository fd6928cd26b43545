// After a restart the local Step Functions has forgotten every execution (aws-local-stepfunctions
// cannot resume one mid-way), so each open order gets a fresh saga from its own state: the steps
// already done find their change made and pass (ReserveStock, CreatePaymentOrder), AwaitPayment
// stores a new task token and waits out what is left of the payment window (or resumes at once if
// a payment was signalled meanwhile). Orders already past their deadline are the reconciler's.
import { readOrder } from '../functions/core/orders';
import { OPEN_STATUSES } from '../functions/core/orders/model';
import { startCheckoutSaga } from '../functions/core/orders/workflow';
import { openOrders } from '../functions/core/reconciler';

export async function resumeInterruptedSagas(now = Date.now()): Promise<string[]> {
  const resumed: string[] = [];
  for (const orderId of await openOrders()) {
    const order = await readOrder(orderId);
    if (!order?.openDeadline || !OPEN_STATUSES.includes(order.status)) continue;
    const remainingSeconds = Math.ceil((Date.parse(order.openDeadline) - now) / 1000);
    if (remainingSeconds < 1) continue;
    await startCheckoutSaga({ orderId, paymentWindowSeconds: remainingSeconds });
    resumed.push(orderId);
  }
  return resumed;
}
