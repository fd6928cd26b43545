import { metaRoutes } from '../../contract/routes/meta';
import { openApiDocument } from '../core/api-docs/openapi';
import { httpHandler } from '../core/http/handler';

export const handler = httpHandler(metaRoutes.openApi, async () => openApiDocument());
