// Builds the shopper page: index.html, app.css and one minified app.js bundled by esbuild.
// `npm run build:web [outDir]` writes it to disk (default web/dist); the local runtime builds it in memory.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const here = import.meta.dirname;

/** File name → contents, ready to serve or upload. */
export async function buildWebAssets(): Promise<Map<string, Uint8Array>> {
  const result = await build({
    entryPoints: [join(here, 'src/main.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022'],
    write: false,
    outfile: 'app.js',
    logLevel: 'silent',
  });
  return new Map<string, Uint8Array>([
    ['index.html', readFileSync(join(here, 'index.html'))],
    ['app.css', readFileSync(join(here, 'styles.css'))],
    ['app.js', result.outputFiles[0]!.contents],
  ]);
}

export async function writeWebAssets(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  for (const [name, contents] of await buildWebAssets()) writeFileSync(join(outDir, name), contents);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(here, 'build.ts')) {
  await writeWebAssets(resolve(process.argv[2] ?? join(here, 'dist')));
}
