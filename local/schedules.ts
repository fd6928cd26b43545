// The local stand-in for EventBridge Scheduler: every function declared with a `schedule`
// (contract/functions.ts) is invoked on a timer, through the same handler Lambda runs. Runs never
// overlap; a failed run is logged and the next one tries again.
import { functions } from '../contract/functions';
import { declaredFunctionTable, invokeLocalFunction } from './emulators/local-functions';

export interface LocalSchedules {
  /** Runs every scheduled function once now (tests), after any run in progress. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

/** `everySeconds` replaces each declared period (locally 10 s rather than a minute); 0 = no timer. */
export function startLocalSchedules(everySeconds: number): LocalSchedules {
  const scheduled = Object.entries(functions)
    .filter(([, declaration]) => 'schedule' in declaration && declaration.schedule)
    .map(([name]) => name);
  let running: Promise<void> = Promise.resolve();
  const runAll = () => {
    running = running.then(async () => {
      for (const name of scheduled) {
        await invokeLocalFunction(declaredFunctionTable(), name, { source: 'local.scheduler' }).catch(
          (error) => console.error(`[local scheduler] ${name} failed:`, error),
        );
      }
    });
    return running;
  };
  const timer = everySeconds > 0 ? setInterval(() => void runAll(), everySeconds * 1000) : undefined;
  timer?.unref();
  return {
    runNow: runAll,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
