// PAYMENT_WINDOW_SECONDS=0 would start every saga with an expired window: refused where it is read.
import { afterEach, describe, expect, it } from 'vitest';
import { paymentWindowSeconds } from '../../functions/core/config';

afterEach(() => {
  delete process.env.PAYMENT_WINDOW_SECONDS;
});

describe('paymentWindowSeconds', () => {
  it('defaults to 600 and reads a positive integer', () => {
    expect(paymentWindowSeconds()).toBe(600);
    process.env.PAYMENT_WINDOW_SECONDS = '45';
    expect(paymentWindowSeconds()).toBe(45);
  });

  it.each(['0', '-5', '1.5', 'soon'])('refuses %s', (value) => {
    process.env.PAYMENT_WINDOW_SECONDS = value;
    expect(() => paymentWindowSeconds()).toThrow(/PAYMENT_WINDOW_SECONDS/);
  });
});
