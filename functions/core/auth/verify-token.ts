// Verifies a Cognito user-pool JWT against the pool's JWKS, where API Gateway has no JWT
// authorizer to do it for us: the WebSocket API's $connect Lambda authorizer. With no pool
// configured, every token is refused, unless the local runtime gave this function its dev-token
// key (LOCAL_DEV_TOKEN_SECRET, which no deployed function has): then its HS256 dev tokens count.
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Role } from '../../../contract/access';
import { roleFromClaims } from './claims';

export interface VerifiedCaller {
  userId: string;
  role: Role;
}

export interface CognitoVerifier {
  issuer: string;
  clientId: string;
  keys: JWTVerifyGetKey;
}

export const cognitoIssuer = (region: string, userPoolId: string) =>
  `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;

/** A Cognito ID token must name our app client in `aud`; an access token in `client_id`. */
const issuedForClient = (payload: JWTPayload, clientId: string): boolean => {
  if (payload.token_use === 'id') {
    return Array.isArray(payload.aud) ? payload.aud.includes(clientId) : payload.aud === clientId;
  }
  return payload.token_use === 'access' && payload.client_id === clientId;
};

/** The claims of a valid Cognito token, or undefined. */
export async function verifyCognitoToken(
  token: string,
  { issuer, clientId, keys }: CognitoVerifier,
): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256'] });
    return issuedForClient(payload, clientId) ? payload : undefined;
  } catch {
    return undefined;
  }
}

/** The issuer of the local runtime's dev tokens (local/dev/auth.ts signs them). */
export const DEV_TOKEN_ISSUER = 'quick-commerce-local';

/** The claims of a valid local dev token, or undefined. Like Cognito's, it must expire. */
export async function verifyDevTokenClaims(token: string, secret: string): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      issuer: DEV_TOKEN_ISSUER,
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
    });
    return payload;
  } catch {
    return undefined;
  }
}

// RFC 6750's scheme, case-insensitive, then exactly one JWS compact token and nothing after it.
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/** The token of an `Authorization: Bearer <jwt>` header, or undefined for anything else. */
export const bearerToken = (header: string | undefined): string | undefined =>
  header === undefined ? undefined : BEARER.exec(header)?.[1];

// One verifier per Lambda instance, so jose caches the pool's JWKS between invocations.
let cognito: CognitoVerifier | undefined;

const cognitoFromEnv = (): CognitoVerifier | undefined => {
  const userPoolId = process.env.COGNITO_USER_POOL_ID;
  if (!userPoolId) return undefined;
  const clientId = process.env.COGNITO_APP_CLIENT_ID;
  const region = process.env.AWS_REGION;
  if (!clientId || !region) throw new Error('COGNITO_APP_CLIENT_ID and AWS_REGION must be set with the pool');
  const issuer = cognitoIssuer(region, userPoolId);
  if (cognito?.issuer !== issuer || cognito.clientId !== clientId) {
    cognito = { issuer, clientId, keys: createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)) };
  }
  return cognito;
};

async function verifiedClaims(token: string): Promise<JWTPayload | undefined> {
  const pool = cognitoFromEnv();
  if (pool) return verifyCognitoToken(token, pool);
  const devSecret = process.env.LOCAL_DEV_TOKEN_SECRET;
  return devSecret ? verifyDevTokenClaims(token, devSecret) : undefined;
}

/** Who the token speaks for, or undefined for a missing, forged, expired or role-less token. */
export async function verifyToken(token: string | undefined): Promise<VerifiedCaller | undefined> {
  if (!token) return undefined;
  const claims = await verifiedClaims(token);
  if (!claims || typeof claims.sub !== 'string' || claims.sub === '') return undefined;
  const role = roleFromClaims(claims);
  return role ? { userId: claims.sub, role } : undefined;
}
