// $default: any frame whose "action" names no route (or that is not JSON at all).

import * as z from '../../contract/schemas/zod';
import { validationFailed } from '../core/errors';
import { messageHandler } from '../core/ws/handler';

export const handler = messageHandler(z.unknown(), async ({ message }) => {
  const action = (message as { action?: unknown } | null)?.action;
  throw validationFailed('Unknown action; send "subscribe" or "unsubscribe"', { action: action ?? null });
});
