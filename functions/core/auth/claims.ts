// Reading a caller out of verified JWT claims, the same way for the HTTP edge and the WebSocket.
import type { Role } from '../../../infra/routes';

const ROLES: readonly Role[] = ['shopper', 'rider', 'admin'];

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
