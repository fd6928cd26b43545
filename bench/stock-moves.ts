// Throughput and latency of stock reservations and cart adds on DynamoDB Local, and a check that
// a hot product is never oversold under load. Prints figures; not a pass/fail test.
// Run: npx tsx bench/stock-moves.ts [operations=400]
import { addItem } from '../functions/core/cart';
import {
  getStockLevels,
  InsufficientStockError,
  receiveStock,
  reserveStock,
} from '../functions/core/inventory';
import { freePort } from '../local/free-port';
import { startLocalSystem } from '../local/system';
import { putBenchProduct } from './support/bench-product';

const operations = Number(process.argv[2] ?? 400);

async function product(productId: string, stock: number) {
  await putBenchProduct(productId);
  await receiveStock(productId, stock);
}

/** Runs `count` calls of `op` with at most `concurrency` in flight; returns per-call latencies. */
async function drive(count: number, concurrency: number, op: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await op(i).catch((e) => {
          if (!(e instanceof InsufficientStockError)) throw e;
        });
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  return `${(count / seconds).toFixed(0).padStart(5)} ops/s   p50 ${pct(0.5).toFixed(1).padStart(6)} ms   p99 ${pct(0.99).toFixed(1).padStart(6)} ms`;
}

const system = await startLocalSystem({ httpPort: 0, wsPort: 0, dynamoPort: await freePort() });
try {
  console.log(`${operations} operations per row, DynamoDB Local, this machine\n`);
  for (const concurrency of [1, 16, 64]) {
    const id = `hot-${concurrency}`;
    // Half as much stock as demand: the second half of the calls must be refused.
    await product(id, operations / 2);
    const figures = await drive(operations, concurrency, () =>
      reserveStock([{ productId: id, quantity: 1 }]),
    );
    const levels = await getStockLevels(id);
    const balanced = levels.available + levels.reserved + levels.sold === levels.received;
    console.log(
      `reserve 1 unit, one hot product, concurrency ${String(concurrency).padStart(2)}: ${figures}   ` +
        `reserved ${levels.reserved}/${levels.received}, invariant ${balanced ? 'holds' : 'BROKEN'}`,
    );
  }
  for (const concurrency of [1, 16, 64]) {
    const ids = Array.from({ length: 30 }, (_, i) => `spread-${concurrency}-${i}`);
    await Promise.all(ids.map((id) => product(id, operations)));
    const figures = await drive(operations, concurrency, (i) =>
      reserveStock([0, 1, 2].map((k) => ({ productId: ids[(i * 3 + k) % ids.length]!, quantity: 1 }))),
    );
    console.log(`reserve 3 lines, 30 products,   concurrency ${String(concurrency).padStart(2)}: ${figures}`);
  }
  await product('cart-bench', 1_000_000);
  for (const concurrency of [1, 16, 64]) {
    const figures = await drive(operations, concurrency, (i) =>
      addItem(`u-${concurrency}-${i % 50}`, 'cart-bench', 1),
    );
    console.log(
      `cart add (read + conditional ADD + validated cart), concurrency ${String(concurrency).padStart(2)}: ${figures}`,
    );
  }
} finally {
  await system.stop();
}
