import { httpHandler } from '../../functions/core/http/handler';
import { routes } from '../../infra/routes';
import { signDevToken } from './auth';

export const handler = httpHandler(routes.devToken, async ({ body }) => ({
  token: await signDevToken(body.sub, body.role),
}));
