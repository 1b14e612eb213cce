import { describe, expect, test } from '@jest/globals';
import { DEFAULT_POLICY, resolvePolicy } from '../../../../src/detect';
import { buildLevelModel, createLevelJudge, effectMatters, exceedsBaselineRate, longRunFactor, robustZ, windowMedianTail } from '../../../../src/detect/rules/level';
import { repeat, wobble } from '../helpers';

const P = DEFAULT_POLICY;
const feed = (judge: ReturnType<typeof createLevelJudge>, xs: number[]) => xs.map((x, i) => judge.push({ level: x, events: 0, exposure: 1 }, i));

describe('level rule: baseline model', () => {
  test('per-side scales: bursts above the median widen only the upper side', () => {
    const base = [...wobble(100, 24, 0.02), ...[150, 160, 170, 155, 165, 158].flatMap((x) => [x, x + 5])];
    const m = buildLevelModel(base, P);
    expect(m.scaleUp).toBeGreaterThan(2 * m.scaleDown);
    expect(robustZ(m.center + m.scaleUp, m)).toBeCloseTo(1, 9);
    expect(robustZ(m.center - m.scaleDown, m)).toBeCloseTo(-1, 9);
  });

  test('an autocorrelated (wandering) baseline gets a wider window spread than an iid one of the same MAD', () => {
    const iid = wobble(100, 60, 0.05);
    const wander = Array.from({ length: 60 }, (_, i) => 100 + 5 * Math.sin(i / 6));
    const a = buildLevelModel(iid, P);
    const b = buildLevelModel(wander, P);
    const k = a.windows.indexOf(8);
    expect(b.rho).toBeGreaterThan(a.rho);
    expect(b.medianSpread[k]!).toBeGreaterThan(a.medianSpread[k]!);
  });

  test('the long-run variance factor is 1 without autocorrelation and k with perfect correlation', () => {
    expect(longRunFactor(0, 8)).toBe(1);
    expect(longRunFactor(1, 8)).toBeCloseTo(8, 9);
  });

  test('windows follow the policy: 1 … shiftWindow', () => {
    expect(buildLevelModel(wobble(100, 30), P).windows).toEqual([1, 3, 5, 8, 13, 20]);
    expect(buildLevelModel(wobble(100, 30), resolvePolicy({ shiftMinSamples: 3, shiftWindow: 8 })).windows).toEqual([3, 5, 8]);
  });
});

describe('level rule: judging', () => {
  test('a doubled level is held from its first sample, fires on its third and explains value, centre, scale and statistic', () => {
    const m = buildLevelModel(wobble(100, 30), P);
    const looks = feed(createLevelJudge(m, 'increase', P), [200, 200, 200]);
    expect(looks[0]!.hit).toBeNull();
    expect(looks[0]!.detail).toMatch(/held for 1 of 3 looks/);
    expect(looks[1]!.hit).toBeNull();
    const look = looks[2];
    expect(look!.hit).not.toBeNull();
    expect(look!.hit!.held).toBe(3);
    expect(look!.hit!.rule).toBe('level-window');
    expect(look!.hit!.value).toBeCloseTo(200, 6);
    expect(look!.hit!.center).toBeCloseTo(m.center, 9);
    expect(look!.hit!.z).toBeGreaterThan(P.threshold);
    expect(look!.hit!.detail).toMatch(/median of the last (1|3) samples 200 vs baseline median/);
  });

  test('a late step is judged on trailing windows, not diluted by the quiet samples before it', () => {
    const m = buildLevelModel(wobble(100, 30, 0.02), P);
    const looks = feed(createLevelJudge(m, 'increase', P), [...wobble(100, 10, 0.02), ...repeat(130, 5)]);
    expect(looks.slice(0, 12).every((l) => l!.hit === null)).toBe(true);
    expect(looks[12]!.hit).not.toBeNull();
  });

  test('changes below the smallest change that matters never fire, however many sigmas', () => {
    const m = buildLevelModel(wobble(100, 30, 0.001), P);
    const looks = feed(createLevelJudge(m, 'increase', P), repeat(108, 20));
    expect(looks.every((l) => l!.hit === null)).toBe(true);
    expect(effectMatters(108, 100, 'increase', P)).toBe(false);
    expect(effectMatters(111, 100, 'increase', P)).toBe(true);
    expect(effectMatters(100 / 1.11, 100, 'decrease', P)).toBe(true);
  });

  test('a level the baseline itself held (its own envelope) does not fire', () => {
    const base = [...wobble(100, 40, 0.02), ...wobble(140, 6, 0.02), ...wobble(100, 40, 0.02)];
    const m = buildLevelModel(base, P);
    const looks = feed(createLevelJudge(m, 'increase', P), wobble(135, 6, 0.02));
    expect(looks.every((l) => l!.hit === null)).toBe(true);
  });

  test('either: both sides are judged, each with its own scale', () => {
    const m = buildLevelModel(wobble(100, 30), P);
    expect(feed(createLevelJudge(m, 'either', P), [40, 40, 40])[2]!.hit).not.toBeNull();
    expect(feed(createLevelJudge(m, 'either', P), [250, 250, 250])[2]!.hit).not.toBeNull();
    expect(feed(createLevelJudge(m, 'increase', P), [40, 40, 40]).every((l) => l!.hit === null)).toBe(true);
  });

  test('a mostly idle baseline needs the busy share to rise, not only a busy value', () => {
    const base = repeat(0, 30).map((x, i) => (i % 6 === 0 ? 50 : x));
    const m = buildLevelModel(base, P);
    expect(m.idle).toEqual({ busy: 5, n: 30 });
    // one burst of the kind the baseline shows: no
    expect(feed(createLevelJudge(m, 'increase', P), [0, 0, 60, 0, 0]).every((l) => l!.hit === null)).toBe(true);
    // busy all the time now: yes
    expect(feed(createLevelJudge(m, 'increase', P), repeat(60, 8)).some((l) => l!.hit !== null)).toBe(true);
  });
});

