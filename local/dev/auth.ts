// The local stand-in for Cognito: HS256 tokens signed with a dev key. Never deployed.
import { SignJWT } from 'jose';
import { DEV_TOKEN_ISSUER, verifyDevTokenClaims } from '../../functions/core/auth/verify-token';

/** The dev tokens' HS256 key; the $connect authorizer gets it as LOCAL_DEV_TOKEN_SECRET. */
export const devTokenSecret = () => process.env.LOCAL_JWT_SECRET ?? 'local-dev-key-not-for-production-use!!';
const devKey = () => new TextEncoder().encode(devTokenSecret());

export type Claims = Record<string, unknown> & { sub: string };

/** `extraClaims` stand in for what Cognito's ID token carries, e.g. `name`, `phone_number`. */
export async function signDevToken(
  sub: string,
  role: string,
  ttlSeconds = 12 * 3600,
  extraClaims: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({ ...extraClaims, role, 'custom:role': role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(DEV_TOKEN_ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(devKey());
}

/** The claims of a valid token, or undefined (bad signature, expired, no `exp`, malformed). */
export async function verifyDevToken(token: string): Promise<Claims | undefined> {
  const payload = await verifyDevTokenClaims(token, devTokenSecret());
  return typeof payload?.sub === 'string' ? (payload as Claims) : undefined;
}
