import { describe, expect, test } from '@jest/globals';
import { DEFAULT_POLICY } from '../../../../src/detect';
import { buildCountModel, createCountJudge, studentInflation } from '../../../../src/detect/rules/counts';
import { repeat } from '../helpers';

const P = DEFAULT_POLICY;
const samples = (events: number[], exposure: number) => events.map((e) => ({ events: e, exposure }));
function judge(base: number[], cand: number[], exposure = 1000, direction: 'increase' | 'decrease' | 'either' = 'increase') {
  const m = buildCountModel(samples(base, exposure), true)!;
  const j = createCountJudge(m, direction, P);
  return cand.map((e, i) => j.push({ level: e / exposure, events: e, exposure }, i));
}
const firstHit = (looks: ReturnType<typeof judge>) => looks.findIndex((l) => l?.hit);

describe('count rule', () => {
  test('0 errors in 60 000 requests, then 5 in 20 000 fails (P = 0.25⁵ since the deploy)', () => {
    // one error every 4 000 requests: no trailing window holds enough of them alone
    const m = buildCountModel(samples(repeat(0, 60), 1000), true)!;
    const j = createCountJudge(m, 'increase', P);
    const looks = repeat(1, 5).map((e, i) => j.push({ level: e / 4000, events: e, exposure: 4000 }, i));
    const at = firstHit(looks);
    expect(at).toBeGreaterThanOrEqual(2); // at least minCountEffect (3) events
    expect(at).toBeLessThanOrEqual(4);
    expect(looks[at]!.hit!.detail).toMatch(/since the deploy/);
  });

  test('0 → 3 errors arriving together fail on the trailing window, not before the third', () => {
    const looks = judge(repeat(0, 60), [...repeat(0, 10), 1, 1, 1, 0]);
    expect(firstHit(looks)).toBe(12);
    expect(looks[12]!.hit!.detail).toMatch(/over the last 5 samples/);
  });

  test('fewer than minCountEffect events above expectation never fail', () => {
    expect(firstHit(judge(repeat(0, 120), [2, 0, 0, 0]))).toBe(-1);
  });

  test('the rate is per request: twice the errors with twice the traffic pass', () => {
    const m = buildCountModel(samples(repeat(20, 30), 10_000), true)!;
    const j = createCountJudge(m, 'increase', P);
    const looks = repeat(40, 20).map((e, i) => j.push({ level: e / 20_000, events: e, exposure: 20_000 }, i));
    expect(looks.every((l) => !l?.hit)).toBe(true);
    expect(firstHit(judge(repeat(20, 30), repeat(40, 20), 10_000))).toBeGreaterThanOrEqual(0);
  });

  test('over-dispersed baselines widen the test (φ from the baseline)', () => {
    const bursty = [0, 0, 40, 0, 0, 0, 35, 0, 0, 0, 0, 45, 0, 0, 0, 30, 0, 0, 0, 0, 50, 0, 0, 0, 0, 40, 0, 0, 0, 0];
    expect(buildCountModel(samples(bursty, 1000), true)!.phi).toBeGreaterThan(10);
    expect(firstHit(judge(bursty, [0, 45, 0, 0, 40, 0, 0, 0, 50, 0]))).toBe(-1);
  });

  test('decrease: a drop in the rate is judged on the lower tail', () => {
    expect(firstHit(judge(repeat(50, 30), repeat(5, 10), 1000, 'decrease'))).toBeGreaterThanOrEqual(0);
    expect(firstHit(judge(repeat(50, 30), repeat(5, 10), 1000, 'increase'))).toBe(-1);
  });

  test('no exposure in the baseline: no model', () => {
    expect(buildCountModel(samples(repeat(0, 30), 0), true)).toBeNull();
  });
});

describe('count rule: an estimated dispersion is uncertain', () => {
  test('the t inflation is 1 without an estimate, above 1 on few degrees of freedom and shrinks towards 1 with more', () => {
    expect(studentInflation(0.003, 0)).toBe(1);
    const few = studentInflation(0.003, 9);
    const many = studentInflation(0.003, 119);
    expect(few).toBeGreaterThan(many);
    expect(many).toBeGreaterThan(1);
    expect(many).toBeLessThan(1.05);
  });

  test('the model records the degrees of freedom only when φ > 1 was estimated', () => {
    const poissonLike = buildCountModel(samples([10, 11, 9, 10, 10, 11, 9, 10], 1000), true)!;
    expect(poissonLike.phi).toBe(1);
    expect(poissonLike.phiDf).toBe(0);
    const bursty = buildCountModel(samples([2, 30, 5, 25, 3, 28, 4, 22], 1000), true)!;
    expect(bursty.phi).toBeGreaterThan(1);
    expect(bursty.phiDf).toBe(7);
  });

  test('a window at the edge of significance with a point estimate of φ is not significant once its uncertainty counts', () => {
    const base = [2, 30, 5, 25, 3, 28, 4, 22, 6, 18, 9, 15, 12, 14, 8, 20, 7, 16, 11, 13];
    const m = buildCountModel(samples(base, 1000), true)!;
    const withT = createCountJudge(m, 'increase', P);
    const pointEstimate = createCountJudge({ ...m, phiDf: 0 }, 'increase', P);
    const cand = repeat(40, 5);
    const a = cand.map((e, i) => withT.push({ level: e / 1000, events: e, exposure: 1000 }, i));
    const b = cand.map((e, i) => pointEstimate.push({ level: e / 1000, events: e, exposure: 1000 }, i));
    expect(a[4]!.z).toBeLessThan(b[4]!.z);
  });
});
