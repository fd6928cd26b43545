// Token verification for $connect: Cognito tokens against the pool's keys, dev tokens only locally.
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CognitoVerifier,
  verifyCognitoToken,
  verifyToken,
} from '../../functions/core/auth/verify-token';
import { signDevToken } from '../../local/dev/auth';

const savedEnv = { ...process.env };
afterEach(() => {
  for (const name of [
    'COGNITO_USER_POOL_ID',
    'COGNITO_APP_CLIENT_ID',
    'LOCAL_DEV_AUTH',
    'LOCAL_JWT_SECRET',
  ]) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

describe('verifyToken', () => {
  it('accepts local dev tokens only when the local runtime enabled them', async () => {
    const token = await signDevToken('u-1', 'shopper');
    delete process.env.LOCAL_DEV_AUTH;
    delete process.env.LOCAL_JWT_SECRET;
    expect(await verifyToken(token)).toBeUndefined();
    process.env.LOCAL_DEV_AUTH = 'true';
    expect(await verifyToken(token)).toEqual({ userId: 'u-1', role: 'shopper' });
    expect(await verifyToken(`${token}x`)).toBeUndefined();
    expect(await verifyToken(await signDevToken('u-1', 'pirate'))).toBeUndefined();
    expect(await verifyToken(undefined)).toBeUndefined();
  });

  it('never accepts a dev token once a Cognito pool is configured', async () => {
    process.env.LOCAL_DEV_AUTH = 'true';
    process.env.COGNITO_USER_POOL_ID = 'ap-south-1_TESTPOOL';
    process.env.COGNITO_APP_CLIENT_ID = 'client-1';
    // Refused on its HS256 algorithm before any key is fetched.
    expect(await verifyToken(await signDevToken('u-1', 'shopper'))).toBeUndefined();
  });
});

describe('verifyCognitoToken', () => {
  const issuer = 'https://cognito-idp.ap-south-1.amazonaws.com/ap-south-1_TESTPOOL';
  let verifier: CognitoVerifier;
  let sign: (
    claims: Record<string, unknown>,
    options?: { issuer?: string; expiresIn?: string },
  ) => Promise<string>;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    verifier = { issuer, clientId: 'client-1', keys: createLocalJWKSet({ keys: [jwk] }) };
    sign = (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(options.issuer ?? issuer)
        .setSubject('u-cognito')
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '1h')
        .sign(privateKey);
  });

  it('accepts an ID token for our client and an access token for our client', async () => {
    const id = await verifyCognitoToken(
      await sign({ token_use: 'id', aud: 'client-1', 'custom:role': 'shopper' }),
      verifier,
    );
    expect(id?.sub).toBe('u-cognito');
    const access = await verifyCognitoToken(
      await sign({ token_use: 'access', client_id: 'client-1', 'cognito:groups': ['rider'] }),
      verifier,
    );
    expect(access?.['cognito:groups']).toEqual(['rider']);
  });

  it('refuses another client, another pool, an expired token and a token of unknown use', async () => {
    const refused = [
      await sign({ token_use: 'id', aud: 'someone-else' }),
      await sign({ token_use: 'access', client_id: 'someone-else' }),
      await sign({ token_use: 'id', aud: 'client-1' }, { issuer: `${issuer}x` }),
      await sign({ token_use: 'id', aud: 'client-1' }, { expiresIn: '-1m' }),
      await sign({ aud: 'client-1' }),
    ];
    for (const token of refused) expect(await verifyCognitoToken(token, verifier)).toBeUndefined();
  });
});
