// Bundles every deployed function exactly as the CDK stack does, together with two floors (a bundle of
// only the DynamoDB client + document client, bench/floor/dynamodb-client.ts): issue 11's floor, built
// with the stock SDK (its default credential chain, no alias of ours), and the same file built exactly
// as the functions are (bundleSettings.alias). It prints for each function: raw and gzip size against
// its budget, whether it carries the Razorpay SDK, and its cold import (a fresh `node` per import of
// the bundle, Lambda's NODE_OPTIONS) against each floor's.
//   Method, for a machine shared with other work: in each round every function is measured in a
//   shuffled order, each import beside one of each floor (their order turning round to round), so a
//   burst of load hits a few imports of many functions rather than all imports of a few. A function's
//   ratio is the median over rounds of its import / the floor import made next to it. Each import is
//   timed twice: wall clock, what a cold start waits, and the importing process's CPU time (user +
//   system), which other processes' load barely moves; `cpu` ratios are the steadier comparison.
//   npm run bench:bundles                 every function, 5 rounds
//   npm run bench:bundles -- --runs 9 --only route-health,route-checkout
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { deployedFunctions } from '../contract/deployed';
import { bundleBudgetBytes, bundleHandlers, projectRoot, RAZORPAY_SDK_MARKER } from '../infra/bundling';
import { coldImport as coldImportOf, type ColdImport as Import, median } from './support/cold-import';

/** Issue 11's floor: the stock SDK. */
const FLOOR = 'floor-dynamodb-client';
/** The same client with our aliases: what a function that does nothing else weighs as deployed. */
const ALIASED_FLOOR = 'floor-dynamodb-client-aliased';
const { values: args } = parseArgs({ options: { runs: { type: 'string' }, only: { type: 'string' } } });
const runs = Number(args.runs ?? 5);
const only = args.only?.split(',');

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

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
const coldImport = (id: string) => coldImportOf(join(outdir, `${id}.mjs`));

/** A seeded shuffle (mulberry32), so two runs of the bench visit functions in the same orders. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Each round's imports of one function and the floor imports made beside them. */
interface Samples {
  own: Import[];
  floor: Import[];
  aliasedFloor: Import[];
}

const samples = new Map<string, Samples>(
  functions.map(([id]) => [id, { own: [], floor: [], aliasedFloor: [] }]),
);
for (let round = 0; round < runs; round++) {
  for (const [id] of shuffled(functions, round + 1)) {
    const s = samples.get(id)!;
    const triple: [Import[], string][] = [
      [s.floor, FLOOR],
      [s.own, id],
      [s.aliasedFloor, ALIASED_FLOOR],
    ];
    // Turn the order round to round: none of the three is always first after a pause.
    for (let k = 0; k < 3; k++) {
      const [into, bundle] = triple[(k + round) % 3]!;
      into.push(coldImport(bundle));
    }
  }
  process.stderr.write(`round ${round + 1}/${runs}\n`);
}

/** Median over rounds of own / floor, each pair measured side by side. */
const pairedRatio = (own: Import[], floor: Import[], key: keyof Import) =>
  median(own.map((o, i) => o[key] / floor[i]![key]));

interface Row {
  id: string;
  raw: number;
  gzip: number;
  budget: number;
  callsRazorpay: boolean;
  hasRazorpay: boolean;
  importMs: number;
  cpuMs: number;
  floorMs: number;
  ratio: number;
  cpuRatio: number;
  aliasedRatio: number;
  aliasedCpuRatio: number;
}

