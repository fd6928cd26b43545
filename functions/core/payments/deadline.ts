// The time an invocation has left for Razorpay. A route that chains provider calls (a cancel's
// refund, /payments/verify, a webhook's late-capture refund) must answer before its Lambda times
// out: past the timeout AWS answers 500 {"message":"Internal Server Error"}, not our 503 with
// retry-after. So every invocation sets a deadline from its Lambda context, keeping a reserve for
// the writes and the answer after the last call; a call that cannot finish by then fails as
// Unavailable (retryable: 503 at the edge, a retry in the saga) instead of running into the timeout.
import { AsyncLocalStorage } from 'node:async_hooks';
import { envInt } from '../config';
import { withinTimeLimit } from '../time-limit';
import { PaymentProviderUnavailableError } from './errors';

const deadlines = new AsyncLocalStorage<number>();

/** Kept after the last provider call for what follows it (DynamoDB writes, the answer). */
export const deadlineReserveMs = () => envInt('RAZORPAY_DEADLINE_RESERVE_MS', 1500);

/** A call with less than this left is not started: it could only time out. */
const MIN_CALL_MS = 100;

/** Runs `run` with provider calls bounded by `remainingMs` (the Lambda's time left) less the reserve. */
export function withProviderDeadline<T>(remainingMs: number | undefined, run: () => Promise<T>): Promise<T> {
  if (remainingMs === undefined || !Number.isFinite(remainingMs)) return run();
  return deadlines.run(Date.now() + remainingMs - deadlineReserveMs(), run);
}

/** Milliseconds left for provider calls in this invocation; undefined outside one with a deadline. */
export function providerTimeLeft(): number | undefined {
  const deadline = deadlines.getStore();
  return deadline === undefined ? undefined : deadline - Date.now();
}

const outOfTime = (operation: string) =>
  new PaymentProviderUnavailableError({
    code: 'DEADLINE',
    description: 'No time left in this invocation for the Razorpay call; try again later',
    operation,
  });

/** Refuses to start a call past the deadline (before the breaker: it says nothing of Razorpay). */
export function checkProviderTime(operation: string): void {
  const left = providerTimeLeft();
  if (left !== undefined && left < MIN_CALL_MS) throw outOfTime(operation);
}

/** `call`, abandoned as Unavailable if it has not answered by the deadline. */
export async function withinProviderDeadline<T>(operation: string, call: () => Promise<T>): Promise<T> {
  const left = providerTimeLeft();
  if (left === undefined) return call();
  return withinTimeLimit(call(), Math.max(0, left), () => outOfTime(operation));
}
