// The CDK stack, synthesised once from the real declarations, checked against those declarations:
// every route, function, table, rule and the saga exists as declared, with least privilege.
// Bundling is skipped here (it is exercised in bundling.test.ts with the same settings).
import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { declaredFunctions, deployedRoutes } from '../../contract/deployed';
import { eventRules } from '../../contract/events';
import type { Grants } from '../../contract/grants';
import {
  postPaymentRetry,
  postPaymentRetrySubstitutions,
  retryWaitSeconds,
} from '../../contract/post-payment-retry';
import { defaultRouteThrottle, routeKey, routes, throttleOf, unmatchedRoute } from '../../contract/routes';
import { type TableDeclaration, type TableKey, tableKeys, tables } from '../../contract/tables';
import { connectAuthorizer, webSocketRoutes, webSocketThrottle } from '../../contract/websocket';
import { Auth } from '../../infra/constructs/auth';
import { funnelStages } from '../../infra/constructs/business-metrics';
import { CheckoutSaga, referencedFunctions } from '../../infra/constructs/checkout-saga';
import { fanOutConcurrency } from '../../infra/constructs/concurrency';
import { Data } from '../../infra/constructs/data';
import { SAGA_TASK_ERRORS_PER_MINUTE, STREAM_ITERATOR_AGE_MS } from '../../infra/constructs/observability';
import { CheckoutStack, checkoutDefinitionFile } from '../../infra/stack';
import { defaultStackConfig } from '../../infra/stack-config';
import { localRouteList } from '../../local/dev/routes';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

let stack: CheckoutStack;
let template: Template;
let resources: Record<string, Resource>;

const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const only = (type: string): [string, Resource] => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** CDK's own BucketDeployment function (it uploads the web page); checked in "shopper web site". */
const isWebUploader = (logicalId: string) => logicalId.startsWith('CustomCDKBucketDeployment');
/** The project's functions: every Lambda but CDK's web uploader. */
const projectFunctions = () => ofType('AWS::Lambda::Function').filter(([id]) => !isWebUploader(id));

/** Every Allow statement of the policies attached to a role (by the role's logical id). */
const statementsOfRole = (roleId: string) =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);

const allFunctions = () => ({
  ...Object.fromEntries(Object.entries(stack.lambdas.routeFunctions).map(([n, f]) => [`route:${n}`, f])),
  ...stack.lambdas.functions,
});

const grantsOf = (id: string): Grants | undefined =>
  id.startsWith('route:')
    ? deployedRoutes()[id.slice('route:'.length)]!.grants
    : declaredFunctions()[id]!.grants;

const stagingDisabled = { 'aws:cdk:bundling-stacks': [] };
/** The feature flags `cdk deploy` applies, so the template checked here is the one deployed. */
const cdkJsonContext = JSON.parse(readFileSync('cdk.json', 'utf8')).context as Record<string, unknown>;

beforeAll(() => {
  const app = new App({ context: { ...cdkJsonContext, ...stagingDisabled } });
  stack = new CheckoutStack(app, 'Test', {
    config: {
      ...defaultStackConfig('test'),
      tunables: { paymentWindowSeconds: 420, deliveryFeePaise: 3000 },
      routeThrottleOverrides: { 'GET /health': { rateLimit: 5, burstLimit: 7 } },
      cognitoEmail: {
        fromEmail: 'no-reply@shop.example',
        sesVerifiedDomain: 'shop.example',
        sesRegion: 'ap-south-1',
      },
      reserveConcurrency: true,
    },
  });
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
});

describe('functions', () => {
  it('makes one function per deployed route and per declared function, and nothing else', () => {
    const deployed = Object.keys(deployedRoutes());
    expect(Object.keys(stack.lambdas.routeFunctions).sort()).toEqual([...deployed].sort());
    expect(Object.keys(stack.lambdas.functions).sort()).toEqual(Object.keys(declaredFunctions()).sort());
    expect(projectFunctions()).toHaveLength(deployed.length + Object.keys(declaredFunctions()).length);
    expect(ofType('AWS::Lambda::Function').filter(([id]) => isWebUploader(id))).toHaveLength(1);
  });

  it('runs every function on Node 22, arm64, with X-Ray, source maps and its own log group', () => {
    for (const [, fn] of projectFunctions()) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: expect.any(String),
        POWERTOOLS_METRICS_NAMESPACE: expect.any(String),
        LOG_LEVEL: 'INFO',
        PAYMENT_WINDOW_SECONDS: '420',
        DELIVERY_FEE_PAISE: '3000',
      });
      expect(fn.Properties.Environment.Variables.HANDLING_FEE_PAISE).toBeUndefined();
      // Nothing of the local runtime reaches AWS: no dev auth, no emulator endpoints.
      for (const name of Object.keys(fn.Properties.Environment.Variables)) {
        expect(name).not.toMatch(/^(LOCAL_|AWS_ENDPOINT_URL)/);
      }
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
    for (const [, group] of ofType('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('uses the declared memory and timeout, 256 MB / 10 s for HTTP routes', () => {
    for (const fn of Object.values(stack.lambdas.routeFunctions)) {
      expect(resources[logicalId(fn)]!.Properties).toMatchObject({ MemorySize: 256, Timeout: 10 });
    }
    for (const [name, declaration] of Object.entries(declaredFunctions())) {
      const props = resources[logicalId(stack.lambdas.functions[name]!)]!.Properties;
      if (declaration.memoryMb) expect(props.MemorySize).toBe(declaration.memoryMb);
      if (declaration.timeoutSeconds) expect(props.Timeout).toBe(declaration.timeoutSeconds);
    }
  });
});

