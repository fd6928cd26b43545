// $default: any frame whose "action" names no declared route (or that is not JSON at all).
// `ping` is answered here on purpose: API Gateway routes it to $default, and a keepalive needs no
// Lambda of its own (any frame resets the 10-minute idle timer; the reply tells the client it is alive).

import * as z from '../../contract/schemas/zod';
import { validationFailed } from '../core/errors';
import { cutText } from '../core/text';
import { messageHandler } from '../core/ws/handler';

const SHOWN_ACTION_CHARS = 64;

/** The action as the error names it: short, since the reply must fit API Gateway's 128 KB message
 *  limit and a frame may be that big itself (a reply past the limit is dropped: no answer at all). */
const shownAction = (action: unknown): unknown => {
  if (action === undefined || action === null) return null;
  if (typeof action === 'string') {
    return action.length <= SHOWN_ACTION_CHARS ? action : `${cutText(action, SHOWN_ACTION_CHARS)}…`;
  }
  if (typeof action === 'object') return Array.isArray(action) ? '(an array)' : '(an object)';
  return action;
};

export const handler = messageHandler(z.unknown(), async ({ message }) => {
  const action = (message as { action?: unknown } | null)?.action;
  if (action === 'ping') return { type: 'pong' };
  throw validationFailed('Unknown action; send "subscribe", "unsubscribe" or "ping"', {
    action: shownAction(action),
  });
});
