// The whole local system in this process, for a bench: free ports, in memory, and a watchdog that
// stops it and exits if the bench outlives `watchdogMs` (a bench must always end by itself).
import { freePort } from '../../local/free-port';
import type { LocalSystem } from '../../local/system';

export async function startBenchSystem(watchdogMs: number): Promise<LocalSystem> {
  // Imported here, after the bench set its environment: the logger reads it once.
  const { startLocalSystem } = await import('../../local/system');
  const system = await startLocalSystem({ httpPort: 0, wsPort: 0, dynamoPort: await freePort() });
  const watchdog = setTimeout(() => {
    console.error(`\nGave up after ${watchdogMs / 60_000} min; stopping.`);
    void system.stop().finally(() => process.exit(1));
  }, watchdogMs);
  watchdog.unref();
  return system;
}