describe('least privilege', () => {
  const dataServices = /^(dynamodb|states|events|secretsmanager|sqs|sns|lambda|execute-api|s3|kms):/;

  it('grants no wildcard action anywhere', () => {
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      // CDK's web uploader copies prefixes of two buckets (its policy is checked in "shopper web site").
      if (policy.Properties.Roles.every((r: any) => isWebUploader(r.Ref))) continue;
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        for (const action of asList<string>(statement.Action)) {
          expect(action).not.toBe('*');
          if (dataServices.test(action)) expect(action).not.toContain('*');
        }
      }
    }
  });

  it('gives each function exactly its declared tables, read or readwrite, with their env vars', () => {
    const tableIds = Object.fromEntries(tableKeys.map((key) => [logicalId(stack.data.tables[key]), key]));
    for (const [id, fn] of Object.entries(allFunctions())) {
      const declared = grantsOf(id)?.tables ?? {};
      const granted: Partial<Record<TableKey, Set<string>>> = {};
      for (const statement of statementsOfRole(logicalId(fn.role!))) {
        for (const resource of asList<any>(statement.Resource)) {
          // A stream consumer's read of the table's stream is checked in table-streams.test.ts.
          if (resource['Fn::GetAtt']?.[1] === 'StreamArn') continue;
          const target = resource['Fn::GetAtt']?.[0] ?? resource['Fn::Join']?.[1]?.[0]?.['Fn::GetAtt']?.[0];
          const key = tableIds[target];
          if (!key) continue;
          granted[key] ??= new Set();
          for (const action of asList<string>(statement.Action)) granted[key]!.add(action);
        }
      }
      expect(Object.keys(granted).sort(), id).toEqual(Object.keys(declared).sort());
      const env = resources[logicalId(fn)]!.Properties.Environment.Variables;
      for (const key of tableKeys) {
        const access = declared[key];
        const envVar = (tables[key] as TableDeclaration).envVar;
        expect(env[envVar] !== undefined, `${id} ${envVar}`).toBe(access !== undefined);
        if (!access) continue;
        expect(granted[key]!.has('dynamodb:Query'), `${id} reads ${key}`).toBe(true);
        expect(granted[key]!.has('dynamodb:PutItem'), `${id} writes ${key}`).toBe(access === 'readwrite');
      }
    }
  });

  it('grants the secret, the bus, the state machine and the WebSocket API only where declared', () => {
    const stateMachineActions = {
      start: ['states:StartExecution'],
      taskResponse: ['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess'],
      describe: ['states:DescribeExecution'],
      stop: ['states:StopExecution'],
    };
    for (const [id, fn] of Object.entries(allFunctions())) {
      const grants = grantsOf(id) ?? {};
      const actions = statementsOfRole(logicalId(fn.role!)).flatMap((s) => asList<string>(s.Action));
      const env = resources[logicalId(fn)]!.Properties.Environment.Variables;
      const has = (action: string) => actions.includes(action);

      expect(has('secretsmanager:GetSecretValue'), id).toBe(!!grants.razorpay);
      expect(env.RAZORPAY_SECRET_ARN !== undefined, id).toBe(!!grants.razorpay);
      expect(has('events:PutEvents'), id).toBe(!!grants.eventBus);
      expect(env.EVENT_BUS_NAME !== undefined, id).toBe(!!grants.eventBus);
      expect(has('execute-api:ManageConnections'), id).toBe(!!grants.webSocketManagement);
      expect(env.WEBSOCKET_MANAGEMENT_ENDPOINT !== undefined, id).toBe(!!grants.webSocketManagement);
      const expectedStates = [...new Set(grants.stateMachine ?? [])]
        .flatMap((k) => stateMachineActions[k])
        .sort();
      expect(actions.filter((a) => a.startsWith('states:')).sort(), id).toEqual(expectedStates);
      expect(env.STATE_MACHINE_ARN !== undefined, id).toBe(expectedStates.length > 0);
      if (grants.webSocketManagement) {
        expect(env.WEBSOCKET_MANAGEMENT_ENDPOINT).toMatchObject({ 'Fn::Join': expect.anything() });
        expect(JSON.stringify(env.WEBSOCKET_MANAGEMENT_ENDPOINT)).toContain('https://');
      }
    }
  });

  it('never puts Razorpay keys in the template, only the secret ARN', () => {
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toMatch(/rzp_(test|live)_/);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: JSON.stringify({ keyId: 'REPLACE_ME', keySecret: 'REPLACE_ME' }),
        GenerateStringKey: 'webhookSecret',
      },
    });
  });
});

