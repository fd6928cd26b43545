// Redoc's standalone bundle (the script that renders /docs), read as text on first request. It is
// 1.1 MB, so it is not bundled (every cold start of its Lambda would parse it): in Lambda the file
// sits beside the bundle (copied there by infra/bundling.ts), unbundled (`npm start`, tests) it is
// read from node_modules. Either way no CDN is involved.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/** Where the script is in node_modules, and its name beside a bundle. */
export const REDOC_SCRIPT_PACKAGE_PATH = 'redoc/bundles/redoc.standalone.js';
export const REDOC_SCRIPT_FILE = 'redoc.standalone.js';

/** Running from the TypeScript sources rather than from a bundle. */
const unbundled = import.meta.url.endsWith('.ts');

let script: Promise<string> | undefined;

const location = () =>
  unbundled
    ? createRequire(import.meta.url).resolve(REDOC_SCRIPT_PACKAGE_PATH)
    : new URL(`./${REDOC_SCRIPT_FILE}`, import.meta.url);

export const redocScript = (): Promise<string> => {
  script ??= readFile(location(), 'utf8');
  return script;
};
