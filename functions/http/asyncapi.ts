import { metaRoutes } from '../../contract/routes/meta';
import { asyncApiDocument } from '../core/api-docs/asyncapi';
import { httpHandler } from '../core/http/handler';

export const handler = httpHandler(metaRoutes.asyncApi, async () => asyncApiDocument());
