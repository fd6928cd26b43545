// A real `ws` client for the local WebSocket gateway, with a queue of received messages.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import WebSocket from 'ws';
import { dynamo } from '../../functions/core/clients';
import { tableName } from '../../functions/core/config';

/** How long a test waits for a message before failing with a clear error (not a timing assertion). */
const WAIT_MS = 5_000;

type Predicate = (message: any) => boolean;

export class WsTestClient {
  private readonly queue: any[] = [];
  private waiters: { predicate: Predicate; resolve: (message: any) => void }[] = [];
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      const waiter = this.waiters.find((w) => w.predicate(message));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(message);
      } else {
        this.queue.push(message);
      }
    });
    this.closed = new Promise((resolve) => socket.once('close', (code) => resolve(code)));
  }

  /** Opens a connection, or rejects with an error whose `status` is the refused upgrade's HTTP status. */
  static connect(url: string, token?: string): Promise<WsTestClient> {
    const socket = new WebSocket(token === undefined ? url : `${url}/?token=${encodeURIComponent(token)}`);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new WsTestClient(socket)));
      socket.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first received message that matches (taken off the queue), waiting for it if need be. */
  next(predicate: Predicate = () => true): Promise<any> {
    const index = this.queue.findIndex(predicate);
    if (index >= 0) return Promise.resolve(this.queue.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(
          new Error(
            `no matching WebSocket message within ${WAIT_MS} ms; queued: ${JSON.stringify(this.queue)}`,
          ),
        );
      }, WAIT_MS);
      const done = (message: any) => {
        clearTimeout(timer);
        resolve(message);
      };
      this.waiters.push({ predicate, resolve: done });
    });
  }

  /** Sends a request and waits for the reply about the same order. */
  async request(message: { action: string; orderId?: string }): Promise<any> {
    const reply = this.next(
      (m) => m.orderId === message.orderId && m.type !== 'order.status' && m.type !== 'delivery.location',
    );
    this.send(message);
    return reply;
  }

  /**
   * Everything received before a round trip through the server. Frames on one socket arrive in
   * order, so a push that was sent before this call returns is in the result.
   */
  async drain(): Promise<any[]> {
    const marker = `barrier-${Math.random().toString(36).slice(2)}`;
    const reply = this.next((m) => m.type === 'error' && m.details?.action === marker);
    this.send({ action: marker });
    await reply;
    return this.queue.splice(0, this.queue.length);
  }

  async close(): Promise<void> {
    this.socket.close();
    await this.closed;
  }
}

/** The ids of a user's open connections, as $connect recorded them (a test-only Scan). */
export async function connectionIdsOf(userId: string): Promise<string[]> {
  const { Items = [] } = await dynamo().send(
    new ScanCommand({
      TableName: tableName('connections'),
      FilterExpression: 'sk = :meta AND userId = :userId',
      ExpressionAttributeValues: { ':meta': 'meta', ':userId': userId },
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => item.connectionId as string);
}
