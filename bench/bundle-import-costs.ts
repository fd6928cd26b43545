// What a function's cold import pays for, beyond the DynamoDB-client floor: small probe bundles
// (bench/bundle-probes/), built with the stack's settings, each holding one thing every function or
// some functions carry; and a few functions and the floor imported with and without Lambda's
// `--enable-source-maps`. Prints each one's CPU time of a cold import (median of the rounds, all
// bundles taking turns in each round). The figures behind docs/decisions.md, 2026-12-02, last pass
// and "Route schemas per area".
//   npx tsx bench/bundle-import-costs.ts [--runs 9]
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deployedFunctions } from '../contract/deployed';
import { bundleHandlers, lambdaNodeOptions, projectRoot } from '../infra/bundling';
import { coldImport, median } from './support/cold-import';

const { values: args } = parseArgs({ options: { runs: { type: 'string' } } });
const runs = Number(args.runs ?? 9);

const probes: Record<string, string> = {
  'empty bundle': 'bench/bundle-probes/empty.ts',
  'floor (ours)': 'bench/floor/dynamodb-client.ts',
  'zod, one schema': 'bench/bundle-probes/zod.ts',
  'every route (contract/routes/index.ts)': 'bench/bundle-probes/route-schemas.ts',
  'the cart area (contract/routes/cart.ts)': 'bench/bundle-probes/route-schemas-cart.ts',
  'the orders area (contract/routes/orders.ts)': 'bench/bundle-probes/route-schemas-orders.ts',
  'Powertools logger + metrics': 'bench/bundle-probes/powertools.ts',
  'floor + SES v2 + SNS': 'bench/bundle-probes/floor-ses-sns.ts',
};
const withAndWithoutMaps = ['route-getOrder', 'notifyShopper', 'route-cancelOrder'];
const handlers = deployedFunctions();

const outdir = join(projectRoot, 'cdk.out', 'bench-import-costs');
rmSync(outdir, { recursive: true, force: true });
const file = (name: string) => name.replace(/\W+/g, '-');
await bundleHandlers(
  {
    ...Object.fromEntries(Object.entries(probes).map(([name, entry]) => [file(name), entry])),
    ...Object.fromEntries(withAndWithoutMaps.map((id) => [id, handlers[id]!.handler])),
  },
  { outdir },
);

interface Case {
  label: string;
  bundle: string;
  nodeOptions: string;
}
const cases: Case[] = [
  ...Object.keys(probes).map((label) => ({ label, bundle: file(label), nodeOptions: lambdaNodeOptions })),
  ...[['floor (ours)', file('floor (ours)')], ...withAndWithoutMaps.map((id) => [id, id])].flatMap(
    ([label, bundle]) => [
      { label: `${label}, ${lambdaNodeOptions}`, bundle: bundle!, nodeOptions: lambdaNodeOptions },
      { label: `${label}, no source maps`, bundle: bundle!, nodeOptions: '' },
    ],
  ),
];
const cpu = new Map<string, number[]>(cases.map(({ label }) => [label, []]));
for (let round = 0; round < runs; round++) {
  for (const { label, bundle, nodeOptions } of cases) {
    cpu.get(label)!.push(coldImport(join(outdir, `${bundle}.mjs`), nodeOptions).cpuMs);
  }
}

const width = Math.max(...cases.map(({ label }) => label.length));
console.log(`${'bundle'.padEnd(width)}  cpu ms (median of ${runs} cold imports)`);
for (const { label } of cases) console.log(`${label.padEnd(width)}  ${median(cpu.get(label)!).toFixed(1)}`);
rmSync(outdir, { recursive: true, force: true });