describe('HTTP API', () => {
  const httpRoutes = () => {
    const apiId = logicalId(stack.httpApi.api);
    return ofType('AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.ApiId.Ref === apiId);
  };

  it('deploys every declared route and the $default route, no local runtime route and no /dev/* route', () => {
    const keys = httpRoutes().map(([, r]) => r.Properties.RouteKey);
    expect(keys.sort()).toEqual([...Object.values(routes).map(routeKey), unmatchedRoute.routeKey].sort());
    expect(keys.some((k: string) => k.includes(' /dev/'))).toBe(false);
    expect(localRouteList.length).toBeGreaterThan(0);
    for (const r of localRouteList) expect(keys).not.toContain(routeKey(r));
  });

  it('puts the Cognito JWT authorizer on every route that is not public, and none on public ones', () => {
    const byKey = new Map(Object.values(deployedRoutes()).map((r) => [routeKey(r), r]));
    const apiId = logicalId(stack.httpApi.api);
    const authorizers = ofType('AWS::ApiGatewayV2::Authorizer').filter(
      ([, a]) => a.Properties.ApiId.Ref === apiId,
    );
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0]!;
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain('cognito-idp.');
    expect(authorizer.Properties.JwtConfiguration.Audience).toEqual([{ Ref: logicalId(stack.auth.client) }]);
    for (const [, r] of httpRoutes().filter(([, r]) => r.Properties.RouteKey !== unmatchedRoute.routeKey)) {
      const declared = byKey.get(r.Properties.RouteKey)!;
      if (declared.access === 'public') {
        expect(r.Properties.AuthorizationType ?? 'NONE', r.Properties.RouteKey).toBe('NONE');
        expect(r.Properties.AuthorizerId).toBeUndefined();
      } else {
        expect(r.Properties.AuthorizationType, r.Properties.RouteKey).toBe('JWT');
        expect(r.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
      }
    }
  });

  it('sends whatever no route matches to the $default route: the not-found function, without authorizer', () => {
    const [[, route]] = httpRoutes().filter(([, r]) => r.Properties.RouteKey === '$default') as [
      [string, Resource],
    ];
    expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref;
    const uri = JSON.stringify(resources[integrationId]!.Properties.IntegrationUri);
    expect(uri).toContain(logicalId(stack.lambdas.functions[unmatchedRoute.function]!));
    expect(declaredFunctions()[unmatchedRoute.function]!.handler).toBe('functions/http/not-found.ts');
  });

  it('throttles each route key as declared (context overrides win), the rest at the stage default', () => {
    const [stageId, stage] = ofType('AWS::ApiGatewayV2::Stage').find(
      ([, st]) => st.Properties.ApiId.Ref === logicalId(stack.httpApi.api),
    )!;
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: defaultRouteThrottle.rateLimit,
      ThrottlingBurstLimit: defaultRouteThrottle.burstLimit,
    });
    const settings = stage.Properties.RouteSettings as Record<string, any>;
    expect(Object.keys(settings).sort()).toEqual(Object.values(routes).map(routeKey).sort());
    for (const route of Object.values(routes)) {
      const expected =
        routeKey(route) === 'GET /health' ? { rateLimit: 5, burstLimit: 7 } : throttleOf(route);
      expect(settings[routeKey(route)], routeKey(route)).toEqual({
        ThrottlingRateLimit: expected.rateLimit,
        ThrottlingBurstLimit: expected.burstLimit,
      });
    }
    expect(settings['POST /rider/location']).toEqual({
      ThrottlingRateLimit: 500,
      ThrottlingBurstLimit: 1000,
    });
    expect(settings['GET /products']).toEqual({ ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000 });
    expect(settings['POST /checkout']).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    // The stage is created after the routes its settings name (CloudFormation refuses unknown keys).
    const dependsOn = asList<string>((resources[stageId] as any).DependsOn ?? []);
    for (const [routeId, r] of httpRoutes()) {
      if (r.Properties.RouteKey !== '$default') expect(dependsOn, r.Properties.RouteKey).toContain(routeId);
    }
  });

  it('has a throttled $default stage with access logs, and a user pool with the three role groups', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: logicalId(stack.httpApi.api) },
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      RouteSettings: Match.objectLike({ 'GET /health': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 7 } }),
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'rider', 'shopper']);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: 'role', Mutable: true })]),
    });
    const [, client] = only('AWS::Cognito::UserPoolClient');
    expect(client.Properties.WriteAttributes).toContain('email');
    expect(client.Properties.WriteAttributes).not.toContain('custom:role');
  });
});

