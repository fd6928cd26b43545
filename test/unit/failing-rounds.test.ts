// A polling loop's failures on a clock the test moves: said once while the same error repeats (a
// reminder every 30 s), anew when the error changes, one line when a round works again; the wait
// between rounds doubles from the interval up to its cap and is back to the interval after a success.
import { describe, expect, it } from 'vitest';
import { trackFailingRounds } from '../../local/emulators/failing-rounds';

const refused = new Error('connect ECONNREFUSED 127.0.0.1:8000');

function tracked() {
  const clock = { ms: 1_000_000 };
  const lines: string[] = [];
  const rounds = trackFailingRounds({
    what: "orders's stream",
    intervalMs: 150,
    log: (level, message) => lines.push(`${level}: ${message}`),
    now: () => clock.ms,
  });
  /** One failing round, then the wait the loop would take. */
  const fail = (error: unknown = refused) => {
    rounds.failed(error);
    clock.ms += rounds.nextWaitMs();
  };
  return { clock, lines, rounds, fail };
}

describe('failing polling rounds', () => {
  it('say the first failure once and stay quiet while it repeats', () => {
    const { lines, fail } = tracked();
    for (let i = 0; i < 14; i++) fail(); // 14 rounds: 0.3 + 0.6 + 1.2 + 2 × 11 = 24.1 s
    expect(lines).toEqual([`warn: polling orders's stream failed: ${refused.message}`]);
  });

  it('remind at most every 30 s how long it has been failing', () => {
    const { lines, fail } = tracked();
    for (let i = 0; i < 40; i++) fail(); // 2.1 + 37 × 2 = 76.1 s
    expect(lines).toEqual([
      `warn: polling orders's stream failed: ${refused.message}`,
      `warn: polling orders's stream still failing after 30.1 s: ${refused.message}`,
      `warn: polling orders's stream still failing after 60.1 s: ${refused.message}`,
    ]);
  });

  it('say a different error anew, and one line when a round works again', () => {
    const { lines, rounds, fail } = tracked();
    fail();
    fail();
    const gone = Object.assign(new Error('Requested resource not found'), {
      name: 'ResourceNotFoundException',
    });
    fail(gone);
    fail(gone);
    rounds.succeeded();
    rounds.succeeded();
    expect(lines).toEqual([
      `warn: polling orders's stream failed: ${refused.message}`,
      "warn: polling orders's stream failed: Requested resource not found",
      "info: orders's stream: polling again after 4.1 s", // 0.3 + 0.6 + 1.2 + 2 (the cap)
    ]);
  });

  it('double the wait from the interval up to the cap, and go back to the interval after a success', () => {
    const { rounds } = tracked();
    const waits = [rounds.nextWaitMs()];
    for (let i = 0; i < 6; i++) {
      rounds.failed(refused);
      waits.push(rounds.nextWaitMs());
    }
    rounds.succeeded();
    waits.push(rounds.nextWaitMs());
    expect(waits).toEqual([150, 300, 600, 1200, 2000, 2000, 2000, 150]);
  });

  it('name an error without a message by its code', () => {
    const { lines, fail } = tracked();
    fail(Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' }));
    expect(lines).toEqual(["warn: polling orders's stream failed: ECONNREFUSED"]);
  });

  it('say the same error again after a recovery', () => {
    const { lines, rounds, fail } = tracked();
    fail();
    rounds.succeeded();
    fail();
    expect(lines.filter((line) => line.startsWith('warn'))).toHaveLength(2);
  });
});
