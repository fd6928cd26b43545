// Stands in for @aws-sdk/credential-provider-node in deployed bundles (an esbuild alias in
// infra/bundling.ts; nothing imports this file). Lambda always hands a function its role's credentials
// in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, so the SDK's default chain (SSO, INI,
// process, web identity, ECS/IMDS and the nested STS/SSO clients: 132 KB) would never get past its
// first link there. Same exports and shapes as the package the clients' runtimeConfig imports.
import { fromEnv } from '@aws-sdk/credential-provider-env';

type Init = Parameters<typeof fromEnv>[0];
type Credentials = Awaited<ReturnType<ReturnType<typeof fromEnv>>>;

/** The SDK memoizes the provider it gets; reading the environment again on a refresh is what Lambda needs. */
export const defaultProvider = (init: Init = {}) => fromEnv(init);

export const credentialsWillNeedRefresh = (credentials?: Credentials) =>
  credentials?.expiration !== undefined;

export const credentialsTreatedAsExpired = (credentials?: Credentials) =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
