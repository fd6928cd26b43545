// Razorpay credentials: from Secrets Manager in AWS (cached by Powertools), from env locally.
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { awsClientConfig } from '../aws-client-config';

export interface RazorpayKeys {
  keyId: string;
  keySecret: string;
  webhookSecret: string;
}

const KeysSecret = z.object({
  keyId: z.string().min(1),
  keySecret: z.string().min(1),
  webhookSecret: z.string().min(1),
});

/** Powertools keeps the secret this long, so a rotation reaches warm Lambdas within minutes. */
const SECRET_MAX_AGE_SECONDS = 300;

let provider: SecretsProvider | undefined;
// One provider per Lambda instance; it caches like getSecret's default one.
const secrets = () => {
  provider ??= new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient(awsClientConfig()) });
  return provider;
};

export async function razorpayKeys(): Promise<RazorpayKeys> {
  const secretArn = process.env.RAZORPAY_SECRET_ARN;
  if (secretArn) {
    const secret = await secrets().get(secretArn, { transform: 'json', maxAge: SECRET_MAX_AGE_SECONDS });
    const parsed = KeysSecret.safeParse(secret);
    if (!parsed.success)
      throw new Error('The Razorpay secret must be JSON {"keyId","keySecret","webhookSecret"}');
    return parsed.data;
  }
  const parsed = KeysSecret.safeParse({
    keyId: process.env.RAZORPAY_KEY_ID,
    keySecret: process.env.RAZORPAY_KEY_SECRET,
    webhookSecret: process.env.RAZORPAY_WEBHOOK_SECRET,
  });
  if (!parsed.success) {
    throw new Error(
      'Set RAZORPAY_SECRET_ARN, or RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET and RAZORPAY_WEBHOOK_SECRET',
    );
  }
  return parsed.data;
}
