// bench/flash.ts's figures for the rush after the sell-out: the refusal path's CPU and what each
// other checkout of the sale cost, including the runs where a figure has nothing to divide by.
import { expect, it } from 'vitest';
import { sellOutFigures } from '../../bench/flash/figures';

it('takes the refusals out of the sale: 40 checkouts, 19 refused at 12 ms, 1908 ms in all', () => {
  const { perRefusal, perOtherCheckout } = sellOutFigures(
    { checkouts: 30, refused: 30, nodeCpuMs: 210, jvmCpuMs: 150 },
    { checkouts: 40, refusedAtCheckout: 19, cpuMs: 1908 },
  );
  expect(perRefusal).toEqual({ nodeMs: 7, jvmMs: 5, ms: 12 });
  expect(perOtherCheckout).toBeCloseTo((1908 - 19 * 12) / 21, 6);
});

it('has no refusal figure when no one was left holding the unit (shoppers <= units)', () => {
  const figures = sellOutFigures(
    { checkouts: 0, refused: 0, nodeCpuMs: 3, jvmCpuMs: 0 },
    { checkouts: 10, refusedAtCheckout: 0, cpuMs: 500 },
  );
  expect(figures.perRefusal).toBeUndefined();
  // No refusal in the sale: each checkout is an "other" one, whatever the refusal costs.
  expect(figures.perOtherCheckout).toBe(50);
});

it('does not call a rush a refusal figure when some answers were not refusals', () => {
  const figures = sellOutFigures(
    { checkouts: 30, refused: 28, nodeCpuMs: 400, jvmCpuMs: 200 },
    { checkouts: 40, refusedAtCheckout: 19, cpuMs: 1908 },
  );
  expect(figures.perRefusal).toBeUndefined();
  expect(figures.perOtherCheckout).toBeUndefined();
});

it('has no "other checkout" figure when every checkout of the sale was refused', () => {
  const figures = sellOutFigures(
    { checkouts: 5, refused: 5, nodeCpuMs: 50, jvmCpuMs: 10 },
    { checkouts: 5, refusedAtCheckout: 5, cpuMs: 60 },
  );
  expect(figures.perRefusal?.ms).toBe(12);
  expect(figures.perOtherCheckout).toBeUndefined();
});
