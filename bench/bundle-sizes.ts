// Bundles every deployed function exactly as the CDK stack does, together with two floors (a bundle of
// only the DynamoDB client + document client, bench/floor/dynamodb-client.ts): issue 11's floor, built
// with the stock SDK (its default credential chain, no alias of ours), and the same file built exactly
// as the functions are (bundleSettings.alias: credentials from the environment only). It prints for
// each function: raw and gzip size against its budget, whether it carries the Razorpay SDK, and its
// cold import (a fresh `node` per run importing the bundle, Lambda's NODE_OPTIONS) as a median and as
// a ratio to each floor's. Function and floor runs alternate, so the machine's load hits all three.
//   npm run bench:bundles                 every function, 5 runs each
//   npm run bench:bundles -- --runs 9 --only route-health,route-checkout
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { deployedFunctions } from '../contract/deployed';
import {
  bundleBudgetBytes,
  bundleHandlers,
  lambdaNodeOptions,
  projectRoot,
  RAZORPAY_SDK_MARKER,
} from '../infra/bundling';

/** Issue 11's floor: the stock SDK. */
const FLOOR = 'floor-dynamodb-client';
/** The same client with our aliases: what a function that does nothing else weighs as deployed. */
const ALIASED_FLOOR = 'floor-dynamodb-client-aliased';
const { values: args } = parseArgs({ options: { runs: { type: 'string' }, only: { type: 'string' } } });
const runs = Number(args.runs ?? 5);
const only = args.only?.split(',');

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const functions = Object.entries(deployedFunctions()).filter(([id]) => !only || only.includes(id));
const outdir = join(projectRoot, 'cdk.out', 'bench-bundles');
rmSync(outdir, { recursive: true, force: true });
const started = performance.now();
await bundleHandlers(
  {
    ...Object.fromEntries(functions.map(([id, f]) => [id, f.handler])),
    [ALIASED_FLOOR]: 'bench/floor/dynamodb-client.ts',
  },
  { outdir },
);
await bundleHandlers({ [FLOOR]: 'bench/floor/dynamodb-client.ts' }, { outdir, alias: {} });
const buildSeconds = (performance.now() - started) / 1000;
const bundleOf = (id: string) => readFileSync(join(outdir, `${id}.mjs`));

/** One cold import in a fresh process, in ms: module load and init, what a cold start pays first. */
const importMs = (id: string) =>
  Number(
    execFileSync(
      process.execPath,
      [
        ...lambdaNodeOptions.split(' '),
        '--input-type=module',
        '-e',
        `const t = performance.now(); await import(${JSON.stringify(join(outdir, `${id}.mjs`))}); console.log(performance.now() - t);`,
      ],
      { env: { ...process.env, AWS_REGION: 'ap-south-1', POWERTOOLS_LOG_LEVEL: 'SILENT' } },
    ).toString(),
  );

interface Row {
  id: string;
  raw: number;
  gzip: number;
  budget: number;
  callsRazorpay: boolean;
  hasRazorpay: boolean;
  importMs: number;
  floorMs: number;
  aliasedFloorMs: number;
}

const floorRuns: number[] = [];
const aliasedFloorRuns: number[] = [];
const rows: Row[] = [];
for (const [id, declaration] of functions) {
  const code = bundleOf(id);
  const own: number[] = [];
  const floor: number[] = [];
  const aliasedFloor: number[] = [];
  for (let run = 0; run < runs; run++) {
    floor.push(importMs(FLOOR));
    own.push(importMs(id));
    aliasedFloor.push(importMs(ALIASED_FLOOR));
  }
  floorRuns.push(...floor);
  aliasedFloorRuns.push(...aliasedFloor);
  rows.push({
    id,
    raw: code.byteLength,
    gzip: gzipSync(code).byteLength,
    budget: bundleBudgetBytes(declaration.callsRazorpay),
    callsRazorpay: declaration.callsRazorpay,
    hasRazorpay: code.includes(RAZORPAY_SDK_MARKER),
    importMs: median(own),
    floorMs: median(floor),
    aliasedFloorMs: median(aliasedFloor),
  });
  process.stderr.write('.');
}
process.stderr.write('\n');

const width = Math.max(...rows.map((r) => r.id.length), ALIASED_FLOOR.length);
const header = ['raw', 'gzip', 'budget', 'razorpay', 'import', 'floor', 'ratio', 'ratio al.'];
console.log(`${'function'.padEnd(width)}  ${header.map((h) => h.padStart(10)).join('  ')}`);
const line = (cells: string[]) => cells.map((c) => c.padStart(10)).join('  ');
for (const r of rows.sort((a, b) => b.raw - a.raw)) {
  const razorpay = r.hasRazorpay ? (r.callsRazorpay ? 'calls' : 'UNUSED') : '-';
  const ratio = r.importMs / r.floorMs;
  console.log(
    `${r.id.padEnd(width)}  ${line([
      kb(r.raw),
      kb(r.gzip),
      `${r.raw > r.budget ? 'OVER ' : ''}${r.budget / 1024}`,
      razorpay,
      `${r.importMs.toFixed(0)} ms`,
      `${r.floorMs.toFixed(0)} ms`,
      `${ratio.toFixed(2)}×`,
      `${(r.importMs / r.aliasedFloorMs).toFixed(2)}×`,
    ])}`,
  );
}
for (const [id, floorMs] of [
  [FLOOR, median(floorRuns)],
  [ALIASED_FLOOR, median(aliasedFloorRuns)],
] as const) {
  const code = bundleOf(id);
  console.log(
    `${id.padEnd(width)}  ${line([kb(code.byteLength), kb(gzipSync(code).byteLength), '', '', `${floorMs.toFixed(0)} ms`])}`,
  );
}

const ratios = rows.map((r) => r.importMs / r.floorMs);
const aliasedRatios = rows.map((r) => r.importMs / r.aliasedFloorMs);
const total = (key: 'raw' | 'gzip') => rows.reduce((n, r) => n + r[key], 0);
console.log(
  `\n${rows.length} functions (${process.version}, cold import median of ${runs}, each run beside a floor run): ` +
    `total ${kb(total('raw'))} raw, ${kb(total('gzip'))} gzip; largest ${kb(Math.max(...rows.map((r) => r.raw)))}; ` +
    `esbuild ${buildSeconds.toFixed(1)} s`,
);
console.log(
  `ratio to ${FLOOR} (issue 11's: stock SDK): median ${median(ratios).toFixed(2)}×, worst ${Math.max(...ratios).toFixed(2)}×, ` +
    `over 1.3×: ${ratios.filter((ratio) => ratio > 1.3).length}; ` +
    `to ${ALIASED_FLOOR} (ratio al.): median ${median(aliasedRatios).toFixed(2)}×, worst ${Math.max(...aliasedRatios).toFixed(2)}×, ` +
    `over 1.3×: ${aliasedRatios.filter((ratio) => ratio > 1.3).length}; ` +
    `over budget: ${rows.filter((r) => r.raw > r.budget).length}; ` +
    `Razorpay SDK where never called: ${rows.filter((r) => r.hasRazorpay && !r.callsRazorpay).length}`,
);
rmSync(outdir, { recursive: true, force: true });
