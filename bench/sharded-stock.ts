// Reservation rate of one hot product under a modelled per-item write limit: the same product on a
// single item vs spread over 8 shards, same run, same DynamoDB Local, same concurrency. Prints the
// rates and their ratio (the goal is ≥ 5×). Then, under the same limit, the rate of order numbers
// (every accepted checkout takes one): the day's counter on one item vs spread over its
// ORDER_NUMBER_SLOTS items, and their ratio. A bench, not a test: no pass/fail.
//
// Run: npm run bench:shards -- [perItemWritesPerSecond=auto] [seconds=8] [concurrency=64] [shards=8]
//
// The limit is scaled: AWS takes ~1,000 writes/s on one item, far below what a table takes in all;
// DynamoDB Local on a shared 2-core machine takes only tens to hundreds of transactions/s in all,
// so at 1,000/s no item would ever wait and both rows would show the emulator, not the limit.
// The bench first measures the emulator without a limit, then (unless given) sets the per-item
// limit so that all the shards at the limit stay below that: the same proportion as in AWS, where
// the table is far faster than any one item.
import { dynamo } from '../functions/core/clients';
import {
  getStockLevels,
  InsufficientStockError,
  receiveStock,
  reserveStock,
  setStockShards,
} from '../functions/core/inventory';
import { nextOrderNumber, ORDER_NUMBER_SLOTS } from '../functions/core/orders/order-number';
import { startDynamoDbLocal } from '../local/emulators/dynamodb-local';
import { freePort } from '../local/free-port';
import { useLocalAws } from '../local/lambda-environment';
import { createTables } from '../local/tables';
import { PerItemWriteLimit } from './per-item-write-limit';
import { putBenchProduct } from './support/bench-product';

const [given, seconds = 8, concurrency = 64, shards = 8] = process.argv
  .slice(2)
  .map((a) => (a === 'auto' ? undefined : Number(a)));
const STOCK = 1_000_000; // never runs out: the rate is the figure, not the sell-out

async function product(productId: string, shardCount: number) {
  await putBenchProduct(productId);
  await receiveStock(productId, STOCK);
  if (shardCount > 1) await setStockShards(productId, shardCount);
}

/** `attempt` from `concurrency` callers for `forSeconds`: successes per second and latencies. */
async function rateOf(forSeconds: number, attempt: () => Promise<boolean>) {
  let done = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + forSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        if (await attempt()) done++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const rate = done / ((performance.now() - started) / 1000);
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { done, rate, p50: p(0.5), p95: p(0.95) };
}

/** Single-unit reservations from `concurrency` shoppers for `seconds`: reservations per second. */
async function reservationRate(productId: string) {
  const measured = await rateOf(seconds, async () => {
    try {
      await reserveStock([{ productId, quantity: 1 }]);
      return true;
    } catch (error) {
      if (!(error instanceof InsufficientStockError)) throw error;
      return false;
    }
  });
  const levels = await getStockLevels(productId);
  const holds =
    levels.available + levels.reserved + levels.sold === levels.received && levels.reserved === measured.done;
  return { ...measured, holds };
}

/** Order numbers of one day from `slots` counter items for half the row time: numbers per second,
 *  and whether every number given out was unique. */
async function orderNumberRate(slots: number, day: Date) {
  const numbers = new Set<string>();
  const measured = await rateOf(seconds / 2, async () => {
    numbers.add(await nextOrderNumber(day, slots));
    return true;
  });
  return { ...measured, holds: numbers.size === measured.done };
}

const port = await freePort();
const db = await startDynamoDbLocal({ port });
try {
  useLocalAws({ dynamodb: db.endpoint });
  await createTables('bench-');
  await product('hot-single', 1);
  await product('hot-sharded', shards);
  await product('hot-unlimited', 1);
  await product('hot-unlimited-sharded', shards);

  const row = (name: string, r: Awaited<ReturnType<typeof reservationRate>>, what = 'reservations/s') =>
    console.log(
      `${name.padEnd(34)} ${r.rate.toFixed(0).padStart(6)} ${what}   p50 ${r.p50.toFixed(0).padStart(5)} ms   p95 ${r.p95.toFixed(0).padStart(5)} ms   ${what === 'reservations/s' ? 'invariant' : 'unique'} ${r.holds ? 'holds' : 'BROKEN'}`,
    );
  console.log(
    `one hot product, 1-unit reservations, ${concurrency} concurrent shoppers, ${seconds} s a row, DynamoDB Local\n`,
  );
  const emulator = await reservationRate('hot-unlimited');
  row('single item, no per-item limit', emulator);
  const spread = await reservationRate('hot-unlimited-sharded');
  row(`${shards} shards, no per-item limit`, spread);

  // All shards at the limit stay below the emulator's own pace (the 1.25 leaves it headroom).
  const perSecond = given ?? Math.max(1, Math.floor(spread.rate / shards / 1.25));
  const limit = new PerItemWriteLimit(perSecond);
  limit.install(dynamo());
  console.log(
    `\nper-item write limit: ${perSecond} writes/s per item (delayed, not throttled), every item of a transaction\n`,
  );
  const single = await reservationRate('hot-single');
  row('single item', single);
  const sharded = await reservationRate('hot-sharded');
  row(`${shards} shards`, sharded);
  console.log(`\nsharded / single: ${(sharded.rate / single.rate).toFixed(2)}×  (goal ≥ 5×)`);
  console.log(
    `limit × shards = ${perSecond * shards}/s against the emulator's ${spread.rate.toFixed(0)}/s unlimited: the sharded row is capped by the lower`,
  );

  // Two days apart, so the rows share no counter item (slot 0 is the day's single counter).
  console.log(`\norder numbers (one per accepted checkout), same limit, ${seconds / 2} s a row\n`);
  const oneCounter = await orderNumberRate(1, new Date('2030-01-01T12:00:00Z'));
  row('1 counter item', oneCounter, 'numbers/s');
  const spreadCounter = await orderNumberRate(ORDER_NUMBER_SLOTS, new Date('2030-01-02T12:00:00Z'));
  row(`${ORDER_NUMBER_SLOTS} counter items`, spreadCounter, 'numbers/s');
  console.log(
    `\n${ORDER_NUMBER_SLOTS} counter items / 1: ${(spreadCounter.rate / oneCounter.rate).toFixed(2)}×  (limit × ${ORDER_NUMBER_SLOTS} = ${perSecond * ORDER_NUMBER_SLOTS}/s)`,
  );
} finally {
  await db.stop();
}
