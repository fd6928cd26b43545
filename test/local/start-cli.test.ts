// `npm start`'s command line, without starting the system: --help lists the options and exits 0,
// an unknown flag is a one-line error with exit code 2.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const start = (...args: string[]) => startWith({}, ...args);
const startWith = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'local/start.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });

describe('npm start options', () => {
  it('--help lists the options and exits 0', () => {
    const run = start('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: npm start');
    for (const option of ['--in-memory', '--quiet', '--help']) expect(run.stdout).toContain(option);
    expect(run.stderr).toBe('');
  });

  it('refuses an unknown flag with one line and exit code 2', () => {
    const run = start('--inmemory');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("'--inmemory'");
    expect(lines[0]).toContain('--help');
  });

  it.each(['0', '9', '12.5', 'ten'])(
    'refuses PAYMENT_WINDOW_SECONDS=%s with one line and exit code 2, before starting anything',
    (value) => {
      // Port 1 would fail to bind: the refusal has to come before any port or emulator is touched.
      const run = startWith({ PAYMENT_WINDOW_SECONDS: value, PORT: '1' }, '--in-memory');
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('PAYMENT_WINDOW_SECONDS');
      expect(lines[0]).toContain(`'${value}'`);
    },
  );

  it.each([
    ['RAZORPAY_BREAKER_CACHE_MS', '-1'],
    ['RAZORPAY_BREAKER_CACHE_MS', 'one second'],
    ['RAZORPAY_BREAKER_COOLDOWN_MS', '1.5'],
  ])('refuses %s=%s with one line and exit code 2, before starting anything', (name, value) => {
    // Read at every Razorpay call: a bad value failed each one (a paid order's capture and refund too)
    // with a plain Error, which no saga step retries; the start is the place to say so.
    const run = startWith({ [name]: value, PORT: '1' }, '--in-memory');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(lines[0]).toContain(`'${value}'`);
  });
});
