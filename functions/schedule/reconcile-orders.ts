// Scheduled every minute (EventBridge Scheduler; a timer in the local runtime): settles the orders
// their sagas left unsettled past deadline + grace.
import { reconcileOrders } from '../core/reconciler';

export const handler = async () => {
  const { examined, fixed, failed } = await reconcileOrders();
  return { examined, fixed: Object.keys(fixed).length, failed: failed.length };
};
