import { describe, expect, test } from '@jest/globals';
import { CLASSIC_POLICY, DEFAULT_POLICY, createMetricTracker, resolvePolicy } from '../../../src/detect';
import type { MetricStatus } from '../../../src/detect';
import { count, gauge, repeat, run, vals, wobble } from './helpers';

const P = DEFAULT_POLICY;
/** Policy without the shift rule or M-of-N rule, to test the consecutive rule alone. */
const POINT_ONLY = resolvePolicy({ shiftMinSamples: 0, window: null });

function allFinite(s: MetricStatus): boolean {
  const nums = [s.explain.median, s.explain.scale, s.explain.value, s.explain.z, s.worstZ].filter((x) => x !== null);
  return nums.every((x) => Number.isFinite(x));
}

describe('zero-variance baselines', () => {
  test('a constant baseline gives a finite z and no failure on equal values', () => {
    const { final, statuses } = run(gauge(), P, vals(repeat(100, 30)), vals(repeat(100, 20)));
    expect(final.verdict).toBe('pass');
    expect(statuses.every(allFinite)).toBe(true);
    expect(final.explain.scale).toBeCloseTo(1, 9); // 1 % of the median
    expect(final.worstZ).toBe(0);
  });

  test('a constant baseline: small changes pass (effect gate), large ones fail with a finite z', () => {
    expect(run(gauge(), P, vals(repeat(100, 30)), vals(repeat(110, 20))).final.verdict).toBe('pass');
    const { final } = run(gauge(), P, vals(repeat(100, 30)), vals(repeat(200, 20)));
    expect(final.verdict).toBe('fail');
    expect(final.decidedAt).toBe(2);
    expect(Number.isFinite(final.explain.z)).toBe(true);
    expect(final.explain.value).toBe(200);
    expect(final.explain.rule).toBe('level-window');
    expect(final.explain.z).toBeGreaterThan(P.threshold);
  });

  test('a constant zero baseline: any sustained non-zero value is a breach, z stays finite', () => {
    const { final } = run(gauge(), P, vals(repeat(0, 30)), vals(repeat(0.5, 20)));
    expect(final.verdict).toBe('fail');
    expect(Number.isFinite(final.explain.z)).toBe(true);
    // minAbsoluteEffect filters changes too small to matter in the metric's unit
    const policy = resolvePolicy({ minAbsoluteEffect: 1 });
    expect(run(gauge(), policy, vals(repeat(0, 30)), vals(repeat(0.5, 20))).final.verdict).toBe('pass');
  });

  test('MAD of 0 with some spread falls back to the mean absolute deviation', () => {
    const base = [...repeat(10, 20), 12, 8, 14, 6, 10, 10, 10, 10, 10, 10];
    const { final } = run(gauge(), P, vals(base), vals(repeat(10, 10)));
    expect(final.verdict).toBe('pass');
    expect(final.explain.scale).toBeCloseTo((1.2533 * 12) / 30, 6);
  });
});

describe('count metrics near zero', () => {
  const totals = (n: number, each: number) => repeat(each, n);

  test('0 errors before, 12 now fails', () => {
    const base = vals(repeat(0, 30), totals(30, 10_000));
    const cand = vals([12, 0, 0, 0, 0, 0], totals(6, 10_000));
    const { final } = run(count(), P, base, cand);
    expect(final.verdict).toBe('fail');
    expect(final.decidedAt).toBe(0); // 12 events against none: significant at once
    expect(final.explain.rule).toBe('count-window');
    expect(final.explain.value).toBe(12);
    expect(final.reason).toMatch(/12 events/);
  });

  test('0 errors before, 1 in 10 000 now passes', () => {
    const base = vals(repeat(0, 30), totals(30, 10_000));
    const cand = vals([1, 0, 0, 0, 0, 0, 0, 0, 0, 0], totals(10, 1_000));
    expect(run(count(), P, base, cand).final.verdict).toBe('pass');
  });

  test('errors spread thinly over the window still add up (cumulative test)', () => {
    const base = vals(repeat(0, 30), totals(30, 1_000));
    // 1 error per interval, never significant in one interval alone
    const cand = vals(repeat(1, 20), totals(20, 1_000));
    const { final } = run(count(), P, base, cand);
    expect(final.verdict).toBe('fail');
    // minCountEffect: not before 3 events more than expected
    expect(final.decidedAt).toBeGreaterThanOrEqual(2);
  });

  test('a steady error rate equal to the baseline passes', () => {
    const base = vals(wobble(20, 30, 0.2).map(Math.round), totals(30, 10_000));
    const cand = vals(wobble(20, 20, 0.2).map(Math.round), totals(20, 10_000));
    expect(run(count(), P, base, cand).final.verdict).toBe('pass');
  });

  test('a doubled error rate fails; the rate is per request, not per interval', () => {
    const base = vals(repeat(20, 30), totals(30, 10_000));
    expect(run(count(), P, base, vals(repeat(40, 20), totals(20, 10_000))).final.verdict).toBe('fail');
    // twice the errors with twice the traffic: same rate, pass
    expect(run(count(), P, base, vals(repeat(40, 20), totals(20, 20_000))).final.verdict).toBe('pass');
  });

  test('without totals each interval is one unit of exposure', () => {
    const { final } = run(count(), P, vals(repeat(3, 30)), vals(repeat(15, 10)));
    expect(final.verdict).toBe('fail');
    expect(final.reason).toMatch(/intervals/);
  });

  test('over-dispersed baselines widen the test', () => {
    const bursty = [0, 0, 40, 0, 0, 0, 35, 0, 0, 0, 0, 45, 0, 0, 0, 30, 0, 0, 0, 0, 50, 0, 0, 0, 0, 40, 0, 0, 0, 0];
    const base = vals(bursty, totals(30, 10_000));
    // the same kind of bursts in the candidate: not a regression
    const cand = vals([0, 45, 0, 0, 40, 0, 0, 0, 50, 0], totals(10, 10_000));
    expect(run(count(), P, base, cand).final.verdict).toBe('pass');
  });
});

