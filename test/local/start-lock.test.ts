// One `npm start` per port: a live holder is named, a stale pid file (its process gone) taken over.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireStartLock } from '../../local/start-lock';

describe('the npm start lock', () => {
  it('names a live holder, takes over a stale file, and releases only its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-lock-'));
    const file = join(dir, 'npm-start-3000.pid');
    writeFileSync(file, String(process.ppid)); // alive
    expect(acquireStartLock(dir, 3000)).toEqual({ heldBy: process.ppid });

    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(file, String(gone));
    const lock = acquireStartLock(dir, 3000);
    expect('release' in lock).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    expect(acquireStartLock(dir, 3001)).toMatchObject({ file: join(dir, 'npm-start-3001.pid') });
    if ('release' in lock) lock.release();
    expect(() => readFileSync(file)).toThrow();
  });
});
