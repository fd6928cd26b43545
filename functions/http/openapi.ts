import { routes } from '../../contract/routes';
import { openApiDocument } from '../core/api-docs/openapi';
import { httpHandler } from '../core/http/handler';

export const handler = httpHandler(routes.openApi, async () => openApiDocument());
