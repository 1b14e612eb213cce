import { describe, expect, test } from '@jest/globals';
import { resolvePolicy } from '../../../../src/detect';
import { BreachRuns, buildClassicModel, createClassicJudge } from '../../../../src/detect/rules/classic';

describe('classic rule', () => {
  test('mean and standard deviation of the baseline', () => {
    const m = buildClassicModel([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], resolvePolicy({ method: 'classic' }));
    expect(m.center).toBeCloseTo(5.5, 12);
    expect(m.scale).toBeCloseTo(3.02765, 4);
  });

  test('first breach fails with the classic preset', () => {
    const pol = resolvePolicy({ method: 'classic' });
    const j = createClassicJudge(buildClassicModel([10, 11, 9, 10, 11, 9, 10, 10, 11, 9], pol), 'increase', pol);
    expect(j.push({ level: 10.5, events: 0, exposure: 1 }, 0)!.hit).toBeNull();
    const look = j.push({ level: 20, events: 0, exposure: 1 }, 1)!;
    expect(look.hit?.rule).toBe('classic-first-breach');
  });

  test('N consecutive or M of the last N', () => {
    const runs = new BreachRuns(3, { breaches: 3, of: 5 });
    expect([true, false, true, false].map((b) => runs.feed(b))).toEqual([null, null, null, null]);
    expect(runs.feed(true)).toBe('window');
    const strict = new BreachRuns(2, null);
    expect([true, false, true, true].map((b) => strict.feed(b))).toEqual([null, null, null, 'consecutive']);
  });
});
