// The sign-up default: a new shopper's token gets the shopper role; nobody else's role changes.
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/cognito/default-role';
import { roleFromClaims } from '../../functions/core/auth/claims';

const event = (attributes: Record<string, string>, groups: string[] = []) =>
  ({
    triggerSource: 'TokenGeneration_Authentication',
    request: {
      userAttributes: { sub: 'u-1', ...attributes },
      groupConfiguration: { groupsToOverride: groups },
    },
    response: { claimsOverrideDetails: {} },
  }) as unknown as PreTokenGenerationTriggerEvent;

/** The claims API Gateway would see: the user's attributes and groups plus what the trigger added. */
const claimsAfter = async (e: PreTokenGenerationTriggerEvent) => {
  const out = await handler(e);
  return {
    ...e.request.userAttributes,
    'cognito:groups': e.request.groupConfiguration.groupsToOverride,
    ...out.response.claimsOverrideDetails?.claimsToAddOrOverride,
  };
};

describe('Cognito default role', () => {
  it('makes a self-signed-up user a shopper', async () => {
    expect(roleFromClaims(await claimsAfter(event({ email: 'a@example.com' })))).toBe('shopper');
  });

  it('keeps a role given by custom:role or by a group', async () => {
    expect(roleFromClaims(await claimsAfter(event({ 'custom:role': 'admin' })))).toBe('admin');
    const admin = await handler(event({ 'custom:role': 'admin' }));
    expect(admin.response.claimsOverrideDetails?.claimsToAddOrOverride).toBeUndefined();
    const rider = event({}, ['rider']);
    expect(roleFromClaims(await claimsAfter(rider))).toBe('rider');
    expect(
      (await handler(event({}, ['rider']))).response.claimsOverrideDetails?.claimsToAddOrOverride,
    ).toBeUndefined();
  });
});
