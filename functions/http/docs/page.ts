// GET /docs: an HTML page, so no JSON wrapper; nothing to parse or authorize.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { docsPage } from '../../core/api-docs/docs-page';

export const handler = async (): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 200,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' },
  body: docsPage,
});
