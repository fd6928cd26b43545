import { routes } from '../../contract/routes';
import { httpHandler } from '../core/http/handler';

export const handler = httpHandler(routes.health, async () => ({ status: 'ok' }));
