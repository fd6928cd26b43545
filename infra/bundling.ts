// How every Lambda is bundled, in one place: the stack's NodejsFunction options and
// bench/bundle-sizes.ts both read it, so the sizes the bench prints are the sizes we deploy.
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REDOC_SCRIPT_FILE, REDOC_SCRIPT_PACKAGE_PATH } from '../functions/core/api-docs/redoc-script';

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
  /** Packages swapped at bundle time for a small module of ours (paths from the project root): code a
   *  deployed function can never run. Why each is safe: the comment atop its stand-in. */
  alias: {
    '@aws-sdk/credential-provider-node': './functions/core/bundle-aliases/credentials-from-env.ts',
    'mime-db': './functions/core/bundle-aliases/mime-db-empty.cjs',
    '@aws-sdk/signature-v4-multi-region': './functions/core/bundle-aliases/sigv4-only.ts',
    'mnemonist/lru-cache': './functions/core/bundle-aliases/lru-cache-map.ts',
  } as Record<string, string>,
} as const;

/** bundleSettings.alias as the esbuild CLI flags the stack's NodejsFunction passes (`--alias:pkg=path`);
 *  the stack runs esbuild in projectRoot, so the relative paths resolve as in bundleHandlers. */
export const esbuildAliasArgs = Object.entries(bundleSettings.alias).map(([pkg, path]) => `${pkg}=${path}`);

/** Lambda's Node options (the stack sets them; the bench's cold imports run with them too). */
export const lambdaNodeOptions = '--enable-source-maps';

/** A deployed function's bundle may not pass this: the DynamoDB client (~195 KB with the
 *  credentials alias below, 334 KB without) plus logging, metrics, the HTTP edge and zod. Checked by test/infra/bundling.test.ts. */
export const BUNDLE_BUDGET_BYTES = 450 * 1024;
/** …and this when the function calls Razorpay (the SDK with axios, mime-db aliased away: ~180 KB). */
export const RAZORPAY_BUNDLE_BUDGET_BYTES = 700 * 1024;

export const bundleBudgetBytes = (callsRazorpay: boolean) =>
  callsRazorpay ? RAZORPAY_BUNDLE_BUDGET_BYTES : BUNDLE_BUDGET_BYTES;

/** A string only the Razorpay SDK's code holds (its User-Agent), to find the SDK in a bundle. */
export const RAZORPAY_SDK_MARKER = 'razorpay-node@';

/** Files a handler reads at run time from beside its bundle (name → path in node_modules), rather
 *  than importing them: the 1.1 MB Redoc script would be parsed on every cold start. */
export const filesBesideBundle: Record<string, Record<string, string>> = {
  'functions/http/docs/redoc-script.ts': { [REDOC_SCRIPT_FILE]: REDOC_SCRIPT_PACKAGE_PATH },
};

const resolveFromProject = (packagePath: string) =>
  createRequire(join(projectRoot, 'package.json')).resolve(packagePath);

/** The shell commands the stack's bundling runs after esbuild (NodejsFunction `afterBundling`). */
export const copyBesideBundleCommands = (handler: string, outputDir: string): string[] =>
  Object.entries(filesBesideBundle[handler] ?? {}).map(
    ([name, packagePath]) => `cp "${resolveFromProject(packagePath)}" "${join(outputDir, name)}"`,
  );

/** The same copy, for a bundle written by bundleHandlers (bench, tests): entry id → its handler. */
export function copyFilesBesideBundles(entries: Record<string, string>, outdir: string): void {
  for (const handler of Object.values(entries)) {
    for (const [name, packagePath] of Object.entries(filesBesideBundle[handler] ?? {})) {
      copyFileSync(resolveFromProject(packagePath), join(outdir, name));
    }
  }
}

/** Bundles entries exactly as the stack does, in one esbuild run (outputs in memory unless outdir). */
export async function bundleHandlers(
  entries: Record<string, string>,
  /** external: only to measure an alternative (bench); the stack always uses bundleSettings.external. */
  options: { outdir?: string; external?: string[]; alias?: Record<string, string> } = {},
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
    alias: options.alias ?? bundleSettings.alias,
    banner: { js: bundleSettings.banner },
    outExtension: { '.js': '.mjs' },
    outdir: options.outdir ?? join(projectRoot, 'cdk.out', 'bundle-check'),
    write: options.outdir !== undefined,
    metafile: true,
    logLevel: 'silent',
  });
}
