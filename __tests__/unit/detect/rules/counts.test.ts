import { describe, expect, test } from '@jest/globals';
import { DEFAULT_POLICY } from '../../../../src/detect';
import { buildCountModel, createCountJudge } from '../../../../src/detect/rules/counts';
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
