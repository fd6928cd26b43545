// The packages infra/bundling.ts aliases away in deployed bundles, proved on built bundles (the other
// tests run the TypeScript sources, which never see an alias): each bundle is imported in a fresh
// `node`, as Lambda would, and called.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SIGV4A_UNAVAILABLE } from '../../functions/core/bundle-aliases/sigv4-only';
import { bundleHandlers } from '../../infra/bundling';
import { type Outbox, startOutbox } from '../../local/emulators/outbox';
import { TEST_KEYS, useRazorpayDouble } from '../support/razorpay';
import { useFreshTables } from '../support/tables';

const outdir = mkdtempSync(join(tmpdir(), 'bundle-aliases-'));
const double = useRazorpayDouble();

beforeAll(async () => {
  await bundleHandlers(
    {
      'dynamodb-credentials': 'test/fixtures/bundles/dynamodb-credentials.ts',
      'razorpay-create-order': 'test/fixtures/bundles/razorpay-create-order.ts',
      'ses-send-email': 'test/fixtures/bundles/ses-send-email.ts',
    },
    { outdir },
  );
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Imports a built bundle in a fresh `node` with only `env`, calls its handler (with `event`), returns what it returned. */
async function runBundle(
  id: string,
  env: Record<string, string | undefined>,
  event?: unknown,
): Promise<unknown> {
  const script = `const { handler } = await import(${JSON.stringify(join(outdir, `${id}.mjs`))});
    try { console.log(JSON.stringify({ result: await handler(${JSON.stringify(event) ?? ''}) })); }
    catch (error) { console.log(JSON.stringify({ error: error.name, message: error.message })); }`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, POWERTOOLS_LOG_LEVEL: 'SILENT', ...env },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

const dynamodb = () => ({
  AWS_REGION: 'ap-south-1',
  AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB,
});

describe('@aws-sdk/credential-provider-node → credentials from the environment only', () => {
  it('signs with the credentials Lambda puts in the environment, and DynamoDB accepts the call', async () => {
    const outcome = await runBundle('dynamodb-credentials', {
      ...dynamodb(),
      AWS_ACCESS_KEY_ID: 'AKIABUNDLEDTEST01',
      AWS_SECRET_ACCESS_KEY: 'bundled-secret',
      AWS_SESSION_TOKEN: 'bundled-session-token',
    });
    expect(outcome).toEqual({ result: { accessKeyId: 'AKIABUNDLEDTEST01', listed: true } });
  });

  it('looks nowhere else: a shared credentials file the stock chain would read is ignored', async () => {
    const file = join(outdir, 'credentials');
    writeFileSync(file, '[default]\naws_access_key_id = AKIAFROMFILE\naws_secret_access_key = from-file\n');
    const outcome = await runBundle('dynamodb-credentials', {
      ...dynamodb(),
      AWS_SHARED_CREDENTIALS_FILE: file,
      AWS_CONFIG_FILE: join(outdir, 'no-config'),
    });
    expect(outcome).toMatchObject({
      error: 'CredentialsProviderError',
      message: 'Unable to find environment variable credentials.',
    });
  });
});

describe('mime-db → an empty table', () => {
  beforeEach(async () => {
    await useFreshTables();
    process.env.RAZORPAY_BASE_URL = double().url;
    process.env.RAZORPAY_KEY_ID = TEST_KEYS.keyId;
    process.env.RAZORPAY_KEY_SECRET = TEST_KEYS.keySecret;
    process.env.RAZORPAY_WEBHOOK_SECRET = TEST_KEYS.webhookSecret;
  });

  it('leaves the Razorpay SDK able to make our calls: a bundled createOrder against the double', async () => {
    const outcome = await runBundle('razorpay-create-order', { ...process.env, RAZORPAY_TIMEOUT_MS: '5000' });
    expect(outcome).toMatchObject({
      result: { id: expect.stringMatching(/^order_/), amount: 9000, receipt: 'ord-bundled' },
    });
    expect(double().apiRequests).toContainEqual({ method: 'POST', path: '/v1/orders' });
  });
});

describe('@aws-sdk/signature-v4-multi-region → plain SigV4', () => {
  let outbox: Outbox;
  beforeAll(async () => {
    outbox = await startOutbox();
  });
  afterAll(() => outbox.stop());

  const ses = () => ({
    AWS_REGION: 'ap-south-1',
    AWS_ENDPOINT_URL_SESV2: outbox.url,
    AWS_ACCESS_KEY_ID: 'AKIABUNDLEDSES01',
    AWS_SECRET_ACCESS_KEY: 'bundled-secret',
    AWS_SESSION_TOKEN: 'bundled-session-token',
  });

  it('signs a bundled SES v2 SendEmail with SigV4 for the region, and the outbox takes the email', async () => {
    const outcome = (await runBundle('ses-send-email', ses())) as {
      result: { messageId: string; authorization: string };
    };
    expect(outcome.result.messageId).toEqual(expect.any(String));
    expect(outcome.result.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIABUNDLEDSES01\/\d{8}\/ap-south-1\/ses\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(outbox.sentTo('shopper@example.com')).toMatchObject([
      { channel: 'email', subject: 'Bundled', body: 'Sent from a bundle', orderId: 'ord-bundled' },
    ]);
  });

  it('refuses a multi-region endpoint (SigV4a) as the stock package does without a SigV4a implementation', async () => {
    const before = outbox.sent.length;
    const outcome = await runBundle('ses-send-email', ses(), { endpointId: 'abcd1234.efgh5678' });
    expect(outcome).toMatchObject({ error: 'Error', message: expect.stringContaining(SIGV4A_UNAVAILABLE) });
    expect(outbox.sent.length).toBe(before);
  });
});
