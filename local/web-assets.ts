// The shopper page (web/) served by the local HTTP gateway: built by esbuild in memory on first
// request, plus a config.json that points the page at this very system.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildWebAssets } from '../web/build';
import { requestUrl } from './http-server';

const contentTypes: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

let assets: Promise<Map<string, Uint8Array>> | undefined;
let webSocketUrl = 'ws://127.0.0.1:3001';

/** The local WebSocket gateway's URL, for the page's config.json (known once that gateway listens). */
export function announceWebSocketUrl(url: string): void {
  webSocketUrl = url;
}

/** Answers GET /, /index.html, /app.js, /app.css and /config.json; false for any other request. */
export async function serveWebAsset(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET') return false;
  const path = requestUrl(req).pathname;
  const name = path === '/' ? 'index.html' : path.slice(1);
  if (name === 'config.json') {
    const config = {
      apiUrl: `http://${req.headers.host ?? '127.0.0.1:3000'}`,
      wsUrl: webSocketUrl,
      local: true,
    };
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(config));
    return true;
  }
  const type = contentTypes[name.split('.').pop() ?? ''];
  if (!type || !['index.html', 'app.js', 'app.css'].includes(name)) return false;
  assets ??= buildWebAssets();
  const contents = (await assets).get(name)!;
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
  res.end(contents);
  return true;
}
