// Who callers are: a Cognito user pool whose tokens carry the role (`custom:role` or a group),
// checked by the HTTP API's JWT authorizer and by the WebSocket $connect handler.
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { Role } from '../../contract/access';

export const roles: readonly Role[] = ['shopper', 'rider', 'admin'];

export interface AuthProps {
  stage: string;
  prod: boolean;
}

export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      userPoolName: `quick-commerce-${props.stage}`,
      selfSignUpEnabled: true,
      // Email, verified by Cognito's own mailer: no SMS role or SNS sandbox to set up before the first user.
      signInAliases: { email: true },
      autoVerify: { email: true },
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
    for (const role of roles) {
      new CfnUserPoolGroup(this, `${role}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Callers with the ${role} role`,
      });
    }
    this.client = this.userPool.addClient('AppClient', {
      // SRP for apps; password auth over TLS for the shopper web page (web/src/session.ts); admin password
      // auth (needs IAM credentials) for ops' smoke tests from the CLI.
      authFlows: { userSrp: true, userPassword: true, adminUserPassword: true },
      preventUserExistenceErrors: true,
      // Users may edit their profile but never custom:role (the default would let them write it).
      writeAttributes: new ClientAttributes().withStandardAttributes({
        email: true,
        phoneNumber: true,
        fullname: true,
      }),
    });
  }
}
