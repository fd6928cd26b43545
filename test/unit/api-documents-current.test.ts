// openapi.json and asyncapi.json at the project root are what client generators read: they must
// be what the code generates now (`npm run openapi` rewrites them).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiDocuments } from '../../local/scripts/write-api-documents';

const root = resolve(import.meta.dirname, '../..');

describe('committed API documents', () => {
  for (const [file, generate] of Object.entries(apiDocuments)) {
    it(`${file} is current (else run npm run openapi)`, () => {
      const committed = JSON.parse(readFileSync(join(root, file), 'utf8'));
      expect(committed).toEqual(JSON.parse(JSON.stringify(generate())));
    });
  }
});