describe('Cognito', () => {
  const triggerProperty = { preTokenGeneration: 'PreTokenGeneration', postConfirmation: 'PostConfirmation' };

  it('wires each declared user pool trigger, so self-signed-up shoppers get a role in both tokens', () => {
    const triggers = Object.entries(declaredFunctions()).filter(([, f]) => f.userPoolTrigger);
    expect(triggers.map(([, f]) => f.userPoolTrigger).sort()).toEqual([
      'postConfirmation',
      'preTokenGeneration',
    ]);
    const [, pool] = only('AWS::Cognito::UserPool');
    for (const [name, declaration] of triggers) {
      expect(pool.Properties.LambdaConfig[triggerProperty[declaration.userPoolTrigger!]]).toEqual({
        'Fn::GetAtt': [logicalId(stack.lambdas.functions[name]!), 'Arn'],
      });
    }
  });

  it('lets the post-confirmation trigger add users to groups of this pool, and nothing more', () => {
    const fn = stack.lambdas.functions.joinShopperGroup!;
    const statements = statementsOfRole(logicalId(fn.role!));
    const cognito = statements.filter((st) =>
      asList<string>(st.Action).some((a) => a.startsWith('cognito-idp:')),
    );
    expect(cognito).toEqual([
      expect.objectContaining({
        Action: 'cognito-idp:AdminAddUserToGroup',
        Resource: { 'Fn::GetAtt': [logicalId(stack.auth.userPool), 'Arn'] },
      }),
    ]);
    // Not the function's default policy: the function must not wait on the pool that waits on it.
    const fnDependsOn = asList<string>((resources[logicalId(fn)] as any).DependsOn ?? []);
    const [policyId] = ofType('AWS::IAM::Policy').find(([, p]) =>
      JSON.stringify(p.Properties).includes('AdminAddUserToGroup'),
    )!;
    expect(fnDependsOn).not.toContain(policyId);
  });

  it('validates access tokens too: the JWT authorizer audience is the app client id (aud or client_id)', () => {
    const jwt = ofType('AWS::ApiGatewayV2::Authorizer').filter(
      ([, a]) => a.Properties.AuthorizerType === 'JWT',
    );
    expect(jwt).toHaveLength(1);
    const [, authorizer] = jwt[0]!;
    expect(authorizer.Properties.JwtConfiguration.Audience).toEqual([{ Ref: logicalId(stack.auth.client) }]);
  });

  it('sends email through SES when configured, and keeps OAuth flows off by default', () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    expect(pool.Properties.EmailConfiguration).toMatchObject({
      EmailSendingAccount: 'DEVELOPER',
      From: 'no-reply@shop.example',
    });
    expect(JSON.stringify(pool.Properties.EmailConfiguration.SourceArn)).toContain('identity/shop.example');
    const [, client] = only('AWS::Cognito::UserPoolClient');
    expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client.Properties.CallbackURLs).toBeUndefined();
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient ?? false).toBe(false);
  });

  it('warns at synth without SES, and enables only the code flow when callback URLs are given', () => {
    const small = new Stack(new App(), 'AuthOnly');
    new Auth(small, 'Default', { stage: 'dev', prod: false, oauthCallbackUrls: [] });
    const warnings = Annotations.fromStack(small).findWarning(
      '*',
      Match.stringLikeRegexp('cognitoSesFromAddress'),
    );
    expect(warnings).toHaveLength(1);
    expect(Template.fromStack(small).toJSON().Resources).toSatisfy((r: Record<string, Resource>) =>
      Object.values(r).some(
        (x) =>
          x.Type === 'AWS::Cognito::UserPool' &&
          x.Properties.EmailConfiguration?.EmailSendingAccount === 'COGNITO_DEFAULT',
      ),
    );
    const withOAuth = new Stack(new App(), 'AuthOAuth');
    new Auth(withOAuth, 'OAuth', {
      stage: 'dev',
      prod: false,
      oauthCallbackUrls: ['https://shop.example/cb'],
    });
    Template.fromStack(withOAuth).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      CallbackURLs: ['https://shop.example/cb'],
    });
  });
});

describe('first deploy', () => {
  it('names the state machine and bus per stack instance, and gives no table a fixed name', () => {
    const [, machine] = only('AWS::StepFunctions::StateMachine');
    const [, bus] = only('AWS::Events::EventBus');
    for (const name of [machine.Properties.StateMachineName, bus.Properties.Name]) {
      expect(typeof name).not.toBe('string');
      expect(JSON.stringify(name)).toContain('AWS::StackId');
    }
    for (const type of [
      'AWS::DynamoDB::GlobalTable',
      'AWS::DynamoDB::Table',
      'AWS::SQS::Queue',
      'AWS::SNS::Topic',
    ]) {
      for (const [, r] of ofType(type)) {
        expect(r.Properties.TableName ?? r.Properties.QueueName ?? r.Properties.TopicName).toBeUndefined();
      }
    }
  });

  it('gives checkout the Razorpay secret and mode, so it can refuse placeholder keys with a 503', () => {
    const env =
      resources[logicalId(stack.lambdas.routeFunctions.checkout!)]!.Properties.Environment.Variables;
    expect(env.RAZORPAY_SECRET_ARN).toEqual({
      Ref: logicalId(stack.node.findChild('Secrets').node.findChild('Razorpay')),
    });
    expect(env.RAZORPAY_MODE).toBe('test');
  });
});

describe('concurrency', () => {
  it('caps each fan-out function with reserved concurrency, and only those', () => {
    const byName = {
      ...Object.fromEntries(Object.entries(stack.lambdas.routeFunctions).map(([n, f]) => [`route-${n}`, f])),
      ...stack.lambdas.functions,
    };
    expect(Object.keys(fanOutConcurrency).length).toBeGreaterThan(0);
    for (const [name, fn] of Object.entries(byName)) {
      expect(resources[logicalId(fn)]!.Properties.ReservedConcurrentExecutions, name).toBe(
        fanOutConcurrency[name],
      );
    }
    const reserved = Object.values(fanOutConcurrency).reduce((a, b) => a + b, 0);
    // Lambda keeps 100 of an account's default 1,000 unreserved.
    expect(reserved).toBeLessThanOrEqual(900);
  });
});

