// The whole system in one stack, built from the declarations the local runtime reads:
// tables.ts, routes/, functions.ts, websocket.ts, events.ts and statemachines/checkout.asl.json.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Aws, CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { UserPoolOperation } from 'aws-cdk-lib/aws-cognito';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { declaredFunctions, deployedRoutes } from '../contract/deployed';
import { eventRules } from '../contract/events';
import { unmatchedRoute } from '../contract/routes';
import { connectAuthorizer, webSocketRoutes, webSocketThrottle } from '../contract/websocket';
import { projectRoot } from './bundling';
import { Auth } from './constructs/auth';
import { CheckoutSaga, checkoutStateMachineArns } from './constructs/checkout-saga';
import { applyConcurrencyLimits, fanOutConcurrency } from './constructs/concurrency';
import { Data } from './constructs/data';
import { OrderEvents } from './constructs/events';
import { CheckoutHttpApi } from './constructs/http-api';
import { Lambdas } from './constructs/lambdas';
import { Observability } from './constructs/observability';
import { ScheduledFunctions } from './constructs/scheduled-functions';
import { Secrets } from './constructs/secrets';
import { WebSite } from './constructs/web-site';
import { CheckoutWebSocketApi } from './constructs/websocket-api';
import { applyNagSuppressions } from './nag-suppressions';
import { type StackConfig, tunableEnv } from './stack-config';

export const checkoutDefinitionFile = join(projectRoot, 'statemachines/checkout.asl.json');

export interface CheckoutStackProps extends StackProps {
  config: StackConfig;
  /** The saga's ASL; the state machine is built only when the file exists. */
  definitionFile?: string;
}

export class CheckoutStack extends Stack {
  readonly data: Data;
  readonly auth: Auth;
  readonly lambdas: Lambdas;
  readonly httpApi: CheckoutHttpApi;
  readonly webSocket: CheckoutWebSocketApi;
  readonly events: OrderEvents;
  readonly observability: Observability;
  readonly scheduled: ScheduledFunctions;
  readonly saga?: CheckoutSaga;
  readonly webSite: WebSite;

  constructor(scope: Construct, id: string, props: CheckoutStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRetention = retentionDays(config.logRetentionDays);
    const wsRoutes: Record<string, string> = webSocketRoutes;

    this.data = new Data(this, 'Data', { prod: config.prod });
    const secrets = new Secrets(this, 'Secrets', { prod: config.prod });
    this.auth = new Auth(this, 'Auth', {
      stage: config.stage,
      prod: config.prod,
      email: config.cognitoEmail,
      oauthCallbackUrls: config.oauthCallbackUrls,
    });
    const auth = this.auth;
    // Names unique to this stack instance: a destroy + deploy never waits for a deleting namesake.
    const instanceId = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    this.events = new OrderEvents(this, 'Events', {
      eventBusName: Fn.join('-', [`quick-commerce-orders-${config.stage}`, instanceId]),
    });
    const events = this.events;
    this.webSocket = new CheckoutWebSocketApi(this, 'WebSocket', {
      stage: config.stage,
      throttle: webSocketThrottle,
    });
    const webSocket = this.webSocket;
    // Known before the machine exists (callers' policies need its ARN; it invokes some of them).
    const stateMachineName = Fn.join('-', [`quick-commerce-checkout-${config.stage}`, instanceId]);

    const tunables = Object.fromEntries(
      Object.entries(config.tunables).map(([key, value]) => [
        tunableEnv[key as keyof typeof tunableEnv],
        String(value),
      ]),
    );
    this.lambdas = new Lambdas(this, 'Functions', {
      routes: deployedRoutes(),
      functions: declaredFunctions(),
      targets: {
        tables: this.data.tables,
        razorpaySecret: secrets.razorpay,
        eventBus: events.bus,
        stateMachine: checkoutStateMachineArns(this, stateMachineName),
        webSocket: {
          manageConnectionsArn: webSocket.manageConnectionsArn,
          endpoint: webSocket.managementEndpoint,
        },
        messaging: config.messaging,
      },
      environment: {
        LOG_LEVEL: config.logLevel,
        RAZORPAY_MODE: config.razorpayMode,
        ...tunables,
        ...(config.storeLocation
          ? { STORE_LAT: String(config.storeLocation.lat), STORE_LNG: String(config.storeLocation.lng) }
          : {}),
      },
      // WebSocket APIs have no JWT authorizer: the $connect Lambda authorizer verifies the token.
      functionEnvironment: (name): Record<string, string> =>
        name === connectAuthorizer.function
          ? {
              COGNITO_USER_POOL_ID: auth.userPool.userPoolId,
              COGNITO_APP_CLIENT_ID: auth.client.userPoolClientId,
            }
          : {},
      logRetention,
      prod: config.prod,
    });
    const declaredFunction =
      (what: string) =>
      (name: string): IFunction => {
        const fn = this.lambdas.functions[name];
        if (!fn) throw new Error(`${what} names ${name}, which is not declared in contract/functions.ts`);
        return fn;
      };

    // The shopper page first: the HTTP API allows its origin, and its config.json names the APIs.
    this.webSite = new WebSite(this, 'Web', { prod: config.prod, logRetention });
    this.httpApi = new CheckoutHttpApi(this, 'Http', {
      routes: deployedRoutes(),
      functionFor: (name) => this.lambdas.routeFunctions[name]!,
      notFoundFunction: declaredFunction('contract/routes/index.ts unmatchedRoute')(unmatchedRoute.function),
      userPool: auth.userPool,
      client: auth.client,
      corsOrigins: [this.webSite.url, ...config.corsOrigins],
      throttle: config.routeThrottle,
      throttleOverrides: config.routeThrottleOverrides,
      logRetention,
      prod: config.prod,
    });
    const httpApi = this.httpApi;
    for (const [name, declaration] of Object.entries(declaredFunctions())) {
      const fn = this.lambdas.functions[name]!;
      if (declaration.userPoolTrigger === 'preTokenGeneration') {
        auth.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, fn);
      }
      if (declaration.userPoolTrigger === 'postConfirmation') {
        auth.userPool.addTrigger(UserPoolOperation.POST_CONFIRMATION, fn);
        // A Policy of its own, not the role's default policy the function depends on: the pool
        // already depends on the function, so this breaks the pool → function → pool cycle.
        new Policy(this, `${name}GroupMembership`, {
          roles: [fn.role!],
          statements: [
            new PolicyStatement({
              actions: ['cognito-idp:AdminAddUserToGroup'],
              resources: [auth.userPool.userPoolArn],
            }),
          ],
        });
      }
    }
    const reserved = config.reserveConcurrency ? fanOutConcurrency : {};
    applyConcurrencyLimits(reserved, {
      ...prefixed('route-', this.lambdas.routeFunctions),
      ...this.lambdas.functions,
    });
    this.webSite.publish({
      apiUrl: httpApi.url,
      wsUrl: webSocket.url,
      userPoolId: auth.userPool.userPoolId,
      userPoolClientId: auth.client.userPoolClientId,
    });
    webSocket.addRoutes(wsRoutes, declaredFunction('contract/websocket.ts'), connectAuthorizer);
    events.addRules(eventRules, declaredFunction('contract/events.ts'));
    for (const [name, declaration] of Object.entries(declaredFunctions())) {
      if (declaration.tableStream) {
        events.addStreamConsumer(
          name,
          this.data.tables[declaration.tableStream],
          this.lambdas.functions[name]!,
        );
      }
    }

