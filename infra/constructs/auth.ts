// Who callers are: a Cognito user pool whose users carry their role as a group (shopper, rider,
// admin), which both the ID token and the access token list in `cognito:groups`; `custom:role` is
// still honoured on ID tokens. The HTTP API's JWT authorizer and the WebSocket $connect authorizer
// check the tokens.
import { Annotations, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolEmail,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { Role } from '../../contract/access';
import type { CognitoSesEmail } from '../stack-config';

export const roles: readonly Role[] = ['shopper', 'rider', 'admin'];

export interface AuthProps {
  stage: string;
  prod: boolean;
  /** Mail through SES; without it Cognito's own sender (a few dozen emails a day) with a synth warning. */
  email?: CognitoSesEmail;
  /** Hosted-UI OAuth callback URLs; none = OAuth flows off (apps sign in with SRP). */
  oauthCallbackUrls: string[];
}

export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly groups: Record<Role, CfnUserPoolGroup>;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    if (!props.email) {
      Annotations.of(this).addWarningV2(
        'checkout:cognito-default-email',
        'Cognito sends sign-up and reset emails with its own sender, limited to a few dozen a day: ' +
          'set -c cognitoSesFromAddress=<a verified SES address> before launch (README, Deploy).',
      );
    }
    if (props.email && !props.email.sesRegion && Token.isUnresolved(Stack.of(this).region)) {
      throw new Error(
        'cognitoSesFromAddress needs -c cognitoSesRegion=<region> when synthesizing without an account',
      );
    }
    this.userPool = new UserPool(this, 'Users', {
      userPoolName: `quick-commerce-${props.stage}`,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      email: props.email
        ? UserPoolEmail.withSES({
            fromEmail: props.email.fromEmail,
            fromName: props.email.fromName,
            sesRegion: props.email.sesRegion,
            sesVerifiedDomain: props.email.sesVerifiedDomain,
          })
        : UserPoolEmail.withCognito(),
      standardAttributes: { phoneNumber: { required: false, mutable: true } },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Set by admins (AdminUpdateUserAttributes); the app client cannot write it.
      customAttributes: { role: new StringAttribute({ mutable: true, minLen: 4, maxLen: 16 }) },
      passwordPolicy: {
        minLength: 10,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      deletionProtection: props.prod,
      removalPolicy: props.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.groups = Object.fromEntries(
      roles.map((role) => [
        role,
        new CfnUserPoolGroup(this, `${role}Group`, {
          userPoolId: this.userPool.userPoolId,
          groupName: role,
          description: `Callers with the ${role} role`,
        }),
      ]),
    ) as Record<Role, CfnUserPoolGroup>;
    const oauth = props.oauthCallbackUrls.length > 0;
    this.client = this.userPool.addClient('AppClient', {
      // SRP for apps; password auth over TLS for the shopper web page (web/src/session.ts); admin password
      // auth (needs IAM credentials) for ops' smoke tests from the CLI.
      authFlows: { userSrp: true, userPassword: true, adminUserPassword: true },
      preventUserExistenceErrors: true,
      // CDK's default would enable the implicit and code flows with https://example.com as callback.
      disableOAuth: !oauth,
      oAuth: oauth
        ? { flows: { authorizationCodeGrant: true }, callbackUrls: props.oauthCallbackUrls }
        : undefined,
      // Users may edit their profile but never custom:role (the default would let them write it).
      writeAttributes: new ClientAttributes().withStandardAttributes({
        email: true,
        phoneNumber: true,
        fullname: true,
      }),
    });
  }
}
