// Keys from Secrets Manager in AWS (no emulator here, so the SDK client is mocked), from env locally.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { razorpayKeys } from '../../functions/core/payments';

const secrets = mockClient(SecretsManagerClient);
const ENV = ['RAZORPAY_SECRET_ARN', 'RAZORPAY_KEY_ID', 'RAZORPAY_KEY_SECRET', 'RAZORPAY_WEBHOOK_SECRET'];

afterEach(() => {
  secrets.reset();
  for (const name of ENV) delete process.env[name];
});

describe('razorpayKeys', () => {
  it('reads env locally, and says what is missing', async () => {
    Object.assign(process.env, {
      RAZORPAY_KEY_ID: 'rzp_test_1',
      RAZORPAY_KEY_SECRET: 's',
      RAZORPAY_WEBHOOK_SECRET: 'w',
    });
    expect(await razorpayKeys()).toEqual({ keyId: 'rzp_test_1', keySecret: 's', webhookSecret: 'w' });
    delete process.env.RAZORPAY_WEBHOOK_SECRET;
    await expect(razorpayKeys()).rejects.toThrow(/RAZORPAY_WEBHOOK_SECRET/);
  });

  it('reads the JSON secret by ARN once and serves it from cache afterwards', async () => {
    const arn = 'arn:aws:secretsmanager:ap-south-1:000000000000:secret:razorpay-keys-a1';
    process.env.RAZORPAY_SECRET_ARN = arn;
    secrets.on(GetSecretValueCommand, { SecretId: arn }).resolves({
      SecretString: JSON.stringify({ keyId: 'rzp_live_1', keySecret: 'ks', webhookSecret: 'ws' }),
    });
    expect(await razorpayKeys()).toEqual({ keyId: 'rzp_live_1', keySecret: 'ks', webhookSecret: 'ws' });
    expect(await razorpayKeys()).toEqual({ keyId: 'rzp_live_1', keySecret: 'ks', webhookSecret: 'ws' });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('refuses a secret without the three fields', async () => {
    const arn = 'arn:aws:secretsmanager:ap-south-1:000000000000:secret:razorpay-bad-b2';
    process.env.RAZORPAY_SECRET_ARN = arn;
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ keyId: 'x' }) });
    await expect(razorpayKeys()).rejects.toThrow(/keySecret/);
  });
});
