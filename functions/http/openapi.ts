import { routes } from '../../contract/routes';
import { httpHandler } from '../core/http/handler';
import { openApiDocument } from '../core/openapi';

export const handler = httpHandler(routes.openApi, async () => openApiDocument());
