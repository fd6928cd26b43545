// What the shared circuit breaker costs a Razorpay call: fetchPayment through the gateway (breaker
// read in DynamoDB Local + SDK call to the local double) against the bare SDK call, sequential and
// concurrent, plus how fast an open breaker refuses. Prints figures; not a pass/fail test.
// Run: npx tsx bench/razorpay-gateway.ts [calls=400] [concurrency=16]
import Razorpay from 'razorpay';
import { createOrder, fetchPayment } from '../functions/core/payments';
import { freePort } from '../local/free-port';
import { startLocalSystem } from '../local/system';

const calls = Number(process.argv[2] ?? 400);
const concurrency = Number(process.argv[3] ?? 16);

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const system = await startLocalSystem({ httpPort: 0, wsPort: 0, dynamoPort: await freePort() });
try {
  const double = system.razorpay;
  const order = await createOrder({ amount: 9000, receipt: 'bench' });
  const { razorpay_payment_id: paymentId } = double.pay(order.id, 'success', { webhooks: { drop: true } });
  const bare = new Razorpay({ key_id: double.keyId, key_secret: double.keySecret });
  Object.assign((bare as unknown as { api: { rq: { defaults: object } } }).api.rq.defaults, {
    baseURL: double.url,
    proxy: false,
    timeout: 5000,
  });

  const run = async (label: string, call: () => Promise<unknown>, parallel: number) => {
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next++ < calls) {
          const t = performance.now();
          await call().catch(() => {});
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(2);
    console.log(
      `${label.padEnd(38)} c=${String(parallel).padEnd(3)} ${(calls / seconds).toFixed(0).padStart(6)} calls/s   p50 ${pct(0.5)} ms   p99 ${pct(0.99)} ms`,
    );
  };

  for (const parallel of [1, concurrency]) {
    await run('bare SDK fetch (no breaker)', () => bare.payments.fetch(paymentId), parallel);
    await run('gateway fetchPayment (breaker closed)', () => fetchPayment(paymentId), parallel);
  }
  process.env.RAZORPAY_BREAKER_FAILURES = '1';
  double.failNextApiCalls(1, 503);
  await fetchPayment(paymentId).catch(() => {});
  const before = double.apiRequests.length;
  await run('gateway fetchPayment (breaker open)', () => fetchPayment(paymentId), concurrency);
  console.log(`requests that reached the double while open: ${double.apiRequests.length - before}`);
} finally {
  await system.stop();
}
