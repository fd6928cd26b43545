// Watch one order's live updates from a terminal, as a shopper's app would:
//   npx tsx local/scripts/watch-order.ts <orderId> <token> [ws://127.0.0.1:3001]
import WebSocket from 'ws';

const [orderId, token, url = `ws://127.0.0.1:${process.env.WS_PORT ?? 3001}`] = process.argv.slice(2);
if (!orderId || !token) {
  console.error('usage: npx tsx local/scripts/watch-order.ts <orderId> <token> [wsUrl]');
  process.exit(2);
}

const socket = new WebSocket(`${url}/?token=${encodeURIComponent(token)}`);
socket.on('unexpected-response', (_request, response) => {
  console.error(`refused: HTTP ${response.statusCode} (is the token valid?)`);
  process.exit(1);
});
socket.on('error', (error) => {
  console.error(`could not connect to ${url}: ${error.message}`);
  process.exit(1);
});
socket.on('open', () => socket.send(JSON.stringify({ action: 'subscribe', orderId })));
socket.on('message', (data) => {
  const text = data.toString();
  console.log(text);
  if (JSON.parse(text).type === 'error') socket.close();
});
socket.on('close', () => process.exit(0));
process.on('SIGINT', () => socket.close());