describe('WebSocket API', () => {
  it('routes every declared route key to its function, and lets only the declared functions post', () => {
    const apiId = logicalId(stack.webSocket.api);
    const wsRoutes = ofType('AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.ApiId.Ref === apiId);
    expect(wsRoutes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(
      Object.keys(webSocketRoutes).sort(),
    );
    const [, stage] = ofType('AWS::ApiGatewayV2::Stage').find(([, st]) => st.Properties.ApiId.Ref === apiId)!;
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: webSocketThrottle.rateLimit,
      ThrottlingBurstLimit: webSocketThrottle.burstLimit,
    });
    for (const [, route] of wsRoutes) {
      const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref;
      const uri = JSON.stringify(resources[integrationId]!.Properties.IntegrationUri);
      const fnName = webSocketRoutes[route.Properties.RouteKey as keyof typeof webSocketRoutes];
      expect(uri).toContain(logicalId(stack.lambdas.functions[fnName]!));
    }
    const manage = ofType('AWS::IAM::Policy').flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as any[]).filter(
        (s) => s.Action === 'execute-api:ManageConnections',
      ),
    );
    expect(manage.length).toBeGreaterThan(0);
    for (const s of manage) {
      const arn = JSON.stringify(s.Resource);
      expect(arn).toContain(apiId);
      expect(arn).toContain('/test/*/@connections/*');
    }
  });

  it('guards $connect, and only $connect, with the Lambda authorizer reading ?token=', () => {
    const apiId = logicalId(stack.webSocket.api);
    const authorizers = ofType('AWS::ApiGatewayV2::Authorizer').filter(
      ([, a]) => a.Properties.ApiId.Ref === apiId,
    );
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0]!;
    expect(authorizer.Properties.AuthorizerType).toBe('REQUEST');
    expect(authorizer.Properties.IdentitySource).toEqual([connectAuthorizer.identitySource]);
    const authorizerFn = logicalId(stack.lambdas.functions[connectAuthorizer.function]!);
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(authorizerFn);
    for (const [, route] of ofType('AWS::ApiGatewayV2::Route').filter(
      ([, r]) => r.Properties.ApiId.Ref === apiId,
    )) {
      if (route.Properties.RouteKey === '$connect') {
        expect(route.Properties.AuthorizationType).toBe('CUSTOM');
        expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
      } else {
        expect(route.Properties.AuthorizationType ?? 'NONE', route.Properties.RouteKey).toBe('NONE');
        expect(route.Properties.AuthorizerId).toBeUndefined();
      }
    }
    // API Gateway, and only API Gateway, may invoke the authorizer.
    const invokers = ofType('AWS::Lambda::Permission').filter(([, p]) =>
      JSON.stringify(p.Properties.FunctionName).includes(authorizerFn),
    );
    expect(invokers.length).toBeGreaterThan(0);
    for (const [, p] of invokers) expect(p.Properties.Principal).toBe('apigateway.amazonaws.com');
  });

  it('gives the Cognito ids to the authorizer alone', () => {
    for (const [, fn] of ofType('AWS::Lambda::Function')) {
      const env = fn.Properties.Environment.Variables;
      const isAuthorizer = fn === resources[logicalId(stack.lambdas.functions[connectAuthorizer.function]!)];
      expect(env.COGNITO_USER_POOL_ID !== undefined, fn.Properties.Description).toBe(isAuthorizer);
      expect(env.COGNITO_APP_CLIENT_ID !== undefined, fn.Properties.Description).toBe(isAuthorizer);
    }
  });
});

describe('tables', () => {
  it('builds each declared table on demand with PITR, its keys, GSIs and TTL', () => {
    expect(ofType('AWS::DynamoDB::GlobalTable')).toHaveLength(tableKeys.length);
    for (const key of tableKeys) {
      const declaration: TableDeclaration = tables[key];
      const props = resources[logicalId(stack.data.tables[key])]!.Properties;
      expect(props.BillingMode).toBe('PAY_PER_REQUEST');
      expect(props.Replicas[0].PointInTimeRecoverySpecification).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
      const keySchema = [
        { AttributeName: declaration.partitionKey.name, KeyType: 'HASH' },
        ...(declaration.sortKey ? [{ AttributeName: declaration.sortKey.name, KeyType: 'RANGE' }] : []),
      ];
      expect(props.KeySchema, key).toEqual(keySchema);
      expect(props.TimeToLiveSpecification, key).toEqual(
        declaration.timeToLiveAttribute
          ? { AttributeName: declaration.timeToLiveAttribute, Enabled: true }
          : undefined,
      );
      const indexes = (props.GlobalSecondaryIndexes ?? []).map((i: any) => ({
        name: i.IndexName,
        keys: i.KeySchema.map((k: any) => k.AttributeName),
        projection: i.Projection,
      }));
      expect(indexes, key).toEqual(
        (declaration.globalIndexes ?? []).map((i) => ({
          name: i.indexName,
          keys: [i.partitionKey.name, ...(i.sortKey ? [i.sortKey.name] : [])],
          projection:
            i.projection?.type === 'INCLUDE'
              ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...i.projection.attributes] }
              : { ProjectionType: i.projection?.type ?? 'ALL' },
        })),
      );
    }
  });

  it('lists products from a per-category index that holds catalog fields, never stock counters', () => {
    const props = resources[logicalId(stack.data.tables.products)]!.Properties;
    expect(props.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'listedByCategory',
        KeySchema: [
          { AttributeName: 'listing', KeyType: 'HASH' },
          { AttributeName: 'productId', KeyType: 'RANGE' },
        ],
        Projection: {
          ProjectionType: 'INCLUDE',
          NonKeyAttributes: ['name', 'category', 'price', 'mrp', 'unit', 'imageUrl', 'maxPerOrder', 'active'],
        },
      },
    ]);
  });

  it('destroys tables in dev and retains them, deletion-protected, in prod', () => {
    for (const key of tableKeys) {
      const dev = resources[logicalId(stack.data.tables[key])]!;
      expect(dev.DeletionPolicy).toBe('Delete');
      expect(dev.Properties.Replicas[0].DeletionProtectionEnabled ?? false).toBe(false);
    }
    const prodStack = new Stack(new App(), 'Prod');
    new Data(prodStack, 'Data', { prod: true });
    const prod = Template.fromStack(prodStack).toJSON().Resources as Record<string, Resource>;
    const prodTables = Object.values(prod).filter((r) => r.Type === 'AWS::DynamoDB::GlobalTable');
    expect(prodTables).toHaveLength(tableKeys.length);
    for (const t of prodTables) {
      expect(t.DeletionPolicy).toBe('Retain');
      expect(t.Properties.Replicas[0].DeletionProtectionEnabled).toBe(true);
    }
  });
});

