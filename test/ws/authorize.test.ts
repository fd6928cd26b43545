// The $connect Lambda authorizer: Cognito tokens verified against the pool's JWKS (served here by a
// stand-in for Cognito's public keys endpoint), an allow policy with the caller for a good token,
// 'Unauthorized' (API Gateway's 401) for anything else.
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/ws/authorize';
import { signDevToken } from '../../local/dev/auth';
import * as cognito from '../support/cognito-tokens';

const region = 'ap-south-1';
const poolId = 'ap-south-1_TESTPOOL';
const clientId = 'client-1';
const issuer = `https://cognito-idp.${region}.amazonaws.com/${poolId}`;
const methodArn = 'arn:aws:execute-api:ap-south-1:123456789012:abc123/test/$connect';
const poolEnv = { COGNITO_USER_POOL_ID: poolId, COGNITO_APP_CLIENT_ID: clientId, AWS_REGION: region };

let sign: (
  claims: Record<string, unknown>,
  options?: { issuer?: string; expiresIn?: string },
) => Promise<string>;
const jwksRequests: string[] = [];
let shaped: Awaited<ReturnType<typeof cognito.cognitoPool>>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  shaped = await cognito.cognitoPool();
  // The same pool publishes both keys, as Cognito publishes two.
  const jwks = {
    keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }, ...shaped.jwks.keys],
  };
  sign = (claims, options = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(options.issuer ?? issuer)
      .setSubject('u-cognito')
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '1h')
      .sign(privateKey);
  // Cognito's public keys endpoint has no emulator; this answers only the pool's own JWKS URL.
  vi.stubGlobal('fetch', async (url: URL | string) => {
    jwksRequests.push(String(url));
    return String(url) === `${issuer}/.well-known/jwks.json`
      ? Response.json(jwks)
      : new Response('not found', { status: 404 });
  });
});
afterAll(() => vi.unstubAllGlobals());

const savedEnv = { ...process.env };
afterEach(() => {
  for (const name of [...Object.keys(poolEnv), 'LOCAL_JWT_SECRET']) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

const connect = (token?: string) =>
  handler({
    type: 'REQUEST',
    methodArn,
    queryStringParameters: token === undefined ? {} : { token },
  } as unknown as APIGatewayRequestAuthorizerEvent);

describe('$connect authorizer', () => {
  it('allows an ID token for our client and hands $connect the caller and role', async () => {
    Object.assign(process.env, poolEnv);
    const result = await connect(await sign({ token_use: 'id', aud: clientId, 'custom:role': 'shopper' }));
    expect(result).toEqual({
      principalId: 'u-cognito',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: methodArn }],
      },
      context: { userId: 'u-cognito', role: 'shopper' },
    });
    expect(jwksRequests).toContain(`${issuer}/.well-known/jwks.json`);
  });

  it('allows an access token for our client, its role from the Cognito groups', async () => {
    Object.assign(process.env, poolEnv);
    const result = await connect(
      await sign({ token_use: 'access', client_id: clientId, 'cognito:groups': ['rider'] }),
    );
    expect(result.context).toEqual({ userId: 'u-cognito', role: 'rider' });
  });

  it('recognises a self-signed-up shopper from a Cognito-shaped access or ID token (groups only)', async () => {
    Object.assign(process.env, cognito.poolEnv);
    const shopper = { sub: 'u-shopper', email: 's@example.com', groups: ['shopper'] };
    for (const token of [await shaped.accessToken(shopper), await shaped.idToken(shopper)]) {
      const result = await connect(token);
      expect(result.context).toEqual({ userId: 'u-shopper', role: 'shopper' });
    }
    const other = await shaped.accessToken(shopper, { clientId: 'another-client' });
    await expect(connect(other)).rejects.toThrow(/^Unauthorized$/);
  });

  it('refuses another client, another pool, an expired, role-less or unknown-use token', async () => {
    Object.assign(process.env, poolEnv);
    const refused = [
      await sign({ token_use: 'id', aud: 'someone-else', 'custom:role': 'shopper' }),
      await sign({ token_use: 'access', client_id: 'someone-else', 'cognito:groups': ['rider'] }),
      await sign({ token_use: 'id', aud: clientId, 'custom:role': 'shopper' }, { issuer: `${issuer}x` }),
      await sign({ token_use: 'id', aud: clientId, 'custom:role': 'shopper' }, { expiresIn: '-1m' }),
      await sign({ token_use: 'id', aud: clientId }),
      await sign({ token_use: 'id', aud: clientId, 'custom:role': 'superuser' }),
      await sign({ aud: clientId, 'custom:role': 'shopper' }),
    ];
    for (const token of refused) await expect(connect(token)).rejects.toThrow(/^Unauthorized$/);
  });

  it('refuses a missing or malformed token, and a local dev token even with the dev key set', async () => {
    Object.assign(process.env, poolEnv);
    process.env.LOCAL_JWT_SECRET = 'a-dev-secret-that-is-long-enough-for-hs256';
    await expect(connect()).rejects.toThrow(/^Unauthorized$/);
    await expect(connect('not-a-jwt')).rejects.toThrow(/^Unauthorized$/);
    await expect(connect(await signDevToken('u-1', 'shopper'))).rejects.toThrow(/^Unauthorized$/);
  });

  it('refuses every token when no pool is configured (fails closed)', async () => {
    for (const name of Object.keys(poolEnv)) delete process.env[name];
    process.env.AWS_REGION = region;
    const good = await sign({ token_use: 'id', aud: clientId, 'custom:role': 'shopper' });
    await expect(connect(good)).rejects.toThrow(/^Unauthorized$/);
    await expect(connect(await signDevToken('u-1', 'shopper'))).rejects.toThrow(/^Unauthorized$/);
  });
});
