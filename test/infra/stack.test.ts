// The CDK stack, synthesised once from the real declarations, checked against those declarations:
// every route, function, table, rule and the saga exists as declared, with least privilege.
// Bundling is skipped here (it is exercised in bundling.test.ts with the same settings).
import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { declaredFunctions, deployedRoutes } from '../../contract/deployed';
import { eventRules } from '../../contract/events';
import type { Grants } from '../../contract/grants';
import { routeKey, routes } from '../../contract/routes';
import { type TableDeclaration, type TableKey, tableKeys, tables } from '../../contract/tables';
import { connectAuthorizer, webSocketRoutes } from '../../contract/websocket';
import { referencedFunctions } from '../../infra/constructs/checkout-saga';
import { Data } from '../../infra/constructs/data';
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

beforeAll(() => {
  const app = new App({ context: stagingDisabled });
  stack = new CheckoutStack(app, 'Test', {
    config: {
      ...defaultStackConfig('test'),
      tunables: { paymentWindowSeconds: 420, deliveryFeePaise: 3000 },
      routeThrottleOverrides: { 'GET /health': { rateLimit: 5, burstLimit: 7 } },
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

  it('deploys every declared route, no local runtime route and no /dev/* route', () => {
    const keys = httpRoutes().map(([, r]) => r.Properties.RouteKey);
    expect(keys.sort()).toEqual(Object.values(routes).map(routeKey).sort());
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
    for (const [, r] of httpRoutes()) {
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

  it('has a throttled $default stage with access logs, and a user pool with the three role groups', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: logicalId(stack.httpApi.api) },
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      RouteSettings: { 'GET /health': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 7 } },
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
  it('wires each declared user pool trigger, so self-signed-up shoppers get a role', () => {
    const triggers = Object.entries(declaredFunctions()).filter(([, f]) => f.userPoolTrigger);
    expect(triggers.length).toBeGreaterThan(0);
    const [, pool] = only('AWS::Cognito::UserPool');
    for (const [name] of triggers) {
      expect(pool.Properties.LambdaConfig.PreTokenGeneration).toEqual({
        'Fn::GetAtt': [logicalId(stack.lambdas.functions[name]!), 'Arn'],
      });
    }
  });
});

describe('WebSocket API', () => {
  it('routes every declared route key to its function, and lets only the declared functions post', () => {
    const apiId = logicalId(stack.webSocket.api);
    const wsRoutes = ofType('AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.ApiId.Ref === apiId);
    expect(wsRoutes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(
      Object.keys(webSocketRoutes).sort(),
    );
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
      }));
      expect(indexes, key).toEqual(
        (declaration.globalIndexes ?? []).map((i) => ({
          name: i.indexName,
          keys: [i.partitionKey.name, ...(i.sortKey ? [i.sortKey.name] : [])],
        })),
      );
    }
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

  it('resolves every function ARN placeholder to a declared function and substitutes nothing else', () => {
    const [, machine] = only('AWS::StepFunctions::StateMachine');
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    const substitutions: Record<string, any> = machine.Properties.DefinitionSubstitutions;
    const referenced = referencedFunctions(asl(), Object.keys(declaredFunctions()));
    expect(referenced.length).toBeGreaterThan(0);
    expect(Object.keys(substitutions).sort()).toEqual(referenced.map((n) => `${n}FunctionArn`).sort());
    for (const name of referenced) {
      expect(substitutions[`${name}FunctionArn`]).toEqual({
        'Fn::GetAtt': [logicalId(stack.lambdas.functions[name]!), 'Arn'],
      });
    }
    // What CloudFormation will do: nothing may be left for it to miss.
    const resolved = Object.keys(substitutions).reduce(
      (text, key) => text.replaceAll(`\${${key}}`, `arn:aws:lambda:ap-south-1:123456789012:function:${key}`),
      asl(),
    );
    expect(resolved).not.toContain(['$', '{'].join(''));
    const validation = aslValidator(JSON.parse(resolved));
    expect(validation.errorsText?.() ?? '', 'asl-validator').toBe('');
    expect(validation.isValid).toBe(true);
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

describe('alarms', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);

  it('alarms on every function error, every DLQ, the saga, and 5xx on both APIs', () => {
    const list = alarms();
    for (const fn of Object.values(allFunctions())) {
      expect(
        list.some((a) => a.MetricName === 'Errors' && a.Dimensions?.[0]?.Value?.Ref === logicalId(fn)),
        fn.node.id,
      ).toBe(true);
    }
    for (const queue of Object.values(stack.events.deadLetterQueues)) {
      const queueId = logicalId(queue);
      expect(
        list.some(
          (a) =>
            a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
            JSON.stringify(a.Dimensions).includes(queueId),
        ),
      ).toBe(true);
    }
    const names = list.map((a) => a.MetricName);
    expect(names).toEqual(
      expect.arrayContaining(['ExecutionsFailed', 'ExecutionsTimedOut', '5xx', 'ExecutionError']),
    );
    for (const a of list) expect(a.AlarmActions).toHaveLength(1);
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
