// The packages infra/bundling.ts aliases away in deployed bundles, proved on built bundles (the other
// tests run the TypeScript sources, which never see an alias): each bundle is imported in a fresh
// `node`, as Lambda would, and called.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleHandlers } from '../../infra/bundling';
import { TEST_KEYS, useRazorpayDouble } from '../support/razorpay';
import { useFreshTables } from '../support/tables';

const outdir = mkdtempSync(join(tmpdir(), 'bundle-aliases-'));
const double = useRazorpayDouble();

beforeAll(async () => {
  await bundleHandlers(
    {
      'dynamodb-credentials': 'test/fixtures/bundles/dynamodb-credentials.ts',
      'razorpay-create-order': 'test/fixtures/bundles/razorpay-create-order.ts',
    },
    { outdir },
  );
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Imports a built bundle in a fresh `node` with only `env`, calls its handler, returns what it returned. */
async function runBundle(id: string, env: Record<string, string | undefined>): Promise<unknown> {
  const script = `const { handler } = await import(${JSON.stringify(join(outdir, `${id}.mjs`))});
    try { console.log(JSON.stringify({ result: await handler() })); }
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
