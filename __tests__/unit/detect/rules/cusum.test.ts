import { describe, expect, test } from '@jest/globals';
import { DEFAULT_POLICY } from '../../../../src/detect';
import { buildCusumModel, createCusumJudge, CUSUM_CALIBRATION, CUSUM_H_MIN } from '../../../../src/detect/rules/cusum';
import { buildLevelModel } from '../../../../src/detect/rules/level';
import { repeat, wobble } from '../helpers';

const P = DEFAULT_POLICY;
function run(base: number[], cand: number[], direction: 'increase' | 'decrease' | 'either' = 'increase') {
  const lm = buildLevelModel(base, P);
  const cm = buildCusumModel(base, lm);
  const j = createCusumJudge(cm, lm, direction, P);
  return { cm, looks: cand.map((x, i) => j.push({ level: x, events: 0, exposure: 1 }, i)) };
}
const firstHit = (looks: ReturnType<typeof run>['looks']) => looks.findIndex((l) => l?.hit);

describe('cusum rule', () => {
  const base = wobble(100, 60, 0.05);

  test('a moderate shift that persists adds up and fails; its statistic and explanation are reported', () => {
    // +12 %: about 3 robust sigmas here, 20 samples
    const { looks } = run(base, wobble(112, 20, 0.05));
    const at = firstHit(looks);
    expect(at).toBeGreaterThan(2);
    const hit = looks[at]!.hit!;
    expect(hit.rule).toBe('cusum');
    expect(hit.z).toBeGreaterThan(P.threshold);
    expect(hit.detail).toMatch(/CUSUM of robust z .* calibrated on the baseline/);
  });

  test('the same series unchanged does not fail', () => {
    expect(firstHit(run(base, base.slice(20, 40)).looks)).toBe(-1);
  });

  test('the threshold is calibrated on the baseline: a wandering baseline raises it', () => {
    const quiet = run(base, []).cm;
    // the old version itself sat 3 sigmas high for its last 15 samples
    const wander = [...wobble(100, 45, 0.05), ...wobble(115, 15, 0.05)];
    const loud = run(wander, []).cm;
    expect(quiet.h.increase).toBeGreaterThanOrEqual(CUSUM_H_MIN);
    expect(loud.h.increase).toBeGreaterThan(quiet.h.increase);
    expect(CUSUM_CALIBRATION).toBeGreaterThan(1);
  });

  test('one spike adds at most the clip: a single huge value does not fail', () => {
    expect(firstHit(run(base, [100, 1e6, 100, 100, 100, 100]).looks)).toBe(-1);
  });

  test('a shift below the smallest change that matters never fails', () => {
    const tight = wobble(100, 60, 0.005);
    expect(firstHit(run(tight, repeat(105, 20)).looks)).toBe(-1);
  });

  test('direction: a drop is judged on the decrease side only', () => {
    expect(firstHit(run(base, wobble(85, 20, 0.05), 'decrease').looks)).toBeGreaterThanOrEqual(0);
    expect(firstHit(run(base, wobble(85, 20, 0.05), 'increase').looks)).toBe(-1);
  });
});
