import { describe, expect, test } from '@jest/globals';
import { DEFAULT_POLICY, resolvePolicy } from '../../../../src/detect';
import { buildActivityModel, buildBurstModel, createActivityJudge, createBurstJudge, runsBeyond } from '../../../../src/detect/rules/activity';
import { buildLevelModel, createLevelJudge } from '../../../../src/detect/rules/level';
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

/** Periodic bursts (an autoscaling group that flaps): quiet near 31, a burst of three samples every ten. */
const flapping = Array.from({ length: 30 }, (_, i) => [31, 30.5, 31.2, 30.8, 31, 30.6, 31.4, 44, 100, 60][i % 10]!);
const quietAt = (level: number, n: number) => Array.from({ length: n }, (_, i) => level + [0, 0.3, -0.2, 0.4, -0.3][i % 5]!);

function runBurst(base: number[], cand: number[], direction: 'increase' | 'decrease' | 'either' = 'increase', pol = P) {
  const bm = buildBurstModel(base, direction);
  if (!bm) return null;
  const j = createBurstJudge(bm, buildLevelModel(base, pol), pol);
  return cand.map((x, i) => j.push({ level: x, events: 0, exposure: 1 }, i));
}

describe('burst-run rule', () => {
  test('a side is bursty when its own MAD scale is more than twice the whole baseline’s; only those sides get run statistics', () => {
    const m = buildBurstModel(flapping, 'either')!;
    expect(m.n).toBe(30);
    expect(m.sides.map((s) => s.side)).toEqual(['increase']);
    expect(buildBurstModel(quietAt(31, 30), 'either')).toBeNull();
    expect(buildBurstModel(flapping, 'decrease')).toBeNull();
  });

  test('run statistics of the samples at or beyond each level: count, separate runs, longest run', () => {
    const side = buildBurstModel(flapping, 'increase')!.sides[0]!;
    expect(runsBeyond(side, 101)).toBeNull();
    expect(runsBeyond(side, 100)).toEqual({ count: 3, runs: 3, longest: 1 });
    expect(runsBeyond(side, 50)).toEqual({ count: 6, runs: 3, longest: 2 });
    expect(runsBeyond(side, 44)).toEqual({ count: 9, runs: 3, longest: 3 });
    // Runs merge when the samples between them join: at or above 30.5 every sample but none is below… 30.5 is the lowest.
    expect(runsBeyond(side, 30.5)).toEqual({ count: 30, runs: 1, longest: 30 });
  });

  test('a new quiet level where the old version went only in bursts fails once the run is twice the longest burst plus the hold, and unlikely', () => {
    const looks = runBurst(flapping, quietAt(50, 20))!;
    // c = 49.7; at or above it: 100, 60 in each of 3 bursts (6 samples, runs of 2), but a burst lasts 3 samples
    // (44, 100, 60 beyond 3 whole-baseline sigmas): L = 3, need 9, so the 13-sample window, P = (7/32)^(13/3) ≈ 0.0014.
    const at = looks.findIndex((l) => l?.hit);
    expect(at).toBe(12);
    const hit = looks[at]!.hit!;
    expect(hit.rule).toBe('burst-run');
    expect(hit.detail).toMatch(/^the last 13 samples all at or above 49\.7 \(median 50 vs baseline median 31\.1\), where the old version went only in bursts \(6 of 30 samples in 3 runs, the longest 2, its longest burst 3\): a run of 13 needs 9 .* P = 0\.2188\^\(13\/3\) = 0\.0013\d* vs α 0\.01$/);
  });

  test('the longest burst of any height sets the run length: a higher, shorter part of a burst does not shorten the need', () => {
    const side = buildBurstModel(flapping, 'increase')!.sides[0]!;
    expect(side.longestBurst).toBe(3);
    expect(runsBeyond(side, 49.7)!.longest).toBe(2);
  });

  test('through the tracker: the level rule lets it pass (its sigmas and envelope see the bursts), the burst-run rule fails it', () => {
    const final = track(gauge(), P, vals(flapping), vals(quietAt(50, 20))).final;
    expect(final.verdict).toBe('fail');
    expect(final.explain.rule).toBe('burst-run');
    const level = createLevelJudge(buildLevelModel(flapping, P), 'increase', P);
    expect(quietAt(50, 20).map((x, i) => level.push({ level: x, events: 0, exposure: 1 }, i)).some((l) => l?.hit)).toBe(false);
  });

  test('the old version’s own bursts, and a level it reached in one run only, never fire', () => {
    expect(runBurst(flapping, flapping.slice(0, 20))!.some((l) => l?.hit)).toBe(false);
    // Bursts to 44–47 come and go, 90+ was reached in one run only: a level the old version held once, not a burst
    // (the departure and level rules judge it).
    const once = [...flapping.map((x) => Math.min(x, 47)), 90, 100, 95, ...quietAt(31, 5)];
    expect(buildBurstModel(once, 'increase')).not.toBeNull();
    expect(runsBeyond(buildBurstModel(once, 'increase')!.sides[0]!, 80)!.runs).toBe(1);
    expect(runBurst(once, quietAt(80, 20))!.some((l) => l?.hit)).toBe(false);
  });

  test('the decrease side: a rate that drops in bursts, then stays at the burst level', () => {
    const drops = flapping.map((x) => 200 - x);
    const looks = runBurst(drops, quietAt(150, 20), 'decrease')!;
    expect(looks.findIndex((l) => l?.hit)).toBe(12);
    expect(looks[12]!.hit!.detail).toMatch(/^the last 13 samples all at or below 150\.4 \(median 150 vs baseline median 168\.9\)/);
  });

  test('a window below the smallest change that matters does not fire', () => {
    const looks = runBurst(flapping, quietAt(50, 20), 'increase', resolvePolicy({ minAbsoluteEffect: 30 }))!;
    expect(looks.some((l) => l?.hit)).toBe(false);
    expect(looks[19]!.detail).toMatch(/below the smallest change that matters$/);
  });
});