describe('direction', () => {
  const base = vals(wobble(100, 30));
  test('increase: only a rise is bad', () => {
    expect(run(gauge('increase'), P, base, vals(repeat(200, 10))).final.verdict).toBe('fail');
    expect(run(gauge('increase'), P, base, vals(repeat(40, 10))).final.verdict).toBe('pass');
  });
  test('decrease: only a drop is bad', () => {
    expect(run(gauge('decrease'), P, base, vals(repeat(40, 10))).final.verdict).toBe('fail');
    expect(run(gauge('decrease'), P, base, vals(repeat(200, 10))).final.verdict).toBe('pass');
  });
  test('either: both are bad', () => {
    expect(run(gauge('either'), P, base, vals(repeat(40, 10))).final.verdict).toBe('fail');
    expect(run(gauge('either'), P, base, vals(repeat(200, 10))).final.verdict).toBe('fail');
  });
  test('z is signed so that positive means worse', () => {
    const down = run(gauge('decrease'), P, base, vals(repeat(40, 10))).final;
    expect(down.explain.z).toBeGreaterThan(0);
    const up = run(gauge('increase'), P, base, vals(repeat(40, 10))).final;
    expect(up.explain.z).toBeLessThan(0);
    // the CUSUM statistic is one-sided (never below 0): a change on the harmless side scores 0 there
    expect(up.worstZ).toBe(0);
  });
  test('decrease uses the same ratio as increase for the effect gate', () => {
    const policy = resolvePolicy({ minRelativeEffect: 0.5, shiftMinSamples: 0 });
    // ×1.5 up is exactly the gate; ÷1.5 down likewise
    expect(run(gauge('increase'), policy, vals(repeat(100, 30)), vals(repeat(151, 5))).final.verdict).toBe('fail');
    expect(run(gauge('decrease'), policy, vals(repeat(100, 30)), vals(repeat(100 / 1.51, 5))).final.verdict).toBe('fail');
    expect(run(gauge('decrease'), policy, vals(repeat(100, 30)), vals(repeat(70, 5))).final.verdict).toBe('pass');
  });
});

describe('absolute guards', () => {
  test('a value beyond the limit fails at once', () => {
    const spec = gauge('increase', { name: 'error_ratio', limit: 0.05 });
    const { final } = run(spec, P, vals(repeat(0.01, 30)), vals([0.01, 0.02, 0.07]));
    expect(final).toMatchObject({ verdict: 'fail', decidedAt: 2 });
    expect(final.explain.rule).toBe('limit');
    expect(final.reason).toMatch(/above limit 0\.05/);
  });

  test('R values beyond the limit in a row (health failures)', () => {
    const spec = gauge('decrease', { name: 'healthy', limit: 1, limitCount: 3 });
    const policy = resolvePolicy({ minBaselineSamples: 100 }); // no statistics at all
    expect(run(spec, policy, [], vals([0, 0, 1, 0, 0, 1])).final.verdict).not.toBe('fail');
    const { final } = run(spec, policy, [], vals([0, 0, null, 0, 1]));
    expect(final).toMatchObject({ verdict: 'fail', decidedAt: 3 });
  });

  test('the guard works without any baseline', () => {
    const spec = gauge('increase', { limit: 10 });
    expect(run(spec, P, [], vals([11])).final).toMatchObject({ verdict: 'fail', decidedAt: 0 });
  });

  test('for counts with totals the limit applies to the ratio events/total', () => {
    const spec = count({ limit: 0.01 });
    // 5 per 1000 against a baseline of 4 per 1000: not significant, and the ratio 0.005 is under the limit
    const { final } = run(spec, P, vals(repeat(4, 30), repeat(1000, 30)), vals([5, 30], [1000, 1000]));
    expect(final).toMatchObject({ verdict: 'fail', decidedAt: 1 });
  });
});

