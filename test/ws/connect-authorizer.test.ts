// The deployed $connect authorizer Lambda (functions/ws/authorize.ts) decides local WebSocket
// connections: the local gateway sends it API Gateway's REQUEST event, honours Allow/Deny and
// hands the policy's context to $connect; and it runs with only its own declared environment.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEV_TOKEN_ISSUER } from '../../functions/core/auth/verify-token';
import { devTokenSecret } from '../../local/dev/auth';
import { runAsFunction } from '../../local/lambda-environment';
import { authorizeConnect, policyAllows } from '../../local/websocket-authorizer';
import { tokenFor, useLocalSystem } from '../support/api';

const { localSystem } = useLocalSystem();

const request = (query: Record<string, string>) => ({
  stage: 'local',
  connectionId: 'c1',
  headers: {},
  query,
  multiQuery: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])),
  requestContext: { routeKey: '$connect', eventType: 'CONNECT', connectionId: 'c1' },
});

/** The upgrade's HTTP status: 101 when accepted, else the refusal. */
const upgradeStatus = (url: string) =>
  new Promise<number>((resolve) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_, res) => resolve(res.statusCode ?? 0));
    socket.once('error', () => resolve(0));
  });

describe('the $connect authorizer Lambda, locally', () => {
  it('allows a valid token and passes principalId, userId and role to $connect', async () => {
    const token = await tokenFor('rider', 'rider-authz');
    const decision = await authorizeConnect(request({ token }));
    expect(decision).toEqual({
      allow: true,
      authorizer: { principalId: 'rider-authz', userId: 'rider-authz', role: 'rider' },
    });
  });

  it('answers 401 for no token (without a call), a forged token, and a token without exp', async () => {
    const forged = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(DEV_TOKEN_ISSUER)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-dev-key-at-all-not-at-all'));
    const noExp = await new SignJWT({ role: 'shopper' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(DEV_TOKEN_ISSUER)
      .sign(new TextEncoder().encode(devTokenSecret()));
    const queries: Record<string, string>[] = [{}, { token: forged }, { token: noExp }];
    for (const query of queries)
      expect(await authorizeConnect(request(query))).toEqual({ allow: false, status: 401 });
  });

  it('decides real upgrades: 101 with a token, 401 without', async () => {
    const url = localSystem().wsUrl;
    expect(await upgradeStatus(`${url}?token=${await tokenFor('shopper')}`)).toBe(101);
    expect(await upgradeStatus(url)).toBe(401);
    expect(await upgradeStatus(`${url}?token=a.b.c`)).toBe(401);
  });

  it('honours the policy: Allow on the methodArn, an explicit Deny wins, nothing else allows', () => {
    const arn = 'arn:aws:execute-api:local:000000000000:local/local/$connect';
    const allow = { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: arn };
    const deny = { Effect: 'Deny', Action: 'execute-api:*', Resource: 'arn:aws:execute-api:*' };
    const policy = (...Statement: object[]) => ({ Version: '2012-10-17', Statement }) as never;
    expect(policyAllows(policy(allow), arn)).toBe(true);
    expect(policyAllows(policy(allow, deny), arn)).toBe(false);
    expect(policyAllows(policy({ ...allow, Resource: `${arn}-other` }), arn)).toBe(false);
    expect(policyAllows(policy(), arn)).toBe(false);
  });
});

describe('per-function environment', () => {
  it('shows each invocation only its own declared variables, even when they overlap in time', async () => {
    expect(process.env.STATE_MACHINE_ARN).toBeDefined(); // the union, outside any function
    const read = (name: string) =>
      runAsFunction(name, async () => {
        await new Promise((r) => setTimeout(r, 20));
        return {
          stateMachine: process.env.STATE_MACHINE_ARN,
          devKey: process.env.LOCAL_DEV_TOKEN_SECRET,
          region: process.env.AWS_REGION,
        };
      });
    const [authorizer, connect, checkout] = await Promise.all([
      read('wsAuthorize'),
      read('wsConnect'),
      read('checkout'),
    ]);
    expect(authorizer).toEqual({ stateMachine: undefined, devKey: devTokenSecret(), region: 'ap-south-1' });
    expect(connect).toEqual({ stateMachine: undefined, devKey: undefined, region: 'ap-south-1' });
    expect(checkout.stateMachine).toBe(process.env.STATE_MACHINE_ARN);
    expect(checkout.devKey).toBeUndefined();
  });
});
