// Bundles every deployed handler exactly as the CDK stack does and prints each bundle's size,
// raw and gzipped (what Lambda downloads on a cold start), plus the totals with the AWS SDK
// left external instead, the alternative weighed in docs/decisions.md.
//   npm run bench:bundles
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { deployedHandlerEntries } from '../contract/deployed';
import { bundleHandlers, projectRoot } from '../infra/bundling';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function measure(external?: string[]) {
  const entries = deployedHandlerEntries();
  const started = performance.now();
  const result = await bundleHandlers(entries, { external });
  const seconds = (performance.now() - started) / 1000;
  const sizes = Object.entries(entries).map(([id, file]) => {
    const code = result.outputFiles!.find((f) => f.path.endsWith(`/${id}.mjs`))!.contents;
    return { id, file, raw: code.byteLength, gzip: gzipSync(code).byteLength };
  });
  return { sizes, seconds };
}

const bundled = await measure();
const width = Math.max(...bundled.sizes.map((s) => s.id.length));
console.log(`${'function'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}  entry`);
for (const s of bundled.sizes.sort((a, b) => b.raw - a.raw)) {
  console.log(`${s.id.padEnd(width)}  ${kb(s.raw).padStart(10)}  ${kb(s.gzip).padStart(10)}  ${s.file}`);
}
const total = (list: { raw: number; gzip: number }[], key: 'raw' | 'gzip') =>
  list.reduce((n, s) => n + s[key], 0);
console.log(
  `\n${bundled.sizes.length} functions, SDK bundled (deployed): total ${kb(total(bundled.sizes, 'raw'))} raw, ` +
    `${kb(total(bundled.sizes, 'gzip'))} gzip; largest ${kb(Math.max(...bundled.sizes.map((s) => s.raw)))}; ` +
    `esbuild ${bundled.seconds.toFixed(1)} s`,
);

const external = await measure(['@aws-sdk/*']);
console.log(
  `same, SDK external (runtime copy): total ${kb(total(external.sizes, 'raw'))} raw, ` +
    `${kb(total(external.sizes, 'gzip'))} gzip; largest ${kb(Math.max(...external.sizes.map((s) => s.raw)))}`,
);

// Cold import (module load + init, what a cold start pays before the handler runs), median of 5 fresh
// processes, for a few handlers. Bundles are written under cdk.out so the external variant resolves
// @aws-sdk from node_modules, as the runtime copy would be loaded from disk.
const sample = ['route-health', 'route-checkout', 'wsConnect'].filter((id) => id in deployedHandlerEntries());
const importMs = (file: string) => {
  const runs = Array.from({ length: 5 }, () =>
    Number(
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`,
        ],
        { env: { ...process.env, AWS_REGION: 'ap-south-1', POWERTOOLS_LOG_LEVEL: 'SILENT' } },
      ).toString(),
    ),
  ).sort((a, b) => a - b);
  return runs[2]!;
};
const entries = Object.fromEntries(sample.map((id) => [id, deployedHandlerEntries()[id]!]));
console.log(`\ncold import, median of 5 (${process.version}):`);
for (const [variant, external] of [
  ['SDK bundled', undefined],
  ['SDK external', ['@aws-sdk/*']],
] as const) {
  const outdir = join(projectRoot, 'cdk.out', `bench-bundles-${external ? 'external' : 'bundled'}`);
  await bundleHandlers(entries, { outdir, external: external ? [...external] : undefined });
  const figures = sample.map((id) => `${id} ${importMs(join(outdir, `${id}.mjs`)).toFixed(0)} ms`);
  console.log(`  ${variant.padEnd(12)}  ${figures.join('   ')}`);
  rmSync(outdir, { recursive: true, force: true });
}