describe('inconclusive: too few samples, no traffic, missing data', () => {
  test('too few baseline samples', () => {
    const { final, statuses } = run(gauge(), P, vals([100, 101, 99]), vals(repeat(500, 10)));
    expect(statuses.every((s) => s.verdict === 'pending')).toBe(true);
    expect(final.verdict).toBe('inconclusive');
    expect(final.explain.rule).toBe('inconclusive-baseline');
    expect(final.reason).toMatch(/too few baseline samples: 3 valid of 3, need 10/);
  });

  test('too few candidate samples', () => {
    const { final } = run(gauge(), P, vals(wobble(100, 30)), vals([100, 101]));
    expect(final).toMatchObject({ verdict: 'inconclusive', decidedAt: null });
    expect(final.explain.rule).toBe('inconclusive-candidate');
  });

  test('no candidate samples at all', () => {
    expect(run(gauge(), P, vals(wobble(100, 30)), []).final.verdict).toBe('inconclusive');
  });

  test('no traffic in the candidate window', () => {
    const { final } = run(count(), P, vals(repeat(1, 30), repeat(1000, 30)), vals(repeat(0, 10), repeat(0, 10)));
    expect(final.verdict).toBe('inconclusive');
    expect(final.explain.rule).toBe('inconclusive-traffic');
  });

  test('no traffic in the baseline', () => {
    const { final } = run(count(), P, vals(repeat(0, 30), repeat(0, 30)), vals(repeat(0, 10), repeat(100, 10)));
    expect(final.verdict).toBe('inconclusive');
    expect(final.reason).toMatch(/no traffic in the baseline/);
  });

  test('a gauge sample with total 0 (no requests) is not scored', () => {
    const { final } = run(gauge(), P, vals(wobble(100, 30)), vals(repeat(900, 10), repeat(0, 10)));
    expect(final.verdict).toBe('inconclusive');
  });

  test('missing data never silently passes', () => {
    const { final } = run(gauge(), P, vals(wobble(100, 30)), vals([100, null, null, null, null, null, 101, null, 99, 100]));
    expect(final.verdict).toBe('inconclusive');
    expect(final.explain.rule).toBe('inconclusive-missing');
    expect(final.reason).toMatch(/6 of 10 candidate samples missing/);
  });

  test('some missing data is reported in a pass', () => {
    const { final } = run(gauge(), P, vals(wobble(100, 30)), vals([100, null, 101, 99, 100, 102, 98]));
    expect(final.verdict).toBe('pass');
    expect(final.reason).toMatch(/1 missing not counted/);
  });

  test('missing data never silently fails: all-null candidate', () => {
    expect(run(gauge(), P, vals(wobble(100, 30)), vals(repeat(null, 20))).final.verdict).toBe('inconclusive');
  });

  test('a missing baseline sample is not a zero', () => {
    const base = [...wobble(100, 20), ...repeat(null, 10)];
    const { final } = run(gauge(), P, vals(base), vals(wobble(100, 10)));
    expect(final.verdict).toBe('pass');
    expect(final.explain.median).toBeGreaterThan(90);
  });

  test('negative counts are treated as missing', () => {
    const { final } = run(count(), P, vals(repeat(-1, 30)), vals(repeat(5, 10)));
    expect(final.verdict).toBe('inconclusive');
  });
});

describe('classic method', () => {
  const classic = resolvePolicy({ method: 'classic' });

  test('the classic preset is the textbook z: first breach fails, no effect gate', () => {
    expect(classic).toMatchObject({ method: 'classic', threshold: 3, consecutive: 1, minRelativeEffect: 0, shiftMinSamples: 0 });
    expect(classic.window).toBeUndefined();
    expect(CLASSIC_POLICY.method).toBe('classic');
  });

  test('one outlier fails the classic detector but not the robust one', () => {
    const base = vals(wobble(100, 30));
    const cand = vals([100, 180, 100, 100, 100]);
    const c = run(gauge(), classic, base, cand).final;
    expect(c).toMatchObject({ verdict: 'fail', decidedAt: 1 });
    expect(c.explain.rule).toBe('classic-first-breach');
    expect(c.reason).toMatch(/vs baseline mean/);
    expect(run(gauge(), P, base, cand).final.verdict).toBe('pass');
  });

  test('classic uses mean and standard deviation', () => {
    const base = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const { final } = run(gauge(), classic, vals(base), vals([5.5, 5.5, 5.5, 5.5, 5.5]));
    expect(final.explain.median).toBeCloseTo(5.5, 12);
    expect(final.explain.scale).toBeCloseTo(3.02765, 4);
  });

  test('classic on a constant baseline: finite z, a tiny change fails', () => {
    const { final } = run(gauge(), classic, vals(repeat(100, 30)), vals([100.001]));
    expect(final.verdict).toBe('fail');
    expect(Number.isFinite(final.explain.z)).toBe(true);
  });

  test('explicit fields win over the classic preset', () => {
    expect(resolvePolicy({ method: 'classic', consecutive: 3 }).consecutive).toBe(3);
  });
});

