// Redoc's standalone bundle (the script that renders /docs), as text. In a Lambda bundle esbuild
// inlines it through the `type: 'text'` import attribute; unbundled (`npm start`, tests) Node has
// no text imports, so it is read from node_modules. Either way no CDN is involved.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const SCRIPT = 'redoc/bundles/redoc.standalone.js';

/** Running from the TypeScript sources rather than from a bundle. */
const unbundled = import.meta.url.endsWith('.ts');

let script: Promise<string> | undefined;

async function load(): Promise<string> {
  if (unbundled) return readFile(createRequire(import.meta.url).resolve(SCRIPT), 'utf8');
  const { default: text } = await import('redoc/bundles/redoc.standalone.js', { with: { type: 'text' } });
  return text;
}

export const redocScript = (): Promise<string> => {
  script ??= load();
  return script;
};
