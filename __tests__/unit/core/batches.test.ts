import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { planBatches } from '../../../src/plan/batches';
import { RollwatchError } from '../../../src/errors';

const hosts = (n: number) => Array.from({ length: n }, (_, i) => `h${i + 1}`);
const sizes = (b: unknown[][]) => b.map((x) => x.length);

describe('planBatches', () => {
  it('no hosts, no batches', () => {
    expect(planBatches([], 3)).toEqual([]);
    expect(planBatches([], '50%', true)).toEqual([]);
  });

  it('counts: fixed-size batches in host order, the last one smaller', () => {
    expect(planBatches(hosts(5), 2)).toEqual([['h1', 'h2'], ['h3', 'h4'], ['h5']]);
    expect(planBatches(hosts(3), 1)).toEqual([['h1'], ['h2'], ['h3']]);
    expect(planBatches(hosts(3), 3)).toEqual([['h1', 'h2', 'h3']]);
  });

  it('a count above the fleet size is one batch', () => {
    expect(planBatches(hosts(3), 10)).toEqual([['h1', 'h2', 'h3']]);
  });

  it.each([
    [10, '25%', [3, 3, 3, 1]],
    [4, '25%', [1, 1, 1, 1]],
    [3, '50%', [2, 1]],
    [7, '10%', [1, 1, 1, 1, 1, 1, 1]],
    [200, '1%', Array(100).fill(2)],
    [5, '100%', [5]],
    [1, '1%', [1]],
    [3, '34%', [2, 1]],
    [3, '33%', [1, 1, 1]],
  ])('%i hosts at %s → batch sizes %j (percentages round up)', (n, pct, expected) => {
    expect(sizes(planBatches(hosts(n), pct))).toEqual(expected);
  });

  it('canary: a single full batch is split into one host, then the rest', () => {
    expect(planBatches(hosts(4), '100%', true)).toEqual([['h1'], ['h2', 'h3', 'h4']]);
    expect(planBatches(hosts(4), 10, true)).toEqual([['h1'], ['h2', 'h3', 'h4']]);
  });

  it('canary: several batches are left alone, and one host stays one batch', () => {
    expect(planBatches(hosts(4), 2, true)).toEqual([['h1', 'h2'], ['h3', 'h4']]);
    expect(planBatches(hosts(3), 1, true)).toEqual([['h1'], ['h2'], ['h3']]);
    expect(planBatches(hosts(1), '100%', true)).toEqual([['h1']]);
  });

  it.each(['0%', '101%', '25', '25 %', '%', 'abc', '-5%', '12.5%', '1000%'])('%p is an input error on rollout.batchSize', (bad) => {
    let err: unknown;
    try {
      planBatches(hosts(4), bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RollwatchError);
    expect((err as RollwatchError).kind).toBe('input');
    expect((err as RollwatchError).field).toBe('rollout.batchSize');
    expect((err as RollwatchError).message).toContain(JSON.stringify(bad));
  });

  it('property: every host appears exactly once, in order, in non-empty batches no larger than asked', () => {
    const size = fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 100 }).map((p) => `${p}%`));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), size, fc.boolean(), (n, batchSize, canary) => {
        const list = hosts(n);
        const batches = planBatches(list, batchSize, canary);
        expect(batches.flat()).toEqual(list);
        expect(batches.every((b) => b.length > 0)).toBe(true);
        const cap = typeof batchSize === 'number' ? batchSize : Math.ceil((n * parseInt(batchSize, 10)) / 100);
        expect(Math.max(...sizes(batches))).toBeLessThanOrEqual(Math.max(1, cap));
        if (canary && n > 1) expect(batches.length).toBeGreaterThan(1);
      }),
      { numRuns: 500 },
    );
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('a numeric batch size of %p either is refused or still covers every host exactly once', (bad) => {
    let batches: string[][] | null = null;
    try {
      batches = planBatches(hosts(5), bad);
    } catch (err) {
      expect(err).toBeInstanceOf(RollwatchError);
      expect((err as RollwatchError).field).toBe('rollout.batchSize');
      return;
    }
    expect(batches.flat()).toEqual(hosts(5));
    expect(batches.every((b) => b.length > 0)).toBe(true);
  });
});
