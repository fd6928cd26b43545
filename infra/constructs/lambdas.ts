// One NodejsFunction per deployed route (contract/routes/) and per declared function
// (contract/functions.ts), all built the same way: Node 22 on arm64, ESM bundles, X-Ray, own log group.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionDeclaration } from '../../contract/functions';
import type { Grants } from '../../contract/grants';
import { type RouteDeclaration, routeTimeoutSeconds } from '../../contract/routes';
import {
  bundleSettings,
  copyBesideBundleCommands,
  esbuildAliasArgs,
  lambdaNodeOptions,
  projectRoot,
} from '../bundling';
import { applyGrants, type GrantTargets } from './permissions';

export const SERVICE_NAME = 'quick-commerce-checkout';
export const METRICS_NAMESPACE = 'QuickCommerce';

export const httpDefaults = { memoryMb: 256 };
export const functionDefaults = { memoryMb: 256, timeoutSeconds: 30 };

export interface LambdasProps {
  /** The routes of contract/routes/, by route name. */
  routes: Record<string, RouteDeclaration>;
  functions: Record<string, FunctionDeclaration>;
  targets: GrantTargets;
  /** Env every function gets (log level, tunables). */
  environment: Record<string, string>;
  /** Extra env for some declared functions (e.g. the Cognito ids for the WebSocket authorizer). */
  functionEnvironment?: (name: string) => Record<string, string>;
  logRetention: RetentionDays;
  prod: boolean;
}

interface Spec {
  id: string;
  handler: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  grants?: Grants;
  environment?: Record<string, string>;
}

export class Lambdas extends Construct {
  readonly routeFunctions: Record<string, NodejsFunction> = {};
  readonly functions: Record<string, NodejsFunction> = {};
  /** Every function, for alarms and checks. */
  readonly all: NodejsFunction[] = [];

  constructor(scope: Construct, id: string, props: LambdasProps) {
    super(scope, id);
    const missing = [
      ...Object.values(props.routes).map((r) => r.handler),
      ...Object.values(props.functions).map((f) => f.handler),
    ].filter((file) => !existsSync(join(projectRoot, file)));
    if (missing.length > 0) {
      throw new Error(`Declared handler files do not exist: ${[...new Set(missing)].join(', ')}`);
    }

    const make = (spec: Spec): NodejsFunction => {
      const logGroup = new LogGroup(this, `${spec.id}Logs`, {
        retention: props.logRetention,
        removalPolicy: props.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      const fn = new NodejsFunction(this, spec.id, {
        entry: join(projectRoot, spec.handler),
        handler: 'handler',
        description: spec.description.slice(0, 256),
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: spec.memoryMb,
        timeout: Duration.seconds(spec.timeoutSeconds),
        tracing: Tracing.ACTIVE,
        logGroup,
        projectRoot,
        depsLockFilePath: join(projectRoot, 'package-lock.json'),
        bundling: {
          format: OutputFormat.ESM,
          target: bundleSettings.target,
          minify: bundleSettings.minify,
          sourceMap: bundleSettings.sourcemap,
          sourcesContent: bundleSettings.sourcesContent,
          mainFields: [...bundleSettings.mainFields],
          externalModules: [...bundleSettings.external],
          banner: bundleSettings.banner,
          esbuildArgs: { '--alias': esbuildAliasArgs },
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (_inputDir, outputDir) => copyBesideBundleCommands(spec.handler, outputDir),
          },
        },
        environment: {
          NODE_OPTIONS: lambdaNodeOptions,
          POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
          ...props.environment,
          ...spec.environment,
        },
      });
      applyGrants(fn, spec.grants, props.targets);
      this.all.push(fn);
      return fn;
    };

    for (const [name, route] of Object.entries(props.routes)) {
      this.routeFunctions[name] = make({
        id: `Route-${name}`,
        handler: route.handler,
        description: `${route.method} ${route.path}: ${route.summary}`,
        ...httpDefaults,
        timeoutSeconds: routeTimeoutSeconds(route),
        grants: route.grants,
      });
    }
    for (const [name, declaration] of Object.entries(props.functions)) {
      this.functions[name] = make({
        id: `Fn-${name}`,
        handler: declaration.handler,
        description: declaration.description,
        memoryMb: declaration.memoryMb ?? functionDefaults.memoryMb,
        timeoutSeconds: declaration.timeoutSeconds ?? functionDefaults.timeoutSeconds,
        grants: declaration.grants,
        environment: props.functionEnvironment?.(name),
      });
    }
  }
}
