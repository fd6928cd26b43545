import { afterEach, describe, expect, it } from 'vitest';
import { withinTimeLimit } from '../../functions/core/time-limit';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
afterEach(() => {
  unhandled.length = 0;
});

const settleAfter = <T>(ms: number, settle: (resolve: (v: T) => void, reject: (e: Error) => void) => void) =>
  new Promise<T>((resolve, reject) => setTimeout(() => settle(resolve, reject), ms));

describe('withinTimeLimit', () => {
  it('answers what the work answers in time', async () => {
    await expect(withinTimeLimit(Promise.resolve(7), 1000, () => new Error('late'))).resolves.toBe(7);
    await expect(
      withinTimeLimit(Promise.reject(new Error('refused')), 1000, () => new Error('late')),
    ).rejects.toThrow('refused');
  });

  it("rejects with the caller's error once the time is up, and ignores a later rejection", async () => {
    const work = settleAfter<number>(60, (_, reject) => reject(new Error('failed after the deadline')));
    await expect(withinTimeLimit(work, 10, () => new Error('out of time'))).rejects.toThrow('out of time');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(unhandled).toEqual([]);
  });
});
