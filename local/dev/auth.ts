// The local stand-in for Cognito: HS256 tokens signed with a dev key. Never deployed.
import { jwtVerify, SignJWT } from 'jose';

const ISSUER = 'quick-commerce-local';
const devKey = () =>
  new TextEncoder().encode(process.env.LOCAL_JWT_SECRET ?? 'local-dev-key-not-for-production-use!!');

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
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(devKey());
}

/** The claims of a valid token, or undefined (bad signature, expired, malformed). */
export async function verifyDevToken(token: string): Promise<Claims | undefined> {
  try {
    const { payload } = await jwtVerify(token, devKey(), { issuer: ISSUER, algorithms: ['HS256'] });
    return typeof payload.sub === 'string' ? (payload as Claims) : undefined;
  } catch {
    return undefined;
  }
}
