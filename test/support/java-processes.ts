// DynamoDB Local's Java processes, as the process-tree tests see them from /proc (Linux).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Java itself serving the port, not its sh wrapper (which carries the same command line). */
export const javaOn = (port: number): number[] =>
  spawnSync('pgrep', ['-f', `DynamoDBLocal.jar .*-port ${port} `], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .filter((pid) => procStat(pid)?.startsWith('java '));

/** `<comm> <state>` from /proc, or undefined once the process is gone. */
function procStat(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))} ${stat[stat.lastIndexOf(')') + 2]}`;
  } catch {
    return undefined;
  }
}

/** A zombie (exited, not yet reaped) counts as gone: it holds no port and runs nothing. */
export const alive = (pid: number): boolean => {
  const stat = procStat(pid);
  return stat !== undefined && !stat.endsWith(' Z');
};