describe('level rule: spikes and bursts are not levels', () => {
  test('a two-sample spike seen by two overlapping windows is not held: too few samples beyond', () => {
    const m = buildLevelModel(wobble(100, 30, 0.02), P);
    const looks = feed(createLevelJudge(m, 'increase', P), [...wobble(100, 6, 0.02), 400, 400, ...wobble(100, 6, 0.02)]);
    expect(looks.every((l) => l!.hit === null)).toBe(true);
    expect(looks.some((l) => /only 2 of the latest \d+ samples beyond, need 3/.test(l!.detail))).toBe(true);
    // three samples at that level are a level
    const held = feed(createLevelJudge(m, 'increase', P), [...wobble(100, 6, 0.02), 400, 400, 400]);
    expect(held[8]!.hit).not.toBeNull();
  });

  test('a baseline that bursts as often as the candidate: a burst of the usual length does not fire, a lasting level does', () => {
    // bursts of 2–3 samples at ×6–×9, about one sample in five
    const base = wobble(100, 60, 0.05).map((x, i) => (i % 12 === 3 || i % 12 === 4 || i % 24 === 5 ? x * (6 + (i % 4)) : x));
    const m = buildLevelModel(base, P);
    expect(m.exceedUp[0]).toBeGreaterThan(0);
    const burst = feed(createLevelJudge(m, 'increase', P), [...wobble(100, 5, 0.05), 950, 980, 990, ...wobble(100, 5, 0.05)]);
    expect(burst.every((l) => l!.hit === null)).toBe(true);
    const level = feed(createLevelJudge(m, 'increase', P), repeat(900, 20));
    expect(level.some((l) => l!.hit !== null)).toBe(true);
  });

  test('the run test: a clean baseline always passes, a bursty one needs a run longer than its own rate predicts', () => {
    expect(exceedsBaselineRate(1, 0, 28, 0.01).ok).toBe(true);
    expect(exceedsBaselineRate(3, 6, 28, 0.01).ok).toBe(false);
    expect(exceedsBaselineRate(12, 6, 28, 0.01).ok).toBe(true);
  });

  test('the window-median tail: 0 beyond every baseline sample, larger when exceedances cluster', () => {
    const flat = [0, 0.5, -0.5, 1, -1, 0.2, -0.2, 0.8, -0.8, 0.1];
    expect(windowMedianTail(flat, 3, 5, 'increase')).toBe(0);
    const spread = [...repeat(0, 8), 10, 0, 0, 0, 10, 0, 0, 0, 10, 0, 0, 0];
    const clustered = [...repeat(0, 8), 10, 10, 10, ...repeat(0, 9)];
    expect(windowMedianTail(clustered, 3, 9, 'increase')).toBeGreaterThan(windowMedianTail(spread, 3, 9, 'increase'));
    expect(windowMedianTail(spread, 1, 9, 'increase')).toBeCloseTo(3 / 20, 9);
    expect(windowMedianTail(spread, 1, 9, 'decrease')).toBe(0);
  });
});
