// A shopper, rider or admin is recognised from either Cognito token: the ID token (custom:role or
// groups) or the access token (groups only), verified by the deployed verifier against the pool's
// JWKS, and then read by the HTTP edge from the claims API Gateway's JWT authorizer passes on.
import { createLocalJWKSet, decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../contract/routes';
import { type CognitoVerifier, verifyCognitoToken } from '../../functions/core/auth/verify-token';
import { AppError } from '../../functions/core/errors';
import { authorize, type Caller } from '../../functions/core/http/middleware';
import { asApiGatewayClaims, clientId, cognitoPool, issuer } from '../support/cognito-tokens';

let pool: Awaited<ReturnType<typeof cognitoPool>>;
let verifier: CognitoVerifier;
beforeAll(async () => {
  pool = await cognitoPool();
  verifier = { issuer, clientId, keys: createLocalJWKSet(pool.jwks) };
});

/** What API Gateway does: verify (issuer, signature, expiry, aud or client_id), then pass the claims. */
const callerOfRoute = async (route: (typeof routes)[keyof typeof routes], token: string) => {
  const claims = await verifyCognitoToken(token, verifier);
  if (!claims) throw new AppError('UNAUTHORIZED', 'token refused');
  const request = {
    event: { requestContext: { authorizer: { jwt: { claims: asApiGatewayClaims(claims) } } } },
    context: {} as { caller?: Caller },
  };
  await authorize(route).before!(request as never);
  return request.context.caller;
};

describe('Cognito tokens at the HTTP edge', () => {
  const shopper = { sub: 'u-shopper', email: 's@example.com', groups: ['shopper'] };

  it('takes a shopper from the access token, whose only role claim is cognito:groups', async () => {
    const token = await pool.accessToken(shopper);
    expect(decodeJwt(token)).not.toHaveProperty('aud');
    expect(decodeJwt(token)).not.toHaveProperty('custom:role');
    const caller = await callerOfRoute(routes.checkout, token);
    expect(caller).toMatchObject({ userId: 'u-shopper', role: 'shopper' });
  });

  it('takes the same shopper from the ID token', async () => {
    const caller = await callerOfRoute(routes.checkout, await pool.idToken(shopper));
    expect(caller).toMatchObject({ userId: 'u-shopper', role: 'shopper' });
  });

  it('takes riders and admins from their group in either token, and keeps custom:role on ID tokens', async () => {
    const rider = { sub: 'u-rider', email: 'r@example.com', groups: ['rider'] };
    for (const token of [await pool.accessToken(rider), await pool.idToken(rider)]) {
      expect(await callerOfRoute(routes.reportRiderLocation, token)).toMatchObject({ role: 'rider' });
    }
    const admin = { sub: 'u-admin', email: 'a@example.com', customRole: 'admin' };
    expect(await callerOfRoute(routes.receiveStock, await pool.idToken(admin))).toMatchObject({
      role: 'admin',
    });
  });

  it('refuses a role the route does not allow, and a token with no role at all', async () => {
    await expect(callerOfRoute(routes.receiveStock, await pool.accessToken(shopper))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const nobody = { sub: 'u-new', email: 'n@example.com' };
    await expect(callerOfRoute(routes.checkout, await pool.accessToken(nobody))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('refuses tokens of another app client, another pool, or past their expiry', async () => {
    const refused = [
      await pool.accessToken(shopper, { clientId: 'another-client' }),
      await pool.idToken(shopper, { clientId: 'another-client' }),
      await pool.accessToken(shopper, { issuer: `${issuer}x` }),
      await pool.accessToken(shopper, { expiresIn: '-1m' }),
    ];
    for (const token of refused) {
      await expect(callerOfRoute(routes.checkout, token)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });
});
