// How every Lambda is bundled, in one place: the stack's NodejsFunction options and
// bench/bundle-sizes.ts both read it, so the sizes the bench prints are the sizes we deploy.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** ESM bundles that pull in CommonJS (razorpay, axios) need a `require`. */
export const esmRequireBanner =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export const bundleSettings = {
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  // Prefer packages' ES module builds so esbuild can drop what a handler never imports.
  mainFields: ['module', 'main'],
  // The AWS SDK v3 is bundled, not taken from the runtime: see docs/decisions.md (2026-11-25).
  external: [] as string[],
  banner: esmRequireBanner,
} as const;

/** Bundles entries exactly as the stack does, in one esbuild run (outputs in memory unless outdir). */
export async function bundleHandlers(
  entries: Record<string, string>,
  /** external: only to measure an alternative (bench); the stack always uses bundleSettings.external. */
  options: { outdir?: string; external?: string[] } = {},
) {
  const { build } = await import('esbuild');
  return build({
    entryPoints: Object.fromEntries(
      Object.entries(entries).map(([id, file]) => [id, join(projectRoot, file)]),
    ),
    absWorkingDir: projectRoot,
    bundle: true,
    platform: 'node',
    target: bundleSettings.target,
    format: bundleSettings.format,
    minify: bundleSettings.minify,
    sourcemap: bundleSettings.sourcemap,
    sourcesContent: bundleSettings.sourcesContent,
    mainFields: [...bundleSettings.mainFields],
    external: options.external ?? [...bundleSettings.external],
    banner: { js: bundleSettings.banner },
    outExtension: { '.js': '.mjs' },
    outdir: options.outdir ?? join(projectRoot, 'cdk.out', 'bundle-check'),
    write: options.outdir !== undefined,
    metafile: true,
    logLevel: 'silent',
  });
}
