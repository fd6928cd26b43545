// Who may call what, declared once: the roles a token can carry and the per-user rate-limit
// buckets a route can spend. Read by the route declarations, the auth middleware and the limiter.

export const ROLES = ['shopper', 'rider', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Per-user limits (one-minute windows; the numbers are tunables in functions/core/config.ts). */
export const RATE_LIMIT_BUCKETS = ['cartWrite', 'checkout'] as const;
export type RateLimitBucket = (typeof RATE_LIMIT_BUCKETS)[number];
