// `npm run openapi`: writes openapi.json and asyncapi.json at the project root for client
// generators. test/unit/api-documents-current.test.ts fails when they fall behind the code.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asyncApiDocument } from '../../functions/core/api-docs/asyncapi';
import { openApiDocument } from '../../functions/core/api-docs/openapi';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const apiDocuments = {
  'openapi.json': openApiDocument,
  'asyncapi.json': asyncApiDocument,
} as const;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [file, generate] of Object.entries(apiDocuments)) {
    writeFileSync(join(root, file), `${JSON.stringify(generate(), null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
}
