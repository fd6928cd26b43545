import { routes } from '../../contract/routes';
import { asyncApiDocument } from '../core/api-docs/asyncapi';
import { httpHandler } from '../core/http/handler';

export const handler = httpHandler(routes.asyncApi, async () => asyncApiDocument());
