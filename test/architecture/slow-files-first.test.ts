// vitest.config.ts starts the files it lists as slow first: a renamed or removed file would drop out
// of that list without a word, and the run would again wait on it at the end.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLOW_FILES } from '../../vitest.config';

const root = resolve(import.meta.dirname, '../..');

describe('the slow files vitest.config.ts starts first', () => {
  it('are test files that exist, each listed once', () => {
    expect(SLOW_FILES.filter((file) => !existsSync(resolve(root, file)))).toEqual([]);
    expect(SLOW_FILES.filter((file) => !/^test\/.+\.test\.ts$/.test(file))).toEqual([]);
    expect(new Set(SLOW_FILES).size).toBe(SLOW_FILES.length);
  });
});
