// One way for a bench to call the public API as a client would: bearer token, JSON body, a timeout,
// and (optionally) a 429/503 retried after its retry-after, counted so the bench can say so.
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

export function apiCaller({ baseUrl, timeoutMs, attemptsWhenBusy = 1 }: ApiCallerOptions) {
  let retried = 0;
  async function call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers = {},
  ): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${baseUrl()}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      const reply: Reply = { status: res.status, body: text ? JSON.parse(text) : undefined };
      if ((res.status !== 429 && res.status !== 503) || attempt >= attemptsWhenBusy) return reply;
      retried++;
      await sleep(Math.min(2000, 1000 * Number(res.headers.get('retry-after') ?? 1)));
    }
  }
  /**
   * GET /orders/{orderId} every `everyMs` until its status is one of `statuses` or `deadline` (an
   * epoch ms) passes: the order as the client sees it.
   */
  async function orderWithStatus(
    orderId: string,
    token: string,
    statuses: string[],
    { everyMs, deadline }: { everyMs: number; deadline: number },
  ): Promise<any> {
    for (;;) {
      const res = await call('GET', `/orders/${orderId}`, token);
      if (res.status === 200 && statuses.includes(res.body.status)) return res.body;
      if (Date.now() > deadline)
        throw new Error(`order ${orderId} still ${res.body?.status ?? res.status}, wanted ${statuses}`);
      await sleep(everyMs);
    }
  }
  return { call, orderWithStatus, retried: () => retried };
}
