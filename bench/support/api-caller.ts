// One way for a bench to call the public API as a client would: bearer token, JSON body, a timeout,
// and (optionally) a 429/503 retried after its retry-after, counted so the bench can say so.
// Plain node:http with a keep-alive agent of unbounded sockets: every simulated shopper is its own
// device with its own connection, as in a real rush. (Through the process's one fetch dispatcher,
// bench:flash's 200 checkouts sent at once reached the gateway spread over 12-17 s.)
import { Agent, request } from 'node:http';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Reply {
  status: number;
  /** Whatever the API answered: a bench reads it loosely. */
  body: any;
}

export interface ApiCallerOptions {
  /** The HTTP API's base URL, read at each call (the system may start after the caller exists). */
  baseUrl: () => string;
  timeoutMs: number;
  /** Attempts for a 429/503 before its answer is returned (1: no retry). */
  attemptsWhenBusy?: number;
}

interface RawReply {
  status: number;
  text: string;
  retryAfter: string | undefined;
}

function send(
  agent: Agent,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number },
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          retryAfter: res.headers['retry-after'] as string | undefined,
        }),
      );
    });
    req.setTimeout(init.timeoutMs, () => req.destroy(new Error(`${init.method} ${url}: no answer in time`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

export function apiCaller({ baseUrl, timeoutMs, attemptsWhenBusy = 1 }: ApiCallerOptions) {
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  let retried = 0;
  async function call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers = {},
  ): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      const res = await send(agent, `${baseUrl()}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs,
      });
      const reply: Reply = { status: res.status, body: res.text ? JSON.parse(res.text) : undefined };
      if ((res.status !== 429 && res.status !== 503) || attempt >= attemptsWhenBusy) return reply;
      retried++;
      await sleep(Math.min(2000, 1000 * Number(res.retryAfter ?? 1)));
    }
  }
  return { call, retried: () => retried, close: () => agent.destroy() };
}
