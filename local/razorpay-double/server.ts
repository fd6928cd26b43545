// The local Razorpay test-mode double: the API the razorpay SDK calls (orders, payments, refunds),
// plus a control API (/_control/… over HTTP, or methods on the returned object) that plays the
// shopper in Razorpay Checkout and injects faults. In-memory, loopback only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { RazorpayPayment } from '../../functions/core/payments/entities';
import { signCheckout } from '../../functions/core/payments/signatures';
import { listen, readBody, sendJson } from '../http-server';
import { FaultInjector } from './fault-injector';
import { badRequest, RazorpayApiError } from './razorpay-error';
import { RazorpayStore } from './store';
import {
  type WebhookDelivery,
  type WebhookEvent,
  type WebhookRetryPolicy,
  WebhookSender,
  type WebhookSwitches,
  webhookEvent,
} from './webhook-sender';

export interface RazorpayDoubleOptions {
  /** 0 (default) = any free port. */
  port?: number;
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  webhookUrl?: string;
  webhookRetry?: Partial<WebhookRetryPolicy>;
  /** Keep the account and the undelivered webhooks here across restarts; omitted = in memory. */
  dataDir?: string;
}

export interface PayOptions {
  /** Capture at once (Razorpay's auto-capture, the default) or leave the payment 'authorized'. */
  capture?: boolean;
  /** Pay this amount instead of the order's (the amount-mismatch path). */
  amount?: number;
  webhooks?: WebhookSwitches;
}

export interface PaySuccess {
  outcome: 'success';
  razorpay_order_id: string;
  razorpay_payment_id: string;
  razorpay_signature: string;
}

export interface PayFailure {
  outcome: 'failure';
  razorpay_order_id: string;
  razorpay_payment_id: string;
  /** What Checkout's payment.failed handler receives. */
  error: { code: string; description: string; source: string; step: string; reason: string };
}

export type PayResult = (PaySuccess | PayFailure) & {
  payment: RazorpayPayment;
  /** Resolves when this payment's webhooks have been delivered (or given up). */
  webhooks: Promise<WebhookDelivery[]>;
};

export interface ApiRequestRecord {
  method: string;
  path: string;
}

export interface RazorpayDouble {
  url: string;
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  store: RazorpayStore;
  /** Every /v1 call received, faulted ones included. */
  apiRequests: ApiRequestRecord[];
  webhookDeliveries: WebhookDelivery[];
  setWebhookUrl(url: string | undefined): void;
  pay(razorpayOrderId: string, outcome: 'success' | 'failure', options?: PayOptions): PayResult;
  /** Captures an authorized payment from Razorpay's side (e.g. a late auto-capture). */
  capture(
    paymentId: string,
    switches?: WebhookSwitches,
  ): { payment: RazorpayPayment; webhooks: Promise<WebhookDelivery[]> };
  /** The next `count` calls (matching `only`, if given: tested against `METHOD /path`) fail with `status`. */
  failNextApiCalls(count: number, status?: number, only?: RegExp): void;
  delayNextApiCalls(count: number, ms: number): void;
  hangNextApiCalls(count: number): { release: () => void };
  /** Clears injected faults (releasing hung calls) and the request log. */
  resetFaults(): void;
  webhooksSettled(): Promise<void>;
  stop(): Promise<void>;
}

const ACCOUNT_ID = 'acc_LocalDouble0001';

const json = (res: ServerResponse, status: number, body: unknown) => sendJson(res, status, body);

/** Far above anything the SDK sends; a runaway client gets Razorpay's 413 rather than eating memory. */
const MAX_BODY_BYTES = 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req, MAX_BODY_BYTES);
  if (!body) throw new RazorpayApiError(413, 'BAD_REQUEST_ERROR', 'The request body is too large');
  const text = body.toString('utf8');
  if (!text) return {};
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed;
  } catch {
    throw badRequest('The request body is not valid JSON');
  }
}

const collection = <T>(items: T[]) => ({ entity: 'collection', count: items.length, items });

