// GET /health: 200 while every dependency answers, 503 (with retry-after) while one is down.
import { metaRoutes } from '../../contract/routes/meta';
import { RETRY_AFTER_SECONDS } from '../core/errors';
import { checkHealth } from '../core/health';
import { httpHandler, reply } from '../core/http/handler';

export const handler = httpHandler(metaRoutes.health, async () => {
  const health = await checkHealth();
  if (health.status === 'ok') return health;
  return reply(503, health, { 'retry-after': String(RETRY_AFTER_SECONDS) });
});
