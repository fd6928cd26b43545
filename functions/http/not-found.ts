// The HTTP API's $default route: a request no declared route matches (an unknown path, HEAD on a
// GET route, an OPTIONS that is not a CORS preflight) gets 404 NOT_FOUND in the API's error shape,
// not API Gateway's own {"message":"Not Found"}.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError } from '../core/errors';
import { errorResponse } from '../core/http/responses';

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  errorResponse(
    new AppError('NOT_FOUND', `No route for ${event.requestContext.http.method} ${event.rawPath}`),
  );
