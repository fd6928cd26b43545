// Reading a caller out of verified JWT claims, the same way for the HTTP edge and the WebSocket.
import { ROLES, type Role } from '../../../contract/access';
import { cutText } from '../text';

export const roleFromClaims = (claims: Record<string, unknown>): Role | undefined => {
  const direct = claims['custom:role'] ?? claims.role;
  if (typeof direct === 'string' && ROLES.includes(direct as Role)) return direct as Role;
  // Cognito groups arrive as a list, or through API Gateway as the string "[admin rider]".
  const groups = claims['cognito:groups'];
  const names = Array.isArray(groups)
    ? groups
    : typeof groups === 'string'
      ? groups.replace(/[[\]]/g, '').split(/[\s,]+/)
      : [];
  return ROLES.find((r) => names.includes(r));
};

/** A display name and phone from standard OIDC claims, when the token carries usable ones. */
export const profileFromClaims = (
  claims: Readonly<Record<string, unknown>>,
): { name?: string; phone?: string } => {
  const text = (value: unknown, max: number) =>
    typeof value === 'string' && value.trim() !== '' ? cutText(value.trim(), max) : undefined;
  const name = text(claims.name, 100);
  const phone = text(claims.phone_number, 20);
  return { ...(name ? { name } : {}), ...(phone ? { phone } : {}) };
};