    const definitionFile = props.definitionFile ?? checkoutDefinitionFile;
    if (existsSync(definitionFile)) {
      this.saga = new CheckoutSaga(this, 'Checkout', {
        stateMachineName,
        definitionFile,
        functions: this.lambdas.functions,
        logRetention,
        prod: config.prod,
        postPaymentRetryMinutes: config.postPaymentRetryMinutes,
      });
    } else {
      Annotations.of(this).addWarningV2(
        'checkout:missing-asl',
        `${definitionFile} not found: no state machine`,
      );
    }

    this.observability = new Observability(this, 'Observability', {
      functions: { ...prefixed('route-', this.lambdas.routeFunctions), ...this.lambdas.functions },
      sagaTasks: this.saga?.invokedFunctions ?? [],
      streamConsumers: Object.entries(declaredFunctions())
        .filter(([, declaration]) => declaration.tableStream)
        .map(([name]) => name),
      throttledByDesign: Object.keys(reserved),
      tables: this.data.tables,
      deadLetterQueues: events.deadLetterQueues,
      eventRules: events.rules,
      httpApi: httpApi.api,
      webSocketStage: webSocket.stage,
      stateMachine: this.saga?.stateMachine,
      alarmEmail: config.alarmEmail,
    });

    this.scheduled = new ScheduledFunctions(this, 'Scheduled', {
      declarations: declaredFunctions(),
      functions: this.lambdas.functions,
      alarmTopic: this.observability.topic,
    });

    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description });
    output('WebUrl', this.webSite.url, 'The shopper web page');
    output('HttpApiUrl', httpApi.url, 'HTTP API base URL');
    output('WebSocketUrl', webSocket.url, 'WebSocket URL (append ?token=<Cognito ID or access token>)');
    output('UserPoolId', auth.userPool.userPoolId, 'Cognito user pool');
    output('UserPoolClientId', auth.client.userPoolClientId, 'Cognito app client');
    output('RazorpaySecretArn', secrets.razorpay.secretArn, 'Put {"keyId","keySecret","webhookSecret"} here');
    output(
      'RazorpayWebhookUrl',
      `${httpApi.url}/webhooks/razorpay`,
      'Webhook URL for the Razorpay dashboard',
    );
    output('EventBusName', events.bus.eventBusName, 'Order event bus');
    output('AlarmTopicArn', this.observability.topic.topicArn, 'Subscribe to receive alarms');
    if (this.saga) output('StateMachineArn', this.saga.stateMachine.stateMachineArn, 'Checkout saga');

    applyNagSuppressions(this);
  }
}

const prefixed = <T>(prefix: string, record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [`${prefix}${k}`, v]));

const retentionDays = (days: number): RetentionDays => {
  if (!(Object.values(RetentionDays) as number[]).includes(days)) {
    throw new Error(`logRetentionDays ${days} is not a CloudWatch retention (1, 3, 5, 7, 14, 30, 60, 90, …)`);
  }
  return days as RetentionDays;
};
