// Reservation over a product's shards. The first attempt costs what an unsharded reservation always
// cost (one transaction: one item per line plus the guard); a sharded line starts on a random shard.
// A shard found short makes that line re-planned from a fresh consistent snapshot, taking from
// several shards if need be; only a snapshot whose total is short rejects the line. Reading levels
// to choose is safe because every write stays conditional and a failed condition re-plans.
import { tableName } from '../config';
import { batchGetAll, StockContentionError } from '../dynamo';
import { AppError } from '../errors';
import { logger } from '../logger';
import { InsufficientStockError } from './errors';
import { readStockSnapshot, type StockSnapshot } from './levels';
import {
  assertMoveSize,
  MAX_LINES_PER_MOVE,
  type Move,
  mergeLines,
  type StockLine,
  sendMoves,
  type TransactWriteItem,
} from './moves';
import { rebalanceShards } from './rebalance';

const RESERVE: Move = { name: 'reserveStock', from: 'available', to: 'reserved', reservation: true };
/** Plans tried before giving up as contention (retryable): each follows a fresh snapshot. */
const MAX_PLANS = 6;
/** How long a product's shard count is trusted; a stale one costs a re-plan, never a wrong move. */
const HINT_TTL_MS = 10_000;

const shardHints = new Map<string, { shards: number; at: number }>();

/** Records a shard count just read or set, for the next reservation's first guess. */
export function rememberShardCount(productId: string, shards: number) {
  shardHints.set(productId, { shards, at: Date.now() });
}

/** The shard counts to guess with: from memory, else one eventually consistent batch read. */
async function shardCountHints(productIds: string[]): Promise<Map<string, number>> {
  const now = Date.now();
  const stale = productIds.filter((id) => now - (shardHints.get(id)?.at ?? 0) > HINT_TTL_MS);
  if (stale.length > 0) {
    const items = await batchGetAll(
      tableName('products'),
      stale.map((productId) => ({ productId })),
      { projection: 'productId, stockShards' },
    );
    for (const id of stale) rememberShardCount(id, 1);
    for (const item of items) rememberShardCount(item.productId as string, Number(item.stockShards ?? 1));
  }
  return new Map(productIds.map((id) => [id, shardHints.get(id)?.shards ?? 1]));
}

const randomShard = (shards: number) => Math.floor(Math.random() * shards);

/**
 * available -= q, reserved += q for every line, all or nothing, only on active products; returns
 * the shard items taken from (what release and commit must go back to). `guard` may be built from
 * that list, so the order records it in the same transaction.
 */
export async function reserveStock(
  rawLines: StockLine[],
  guard?: TransactWriteItem | ((taken: StockLine[]) => TransactWriteItem),
): Promise<StockLine[]> {
  const lines = mergeLines(rawLines.map(({ productId, quantity }) => ({ productId, quantity })));
  assertMoveSize(RESERVE.name, lines.length);
  const hints = await shardCountHints(lines.map((l) => l.productId));
  const plan = new Map<string, StockLine[]>(
    lines.map((l) => [l.productId, [{ ...l, shard: randomShard(hints.get(l.productId) ?? 1) }]]),
  );
  const runDry = new Set<string>();
  for (let attempt = 1; ; attempt++) {
    const taken = lines.flatMap((l) => plan.get(l.productId)!);
    if (taken.length > MAX_LINES_PER_MOVE) {
      throw new StockContentionError(
        `reserveStock would need ${taken.length} shard items in one transaction`,
      );
    }
    const guardItem = typeof guard === 'function' ? guard(taken) : guard;
    const refused = await sendMoves(RESERVE, taken, guardItem);
    if (refused) {
      if (attempt >= MAX_PLANS) throw new StockContentionError(`reserveStock re-planned ${attempt} times`);
      const failed = new Set(refused.map((t) => t.productId));
      await replanLines(
        lines.filter((l) => failed.has(l.productId)),
        plan,
        runDry,
      );
      continue;
    }
    await rebalanceRunDry(runDry);
    return taken;
  }
}

/** New plans for the lines that failed, from fresh snapshots; InsufficientStockError if any is short. */
async function replanLines(lines: StockLine[], plan: Map<string, StockLine[]>, runDry: Set<string>) {
  const shortages: { productId: string; requested: number; available: number }[] = [];
  for (const line of lines) {
    const planned = await planLine(line, runDry);
    if (Array.isArray(planned)) plan.set(line.productId, planned);
    else
      shortages.push({ productId: line.productId, requested: line.quantity, available: planned.available });
  }
  if (shortages.length > 0) throw new InsufficientStockError(shortages);
}

const activeShardsOf = (snapshot: StockSnapshot) =>
  snapshot.shards.filter((s) => s.shard < snapshot.counts.shards && !s.retired);

/** Takes the line from the active shards, starting at a random one; or says how many are there. */
async function planLine(line: StockLine, runDry: Set<string>): Promise<StockLine[] | { available: number }> {
  let snapshot = await readStockSnapshot(line.productId).catch((error) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  });
  if (!snapshot?.active) return { available: 0 };
  rememberShardCount(line.productId, snapshot.counts.shards);
  const sum = (shards: { available: number }[]) => shards.reduce((n, s) => n + Math.max(0, s.available), 0);
  if (sum(activeShardsOf(snapshot)) < line.quantity && sum(snapshot.shards) >= line.quantity) {
    // Units released into retired shards are not reservable until drained: drain, then look again.
    await rebalanceShards(line.productId);
    snapshot = await readStockSnapshot(line.productId);
  }
  const active = activeShardsOf(snapshot);
  if (sum(active) < line.quantity) return { available: sum(snapshot.shards) };
  if (active.some((s) => s.available < line.quantity)) runDry.add(line.productId);
  const start = randomShard(active.length);
  const taken: StockLine[] = [];
  let wanted = line.quantity;
  for (let i = 0; i < active.length && wanted > 0; i++) {
    const shard = active[(start + i) % active.length]!;
    const quantity = Math.min(wanted, Math.max(0, shard.available));
    if (quantity === 0) continue;
    taken.push({ productId: line.productId, quantity, shard: shard.shard });
    wanted -= quantity;
  }
  return taken;
}

/** A sharded product whose shards ran short gets its available units spread again (best effort). */
async function rebalanceRunDry(productIds: Set<string>) {
  for (const productId of productIds) {
    if ((shardHints.get(productId)?.shards ?? 1) <= 1) continue;
    await rebalanceShards(productId).catch((error) =>
      logger.warn('rebalance after a dry shard failed; the next one retries', { productId, error }),
    );
  }
}
