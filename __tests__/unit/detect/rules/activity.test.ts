import { describe, expect, test } from '@jest/globals';
import { DEFAULT_POLICY, resolvePolicy } from '../../../../src/detect';
import { buildActivityModel, createActivityJudge } from '../../../../src/detect/rules/activity';
import { buildLevelModel } from '../../../../src/detect/rules/level';
import { gauge, repeat, run as track, vals } from '../helpers';

const P = DEFAULT_POLICY;
/** A mostly idle on/off series: 25 idle samples, one burst of 5 (the longest busy run). */
const idle = [...repeat(0, 10), 2e7, 1.4e8, 4.9e7, 3.1e7, 2.9e6, ...repeat(0, 15)];

function run(base: number[], cand: number[], direction: 'increase' | 'decrease' | 'either' = 'increase', pol = P) {
  const j = createActivityJudge(buildActivityModel(base)!, buildLevelModel(base, pol), direction, pol);
  return j ? cand.map((x, i) => j.push({ level: x, events: 0, exposure: 1 }, i)) : null;
}
const firstHit = (looks: ReturnType<typeof run>) => looks!.findIndex((l) => l?.hit);

describe('busy-run rule', () => {
  test('only mostly idle baselines get a model; its longest busy run and smoothed busy share', () => {
    expect(buildActivityModel([1, 2, 0, 3])).toBeNull();
    expect(buildActivityModel([0, 1, 0, 1])).toBeNull(); // exactly half idle is not mostly idle
    expect(buildActivityModel(idle)).toEqual({ n: 30, busy: 5, longestRun: 5, busyShare: 6 / 32 });
    expect(buildActivityModel(repeat(0, 20))).toEqual({ n: 20, busy: 0, longestRun: 1, busyShare: 1 / 22 });
    // A missing sample neither extends nor breaks a run.
    expect(buildActivityModel([0, 0, 0, 0, 0, 5, null, 5, 0])!.longestRun).toBe(2);
  });

  test('a new version that never idles any more fails once its busy run is twice the longest burst plus the hold, and unlikely', () => {
    const looks = run(idle, repeat(4.1e7, 20));
    // need = 2·5 + 3 = 13 samples; P = (6/32)^(13/5) ≈ 0.013 ≥ α, 14 samples: (6/32)^2.8 ≈ 0.009.
    expect(firstHit(looks)).toBe(13);
    const hit = looks![13]!.hit!;
    expect(hit.rule).toBe('busy-run');
    expect(hit.value).toBe(4.1e7);
    expect(hit.detail).toMatch(/^the last 14 samples all busy \(non-zero, median 4\.1e\+7\) vs a mostly idle old version \(5 busy of 30, longest busy run 5\): a run of 14 needs 13 .* P = 0\.1875\^\(14\/5\) = 0\.009\d* vs α 0\.01$/);
  });

  test('the same level passes the level rule alone: its robust sigmas are set by the bursts', () => {
    const cand = vals(repeat(4.1e7, 20));
    const final = track(gauge(), P, vals(idle), cand).final;
    expect(final.verdict).toBe('fail');
    expect(final.explain.rule).toBe('busy-run');
    expect(final.decidedAt).toBe(13);
  });

  test('one idle sample restarts the run; bursts like the old ones never fire', () => {
    expect(firstHit(run(idle, [...repeat(5e7, 12), 0, ...repeat(5e7, 7)]))).toBe(-1);
    expect(firstHit(run(idle, [...repeat(0, 5), 3e7, 1e8, 5e7, 2e7, 1e6, ...repeat(0, 10)]))).toBe(-1);
  });

  test('a fully idle baseline needs 2 + hold busy samples in a row that are unlikely from 1/22', () => {
    const looks = run(repeat(0, 20), repeat(7, 8));
    expect(firstHit(looks)).toBe(4); // run of 5 ≥ 2·1 + 3
  });

  test('decrease is not judged (idle is normal there); either judges the increase side', () => {
    expect(run(idle, repeat(4.1e7, 20), 'decrease')).toBeNull();
    expect(firstHit(run(idle, repeat(4.1e7, 20), 'either'))).toBe(13);
  });

  test('a busy run below the smallest change that matters (minAbsoluteEffect) does not fire', () => {
    const pol = resolvePolicy({ minAbsoluteEffect: 1e8 });
    const looks = run(idle, repeat(4.1e7, 20), 'increase', pol);
    expect(firstHit(looks)).toBe(-1);
    expect(looks![19]!.detail).toMatch(/below the smallest change that matters$/);
  });
});
