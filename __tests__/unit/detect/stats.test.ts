import { describe, expect, test } from '@jest/globals';
import {
  betaInc,
  binomialLowerTail,
  binomialUpperTail,
  gammaP,
  gammaQ,
  lag1Autocorrelation,
  mad,
  median,
  normalQuantile,
  poissonUpperTail,
  robustScale,
  stdev,
  zFromUpperTail,
} from '../../../src/detect/stats';

describe('location and scale', () => {
  test('median of odd and even arrays, without overflow', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.MAX_VALUE, Number.MAX_VALUE])).toBe(Number.MAX_VALUE);
  });

  test('MAD and sample standard deviation', () => {
    expect(mad([1, 2, 3, 4, 100], 3)).toBe(1);
    expect(stdev([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
  });

  test('robust scale: MAD, then mean absolute deviation, then the floor', () => {
    expect(robustScale([1, 2, 3, 4, 5], 0, 0)).toMatchObject({ median: 3, source: 'mad' });
    expect(robustScale([1, 2, 3, 4, 5], 0, 0).scale).toBeCloseTo(1.4826, 4);
    // More than half of the values equal: MAD = 0, fallback on mean |b − m|.
    const r = robustScale([5, 5, 5, 5, 5, 5, 9], 0, 0);
    expect(r.source).toBe('meanad');
    expect(r.scale).toBeCloseTo((1.2533 * 4) / 7, 6);
    // Constant baseline: the floor (relative to the median) applies.
    expect(robustScale([50, 50, 50], 1e-9, 0.01)).toEqual({ median: 50, scale: 0.5, source: 'floor' });
    expect(robustScale([0, 0, 0], 1e-9, 0.01)).toEqual({ median: 0, scale: 1e-9, source: 'floor' });
    expect(robustScale([0, 0, 0], 0, 0).scale).toBeGreaterThan(0);
  });
});

describe('distribution tails', () => {
  test('regularized incomplete gamma matches known values', () => {
    expect(gammaP(1, 1)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(gammaQ(3, 2)).toBeCloseTo(Math.exp(-2) * (1 + 2 + 2), 12);
    expect(gammaP(50, 60) + gammaQ(50, 60)).toBeCloseTo(1, 12);
  });

  test('Poisson upper tail', () => {
    // P(X ≥ 1 | 0.5) = 1 − e^−0.5
    expect(poissonUpperTail(1, 0.5)).toBeCloseTo(1 - Math.exp(-0.5), 12);
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(12, 0.033)).toBeLessThan(1e-20);
  });

  test('binomial tails through the incomplete beta', () => {
    expect(betaInc(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    // P(X ≥ 12 | Bin(12, p)) = p^12
    expect(binomialUpperTail(12, 12, 0.4)).toBeCloseTo(0.4 ** 12, 15);
    // P(X ≥ 2 | Bin(5, 0.5)) = 26/32
    expect(binomialUpperTail(2, 5, 0.5)).toBeCloseTo(26 / 32, 12);
    // P(X ≤ 1 | Bin(5, 0.5)) = 6/32
    expect(binomialLowerTail(1, 5, 0.5)).toBeCloseTo(6 / 32, 12);
    expect(binomialUpperTail(0, 5, 0.5)).toBe(1);
    expect(binomialUpperTail(6, 5, 0.5)).toBe(0);
  });

  test('normal quantile and z from a tail probability', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(zFromUpperTail(0.5)).toBeCloseTo(0, 9);
    expect(zFromUpperTail(1e-320)).toBeGreaterThan(37);
    expect(Number.isFinite(zFromUpperTail(0))).toBe(true);
    expect(Number.isFinite(zFromUpperTail(1))).toBe(true);
  });

  test('lag-1 autocorrelation sees a slow series and skips gaps', () => {
    const slow = Array.from({ length: 40 }, (_, i) => Math.sin(i / 6));
    const fast = Array.from({ length: 40 }, (_, i) => (i % 2 ? 1 : -1));
    expect(lag1Autocorrelation(slow, 0, 0.5)).toBeGreaterThan(0.8);
    expect(lag1Autocorrelation(fast, 0, 1)).toBeLessThan(-0.9);
    expect(lag1Autocorrelation([1, null, 2, null, 3], 2, 1)).toBe(0);
  });
});
