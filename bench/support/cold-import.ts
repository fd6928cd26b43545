// One cold import of a built bundle in a fresh `node`, as a Lambda cold start's first step: the time
// from `import()` to its end, as wall clock and as the process's CPU time (user + system), which load
// from other processes on the machine barely moves. Shared by the bundle benches.
import { execFileSync } from 'node:child_process';
import { lambdaNodeOptions } from '../../infra/bundling';

export interface ColdImport {
  wallMs: number;
  cpuMs: number;
}

export function coldImport(bundleFile: string, nodeOptions = lambdaNodeOptions): ColdImport {
  const script = `const t = performance.now(); const c = process.cpuUsage();
    await import(${JSON.stringify(bundleFile)});
    const { user, system } = process.cpuUsage(c);
    console.log(JSON.stringify({ wallMs: performance.now() - t, cpuMs: (user + system) / 1000 }));`;
  const options = nodeOptions.split(' ').filter(Boolean);
  return JSON.parse(
    execFileSync(process.execPath, [...options, '--input-type=module', '-e', script], {
      env: { ...process.env, AWS_REGION: 'ap-south-1', POWERTOOLS_LOG_LEVEL: 'SILENT' },
    }).toString(),
  );
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