describe('explanations', () => {
  test('a failure names value, median, scale, z, rule and index', () => {
    const { final } = run(gauge(), P, vals(wobble(100, 30)), vals([100, 250, 260, 270]));
    expect(final.explain).toEqual({
      value: 270, // the latest sample: a 30-sample baseline leaves the 1-sample window to the level rule
      median: expect.any(Number),
      scale: expect.any(Number),
      z: expect.any(Number),
      rule: 'level-window',
      index: 3,
    });
    expect(final.reason).toMatch(/held for 3 consecutive samples/);
    expect(final.reason).toMatch(/at sample 3: the latest sample 270 vs baseline median 100/);
    expect(final.worstZ).toBeGreaterThan(P.threshold);
    expect(final.samples).toBe(4);
  });

  test('a pending status explains the latest scored sample', () => {
    const t = createMetricTracker(gauge(), P);
    t.addBaseline(vals(wobble(100, 30)));
    const s = t.push({ value: 300 });
    expect(s.verdict).toBe('pending');
    expect(s.explain).toMatchObject({ value: 300, rule: 'none', index: 0 });
    expect(s.reason).toMatch(/held for 1 of 3 looks/);
    expect(t.status()).toEqual(s);
  });

  test('a pass says why', () => {
    const { final } = run(gauge(), P, vals(wobble(100, 30)), vals(wobble(100, 20)));
    expect(final.verdict).toBe('pass');
    expect(final.reason).toMatch(/no rule fired over 20 scored samples/);
    expect(final.decidedAt).toBeNull();
  });
});

describe('concurrent baseline', () => {
  test('baseline samples added while the window runs', () => {
    const t = createMetricTracker(gauge(), P);
    const statuses: MetricStatus[] = [];
    for (let i = 0; i < 20; i++) {
      t.addBaseline([{ value: 100 + (i % 3) }]); // old hosts, same interval
      statuses.push(t.push({ value: 300 }));
    }
    // nothing can be scored before 10 baseline samples; then the replay fails at once
    expect(statuses.slice(0, 9).every((s) => s.verdict === 'pending')).toBe(true);
    expect(statuses[9]).toMatchObject({ verdict: 'fail', decidedAt: 9 });
    expect(statuses[9]!.reason).toMatch(/held for 3 consecutive samples/);
  });

  test('a growing baseline is used for later samples', () => {
    const t = createMetricTracker(gauge(), POINT_ONLY);
    t.addBaseline(vals(repeat(100, 10)));
    t.push({ value: 150 });
    t.push({ value: 150 });
    // old hosts move to 150 too (time of day): the candidate is no longer worse
    t.addBaseline(vals(repeat(150, 30)));
    expect(t.push({ value: 150 }).verdict).toBe('pending');
    expect(t.finish().verdict).toBe('inconclusive'); // 3 valid samples < minCandidateSamples
  });

  test('finish rescored after a late baseline', () => {
    const t = createMetricTracker(gauge(), P);
    [300, 300, 300].forEach((v) => t.push({ value: v }));
    t.addBaseline(vals(wobble(100, 30)));
    expect(t.finish()).toMatchObject({ verdict: 'fail', decidedAt: 2 });
  });

  test('finish is final: later pushes are ignored', () => {
    const t = createMetricTracker(gauge(), P);
    t.addBaseline(vals(wobble(100, 30)));
    wobble(100, 10).forEach((v) => t.push({ value: v }));
    const done = t.finish();
    expect(done.verdict).toBe('pass');
    expect(t.push({ value: 1e6 })).toEqual(done);
    expect(t.finish()).toEqual(done);
  });
});

describe('policy per metric', () => {
  test('spec.policy overrides the policy', () => {
    const spec = gauge('increase', { policy: { consecutive: 1, shiftMinSamples: 0 } });
    const { final } = run(spec, P, vals(wobble(100, 30)), vals([100, 300]));
    expect(final).toMatchObject({ verdict: 'fail', decidedAt: 1 });
  });

  test('an invalid policy is a programming error', () => {
    expect(() => createMetricTracker(gauge(), { ...P, threshold: Number.NaN })).toThrow(/threshold/);
  });
});