describe('events', () => {
  it('builds each declared rule on the custom bus, every target with a DLQ and retries', () => {
    const busId = logicalId(stack.events.bus);
    const rules = ofType('AWS::Events::Rule');
    expect(rules).toHaveLength(Object.keys(eventRules).length);
    for (const declaration of Object.values(eventRules)) {
      const [, rule] = rules.find(([, r]) => r.Properties.Description === declaration.description)!;
      expect(rule.Properties.EventBusName).toEqual({ Ref: busId });
      expect(rule.Properties.EventPattern).toEqual(declaration.pattern);
      expect(rule.Properties.Targets).toHaveLength(declaration.targets.length);
      for (const target of rule.Properties.Targets) {
        expect(target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
        expect(target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      }
    }
  });

  it('gives every async-invoked function an on-failure destination', () => {
    const targets = new Set(Object.values(eventRules).flatMap((r) => r.targets));
    const configs = ofType('AWS::Lambda::EventInvokeConfig');
    expect(configs).toHaveLength(targets.size);
    for (const name of targets) {
      const fnId = logicalId(stack.lambdas.functions[name]!);
      const [, config] = configs.find(([, c]) => c.Properties.FunctionName.Ref === fnId)!;
      expect(config.Properties.DestinationConfig.OnFailure.Destination).toEqual({
        'Fn::GetAtt': [logicalId(stack.events.deadLetterQueues[name]!), 'Arn'],
      });
    }
  });

  it('lets only the declared publishers put events, with the bus name in their env', () => {
    const publishers = Object.entries(allFunctions()).filter(([id]) => grantsOf(id)?.eventBus);
    for (const [, fn] of publishers) {
      const env = resources[logicalId(fn)]!.Properties.Environment.Variables;
      expect(env.EVENT_BUS_NAME).toEqual({ Ref: logicalId(stack.events.bus) });
    }
  });
});

describe('checkout saga', () => {
  const asl = () => readFileSync(checkoutDefinitionFile, 'utf8');

  it('resolves every function ARN placeholder to a declared function, and the retry budget (30 min by default)', () => {
    const [, machine] = only('AWS::StepFunctions::StateMachine');
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    const substitutions: Record<string, any> = machine.Properties.DefinitionSubstitutions;
    const budget = postPaymentRetrySubstitutions(30);
    const referenced = referencedFunctions(asl(), Object.keys(declaredFunctions()), Object.keys(budget));
    expect(referenced.length).toBeGreaterThan(0);
    expect(Object.keys(substitutions).sort()).toEqual(
      [...referenced.map((n) => `${n}FunctionArn`), ...Object.keys(budget)].sort(),
    );
    for (const name of referenced) {
      expect(substitutions[`${name}FunctionArn`]).toEqual({
        'Fn::GetAtt': [logicalId(stack.lambdas.functions[name]!), 'Arn'],
      });
    }
    expect(substitutions).toMatchObject(budget);
    // What CloudFormation will do: nothing may be left for it to miss.
    const resolved = Object.keys(substitutions).reduce(
      (text, key) =>
        text.replaceAll(
          `\${${key}}`,
          key in budget ? budget[key]! : `arn:aws:lambda:ap-south-1:123456789012:function:${key}`,
        ),
      asl(),
    );
    expect(resolved).not.toContain(['$', '{'].join(''));
    const validation = aslValidator(JSON.parse(resolved));
    expect(validation.errorsText?.() ?? '', 'asl-validator').toBe('');
    expect(validation.isValid).toBe(true);
  });

  it('carries the configured post-payment retry budget into the definition', () => {
    const app = new App();
    const small = new Stack(app, 'BudgetOnly', { env: { account: '123456789012', region: 'ap-south-1' } });
    const fn = new LambdaFunction(small, 'Fn', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => ({})'),
    });
    const functions = Object.fromEntries(Object.keys(declaredFunctions()).map((name) => [name, fn]));
    new CheckoutSaga(small, 'Checkout', {
      stateMachineName: 'budget',
      definitionFile: checkoutDefinitionFile,
      functions,
      logRetention: RetentionDays.ONE_DAY,
      prod: false,
      postPaymentRetryMinutes: 45,
    });
    const [machine] = Object.values(
      Template.fromStack(small).findResources('AWS::StepFunctions::StateMachine'),
    ) as any[];
    expect(machine.Properties.DefinitionSubstitutions).toMatchObject({
      PostPaymentRetryIntervalSeconds: '2',
      PostPaymentRetryBackoffRate: '2',
      PostPaymentRetryMaxDelaySeconds: '60',
      PostPaymentRetryMaxAttempts: String(postPaymentRetry(45).MaxAttempts),
    });
    expect(retryWaitSeconds(postPaymentRetry(45))).toBeGreaterThanOrEqual(45 * 60);
    expect(postPaymentRetry(45).MaxAttempts).toBeGreaterThan(postPaymentRetry(30).MaxAttempts);
  });

  it('fails synth on a placeholder that names no declared function', () => {
    const placeholder = (inner: string) => ['$', '{', inner, '}'].join('');
    const asl = (value: string) => JSON.stringify({ Resource: value });
    expect(() => referencedFunctions(asl(placeholder('nopeFunctionArn')), ['reserveStock'])).toThrow(/nope/);
    expect(() => referencedFunctions(asl(placeholder('paymentWindow')), ['reserveStock'])).toThrow(
      /paymentWindow/,
    );
    expect(referencedFunctions(asl(placeholder('reserveStockFunctionArn')), ['reserveStock'])).toEqual([
      'reserveStock',
    ]);
  });

  it('logs, traces, and may invoke exactly the functions the ASL names', () => {
    const saga = stack.saga!;
    const [, machine] = only('AWS::StepFunctions::StateMachine');
    expect(machine.Properties.LoggingConfiguration.Level).toBe('ALL');
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    const invoked = new Set<string>();
    for (const s of statementsOfRole(logicalId(saga.stateMachine.role))) {
      if (!asList<string>(s.Action).includes('lambda:InvokeFunction')) continue;
      for (const r of asList<any>(s.Resource)) {
        invoked.add(r['Fn::GetAtt']?.[0] ?? r['Fn::Join'][1][0]['Fn::GetAtt'][0]);
      }
    }
    expect([...invoked].sort()).toEqual(
      saga.invokedFunctions.map((n) => logicalId(stack.lambdas.functions[n]!)).sort(),
    );
  });
});

describe('shopper web site', () => {
  it('keeps the page in a private, TLS-only bucket that only its CloudFront distribution reads', () => {
    const [bucketId, bucket] = only('AWS::S3::Bucket');
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const [, policy] = only('AWS::S3::BucketPolicy');
    const statements = policy.Properties.PolicyDocument.Statement as any[];
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const allows = statements.filter((st) => st.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allows[0].Action).toBe('s3:GetObject');
    const [distributionId, distribution] = only('AWS::CloudFront::Distribution');
    expect(JSON.stringify(allows[0].Condition)).toContain(distributionId);
    const config = distribution.Properties.DistributionConfig;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.Origins).toHaveLength(1);
    expect(JSON.stringify(config.Origins[0].DomainName)).toContain(bucketId);
    expect(config.Origins[0].OriginAccessControlId).toBeDefined();
  });

  it('uploads the page with a config.json naming this stack’s APIs and Cognito ids, then invalidates it', () => {
    const [, upload] = only('Custom::CDKBucketDeployment');
    const [bucketId] = only('AWS::S3::Bucket');
    const [distributionId] = only('AWS::CloudFront::Distribution');
    expect(upload.Properties.DestinationBucketName).toEqual({ Ref: bucketId });
    expect(upload.Properties.DistributionId).toEqual({ Ref: distributionId });
    expect(upload.Properties.SourceObjectKeys).toHaveLength(2); // the web/ build and config.json
    const markers = JSON.stringify(upload.Properties.SourceMarkers);
    for (const construct of [
      stack.auth.userPool,
      stack.auth.client,
      stack.httpApi.api,
      stack.webSocket.api,
    ]) {
      expect(markers, construct.node.path).toContain(logicalId(construct));
    }
  });

  it('lets the page’s origin call the HTTP API (CORS), and names its URL in an output', () => {
    const [distributionId] = only('AWS::CloudFront::Distribution');
    const api = resources[logicalId(stack.httpApi.api)]!;
    expect(JSON.stringify(api.Properties.CorsConfiguration.AllowOrigins)).toContain(distributionId);
    expect(JSON.stringify(template.toJSON().Outputs.WebUrl.Value)).toContain(distributionId);
  });

  it('leaves cdk-nag no finding of any severity (warnings fail `cdk synth` too)', () => {
    const report = new AwsSolutionsChecks().validateScope(stack.webSite);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('gives the uploader S3 on the asset and site buckets and CloudFront invalidations, nothing else', () => {
    const uploaderRoles = ofType('AWS::IAM::Role').filter(([id]) => isWebUploader(id));
    expect(uploaderRoles).toHaveLength(1);
    const actions = statementsOfRole(uploaderRoles[0]![0]).flatMap((st) => asList<string>(st.Action));
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toMatch(/^(s3|cloudfront):/);
  });
});

describe('alarms and dashboard', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
  const alarmsOn = (metricName: string) =>
    alarms().filter(
      (a) =>
        a.MetricName === metricName ||
        (a.Metrics ?? []).some((m: any) => m.MetricStat?.Metric?.MetricName === metricName),
    );
  const dimensionRefs = (a: any) => JSON.stringify(a.Dimensions ?? a.Metrics);

  it('alarms on errors of every function; saga tasks (retried errors) from 5 a minute', () => {
    const sagaTasks = new Set(stack.saga!.invokedFunctions);
    expect(sagaTasks.has('reserveStock')).toBe(true);
    expect(sagaTasks.has('verifyPayment')).toBe(true);
    const errors = alarmsOn('Errors');
    for (const [id, fn] of Object.entries(allFunctions())) {
      const alarm = errors.find((a) => dimensionRefs(a).includes(`"${logicalId(fn)}"`));
      expect(alarm, id).toBeDefined();
      expect(alarm!.Threshold, id).toBe(sagaTasks.has(id) ? SAGA_TASK_ERRORS_PER_MINUTE : 1);
      expect(alarm).toMatchObject({
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 5,
        DatapointsToAlarm: 3,
      });
    }
  });

  it('alarms on each stream consumer falling a minute behind, and on its dead-letter queue', () => {
    const consumers = Object.entries(declaredFunctions()).filter(([, f]) => f.tableStream);
    expect(consumers.length).toBeGreaterThan(0);
    const ages = alarmsOn('IteratorAge');
    expect(ages).toHaveLength(consumers.length);
    for (const [name] of consumers) {
      const fnId = logicalId(stack.lambdas.functions[name]!);
      const alarm = ages.find((a) => dimensionRefs(a).includes(`"${fnId}"`));
      expect(alarm, name).toMatchObject({
        Namespace: 'AWS/Lambda',
        Statistic: 'Maximum',
        Threshold: STREAM_ITERATOR_AGE_MS,
        Period: 60,
      });
      const queue = stack.events.deadLetterQueues[`stream-${name}`]!;
      const dlq = alarmsOn('ApproximateNumberOfMessagesVisible').find((a) =>
        dimensionRefs(a).includes(`"${logicalId(queue)}"`),
      );
      expect(dlq, `${name} stream DLQ`).toBeDefined();
    }
  });

  it('pages on the first refund Razorpay refuses, on the metric the code emits', () => {
    const [refunds] = alarmsOn('RefundFailures');
    expect(refunds).toMatchObject({
      Namespace: 'QuickCommerce',
      Dimensions: [{ Name: 'service', Value: 'quick-commerce-checkout' }],
      Statistic: 'Sum',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('alarms on Lambda throttles except where a reserved-concurrency cap throttles by design', () => {
    const throttles = alarmsOn('Throttles');
    for (const [id, fn] of Object.entries(allFunctions())) {
      const name = id.startsWith('route:') ? `route-${id.slice(6)}` : id;
      const alarmed = throttles.some((a) => dimensionRefs(a).includes(`"${logicalId(fn)}"`));
      expect(alarmed, id).toBe(fanOutConcurrency[name] === undefined);
    }
  });

  it('alarms on DynamoDB throttles and system errors per table, with at most 10 metrics each', () => {
    for (const metricName of ['ThrottledRequests', 'SystemErrors']) {
      const found = alarmsOn(metricName);
      for (const key of tableKeys) {
        const tableId = logicalId(stack.data.tables[key]);
        const alarm = found.find((a) => dimensionRefs(a).includes(`"${tableId}"`));
        expect(alarm, `${metricName} ${key}`).toBeDefined();
        expect(alarm!.Metrics.length).toBeLessThanOrEqual(11);
      }
    }
  });

  it('alarms on the saga, the bus rules, the DLQs, API 5xx and p99 latency, and misconfigured payments', () => {
    for (const metricName of [
      'ExecutionsFailed',
      'ExecutionsTimedOut',
      'ExecutionThrottled',
      '5xx',
      'ExecutionError',
    ]) {
      expect(alarmsOn(metricName), metricName).toHaveLength(1);
    }
    const failedInvocations = alarmsOn('FailedInvocations');
    expect(failedInvocations).toHaveLength(Object.keys(eventRules).length);
    expect(alarmsOn('ApproximateNumberOfMessagesVisible')).toHaveLength(
      Object.keys(stack.events.deadLetterQueues).length,
    );
    const [latency] = alarmsOn('Latency');
    expect(latency).toMatchObject({ ExtendedStatistic: 'p99', Namespace: 'AWS/ApiGateway', Period: 60 });
    const [payments] = alarmsOn('PaymentsMisconfigured');
    expect(payments).toMatchObject({
      Namespace: 'QuickCommerce',
      Dimensions: [{ Name: 'service', Value: 'quick-commerce-checkout' }],
      EvaluationPeriods: 1,
      Threshold: 1,
    });
  });

  it('needs 3 bad minutes out of 5 before any alarm but the misconfigured-payments and refund ones fires', () => {
    const list = alarms();
    expect(list.length).toBeGreaterThan(50);
    for (const a of list) {
      expect(a.AlarmActions).toHaveLength(1);
      expect(a.TreatMissingData).toBe('notBreaching');
      if (a.MetricName === 'PaymentsMisconfigured' || a.MetricName === 'RefundFailures') continue;
      expect(a, a.AlarmDescription).toMatchObject({ EvaluationPeriods: 5, DatapointsToAlarm: 3 });
      const period = a.Period ?? a.Metrics?.find((m: any) => m.MetricStat)?.MetricStat.Period;
      expect(period, a.AlarmDescription).toBe(60);
    }
  });

  it('builds one dashboard with the checkout funnel, latency and errors', () => {
    const [, dashboard] = only('AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const [metric] of funnelStages) expect(body).toContain(metric);
    expect(body).toContain('Checkout funnel');
    expect(body).toContain('p99');
    expect(body).toContain('5xx');
  });

  it('stays under CloudFormation’s 500 resources per stack', () => {
    expect(Object.keys(resources).length).toBeLessThan(500);
  });
});

describe('scheduled functions', () => {
  it('invokes every function declared with a schedule at its rate, and alarms when the reconciler keeps fixing', () => {
    const scheduled = Object.entries(declaredFunctions()).filter(([, f]) => f.schedule);
    expect(scheduled.map(([name]) => name)).toContain('reconcileOrders');
    const schedules = ofType('AWS::Scheduler::Schedule').map(([, s]) => s.Properties);
    expect(schedules).toHaveLength(scheduled.length);
    for (const [name, declaration] of scheduled) {
      const fnId = logicalId(stack.lambdas.functions[name]!);
      const schedule = schedules.find((s) => JSON.stringify(s.Target.Arn).includes(fnId));
      expect(schedule, name).toMatchObject({
        ScheduleExpression: `rate(${declaration.schedule!.everyMinutes} minute${declaration.schedule!.everyMinutes > 1 ? 's' : ''})`,
        State: 'ENABLED',
      });
    }
    const alarm = ofType('AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties)
      .find((a) => a.MetricName === 'OrdersReconciled');
    expect(alarm).toMatchObject({
      Namespace: 'QuickCommerce',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no finding that is not fixed or acknowledged with a reason', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    const errors = report.violations
      .filter((v) => v.severity === 'error')
      .map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(errors).toEqual([]);
  });
});
