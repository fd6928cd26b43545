// Post-confirmation: a fresh sign-up joins the shopper group (so both tokens carry the role); a
// password reset or a user ops already gave a role changes nothing. Cognito has no emulator: the
// SDK client is mocked.
import {
  AdminAddUserToGroupCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/cognito/join-shopper-group';

const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());

const event = (triggerSource: string, attributes: Record<string, string> = {}) =>
  ({
    version: '1',
    region: 'ap-south-1',
    userPoolId: 'ap-south-1_TESTPOOL',
    userName: 'u-1',
    triggerSource,
    callerContext: { awsSdkVersion: 'x', clientId: 'c' },
    request: { userAttributes: { sub: 'u-1', email: 'a@example.com', ...attributes } },
    response: {},
  }) as unknown as PostConfirmationTriggerEvent;

describe('Cognito join-shopper-group', () => {
  it('adds a confirmed sign-up to the shopper group of its pool and returns the event', async () => {
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const input = event('PostConfirmation_ConfirmSignUp');
    expect(await handler(input)).toBe(input);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: 'ap-south-1_TESTPOOL', Username: 'u-1', GroupName: 'shopper' },
    ]);
  });

  it('leaves a password reset and a user with a role alone', async () => {
    await handler(event('PostConfirmation_ConfirmForgotPassword'));
    await handler(event('PostConfirmation_ConfirmSignUp', { 'custom:role': 'rider' }));
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });

  it('fails the confirmation when Cognito refuses, so the user is not left role-less unnoticed', async () => {
    cognito.on(AdminAddUserToGroupCommand).rejects(new Error('AccessDeniedException'));
    await expect(handler(event('PostConfirmation_ConfirmSignUp'))).rejects.toThrow(/AccessDenied/);
  });
});
