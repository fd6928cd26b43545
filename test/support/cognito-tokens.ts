// Tokens shaped like the ones a Cognito user pool issues (claims and header as Cognito writes them),
// signed by a key pair made here and served as the pool's JWKS: the deployed verifier checks them
// exactly as it checks real ones. Claims per Cognito's "Understanding user pool JSON web tokens".
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export const region = 'ap-south-1';
export const poolId = 'ap-south-1_TESTPOOL';
export const clientId = '3n4b5urk1ft4fl3mg5e62d9ado';
export const issuer = `https://cognito-idp.${region}.amazonaws.com/${poolId}`;
export const jwksUrl = `${issuer}/.well-known/jwks.json`;
export const poolEnv = { COGNITO_USER_POOL_ID: poolId, COGNITO_APP_CLIENT_ID: clientId, AWS_REGION: region };

export interface CognitoUser {
  sub: string;
  email: string;
  groups?: string[];
  customRole?: string;
}

export interface TokenOptions {
  issuer?: string;
  clientId?: string;
  expiresIn?: string;
}

export async function cognitoPool() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = 'cognito-test-key';
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };

  const sign = (claims: JWTPayload, options: TokenOptions, expiresIn = '1h') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(options.issuer ?? issuer)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? expiresIn)
      .setJti(crypto.randomUUID())
      .sign(privateKey);

  const common = (user: CognitoUser) => ({
    sub: user.sub,
    ...(user.groups ? { 'cognito:groups': user.groups } : {}),
    origin_jti: crypto.randomUUID(),
    event_id: crypto.randomUUID(),
    auth_time: Math.floor(Date.now() / 1000),
  });

  return {
    jwks,
    /** The ID token: `aud` is the app client, user attributes (custom:role) and groups. */
    idToken: (user: CognitoUser, options: TokenOptions = {}) =>
      sign(
        {
          ...common(user),
          aud: options.clientId ?? clientId,
          token_use: 'id',
          email: user.email,
          email_verified: true,
          'cognito:username': user.sub,
          ...(user.customRole ? { 'custom:role': user.customRole } : {}),
        },
        options,
      ),
    /** The access token: no `aud`, the client in `client_id`, groups but no user attributes. */
    accessToken: (user: CognitoUser, options: TokenOptions = {}) =>
      sign(
        {
          ...common(user),
          client_id: options.clientId ?? clientId,
          token_use: 'access',
          scope: 'aws.cognito.signin.user.admin',
          username: user.sub,
        },
        options,
      ),
  };
}

/** Claims as API Gateway's HTTP JWT authorizer hands them to Lambda: strings, lists as "[a b]". */
export const asApiGatewayClaims = (claims: JWTPayload): Record<string, string> =>
  Object.fromEntries(
    Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
  );
