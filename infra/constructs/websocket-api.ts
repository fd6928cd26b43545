// The WebSocket API for live order updates. Built in two steps: the API and stage first, because
// the push functions need its endpoint and ARN; the routes once those functions exist.
import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { routeSelectionExpression } from '../../contract/websocket';
import type { Throttle } from '../stack-config';

export interface WebSocketApiProps {
  stage: string;
  /** The stage's default route settings: every route key shares it (contract/websocket.ts). */
  throttle: Throttle;
}

export class CheckoutWebSocketApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  /** wss:// URL clients connect to. */
  readonly url: string;
  /** https:// URL of the management API (PostToConnection). */
  readonly managementEndpoint: string;
  /** execute-api:ManageConnections on this API's stage only. */
  readonly manageConnectionsArn: string;

  constructor(scope: Construct, id: string, props: WebSocketApiProps) {
    super(scope, id);
    this.api = new WebSocketApi(this, 'Api', {
      description: 'Quick-commerce live order updates',
      routeSelectionExpression,
    });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: props.stage,
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
    });
    Validations.of(this.stage).acknowledge({
      id: 'AwsSolutions-APIG1',
      reason:
        'WebSocket access logs need the account-wide API Gateway CloudWatch role; the handlers log each event.',
    });
    this.url = this.stage.url;
    this.managementEndpoint = this.stage.callbackUrl;
    this.manageConnectionsArn = Stack.of(this).formatArn({
      service: 'execute-api',
      resource: this.api.apiId,
      resourceName: `${props.stage}/*/@connections/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /** One route per declared route key; the Lambda authorizer guards $connect, the only route that can have one. */
  addRoutes(
    routes: Record<string, string>,
    functionFor: (name: string) => IFunction,
    connectAuthorizer: { function: string; identitySource: string },
  ): void {
    const authorizer = new WebSocketLambdaAuthorizer(
      'ConnectAuthorizer',
      functionFor(connectAuthorizer.function),
      { identitySource: [connectAuthorizer.identitySource] },
    );
    for (const [key, functionName] of Object.entries(routes)) {
      const fn = functionFor(functionName);
      const route = this.api.addRoute(key, {
        integration: new WebSocketLambdaIntegration(`${safeId(key)}Integration`, fn),
        ...(key === '$connect' ? { authorizer } : {}),
      });
      if (key !== '$connect') {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'API Gateway allows an authorizer only on $connect; messages ride the connection it authorized.',
        });
      }
    }
  }
}

// "$connect" and "connect" must not collide; construct ids cannot hold "/".
const safeId = (routeKey: string) =>
  (routeKey.startsWith('$') ? `system-${routeKey.slice(1)}` : `route-${routeKey}`).replace(/\//g, '-');