const rows: Row[] = functions.map(([id, declaration]) => {
  const code = bundleOf(id);
  const { own, floor, aliasedFloor } = samples.get(id)!;
  return {
    id,
    raw: code.byteLength,
    gzip: gzipSync(code).byteLength,
    budget: bundleBudgetBytes(declaration.callsRazorpay),
    callsRazorpay: declaration.callsRazorpay,
    hasRazorpay: code.includes(RAZORPAY_SDK_MARKER),
    importMs: median(own.map((i) => i.wallMs)),
    cpuMs: median(own.map((i) => i.cpuMs)),
    floorMs: median(floor.map((i) => i.wallMs)),
    ratio: pairedRatio(own, floor, 'wallMs'),
    cpuRatio: pairedRatio(own, floor, 'cpuMs'),
    aliasedRatio: pairedRatio(own, aliasedFloor, 'wallMs'),
    aliasedCpuRatio: pairedRatio(own, aliasedFloor, 'cpuMs'),
  };
});
const allSamples = [...samples.values()];
const floorImports = {
  [FLOOR]: allSamples.flatMap((s) => s.floor),
  [ALIASED_FLOOR]: allSamples.flatMap((s) => s.aliasedFloor),
};

const width = Math.max(...rows.map((r) => r.id.length), ALIASED_FLOOR.length);
const header = [
  'raw',
  'gzip',
  'budget',
  'razorpay',
  'import',
  'cpu',
  'floor',
  'ratio',
  'cpu ratio',
  'al. ratio',
  'al. cpu',
];
console.log(`${'function'.padEnd(width)}  ${header.map((h) => h.padStart(9)).join('  ')}`);
const line = (cells: string[]) => cells.map((c) => c.padStart(9)).join('  ');
const times = (ratio: number) => `${ratio.toFixed(2)}×`;
for (const r of rows.sort((a, b) => b.raw - a.raw)) {
  const razorpay = r.hasRazorpay ? (r.callsRazorpay ? 'calls' : 'UNUSED') : '-';
  console.log(
    `${r.id.padEnd(width)}  ${line([
      kb(r.raw),
      kb(r.gzip),
      `${r.raw > r.budget ? 'OVER ' : ''}${r.budget / 1024}`,
      razorpay,
      `${r.importMs.toFixed(0)} ms`,
      `${r.cpuMs.toFixed(0)} ms`,
      `${r.floorMs.toFixed(0)} ms`,
      times(r.ratio),
      times(r.cpuRatio),
      times(r.aliasedRatio),
      times(r.aliasedCpuRatio),
    ])}`,
  );
}
for (const [id, imports] of Object.entries(floorImports)) {
  const code = bundleOf(id);
  console.log(
    `${id.padEnd(width)}  ${line([
      kb(code.byteLength),
      kb(gzipSync(code).byteLength),
      '',
      '',
      `${median(imports.map((i) => i.wallMs)).toFixed(0)} ms`,
      `${median(imports.map((i) => i.cpuMs)).toFixed(0)} ms`,
    ])}`,
  );
}

const total = (key: 'raw' | 'gzip') => rows.reduce((n, r) => n + r[key], 0);
const summary = (key: 'ratio' | 'cpuRatio' | 'aliasedRatio' | 'aliasedCpuRatio') => {
  const ratios = rows.map((r) => r[key]);
  const over = rows.filter((r) => r[key] > 1.3).map((r) => `${r.id} ${times(r[key])}`);
  return `median ${times(median(ratios))}, worst ${times(Math.max(...ratios))}, over 1.3×: ${over.length}${over.length ? ` (${over.join(', ')})` : ''}`;
};
console.log(
  `\n${rows.length} functions (${process.version}, ${runs} rounds, each import beside one of each floor): ` +
    `total ${kb(total('raw'))} raw, ${kb(total('gzip'))} gzip; largest ${kb(Math.max(...rows.map((r) => r.raw)))}; ` +
    `esbuild ${buildSeconds.toFixed(1)} s; over budget: ${rows.filter((r) => r.raw > r.budget).length}; ` +
    `Razorpay SDK where never called: ${rows.filter((r) => r.hasRazorpay && !r.callsRazorpay).length}`,
);
console.log(`to ${FLOOR} (issue 11's: stock SDK), wall: ${summary('ratio')}`);
console.log(`to ${FLOOR} (issue 11's: stock SDK), cpu:  ${summary('cpuRatio')}`);
console.log(`to ${ALIASED_FLOOR} (ours), wall: ${summary('aliasedRatio')}`);
console.log(`to ${ALIASED_FLOOR} (ours), cpu:  ${summary('aliasedCpuRatio')}`);
rmSync(outdir, { recursive: true, force: true });