export async function startRazorpayDouble(options: RazorpayDoubleOptions): Promise<RazorpayDouble> {
  const store = new RazorpayStore(options.dataDir && join(options.dataDir, 'account.json'));
  const faults = new FaultInjector();
  const apiRequests: ApiRequestRecord[] = [];
  const sender = new WebhookSender(
    options.webhookSecret,
    { attempts: 5, delayMs: 100, timeoutMs: 5000, ...options.webhookRetry },
    options.webhookUrl,
    options.dataDir && join(options.dataDir, 'webhook-outbox.json'),
  );
  const expectedAuth = `Basic ${Buffer.from(`${options.keyId}:${options.keySecret}`).toString('base64')}`;

  const captureEvents = (payment: RazorpayPayment): WebhookEvent[] => {
    const order = payment.order_id ? store.order(payment.order_id) : undefined;
    return [
      webhookEvent('payment.captured', { payment }, ACCOUNT_ID),
      ...(order ? [webhookEvent('order.paid', { payment, order }, ACCOUNT_ID)] : []),
    ];
  };

  const pay = (razorpayOrderId: string, outcome: 'success' | 'failure', opts: PayOptions = {}): PayResult => {
    const payment = store.attemptPayment(razorpayOrderId, outcome, opts.amount);
    const ids = { razorpay_order_id: razorpayOrderId, razorpay_payment_id: payment.id };
    if (outcome === 'failure') {
      const webhooks = sender.send([webhookEvent('payment.failed', { payment }, ACCOUNT_ID)], opts.webhooks);
      return {
        outcome,
        ...ids,
        error: {
          code: payment.error_code!,
          description: payment.error_description!,
          source: 'customer',
          step: 'payment_authorization',
          reason: payment.error_reason!,
        },
        payment,
        webhooks,
      };
    }
    const events = [webhookEvent('payment.authorized', { payment }, ACCOUNT_ID)];
    if (opts.capture ?? true) {
      store.capture(payment.id, { amount: payment.amount });
      events.push(...captureEvents(payment));
    }
    return {
      outcome,
      ...ids,
      razorpay_signature: signCheckout({ razorpayOrderId, razorpayPaymentId: payment.id }, options.keySecret),
      payment,
      webhooks: sender.send(events, opts.webhooks),
    };
  };

  const capture = (paymentId: string, switches?: WebhookSwitches) => {
    const payment = store.payment(paymentId);
    store.capture(paymentId, { amount: payment.amount });
    return { payment, webhooks: sender.send(captureEvents(payment), switches) };
  };

  /** The Razorpay API the SDK calls. */
  const api = async (method: string, path: string, req: IncomingMessage): Promise<[number, unknown]> => {
    if (req.headers.authorization !== expectedAuth) {
      throw new RazorpayApiError(401, 'BAD_REQUEST_ERROR', 'Authentication failed');
    }
    const segments = path.split('/').filter(Boolean).slice(1); // drop "v1"
    const [resource, id, action] = segments;
    const route = `${method} ${resource}${id ? '/:id' : ''}${action ? `/${action}` : ''}`;
    switch (route) {
      case 'POST orders':
        return [200, store.createOrder(await readJson(req))];
      case 'GET orders/:id':
        return [200, store.order(id!)];
      case 'GET orders/:id/payments':
        return [200, collection(store.orderPayments(id!))];
      case 'GET payments/:id':
        return [200, store.payment(id!)];
      case 'GET payments/:id/refunds':
        return [200, collection(store.paymentRefunds(id!))];
      case 'POST payments/:id/capture': {
        const body = await readJson(req);
        const payment = store.capture(id!, body);
        sender.send(captureEvents(payment));
        return [200, payment];
      }
      case 'POST payments/:id/refund': {
        const refund = store.refund(id!, await readJson(req));
        sender.send([webhookEvent('refund.processed', { refund, payment: store.payment(id!) }, ACCOUNT_ID)]);
        return [200, refund];
      }
      default:
        throw new RazorpayApiError(404, 'NOT_FOUND', 'The requested URL was not found on the server.');
    }
  };

  /** Tests and demos drive the double over HTTP too (e.g. POST /dev/razorpay/pay in the local runtime). */
  const control = async (method: string, path: string, req: IncomingMessage): Promise<[number, unknown]> => {
    const body = method === 'POST' ? await readJson(req) : {};
    switch (`${method} ${path}`) {
      case 'POST /_control/pay': {
        const outcome = body.outcome;
        if (typeof body.razorpay_order_id !== 'string') throw badRequest('razorpay_order_id is required');
        if (outcome !== 'success' && outcome !== 'failure')
          throw badRequest('outcome must be success or failure');
        const {
          payment: _payment,
          webhooks: _webhooks,
          ...result
        } = pay(body.razorpay_order_id, outcome, {
          capture: body.capture as boolean | undefined,
          amount: body.amount as number | undefined,
          webhooks: body.webhooks as WebhookSwitches | undefined,
        });
        return [200, result];
      }
      case 'POST /_control/capture':
        return [200, capture(String(body.razorpay_payment_id)).payment];
      case 'POST /_control/faults': {
        const count = Number(body.count ?? 1);
        if (body.kind === 'delay') faults.delayNext(count, Number(body.ms ?? 0));
        else if (body.kind === 'hang') faults.hangNext(count);
        else if (body.seconds !== undefined) faults.failFor(Number(body.seconds), Number(body.status ?? 503));
        else faults.failNext(count, Number(body.status ?? 503));
        return [200, { ok: true }];
      }
      case 'DELETE /_control/faults':
        faults.clear();
        return [200, { ok: true }];
      case 'GET /_control/config':
        return [200, { keyId: options.keyId, webhookSecret: options.webhookSecret }];
      case 'POST /_control/release':
        faults.releaseAll();
        return [200, { ok: true }];
      case 'POST /_control/reset':
        faults.clear();
        apiRequests.length = 0;
        return [200, { ok: true }];
      case 'GET /_control/requests':
        return [200, { count: apiRequests.length, requests: apiRequests }];
      case 'GET /_control/webhooks':
        return [200, { deliveries: sender.deliveries }];
      default:
        throw new RazorpayApiError(404, 'NOT_FOUND', `No control route ${method} ${path}`);
    }
  };

  const serveApi = async (method: string, path: string, req: IncomingMessage, res: ServerResponse) => {
    apiRequests.push({ method, path });
    const fault = faults.take(`${method} ${path}`);
    if (fault?.kind === 'status') {
      req.resume();
      const [code, description] =
        fault.status === 429
          ? ['TOO_MANY_REQUESTS', 'Too many requests']
          : fault.status < 500
            ? ['BAD_REQUEST_ERROR', 'The request was refused by the payment provider']
            : ['SERVER_ERROR', 'The server encountered an error. The incident has been reported to admins.'];
      return json(res, fault.status, new RazorpayApiError(fault.status, code, description).toBody());
    }
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'hang') await fault.released;
    const [status, body] = await api(method, path, req);
    json(res, status, body);
  };

  const { url, close } = await listen(
    (req, res) => {
      const method = (req.method ?? 'GET').toUpperCase();
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const handled = path.startsWith('/v1/')
        ? serveApi(method, path, req, res)
        : path.startsWith('/_control/')
          ? control(method, path, req).then(([status, body]) => json(res, status, body))
          : Promise.reject(
              new RazorpayApiError(404, 'NOT_FOUND', 'The requested URL was not found on the server.'),
            );
      handled.catch((error) => {
        if (error instanceof RazorpayApiError) return json(res, error.statusCode, error.toBody());
        if (res.destroyed || req.destroyed) return; // the caller gave up (timed out) while the call hung
        console.error('[razorpay-double]', error);
        json(res, 500, new RazorpayApiError(500, 'SERVER_ERROR', 'Internal error in the double').toBody());
      });
    },
    { port: options.port ?? 0, name: 'Razorpay double' },
  );

  void sender.redeliverOutbox(); // what a previous run had not delivered
  return {
    url,
    keyId: options.keyId,
    keySecret: options.keySecret,
    webhookSecret: options.webhookSecret,
    store,
    apiRequests,
    webhookDeliveries: sender.deliveries,
    setWebhookUrl: (url) => {
      sender.webhookUrl = url;
    },
    pay,
    capture,
    failNextApiCalls: (count, status, only) => faults.failNext(count, status, only),
    delayNextApiCalls: (count, ms) => faults.delayNext(count, ms),
    hangNextApiCalls: (count) => faults.hangNext(count),
    resetFaults: () => {
      faults.clear();
      apiRequests.length = 0;
    },
    webhooksSettled: () => sender.settled(),
    stop: async () => {
      sender.stop();
      faults.clear();
      await close();
    },
  };
}
