// $connect: the Lambda authorizer (or, locally, the ws gateway) has verified ?token= already and
// put the caller in requestContext.authorizer. A non-2xx answer makes API Gateway refuse the upgrade.
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { roleFromClaims } from '../core/auth/claims';
import { isRetryable, serviceUnavailable } from '../core/errors';
import { errorResponse } from '../core/http/responses';
import { registerConnection } from '../core/subscriptions';

type ConnectEvent = APIGatewayProxyWebsocketEventV2 & {
  requestContext: { authorizer?: { userId?: unknown; role?: unknown } };
};

export const handler = async (event: ConnectEvent): Promise<APIGatewayProxyResultV2> => {
  const { userId, role } = event.requestContext.authorizer ?? {};
  // Without an authorizer's verdict nobody is known, so nobody connects.
  if (typeof userId !== 'string' || userId === '' || !roleFromClaims({ role })) {
    return { statusCode: 401, body: 'Unauthorized' };
  }
  try {
    await registerConnection(event.requestContext.connectionId, userId);
  } catch (error) {
    // DynamoDB down: the upgrade is refused with a 503 the client may retry, not a 500.
    if (isRetryable(error)) return errorResponse(serviceUnavailable());
    throw error;
  }
  return { statusCode: 200 };
};
