// The OpenAPI document passes both linters clients' tooling is likely to run: Redocly's
// `recommended` rules (redocly.yaml) and Spectral's `spectral:oas` (.spectral.yaml). Any error fails.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/core/api-docs/openapi';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
const file = join(dir, 'openapi.json');
writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
// The same document with an operation that names a path parameter it does not declare.
const broken = join(dir, 'broken.json');
const brokenDocument = structuredClone(openApiDocument()) as { paths: Record<string, unknown> };
brokenDocument.paths['/things/{thingId}'] = brokenDocument.paths['/health'];
writeFileSync(broken, JSON.stringify(brokenDocument, null, 2));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a CLI from node_modules/.bin with this Node; a non-zero exit still yields its output. */
const run = async (cli: string, args: string[]): Promise<string> => {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(root, 'node_modules/.bin', cli), ...args],
      {
        cwd: root,
        env,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return stdout;
  } catch (error) {
    return (error as { stdout?: string }).stdout ?? '';
  }
};

interface RedoclyReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string }[];
}
interface SpectralDiagnostic {
  code: string;
  severity: 0 | 1 | 2 | 3;
  message: string;
  path: string[];
}

const redocly = async (target: string) =>
  JSON.parse(
    await run('redocly', ['lint', target, '--config', join(root, 'redocly.yaml'), '--format=json']),
  ) as RedoclyReport;

/** Spectral's start-up is most of its time, so one run lints both files. */
const spectralBySource = async (...targets: string[]) => {
  const diagnostics = JSON.parse(
    await run('spectral', [
      'lint',
      ...targets,
      '--ruleset',
      join(root, '.spectral.yaml'),
      '--format',
      'json',
    ]),
  ) as (SpectralDiagnostic & { source: string })[];
  return (target: string) => diagnostics.filter((d) => d.source === target);
};

let reports: {
  redocly: RedoclyReport;
  redoclyBroken: RedoclyReport;
  spectral: Awaited<ReturnType<typeof spectralBySource>>;
};

beforeAll(async () => {
  const [good, bad, spectral] = await Promise.all([
    redocly(file),
    redocly(broken),
    spectralBySource(file, broken),
  ]);
  reports = { redocly: good, redoclyBroken: bad, spectral };
}, 90_000);

describe('OpenAPI linters', () => {
  it('Redocly (recommended) finds no error', () => {
    const errors = reports.redocly.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(reports.redocly.totals.errors).toBe(0);
  });

  it('Spectral (spectral:oas) finds no error', () => {
    const diagnostics = reports.spectral(file);
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`)).toEqual([]);
  });

  it('both report a path parameter that is not declared', () => {
    expect(reports.redoclyBroken.problems.map((p) => p.ruleId)).toContain('path-parameters-defined');
    const spectralErrors = reports.spectral(broken).filter((d) => d.severity === 0);
    expect(spectralErrors.map((d) => d.code)).toContain('path-params');
  });
});
