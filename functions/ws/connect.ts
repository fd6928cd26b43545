// $connect: WebSocket APIs have no JWT authorizer, so the token in ?token= is verified here.
// A non-2xx answer makes API Gateway refuse the upgrade.
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { verifyToken } from '../core/auth/verify-token';
import { registerConnection } from '../core/subscriptions';

export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const caller = await verifyToken(event.queryStringParameters?.token);
  if (!caller) return { statusCode: 401, body: 'Unauthorized' };
  await registerConnection(event.requestContext.connectionId, caller.userId);
  return { statusCode: 200 };
};
