// GET /docs/redoc.standalone.js: Redoc's script, gzipped for clients that accept it (1.1 MB → ~0.3 MB).
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { redocScript } from '../../core/api-docs/redoc-script';

let gzipped: string | undefined;

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const script = await redocScript();
  const headers = {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'public, max-age=86400',
    vary: 'accept-encoding',
  };
  if (!/\bgzip\b/.test(event.headers?.['accept-encoding'] ?? '')) {
    return { statusCode: 200, headers, body: script };
  }
  gzipped ??= gzipSync(script).toString('base64');
  return {
    statusCode: 200,
    headers: { ...headers, 'content-encoding': 'gzip' },
    body: gzipped,
    isBase64Encoded: true,
  };
};
