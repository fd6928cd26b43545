// The HTTP API: every deployed route from contract/routes/ on its own function; routes that are not
// public sit behind the Cognito JWT authorizer (the handler's middleware then checks the role). Each
// route key is throttled as declared; anything no route matches goes to the $default route's function.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type RouteDeclaration, routeKey, unmatchedRoute } from '../../contract/routes';
import type { Throttle } from '../stack-config';

export interface HttpApiProps {
  routes: Record<string, RouteDeclaration>;
  functionFor: (routeName: string) => IFunction;
  /** The $default route's function: 404 NOT_FOUND in the error shape. */
  notFoundFunction: IFunction;
  userPool: UserPool;
  client: UserPoolClient;
  corsOrigins: string[];
  /** The stage default: the $default route and every route that declares no throttle. */
  throttle: Throttle;
  /** Per route key, over the route's declared throttle (context routeThrottleOverrides). */
  throttleOverrides: Record<string, Throttle>;
  logRetention: RetentionDays;
  prod: boolean;
}

export class CheckoutHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly url: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Quick-commerce checkout HTTP API',
      createDefaultStage: false,
      corsPreflight:
        props.corsOrigins.length > 0
          ? {
              allowOrigins: props.corsOrigins,
              allowMethods: [CorsHttpMethod.ANY],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
              maxAge: Duration.hours(1),
            }
          : undefined,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // $default: clients call /products, not /<stage>/products; the stack itself is per stage.
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    this.url = this.api.apiEndpoint;

    const authorizer = new HttpJwtAuthorizer(
      'Cognito',
      `https://cognito-idp.${this.api.stack.region}.${this.api.stack.urlSuffix}/${props.userPool.userPoolId}`,
      { jwtAudience: [props.client.userPoolClientId], identitySource: ['$request.header.Authorization'] },
    );

    const routeThrottles: Record<string, Throttle> = {};
    for (const [name, route] of Object.entries(props.routes)) {
      routeThrottles[routeKey(route)] = route.throttle ?? props.throttle;
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${name}Integration`, props.functionFor(name)),
        authorizer: route.access === 'public' ? undefined : authorizer,
      });
      // CloudFormation refuses route settings for a route key the API does not have yet.
      this.stage.node.addDependency(httpRoute!);
      if (route.access === 'public') {
        Validations.of(httpRoute!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKey(route)} is public by declaration (contract/routes/); webhooks verify their signature.`,
        });
      }
    }

    // Without it API Gateway answers an unknown route itself, {"message":"Not Found"}: not the error shape.
    const notFound = new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('NotFoundIntegration', props.notFoundFunction),
    });
    Validations.of(notFound).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: `${unmatchedRoute.routeKey} only answers 404 NOT_FOUND, to anyone, as an unknown route should.`,
    });

    for (const [key, throttle] of Object.entries(props.throttleOverrides)) {
      if (!(key in routeThrottles)) throw new Error(`routeThrottleOverrides names no deployed route: ${key}`);
      routeThrottles[key] = throttle;
    }
    // RouteSettings is raw CloudFormation JSON, so its keys are PascalCase.
    (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      Object.entries(routeThrottles).map(([key, t]) => [
        key,
        { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit },
      ]),
    );
  }
}
