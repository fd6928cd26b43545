// $default: any frame whose "action" names no declared route (or that is not JSON at all).
// `ping` is answered here on purpose: API Gateway routes it to $default, and a keepalive needs no
// Lambda of its own (any frame resets the 10-minute idle timer; the reply tells the client it is alive).

import * as z from '../../contract/schemas/zod';
import { validationFailed } from '../core/errors';
import { messageHandler } from '../core/ws/handler';

export const handler = messageHandler(z.unknown(), async ({ message }) => {
  const action = (message as { action?: unknown } | null)?.action;
  if (action === 'ping') return { type: 'pong' };
  throw validationFailed('Unknown action; send "subscribe", "unsubscribe" or "ping"', {
    action: action ?? null,
  });
});
