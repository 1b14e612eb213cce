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
    expect(final.explain.z).toBeCloseTo(100, 6);
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
    expect(final.decidedAt).toBe(2); // significant at sample 0, confirmed 3 looks in a row
    expect(final.explain.rule).toBe('poisson-consecutive');
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
    expect(final.decidedAt).toBeGreaterThan(4);
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
    expect(up.worstZ).toBeLessThan(0);
  });
  test('decrease uses the same ratio as increase for the effect gate', () => {
    const policy = resolvePolicy({ minRelativeEffect: 0.5, shiftMinSamples: 0 });
    // ×1.5 up is exactly the gate; ÷1.5 down likewise
    expect(run(gauge('increase'), policy, vals(repeat(100, 30)), vals(repeat(151, 5))).final.verdict).toBe('fail');
    expect(run(gauge('decrease'), policy, vals(repeat(100, 30)), vals(repeat(100 / 1.51, 5))).final.verdict).toBe('fail');
    expect(run(gauge('decrease'), policy, vals(repeat(100, 30)), vals(repeat(70, 5))).final.verdict).toBe('pass');
  });
});

describe('consecutive breaches and M of N', () => {
  const base = vals(wobble(100, 30));
  const hi = 300;
  const ok = 100;

  test('N − 1 breaches then a normal sample does not fail', () => {
    const { final, statuses } = run(gauge(), POINT_ONLY, base, vals([hi, hi, ok, hi, hi, ok, hi, hi, ok, ok]));
    expect(statuses.every((s) => s.verdict === 'pending')).toBe(true);
    expect(final.verdict).toBe('pass');
  });

  test('N breaches in a row fail at the N-th', () => {
    const { final, statuses } = run(gauge(), POINT_ONLY, base, vals([ok, hi, hi, hi, ok]));
    expect(statuses.map((s) => s.verdict)).toEqual(['pending', 'pending', 'pending', 'fail', 'fail']);
    expect(final.decidedAt).toBe(3);
    expect(final.explain.rule).toBe('z-consecutive');
    expect(final.explain.index).toBe(3);
  });

  test('a failure is sticky', () => {
    const t = createMetricTracker(gauge(), POINT_ONLY);
    t.addBaseline(base);
    [hi, hi, hi].forEach((v) => t.push({ value: v }));
    expect(t.status().verdict).toBe('fail');
    for (let i = 0; i < 10; i++) expect(t.push({ value: ok }).verdict).toBe('fail');
    expect(t.finish()).toMatchObject({ verdict: 'fail', decidedAt: 2, samples: 13 });
  });

  test('missing samples neither break nor extend a run', () => {
    const { final } = run(gauge(), POINT_ONLY, base, vals([hi, null, hi, Number.NaN, hi, ok]));
    expect(final.verdict).toBe('fail');
    expect(final.decidedAt).toBe(4);
    const two = run(gauge(), POINT_ONLY, base, vals([hi, null, hi, null, null, ok, ok, ok, ok, ok]));
    expect(two.final.verdict).toBe('pass');
  });

  test('M of the last N fails on interleaved breaches', () => {
    const policy = resolvePolicy({ shiftMinSamples: 0, window: { breaches: 3, of: 5 } });
    const { final } = run(gauge(), policy, base, vals([hi, ok, hi, ok, hi, ok, ok]));
    expect(final.verdict).toBe('fail');
    expect(final.decidedAt).toBe(4);
    expect(final.explain.rule).toBe('z-window');
    // spread too thin for 3 of 5
    const thin = run(gauge(), policy, base, vals([hi, ok, ok, hi, ok, ok, hi, ok, ok, ok]));
    expect(thin.final.verdict).toBe('pass');
    // without the window rule the interleaved pattern passes
    expect(run(gauge(), POINT_ONLY, base, vals([hi, ok, hi, ok, hi, ok, ok])).final.verdict).toBe('pass');
  });

  test('the shift rule catches a noisy shift that single samples do not', () => {
    // baseline noise ±30 %; in the candidate 7 samples in 10 move to ×1.7 with
    // the same noise, 3 stay at the old level (so the lower quartile does not
    // move and only the median rule can see it)
    const noisy = [1, -1, 0.5, -0.5, 0.2, -0.8, 0.9, -0.3, 0.6, -0.6];
    const b = Array.from({ length: 30 }, (_, i) => 100 * (1 + 0.3 * noisy[i % 10]!));
    const c = Array.from({ length: 20 }, (_, i) => (i % 10 < 3 ? 100 : 170) * (1 + 0.3 * noisy[(i + 3) % 10]!));
    expect(run(gauge(), POINT_ONLY, vals(b), vals(c)).final.verdict).toBe('pass');
    const { final } = run(gauge(), P, vals(b), vals(c));
    expect(final.verdict).toBe('fail');
    expect(final.explain.rule).toBe('z-shift');
    expect(final.reason).toMatch(/median of the last/);
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
    const { final } = run(spec, P, vals(repeat(0, 30), repeat(1000, 30)), vals([5, 30], [1000, 1000]));
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
    expect(c.reason).toMatch(/vs mean/);
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
      value: 270,
      median: expect.any(Number),
      scale: expect.any(Number),
      z: expect.any(Number),
      rule: 'z-consecutive',
      index: 3,
    });
    expect(final.reason).toMatch(/3 consecutive breaches/);
    expect(final.reason).toMatch(/at sample 3: value 270 vs median/);
    expect(final.worstZ).toBeGreaterThan(3.5);
    expect(final.samples).toBe(4);
  });

  test('a pending status explains the latest scored sample', () => {
    const t = createMetricTracker(gauge(), P);
    t.addBaseline(vals(wobble(100, 30)));
    const s = t.push({ value: 300 });
    expect(s.verdict).toBe('pending');
    expect(s.explain).toMatchObject({ value: 300, rule: 'none', index: 0 });
    expect(s.reason).toMatch(/1 consecutive breach of 3/);
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
    expect(statuses[9]!.reason).toMatch(/consecutive breaches/);
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

describe('heavy tails and bursty baselines', () => {
  // idle at ~10 most of the time, busy at ~100 a quarter of the time, in bursts of 2–3
  const bursty = [10, 11, 100, 95, 10, 9, 10, 11, 10, 105, 98, 102, 10, 10, 9, 11, 10, 10, 97, 99, 10, 11, 10, 9, 10, 10, 101, 96, 10, 11];

  test('bursts like the baseline’s do not fail (tail-aware scale, quantile gate)', () => {
    const cand = [10, 99, 103, 98, 10, 11, 10, 9, 100, 97, 10, 10];
    const { final } = run(gauge(), P, vals(bursty), vals(cand));
    expect(final.verdict).toBe('pass');
    // the same candidate against the same baseline without these safeguards fails
    const naive = resolvePolicy({ tailScale: false, quantileGate: 0.5, baselineCalibration: false });
    expect(run(gauge(), naive, vals(bursty), vals(cand)).final.verdict).toBe('fail');
  });

  test('a sustained level far beyond the bursts still fails', () => {
    const { final } = run(gauge(), P, vals(bursty), vals(repeat(400, 8)));
    expect(final.verdict).toBe('fail');
  });

  test('a value the baseline often shows is not a breach however small the MAD', () => {
    // more than half identical, a fifth of the values at 13: MAD 0, 13 within the top 10 %
    const base = [...repeat(10, 20), ...repeat(13, 7), 10, 10, 10];
    const { final } = run(gauge(), P, vals(base), vals(repeat(13, 10)));
    expect(final.verdict).toBe('pass');
  });

  test('self-calibration: a baseline whose breaches come in a run switches the point rules off', () => {
    // one run of three spikes: the run model (continuation ≈ 0.6) asks for more
    // than twice N, so runs of any length are routine for this metric
    const base = [...wobble(100, 12), 400, 410, 405, ...wobble(100, 15)];
    const policy = resolvePolicy({ shiftMinSamples: 0, window: null });
    const four = run(gauge(), policy, vals(base), vals([100, 400, 400, 400, 400, 100]));
    expect(four.final.verdict).toBe('pass');
    expect(four.statuses[3]!.reason).toMatch(/point rules off: the baseline itself shows 3 breaches in 1 runs/);
    // a sustained shift is still caught, by the quartile rule (default policy):
    // a run of 3 cannot lift the lower quartile of 5 samples for 3 looks
    const step = run(gauge(), P, vals(base), vals(repeat(400, 12)));
    expect(step.final).toMatchObject({ verdict: 'fail', decidedAt: 6 });
    expect(step.final.explain.rule).toBe('z-quartile');
  });

  test('self-calibration: isolated baseline spikes raise N through the run model, not only the longest run', () => {
    // three isolated spikes (longest run 1): "longest + 1" alone would keep N = 3;
    // the run model (3 runs in 30 samples, continuation 0.125) asks for 4
    const base = wobble(100, 30).map((x, i) => (i === 5 || i === 15 || i === 25 ? 400 : x));
    const policy = resolvePolicy({ shiftMinSamples: 0, window: null });
    const three = run(gauge(), policy, vals(base), vals([100, 400, 400, 400, 100, 100]));
    expect(three.final.verdict).toBe('pass');
    // (the 4th breach in a row also has to pass the breach-rate gate: it does at the 5th)
    const five = run(gauge(), policy, vals(base), vals([100, 400, 400, 400, 400, 400, 100]));
    expect(five.final).toMatchObject({ verdict: 'fail', decidedAt: 5 });
    expect(five.final.reason).toMatch(/4 consecutive breaches \(raised from the policy's because the baseline itself shows 3 breaches in 3 runs, longest 1 in a row\)/);
  });

  test('breach-rate gate: after a baseline that breaches now and then, a run late in the window is not enough', () => {
    // Same baseline (3 isolated spikes in 30): five breaches in a row right after
    // the deploy fail (above); the same five after 12 normal samples are 5 in 18,
    // not significantly more often than 3 in 30 (P ≈ 0.13 > 0.01).
    const base = wobble(100, 30).map((x, i) => (i === 5 || i === 15 || i === 25 ? 400 : x));
    const policy = resolvePolicy({ shiftMinSamples: 0, window: null });
    const late = run(gauge(), policy, vals(base), vals([...repeat(100, 12), 400, 400, 400, 400, 400, 100]));
    expect(late.final.verdict).toBe('pass');
    // a baseline without breaches is not gated: the policy's N (here 1) holds
    const strict = resolvePolicy({ consecutive: 1, shiftMinSamples: 0, window: null });
    expect(run(gauge(), strict, vals(wobble(100, 30)), vals([...repeat(100, 12), 300])).final).toMatchObject({ verdict: 'fail', decidedAt: 12 });
  });

  test('the shift rule waits for 3 effective candidate samples (bursty baseline, burst at the start of the window)', () => {
    // A bench case (bursty on/off, untouched): a four-sample burst opens the
    // window. The median of the first 7 samples is a burst value, but with the
    // baseline's autocorrelation those 7 samples are worth fewer than 2
    // independent ones: no shift. Without the effective-n floor this failed at sample 6.
    const base = [1.0, 1.2, 1.3, 1.1, 1.3, 1.3, 1.5, 1.1, 1.1, 1.4, 13.5, 11.8, 1.4, 1.6, 1.5, 27.1, 27.2, 1.5, 1.2, 1.4, 18.8, 16.6, 1.1, 1.2, 1.6, 1.8, 1.4, 1.3, 1.5, 1.2];
    const cand = [23.2, 25.7, 28.5, 23.9, 1.0, 1.8, 1.4, 1.6, 1.5, 1.5, 1.4, 1.2, 1.1, 1.2, 1.4, 1.3, 1.4, 1.2, 1.4, 1.6];
    const { final } = run(gauge(), P, vals(base), vals(cand));
    expect(final.verdict).toBe('pass');
    // a burst that does not end still fails (point rules, N raised to 5 by the run model)
    const stuck = run(gauge(), P, vals(base), vals(repeat(25, 20)));
    expect(stuck.final).toMatchObject({ verdict: 'fail', decidedAt: 4 });
  });
});

describe('quartile rule', () => {
  // idle level ≈ 10 (±10 %), bursts to ≈ 100 a fifth of the time
  const idle = wobble(10, 30, 0.1);
  const bursty = idle.map((x, i) => ([3, 4, 11, 17, 18, 19, 25].includes(i) ? 100 + i : x));
  const sameShape = wobble(10, 20, 0.1).map((x, i) => ([2, 3, 9, 14, 15].includes(i) ? 100 + i : x));

  test('a doubled idle level under bursts fails by the lower quartile; the same series unchanged passes', () => {
    expect(run(gauge(), P, vals(bursty), vals(sameShape)).final.verdict).toBe('pass');
    const doubled = run(gauge(), P, vals(bursty), vals(sameShape.map((x) => x * 2)));
    expect(doubled.final).toMatchObject({ verdict: 'fail', decidedAt: 7 });
    expect(doubled.final.explain.rule).toBe('z-quartile');
    expect(doubled.final.reason).toMatch(/lower quartile of the last 8 samples 19\.6 vs baseline lower quartile 9\.8/);
    // the bursts hide it from the point and median rules
    expect(run(gauge(), resolvePolicy({ shiftMinSamples: 0 }), vals(bursty), vals(sameShape.map((x) => x * 2))).final.verdict).toBe('pass');
  });

  test('decrease: the upper quartile falling under dips fails', () => {
    const dips = idle.map((x, i) => ([3, 4, 11, 17, 18, 19, 25].includes(i) ? 1 : x * 10));
    const cand = sameShape.map((x) => (x > 50 ? 1 : x * 5));
    const { final } = run(gauge('decrease'), P, vals(dips), vals(cand));
    expect(final).toMatchObject({ verdict: 'fail' });
    expect(final.explain.rule).toBe('z-quartile');
    expect(final.reason).toMatch(/upper quartile/);
  });

  test('values the baseline shows routinely never pass it (quantized series)', () => {
    // two levels, 0.1 and 0.13; a window all at 0.13 moves the lower quartile by 30 %
    const base = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.13, 0.1, 0.1, 0.13, 0.1, 0.13, 0.1, 0.13, 0.13, 0.1, 0.13, 0.1, 0.13, 0.13, 0.13, 0.13, 0.13, 0.13];
    const cand = [0.13, 0.13, 0.13, 0.13, 0.13, 0.13, 0.13, 0.1, 0.13, 0.1, 0.13, 0.13, 0.13, 0.13, 0.13, 0.13, 0.13, 0.13, 0.13, 0.13];
    expect(run(gauge(), P, vals(base), vals(cand)).final.verdict).toBe('pass');
  });

  test('a burst that opens the window does not lift the quartile', () => {
    const cand = [150, 160, 155, 150, ...wobble(10, 16, 0.1)];
    expect(run(gauge(), P, vals(bursty), vals(cand)).final.verdict).toBe('pass');
  });
});

describe('mostly idle baselines (more than half exactly 0)', () => {
  const zeros = repeat(0, 30);

  test('0 before, a steady error ratio now fails once the activity change is significant', () => {
    const { final } = run(gauge(), P, vals(zeros), vals(repeat(0.05, 8)));
    // breaches from sample 2 (3 of 3 non-zero: P = (3/33)³ < 0.001), 3 in a row at sample 4
    expect(final).toMatchObject({ verdict: 'fail', decidedAt: 4 });
    expect(final.reason).toMatch(/mostly idle baseline \(0 of 30 samples non-zero\): 5 of 5 candidate samples non-zero/);
  });

  test('a burst in the middle of the window is not a significant change in activity', () => {
    const cand = [...repeat(0, 10), 5, 6, 7, 6, 0, 0, 0];
    const { final } = run(gauge(), P, vals(zeros), vals(cand));
    expect(final.verdict).toBe('pass');
    // the same samples against a non-idle baseline at the same level would fail the point rule
    expect(run(gauge(), P, vals(repeat(0.001, 30)), vals(cand)).final.verdict).toBe('fail');
  });

  test('a baseline with some zeros but mostly busy is not idle', () => {
    const base = wobble(100, 30).map((x, i) => (i % 5 === 0 ? 0 : x));
    const { final } = run(gauge(), P, vals(base), vals(repeat(300, 5)));
    expect(final).toMatchObject({ verdict: 'fail', decidedAt: 2 });
    expect(final.reason).not.toMatch(/idle/);
  });
});

describe('short baselines', () => {
  test('fewer than 18 valid baseline samples: the point rules need one more breach', () => {
    const step = [100, 300, 300, 300, 300, 100];
    // 30 samples: 3 in a row fail at sample 3
    expect(run(gauge(), POINT_ONLY, vals(wobble(100, 30)), vals(step)).final).toMatchObject({ verdict: 'fail', decidedAt: 3 });
    // 12 samples: 4 in a row, at sample 4, and the reason says why
    const short = run(gauge(), POINT_ONLY, vals(wobble(100, 12)), vals(step));
    expect(short.final).toMatchObject({ verdict: 'fail', decidedAt: 4 });
    expect(short.final.reason).toMatch(/4 consecutive breaches \(one more than the policy's because the baseline has only 12 valid samples, fewer than 18\)/);
    expect(run(gauge(), POINT_ONLY, vals(wobble(100, 12)), vals([100, 300, 300, 300, 100, 100])).final.verdict).toBe('pass');
    // missing samples do not count as baseline samples
    const holes = run(gauge(), POINT_ONLY, vals([...wobble(100, 17), ...repeat(null, 13)]), vals(step));
    expect(holes.final).toMatchObject({ verdict: 'fail', decidedAt: 4 });
  });
});
