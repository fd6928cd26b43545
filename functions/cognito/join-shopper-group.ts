// Cognito post-confirmation trigger: a user who signed up in the app joins the `shopper` group, so
// both the ID token and the access token carry the role (`cognito:groups`; custom:role and claims
// added by pre-token-generation V1 reach the ID token only). Riders and admins are made by ops,
// who set their group; this never adds a role to someone who already has one.
import {
  AdminAddUserToGroupCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { awsClientConfig } from '../core/aws-client-config';

export const SIGN_UP_GROUP = 'shopper';

/** Cognito waits 5 s for a trigger's answer: with 1.5 s per attempt, two attempts (and the SDK's
 *  wait between them) end a hung call inside it, where its default three would not. */
export const COGNITO_TRIGGER_WAIT_MS = 5000;
export const signUpGroupClient = () =>
  new CognitoIdentityProviderClient({ ...awsClientConfig(), maxAttempts: 2 });

let cognito: CognitoIdentityProviderClient | undefined;

export const handler = async (event: PostConfirmationTriggerEvent) => {
  // A confirmed password reset is also a post-confirmation: only a fresh sign-up joins a group.
  if (event.triggerSource !== 'PostConfirmation_ConfirmSignUp') return event;
  if (event.request.userAttributes['custom:role']) return event;
  cognito ??= signUpGroupClient();
  // Adding a member twice succeeds, so Cognito's retry of this trigger is harmless.
  await cognito.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: event.userPoolId,
      Username: event.userName,
      GroupName: SIGN_UP_GROUP,
    }),
  );
  return event;
};
