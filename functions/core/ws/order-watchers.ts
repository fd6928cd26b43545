// Pushes an order update to every connection watching the order. A connection that has gone
// away is forgotten; any other failure is counted but never stops the rest.
import { logger } from '../logger';
import { removeConnection, watchersOf } from '../subscriptions';
import { isGone, sendToConnection } from './management-client';
import type { OrderUpdateMessage } from './messages';

// Below the SDK's 50 pooled sockets, so a big fan-out queues here rather than in the HTTP agent.
const MAX_CONCURRENT_POSTS = 32;

export interface PushOutcome {
  delivered: number;
  gone: number;
  failed: number;
}

export async function pushToOrderWatchers(message: OrderUpdateMessage): Promise<PushOutcome> {
  const connectionIds = await watchersOf(message.orderId);
  const outcome: PushOutcome = { delivered: 0, gone: 0, failed: 0 };
  await forEachConcurrently(connectionIds, MAX_CONCURRENT_POSTS, async (connectionId) => {
    try {
      await sendToConnection(connectionId, message);
      outcome.delivered++;
    } catch (error) {
      if (!isGone(error)) {
        outcome.failed++;
        logger.warn('push to connection failed', {
          connectionId,
          orderId: message.orderId,
          error: error as Error,
        });
        return;
      }
      outcome.gone++;
      await removeConnection(connectionId).catch((cleanupError: unknown) =>
        logger.warn('could not remove a gone connection', { connectionId, error: cleanupError as Error }),
      );
    }
  });
  return outcome;
}

async function forEachConcurrently<T>(items: T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
