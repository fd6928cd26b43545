// Who the shopper is. Locally: a generated shopper id signed by POST /dev/token (kept for this tab,
// so a reload keeps the same cart). Deployed: Cognito's InitiateAuth with email and password.
import type { Api } from './api';
import type { SiteConfig } from './config';

export interface Session {
  shopperId: string;
  token: string;
}

const STORAGE_KEY = 'qc-shopper-id';

export async function devSignIn(api: Api): Promise<Session> {
  const shopperId = sessionStorage.getItem(STORAGE_KEY) ?? `shopper-${crypto.randomUUID().slice(0, 8)}`;
  sessionStorage.setItem(STORAGE_KEY, shopperId);
  const { token } = await api.call<{ token: string }>('POST', '/dev/token', {
    sub: shopperId,
    role: 'shopper',
  });
  return { shopperId, token };
}

/** Cognito's JSON API, called directly: USER_PASSWORD_AUTH over TLS, the ID token carries the role. */
export async function cognitoSignIn(config: SiteConfig, email: string, password: string): Promise<Session> {
  const region = config.userPoolId?.split('_')[0];
  const response = await fetch(`https://cognito-idp.${region}.amazonaws.com/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: config.userPoolClientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  });
  const payload = (await response.json()) as { AuthenticationResult?: { IdToken?: string } };
  const token = payload.AuthenticationResult?.IdToken;
  if (!response.ok || !token) throw new Error('Wrong email or password.');
  const claims = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
    sub: string;
  };
  return { shopperId: claims.sub, token };
}
