// API Gateway's side of the WebSocket $connect REQUEST authorizer: the same Lambda as in AWS
// (contract/websocket.ts connectAuthorizer, functions/ws/authorize.ts) decides each local
// connection. As API Gateway: no token in the identity source is 401 without a call; the error
// "Unauthorized" is 401; any other failure is 500; a policy must Allow execute-api:Invoke on the
// methodArn (an explicit Deny wins, else 403); principalId and the policy's context become
// $connect's requestContext.authorizer.
import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  PolicyDocument,
  Statement,
} from 'aws-lambda';
import { functions } from '../contract/functions';
import { connectAuthorizer } from '../contract/websocket';
import { lambdaContext, loadHandler } from './lambda-runtime';

export type AuthorizerDecision =
  | { allow: true; authorizer: Record<string, unknown> }
  | { allow: false; status: 401 | 403 | 500 };

export interface ConnectRequest {
  stage: string;
  connectionId: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  multiQuery: Record<string, string[]>;
  requestContext: object;
}

// 'route.request.querystring.token' -> 'token'
const IDENTITY_PARAMETER = connectAuthorizer.identitySource.replace('route.request.querystring.', '');

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

const listOf = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const covers = (statement: Statement, methodArn: string): boolean => {
  const s = statement as { Action?: string | string[]; Resource?: string | string[] };
  return (
    listOf(s.Action).some((action) => wildcard(action).test('execute-api:Invoke')) &&
    listOf(s.Resource).some((resource) => wildcard(resource).test(methodArn))
  );
};

export function policyAllows(policy: PolicyDocument | undefined, methodArn: string): boolean {
  const matching = (policy?.Statement ?? []).filter((statement) => covers(statement, methodArn));
  return !matching.some((s) => s.Effect === 'Deny') && matching.some((s) => s.Effect === 'Allow');
}

export async function authorizeConnect(request: ConnectRequest): Promise<AuthorizerDecision> {
  if (!request.query[IDENTITY_PARAMETER]) return { allow: false, status: 401 };
  const methodArn = `arn:aws:execute-api:local:000000000000:local/${request.stage}/$connect`;
  const event = {
    type: 'REQUEST',
    methodArn,
    headers: request.headers,
    queryStringParameters: request.query,
    multiValueQueryStringParameters: request.multiQuery,
    stageVariables: {},
    requestContext: request.requestContext,
  } as unknown as APIGatewayRequestAuthorizerEvent;
  const name = connectAuthorizer.function;
  let result: APIGatewayAuthorizerResult;
  try {
    const handler = await loadHandler(functions[name].handler);
    result = await handler(event, lambdaContext(name, (functions[name].timeoutSeconds ?? 10) * 1000));
  } catch (error) {
    if ((error as Error).message === 'Unauthorized') return { allow: false, status: 401 };
    console.error(`[${name}]`, error);
    return { allow: false, status: 500 };
  }
  if (!policyAllows(result?.policyDocument, methodArn)) return { allow: false, status: 403 };
  return { allow: true, authorizer: { ...result.context, principalId: result.principalId } };
}
