// The WebSocket API's $connect REQUEST authorizer (WebSocket APIs have no JWT authorizer): verifies
// the Cognito token in ?token= and hands $connect who the caller is in requestContext.authorizer.
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { verifyToken } from '../core/auth/verify-token';

export const handler = async (
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> => {
  const caller = await verifyToken(event.queryStringParameters?.token);
  // This exact message makes API Gateway answer 401 and refuse the upgrade.
  if (!caller) throw new Error('Unauthorized');
  return {
    principalId: caller.userId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
    },
    context: { userId: caller.userId, role: caller.role },
  };
};
