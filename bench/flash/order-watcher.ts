// One shopper's WebSocket to the local gateway (as the shopper page holds it): subscribes to an
// order and hands over its `order.status` pushes, each with the moment (`at`) the order changed.
// Cheaper for the system under test than polling GET /orders/{id}: a push is sent once per change.
import WebSocket from 'ws';

interface StatusPush {
  type: 'order.status';
  orderId: string;
  status: string;
  at: string;
}

export class OrderWatcher {
  private readonly seen: StatusPush[] = [];
  private waiting?: () => void;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type?: string };
      if (message.type === 'order.status') this.seen.push(message as StatusPush);
      if (message.type === 'subscribed' || message.type === 'order.status') this.waiting?.();
    });
  }

  static async open(wsUrl: string, token: string): Promise<OrderWatcher> {
    const socket = new WebSocket(`${wsUrl}/?token=${token}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new OrderWatcher(socket);
  }

  /** Resolves once the gateway confirmed the subscription: pushes from then on reach us. */
  async subscribe(orderId: string, timeoutMs: number): Promise<void> {
    const subscribed = this.next(timeoutMs);
    this.socket.send(JSON.stringify({ action: 'subscribe', orderId }));
    await subscribed;
  }

  /** The first push of `orderId` with one of `statuses` (already received or still to come). */
  async status(orderId: string, statuses: string[], timeoutMs: number): Promise<StatusPush> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.seen.find((p) => p.orderId === orderId && statuses.includes(p.status));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no push of ${orderId} as ${statuses.join('/')} in ${timeoutMs} ms`);
      await this.next(left).catch(() => {});
    }
  }

  close(): void {
    this.socket.terminate();
  }

  private next(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      this.waiting = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
