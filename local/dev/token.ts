import { httpHandler } from '../../functions/core/http/handler';
import { signDevToken } from './auth';
import { localRoutes } from './routes';

export const handler = httpHandler(localRoutes.devToken, async ({ body: { sub, role, ...profile } }) => ({
  token: await signDevToken(sub, role, undefined, profile),
}));
