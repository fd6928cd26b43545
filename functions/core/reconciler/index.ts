// The reconciler: a scheduled sweep that settles every order its saga left unsettled past the
// order's deadline plus a grace (a crash, a lost execution, a signal that never came, a refund
// that failed). Each order is settled on its own (./settle-order); one that fails is retried on
// the next run, since it stays in the index.
import { reconcileGraceSeconds } from '../config';
import { logger } from '../logger';
import { countReconciled, type ReconcileFix } from '../metrics';
import { ordersPastDeadline } from './open-orders';
import { settleOrder } from './settle-order';

export { openOrders } from './open-orders';
export { settleOrder } from './settle-order';

export interface ReconcileResult {
  examined: number;
  /** What was fixed, by order (orders found already settled are not listed). */
  fixed: Record<string, ReconcileFix[]>;
  /** Orders whose settling failed this time (logged; the next run tries again). */
  failed: string[];
}

export async function reconcileOrders({
  now = new Date(),
  graceSeconds = reconcileGraceSeconds(),
}: {
  now?: Date;
  graceSeconds?: number;
} = {}): Promise<ReconcileResult> {
  const orderIds = await ordersPastDeadline(new Date(now.getTime() - graceSeconds * 1000));
  const result: ReconcileResult = { examined: orderIds.length, fixed: {}, failed: [] };
  for (const orderId of orderIds) {
    try {
      const fixes = await settleOrder(orderId);
      if (fixes.length === 0) continue;
      result.fixed[orderId] = fixes;
      for (const fix of fixes) countReconciled(fix);
      logger.warn('reconciled an order its saga had not settled', { orderId, fixes });
    } catch (error) {
      result.failed.push(orderId);
      logger.error('could not reconcile order; will try again', { orderId, error: error as Error });
    }
  }
  return result;
}
