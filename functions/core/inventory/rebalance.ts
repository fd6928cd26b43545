// Spreading a sharded product's available units again: a shard that ran (nearly) dry is filled up to
// the average from the richest shards, and retired shards are drained. One transaction moves
// `available` and `received` together (so every shard item keeps its own sum), each donor on the
// condition that it still holds what it gives; a refused move re-reads and tries again.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients';
import { tableName } from '../config';
import { cancellationCodes, retryOnTransactionConflict } from '../dynamo';
import { readStockSnapshot, type ShardLevels, type StockSnapshot } from './levels';
import type { TransactWriteItem } from './moves';
import { shardKey } from './shard-keys';

const MAX_ATTEMPTS = 4;

/** Units to move per shard (+ in, − out); empty when the product is spread well enough. */
export function rebalanceDeltas(snapshot: StockSnapshot): Map<number, number> {
  const active = snapshot.shards.filter((s) => s.shard < snapshot.counts.shards && !s.retired);
  const retired = snapshot.shards.filter((s) => !active.includes(s) && s.available > 0);
  const total = snapshot.shards.reduce((n, s) => n + Math.max(0, s.available), 0);
  const average = Math.floor(total / Math.max(1, active.length));
  const deltas = new Map<number, number>();
  // Receivers: every active shard below half the average (all of them when draining a retired one).
  const receivers = active.filter((s) => s.available < Math.max(1, average / 2) || retired.length > 0);
  let need = receivers.reduce((n, s) => n + Math.max(0, average - s.available), 0);
  if (need === 0 && retired.length === 0) return deltas;
  let supply = 0;
  const give = (shard: ShardLevels, units: number) => {
    if (units <= 0) return;
    deltas.set(shard.shard, -units);
    supply += units;
  };
  for (const shard of retired) give(shard, shard.available);
  const donors = active.filter((s) => s.available > average).sort((a, b) => b.available - a.available);
  for (const shard of donors) {
    if (supply >= need) break;
    give(shard, Math.min(shard.available - average, need - supply));
  }
  // Hand the supply out, lowest shards first; a remainder goes to shard-order receivers.
  const ordered = [...receivers].sort((a, b) => a.available - b.available);
  for (const shard of ordered) {
    const units = Math.min(supply, Math.max(0, average - shard.available));
    if (units > 0) deltas.set(shard.shard, (deltas.get(shard.shard) ?? 0) + units);
    supply -= units;
    need -= units;
  }
  const first = active[0];
  if (supply > 0 && first) deltas.set(first.shard, (deltas.get(first.shard) ?? 0) + supply);
  for (const [shard, delta] of deltas) if (delta === 0) deltas.delete(shard);
  return deltas;
}

const moveUnits = (productId: string, shard: number, delta: number): TransactWriteItem => ({
  Update: {
    TableName: tableName('products'),
    Key: { productId: shardKey(productId, shard) },
    UpdateExpression: 'SET available = available + :d, received = received + :d',
    // A donor must still hold what it gives; a receiver must still exist and not have been retired.
    ConditionExpression:
      delta < 0 ? 'available >= :q' : 'attribute_exists(productId) AND attribute_not_exists(retired)',
    ExpressionAttributeValues: { ':d': delta, ...(delta < 0 ? { ':q': -delta } : {}) },
  },
});

/** Evens out (and drains retired shards of) a product's available units; true if anything moved. */
export async function rebalanceShards(productId: string): Promise<boolean> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const snapshot = await readStockSnapshot(productId);
    if (snapshot.counts.high === 1) return false;
    const deltas = rebalanceDeltas(snapshot);
    if (deltas.size < 2) return false;
    try {
      await retryOnTransactionConflict('rebalanceShards', () =>
        dynamo().send(
          new TransactWriteCommand({
            TransactItems: [...deltas].map(([shard, delta]) => moveUnits(productId, shard, delta)),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (!cancellationCodes(error)?.includes('ConditionalCheckFailed')) throw error;
    }
  }
  return false;
}
