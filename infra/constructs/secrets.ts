// The Razorpay keys live in one Secrets Manager secret that ops fill in after the first deploy;
// the template and the functions' environment only ever carry its ARN.
import { RemovalPolicy } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface SecretsProps {
  prod: boolean;
}

export class Secrets extends Construct {
  /** JSON {"keyId","keySecret","webhookSecret"}. */
  readonly razorpay: Secret;

  constructor(scope: Construct, id: string, props: SecretsProps) {
    super(scope, id);
    this.razorpay = new Secret(this, 'Razorpay', {
      description: 'Razorpay API keys and webhook secret: {"keyId","keySecret","webhookSecret"}',
      // Placeholders for the keys; a random webhook secret ops may paste into the Razorpay dashboard.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ keyId: 'REPLACE_ME', keySecret: 'REPLACE_ME' }),
        generateStringKey: 'webhookSecret',
        excludePunctuation: true,
        passwordLength: 40,
      },
      removalPolicy: props.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
