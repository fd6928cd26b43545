// How long one order update takes to reach N watchers through the local WebSocket gateway and
// DynamoDB Local (Query + N PostToConnection). Prints figures; not a pass/fail test.
// Run: npx tsx bench/ws-push.ts [watchers=200] [rounds=20]
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import WebSocket from 'ws';
import { EVENT_SOURCE, eventTypes } from '../contract/events';
import { dynamo } from '../functions/core/clients';
import { tableName } from '../functions/core/config';
import { signDevToken } from '../local/dev/auth';
import { freePort } from '../local/free-port';
import { startLocalSystem } from '../local/system';

const watchers = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 20);

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// Imported after the log level is set: the logger reads it once.
const { handler: pushOrderUpdate } = await import('../functions/events/push-order-update');
const system = await startLocalSystem({ httpPort: 0, wsPort: 0, dynamoPort: await freePort() });
try {
  const orderId = 'o-bench';
  await dynamo().send(
    new PutCommand({ TableName: tableName('orders'), Item: { orderId, userId: 'u-bench' } }),
  );
  const token = await signDevToken('u-bench', 'shopper');

  let received = 0;
  let onReceived: () => void = () => {};
  const sockets = await Promise.all(
    Array.from({ length: watchers }, async () => {
      const socket = new WebSocket(`${system.wsUrl}/?token=${token}`);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const subscribed = new Promise((resolve) => socket.once('message', resolve));
      socket.send(JSON.stringify({ action: 'subscribe', orderId }));
      await subscribed;
      socket.on('message', () => {
        received++;
        onReceived();
      });
      return socket;
    }),
  );

  const timings: number[] = [];
  for (let round = 0; round < rounds; round++) {
    received = 0;
    const allArrived = new Promise<void>((resolve) => {
      onReceived = () => received === watchers && resolve();
    });
    const started = performance.now();
    await pushOrderUpdate({
      version: '0',
      id: `bench-${round}`,
      'detail-type': eventTypes.orderStatusChanged,
      source: EVENT_SOURCE,
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'ap-south-1',
      resources: [],
      detail: { orderId, userId: 'u-bench', status: 'confirmed', at: new Date().toISOString() },
    });
    await allArrived;
    timings.push(performance.now() - started);
  }

  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(1);
  console.log(`push to ${watchers} watchers, ${rounds} rounds (event in → last message out):`);
  console.log(`  p50 ${at(0.5)} ms   p90 ${at(0.9)} ms   max ${at(1)} ms`);
  console.log(`  ≈ ${((watchers * 1000) / Number(at(0.5))).toFixed(0)} messages/s at p50`);
  for (const socket of sockets) socket.terminate();
} finally {
  await system.stop();
}
