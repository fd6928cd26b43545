// Reservation rate of one hot product under a modelled per-item write limit: the same product on a
// single item vs spread over 8 shards, same run, same DynamoDB Local, same concurrency. Prints the
// rates and their ratio (the goal is ≥ 5×). A bench, not a test: no pass/fail.
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

/** Single-unit reservations from `concurrency` shoppers for `seconds`: reservations per second. */
async function reservationRate(productId: string) {
  let done = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          await reserveStock([{ productId, quantity: 1 }]);
          done++;
        } catch (error) {
          if (!(error instanceof InsufficientStockError)) throw error;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const rate = done / ((performance.now() - started) / 1000);
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  const levels = await getStockLevels(productId);
  const holds =
    levels.available + levels.reserved + levels.sold === levels.received && levels.reserved === done;
  return { rate, p50: p(0.5), p95: p(0.95), holds };
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

  const row = (name: string, r: Awaited<ReturnType<typeof reservationRate>>) =>
    console.log(
      `${name.padEnd(34)} ${r.rate.toFixed(0).padStart(6)} reservations/s   p50 ${r.p50.toFixed(0).padStart(5)} ms   p95 ${r.p95.toFixed(0).padStart(5)} ms   invariant ${r.holds ? 'holds' : 'BROKEN'}`,
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
} finally {
  await db.stop();
}
