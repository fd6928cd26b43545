// Cognito pre-token-generation trigger: a shopper who signed up in the app has no role yet (the app
// client may not write custom:role), so their ID token gets `role: shopper`. Anyone an admin gave
// a role (custom:role or a group) keeps exactly that; this never raises anyone's role.
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';

export const DEFAULT_ROLE = 'shopper';

export const handler = async (event: PreTokenGenerationTriggerEvent) => {
  const hasRole = Boolean(event.request.userAttributes['custom:role']);
  const hasGroup = (event.request.groupConfiguration?.groupsToOverride ?? []).length > 0;
  if (!hasRole && !hasGroup) {
    event.response = { claimsOverrideDetails: { claimsToAddOrOverride: { role: DEFAULT_ROLE } } };
  }
  return event;
};
