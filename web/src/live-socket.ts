// The order's live feed: one WebSocket that reconnects with backoff, resubscribes by itself, and
// pings inside API Gateway's 10-minute idle limit.
export type ServerMessage =
  | { type: 'order.status'; orderId: string; status: string }
  | { type: 'delivery.location'; orderId: string; lat: number; lng: number; etaMinutes?: number }
  | { type: 'subscribed' | 'unsubscribed' | 'pong'; orderId?: string }
  | { type: 'error'; code: string; orderId?: string };

const PING_EVERY_MS = 4 * 60_000;
const BACKOFF_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

export class LiveSocket {
  private socket?: WebSocket;
  private readonly orders = new Set<string>();
  private attempt = 0;
  private pinger?: ReturnType<typeof setInterval>;

  constructor(
    private readonly url: () => string,
    private readonly onMessage: (message: ServerMessage) => void,
    private readonly onState: (state: 'live' | 'reconnecting') => void = () => {},
  ) {}

  watch(orderId: string): void {
    this.orders.add(orderId);
    if (this.socket?.readyState === WebSocket.OPEN) this.send({ action: 'subscribe', orderId });
    else if (!this.socket) this.connect();
  }

  private connect(): void {
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.onState('live');
      for (const orderId of this.orders) this.send({ action: 'subscribe', orderId });
      this.pinger = setInterval(() => this.send({ action: 'ping' }), PING_EVERY_MS);
    };
    socket.onmessage = (event) => {
      try {
        this.onMessage(JSON.parse(String(event.data)) as ServerMessage);
      } catch {
        // Not JSON: nothing the page can use.
      }
    };
    socket.onclose = () => {
      clearInterval(this.pinger);
      this.onState('reconnecting');
      const base = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)]!;
      // Jitter, so a fleet of pages does not come back in one wave after an outage.
      setTimeout(() => this.connect(), base / 2 + Math.random() * base);
    };
  }

  private send(message: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
