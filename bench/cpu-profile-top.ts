// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by where the code lives
// (a node_modules package, a project folder, node's own internals), so a profile of
// bench/flash.ts can be read without a browser.
// Run: npx tsx bench/cpu-profile-top.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/cpu-profile-top.ts <file.cpuprofile> [top]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

/** Where a frame's code lives: `pkg:<name>`, a project folder, `node:` internals, or V8's own. */
const placeOf = (url: string, functionName: string): string => {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return `pkg:${pkg}`;
  if (url.startsWith('node:')) return 'node internals';
  const project = /\/(functions\/[^/]+|local\/[^/]+|contract|bench)\//.exec(url)?.[1];
  return project ?? url;
};

const selfByFunction = new Map<string, number>();
const selfByPlace = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const micros = profile.timeDeltas[i] ?? 0;
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const name = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(functions|local|contract|bench)\//, '$1/')}:${lineNumber + 1}`;
  selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + micros);
  const place = placeOf(url, functionName);
  selfByPlace.set(place, (selfByPlace.get(place) ?? 0) + micros);
  total += micros;
});

const print = (title: string, entries: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, micros] of [...entries].sort(([, a], [, b]) => b - a).slice(0, top))
    console.log(
      `${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`,
    );
};
console.log(`profile: ${(total / 1e6).toFixed(1)} s sampled`);
print('self time by place', selfByPlace);
print('self time by function', selfByFunction);
