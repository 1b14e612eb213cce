// The per-metric tracker: feeds candidate samples one by one, compares each
// with the baseline and decides pending → fail | pass | inconclusive.
//
// State = f(baseline so far, candidate so far). When the baseline grows (a
// concurrent baseline: old hosts sampled in the same interval), every candidate
// sample is scored again against the new baseline and the breach rules are
// replayed; a failure is sticky once reached. With a fixed baseline each push is
// O(1) after the baseline statistics are computed once.

import { checkPolicy } from './policy';
import {
  binomialLowerTail,
  binomialUpperTail,
  clampZ,
  finiteOr,
  lag1Autocorrelation,
  mean,
  median,
  MEANAD_TO_SIGMA,
  quantileSorted,
  robustScale,
  stdev,
  zFromUpperTail,
} from './stats';
import type { DetectorPolicy, Explanation, MetricSpec, MetricStatus, MetricTracker, Sample, Verdict } from './types';

/** Internal form of one sample. */
interface Obs {
  value: number | null; // finite or null
  total: number | null; // finite ≥ 0 or null
}

type ObsState = 'ok' | 'missing' | 'notraffic';

/** The score of one candidate sample against the current baseline. */
interface Score {
  scored: boolean;
  breach: boolean;
  z: number | null;
  value: number | null;
  center: number;
  scale: number;
  /** Human-readable detail of the comparison (built only when a message needs it). */
  detail: () => string;
  /** Shift rule (robust gauges): median of the latest samples against the baseline. */
  shift?: RuleScore;
  /** Quartile rule (robust gauges): the good-side quartile of the latest samples against the baseline's. */
  quartile?: RuleScore;
}

interface RuleScore {
  breach: boolean;
  z: number;
  value: number;
  detail: () => string;
}

/**
 * Quartile rule, one side: the window's good-side quartile (the lower quartile
 * when an increase is bad, the upper one when a decrease is bad) against the
 * baseline's. Bursts in the bad direction do not move it; a real step does.
 */
interface QuartileSide {
  dir: 'increase' | 'decrease';
  /** 0.25 (increase) or 0.75 (decrease). */
  p: number;
  /** The baseline's quantile p. */
  base: number;
  /** Inverse density at that quantile, (q(p+h) − q(p−h))/2h, floored: the quantile's standard error is √(p(1−p))·spread/√n. */
  spread: number;
  /** Effective samples per sample, (1 − ρ)/(1 + ρ), ρ from the good half of the baseline. */
  effFactor: number;
  /** The window quartile must also be strictly beyond this: the baseline's opposite quartile. */
  beyond: number;
  /** judged[k]: windows of k samples are judged (a window of the old version lifts its quartile with at most QUARTILE_EPSILON chance). */
  judged: boolean[];
}

/** Mostly idle baseline (more than half of its samples exactly 0): how many were busy (non-zero). */
interface IdleBaseline {
  busy: number;
  n: number;
}

/** Baseline statistics, recomputed when the baseline changes. */
type Model =
  | { kind: 'none'; why: 'baseline' | 'traffic'; okCount: number }
  | {
      kind: 'location';
      center: number;
      scale: number;
      okCount: number;
      source: string;
      /** Effective number of independent baseline samples per sample (1 − ρ)/(1 + ρ). */
      effFactor: number;
      /** Quantile gates: [lower, upper] for single samples and for the shift rule's median. */
      pointGate: [number, number];
      shiftGate: [number, number];
      /** Breach rules after calibration on the baseline's own excursions. */
      need: Need;
      /** Quartile rule sides (empty when the rule is off). */
      quartile: QuartileSide[];
      /** Set when the baseline is mostly idle: every rule then also needs a significant change in activity. */
      idle: IdleBaseline | null;
      /** Fewer than SHORT_BASELINE valid samples: the point rules need one more breach. */
      shortBaseline: boolean;
      /** Longest run of breaches the baseline itself shows, its breaches and runs (for explanations). */
      baselineRun: number;
      baselineBreaches: number;
      baselineRuns: number;
    }
  | { kind: 'rates'; events: number; exposure: number; phi: number; okCount: number };

/** Tail-aware scale: the quantile used and its standard normal z (Φ⁻¹(0.8) = 0.8416). */
const TAIL_Q = 0.8;
const TAIL_Z = 0.8416;

/**
 * Run-length calibration (see calibrate): accepted chance that a window like
 * the baseline shows a run as long as the one required, and the window length
 * assumed (at least the baseline's).
 */
const RUN_EPSILON = 0.05;
const RUN_HORIZON = 20;
/** The run model needs at least this many baseline breaches (one isolated spike says nothing about runs). */
const RUN_MIN_BREACHES = 2;

/**
 * The shift rule also needs this many effective (independent) candidate
 * samples, n·(1 − ρ)/(1 + ρ): below it the "median" of an autocorrelated or
 * bursty series is one or two excursions, and its normal standard error is
 * meaningless.
 */
const SHIFT_MIN_EFFECTIVE = 3;

/** Quartile rule: the inverse density at the quartile is estimated from the baseline quantiles p ± these (toward the median, away from it). */
const QUARTILE_DENSITY_IN = 0.1;
const QUARTILE_DENSITY_OUT = 0.15;
/** Extra samples, beyond the baseline's longest lifting run, that a window's quartile needs above the gate. */
/**
 * Quartile rule: the smallest window it judges is the first whose quartile a
 * window of the old version lifts with at most this chance (see quartileSides).
 */
const QUARTILE_EPSILON = 0.05;
/**
 * Quartile rule: windows are calibrated up to this size (the calibration costs
 * O(k²) per size); larger windows (a `shiftWindow` above it) take its verdict.
 */
const QUARTILE_MAX_CALIBRATED = 100;
/**
 * Robust gauges: with fewer valid baseline samples than this the point rules
 * need one more breach (its median and MAD are noisy; see docs/detector.md).
 */
export const SHORT_BASELINE = 18;
/** Point rules: level of the breach-rate gate (see breachRateOk). */
const RATE_GATE_ALPHA = 0.01;

const UNSCORED: Score = { scored: false, breach: false, z: null, value: null, center: 0, scale: 0, detail: () => '' };

/** First index i of an ascending array with a[i] ≥ x. */
function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(4)));
}

function pct(r: number): string {
  if (!Number.isFinite(r)) return r > 0 ? '+∞ %' : '−∞ %';
  const v = Number((r * 100).toPrecision(3));
  return `${v >= 0 ? '+' : ''}${v} %`;
}

/** Relative change of x against m (±∞ when m is 0 and x is not). */
function relChange(x: number, m: number): number {
  if (m !== 0) return (x - m) / Math.abs(m);
  return x === m ? 0 : x > m ? Infinity : -Infinity;
}

function sanitize(s: Sample | null | undefined): Obs {
  const v = s && typeof s === 'object' ? (s as Sample).value : null;
  const t = s && typeof s === 'object' ? (s as Sample).total : null;
  return {
    value: typeof v === 'number' && Number.isFinite(v) ? v : null,
    total: typeof t === 'number' && Number.isFinite(t) && t >= 0 ? t : null,
  };
}

function hasTotal(s: Sample | null | undefined): boolean {
  return !!s && typeof s === 'object' && typeof s.total === 'number' && Number.isFinite(s.total);
}

/** What the breach rules need: N consecutive, or M of the last N (null = off). */
interface Need {
  consecutive: number;
  window: { breaches: number; of: number } | null;
}

/** Tracks the M-of-N and N-consecutive rules over the scored samples. */
class RuleState {
  run = 0;
  private ring: boolean[] = [];
  private ringBreaches = 0;
  constructor(private readonly need: Need) {}

  /** Feed one scored sample; returns the rule that fires, if any. */
  feed(breach: boolean): 'consecutive' | 'window' | null {
    this.run = breach ? this.run + 1 : 0;
    const w = this.need.window;
    if (w) {
      this.ring.push(breach);
      if (breach) this.ringBreaches++;
      if (this.ring.length > w.of && this.ring.shift()) this.ringBreaches--;
    }
    if (this.run >= this.need.consecutive) return 'consecutive';
    if (w && this.ringBreaches >= w.breaches) return 'window';
    return null;
  }
}

export function createMetricTracker(spec: MetricSpec, policy: DetectorPolicy): MetricTracker {
  const pol: DetectorPolicy = { ...policy, ...(spec.policy ?? {}) };
  if (pol.window === undefined || pol.window === null) delete pol.window;
  const bad = checkPolicy(pol);
  if (bad) throw new Error(`metric ${spec.name}: invalid policy: ${bad}`);
  const name = String(spec.name);
  const direction = spec.direction;
  const isCount = spec.kind === 'count';
  const limit = typeof spec.limit === 'number' && Number.isFinite(spec.limit) ? spec.limit : undefined;
  const limitCount = Math.max(1, Math.floor(spec.limitCount ?? 1) || 1);

  // Raw (sanitized) samples.
  const baseline: Obs[] = [];
  const candidate: Obs[] = [];
  let usesTotals = false;

  // Derived state.
  let model: Model = { kind: 'none', why: 'baseline', okCount: 0 };
  let dirty = true;
  let scores: Score[] = [];
  const policyNeed: Need = { consecutive: pol.consecutive, window: pol.window ? { ...pol.window } : null };
  let need: Need = policyNeed;
  let rules = new RuleState(need);
  // Prefix sums of the candidate's ok samples, for the cumulative count test.
  let cumEvents = 0;
  let cumExposure = 0;
  let worstZ: number | null = null;
  let lastScored = -1;
  // Latest valid candidate levels, for the shift rule.
  let recent: number[] = [];
  // The same values in ascending order (binary insertion): order statistics in O(window) per push.
  let recentSorted: number[] = [];
  let shiftRun = 0;
  let quartileRun = 0;
  // Point breaches and scored samples in the candidate so far (breach-rate gate).
  let candBreaches = 0;
  let scoredCount = 0;
  // Mostly idle baselines: busy (non-zero) candidate samples among the scored ones.
  let actBusy = 0;
  let actN = 0;
  // Candidate samples by state, among those evaluated so far.
  let nOk = 0;
  let nMissing = 0;
  let nIdle = 0;

  // Limit guard (independent of the baseline).
  let limitRun = 0;

  // Verdict.
  let verdict: Verdict = 'pending';
  let decidedAt: number | null = null;
  let reason = 'waiting for candidate samples';
  let explain: Explanation = { value: null, median: 0, scale: 0, z: null, rule: 'none', index: null };
  let finished = false;

  // -------------------------------------------------------------------------

  function stateOf(o: Obs): ObsState {
    if (o.value === null) return 'missing';
    if (isCount) {
      if (o.value < 0) return 'missing';
      if (usesTotals) {
        if (o.total === null) return 'missing';
        if (o.total === 0) return 'notraffic';
      }
      return 'ok';
    }
    if (o.total === 0) return 'notraffic';
    return 'ok';
  }

  /** Value on which the classic z and the limit work: the ratio for counts with totals. */
  function levelOf(o: Obs): number {
    if (isCount && usesTotals) return (o.value as number) / (o.total as number);
    return o.value as number;
  }

  function exposureOf(o: Obs): number {
    return usesTotals ? (o.total as number) : 1;
  }

  function buildModel(): Model {
    const ok = baseline.filter((o) => stateOf(o) === 'ok');
    if (ok.length < pol.minBaselineSamples) {
      const idle = baseline.filter((o) => stateOf(o) === 'notraffic').length;
      const why = idle > 0 && ok.length + idle >= pol.minBaselineSamples ? 'traffic' : 'baseline';
      return { kind: 'none', why, okCount: ok.length };
    }
    if (isCount && pol.method === 'robust') {
      let events = 0;
      let exposure = 0;
      for (const o of ok) {
        events += o.value as number;
        exposure += exposureOf(o);
      }
      if (!(exposure > 0)) return { kind: 'none', why: 'traffic', okCount: ok.length };
      // Over-dispersion φ (Pearson χ²/(k−1)), floored at 1: real error counts are
      // burstier than Poisson; dividing counts by φ gives a quasi-Poisson test.
      const rate = events / exposure;
      let phi = 1;
      if (rate > 0 && ok.length >= 2) {
        let chi2 = 0;
        for (const o of ok) {
          const expct = exposureOf(o) * rate;
          if (expct > 0) chi2 += ((o.value as number) - expct) ** 2 / expct;
        }
        phi = Math.max(1, finiteOr(chi2 / (ok.length - 1), 1));
      }
      return { kind: 'rates', events: finiteOr(events, Number.MAX_VALUE), exposure: finiteOr(exposure, Number.MAX_VALUE), phi, okCount: ok.length };
    }
    const xs = ok.map(levelOf);
    if (pol.method === 'classic') {
      const sd = stdev(xs);
      const floor = Math.max(pol.scaleFloorAbsolute, pol.scaleFloorRelative * Math.abs(mean(xs)), Number.MIN_VALUE);
      const g = gates(xs);
      return {
        kind: 'location',
        center: mean(xs),
        scale: Math.max(sd, floor),
        okCount: ok.length,
        source: 'sd',
        effFactor: 1,
        ...g,
        need: policyNeed,
        baselineRun: 0,
        baselineBreaches: 0,
        baselineRuns: 0,
        quartile: [],
        idle: null,
        shortBaseline: false,
      };
    }
    const r0 = robustScale(xs, pol.scaleFloorAbsolute, pol.scaleFloorRelative);
    const r = { ...r0, scale: tailScale(xs, r0.median, r0.scale) };
    // Autocorrelation of the baseline (time order, gaps kept) shrinks the
    // effective sample size of the shift rule: n_eff = n·(1 − ρ)/(1 + ρ).
    // A small-sample bias correction is added; ρ is kept within [0, 0.95].
    const ordered = baseline.map((o) => (stateOf(o) === 'ok' ? levelOf(o) : null));
    const rho0 = lag1Autocorrelation(ordered, r.median, r.scale);
    const rho = Math.min(0.95, Math.max(0, rho0 + (1 + 3 * Math.max(0, rho0)) / ok.length));
    const g = gates(xs);
    const cal = calibrate(xs, r.median, r.scale, g.pointGate);
    const shortBaseline = pol.baselineCalibration && ok.length < SHORT_BASELINE;
    if (shortBaseline && Number.isFinite(cal.need.consecutive)) {
      const w = cal.need.window;
      cal.need = { consecutive: cal.need.consecutive + 1, window: w ? { breaches: w.breaches + 1, of: w.of + 1 } : null };
    }
    const zeros = xs.reduce((n, x) => (x === 0 ? n + 1 : n), 0);
    const idle = zeros * 2 > xs.length ? { busy: xs.length - zeros, n: xs.length } : null;
    return {
      kind: 'location',
      center: r.median,
      scale: r.scale,
      okCount: ok.length,
      source: r.source,
      effFactor: (1 - rho) / (1 + rho),
      ...g,
      ...cal,
      quartile: pol.shiftMinSamples > 0 ? quartileSides(xs, ordered, r.median) : [],
      shortBaseline,
      idle,
    };
  }

  /**
   * Baseline side of the quartile rule. The window quartile is an order
   * statistic taken on the good side (floor for the lower quartile, ceil for
   * the upper), so it moves only when at least L(k) of the window's k samples
   * moved: a burst must fill about three quarters of the window. The minimum
   * window is calibrated on the baseline: its longest run of samples that
   * would pass the rule's effect gate must not reach L(k).
   */
  function quartileSides(xs: number[], ordered: Array<number | null>, m: number): QuartileSide[] {
    const sorted = Float64Array.from(xs).sort();
    const dirs: Array<'increase' | 'decrease'> = direction === 'either' ? ['increase', 'decrease'] : [direction];
    const floor = Math.max(pol.scaleFloorAbsolute, pol.scaleFloorRelative * Math.abs(m), Number.MIN_VALUE);
    return dirs.map((dir) => {
      const p = dir === 'increase' ? 0.25 : 0.75;
      const base = quantileSorted(sorted, p);
      // Inverse density from quantiles leaning to the good side: a bad-side
      // quantile may already sit in the bursts of a bursty baseline.
      const [pIn, pOut] = dir === 'increase' ? [p + QUARTILE_DENSITY_IN, p - QUARTILE_DENSITY_OUT] : [p - QUARTILE_DENSITY_IN, p + QUARTILE_DENSITY_OUT];
      const spread = finiteOr(
        Math.max(floor, Math.abs(quantileSorted(sorted, pIn) - quantileSorted(sorted, pOut)) / (QUARTILE_DENSITY_IN + QUARTILE_DENSITY_OUT)),
        Number.MAX_VALUE,
      );
      // Autocorrelation of the good half only (values clipped to it): bursts on the bad side do not inflate it.
      const lo = dir === 'increase' ? quantileSorted(sorted, 0.05) : m;
      const hi = dir === 'increase' ? m : quantileSorted(sorted, 0.95);
      const clipped = ordered.map((x) => (x === null ? null : Math.min(hi, Math.max(lo, x))));
      const cs = clipped.filter((x): x is number => x !== null);
      const rho0 = lag1Autocorrelation(clipped, mean(cs), Math.max(hi - lo, Number.MIN_VALUE));
      const rho = Math.min(0.95, Math.max(0, rho0 + (1 + 3 * Math.max(0, rho0)) / xs.length));
      // "Lifting" baseline samples: those beyond the level a window quartile of k
      // samples must pass (effect gate and z). Their clustering (a two-state
      // Markov chain, Jeffreys-smoothed) tells how likely a window of k samples
      // of the old version holds the L(k) it takes to lift the quartile.
      const effFactor = (1 - rho) / (1 + rho);
      const nEffB = Math.max(1, xs.length * effFactor);
      // The outer order statistic, not an interpolation: no value of the baseline's middle half is beyond it.
      const beyond = sorted[dir === 'increase' ? Math.ceil((1 - p) * (sorted.length - 1)) : Math.floor((1 - p) * (sorted.length - 1))]!;
      const judged: boolean[] = [];
      for (let k = Math.max(pol.shiftMinSamples, 1); k <= Math.min(pol.shiftWindow, QUARTILE_MAX_CALIBRATED); k++) {
        const se = Math.sqrt(p * (1 - p)) * spread * Math.sqrt(1 / Math.max(1, k * effFactor) + 1 / nEffB);
        const zLevel = dir === 'increase' ? base + pol.threshold * se : base - pol.threshold * se;
        let prev: boolean | null = null;
        let starts = 0;
        let quiet = 0;
        let stays = 0;
        let lifting = 0;
        for (const x of ordered) {
          if (x === null) continue;
          const f = (dir === 'increase' ? x > zLevel : x < zLevel) && quartileEffectOk(x, base, beyond, dir);
          if (prev === false) {
            quiet++;
            if (f) starts++;
          } else if (prev === true) {
            lifting++;
            if (f) stays++;
          }
          prev = f;
        }
        judged[k] = windowLiftChance(k, liftCount(k, p, dir), (starts + 0.5) / (quiet + 1), (stays + 0.5) / (lifting + 1)) <= QUARTILE_EPSILON;
      }
      return { dir, p, base, spread, effFactor, beyond, judged };
    });
  }

  /**
   * P(at least `need` of k consecutive samples are "on") for a stationary
   * two-state Markov chain: off → on with probability `start`, on → on with
   * probability `cont`. Dynamic programming over (count, state).
   */
  function windowLiftChance(k: number, need: number, start: number, cont: number): number {
    const pOn = cont >= 1 ? 1 : start / (start + 1 - cont);
    let off = new Float64Array(k + 1);
    let on = new Float64Array(k + 1);
    off[0] = 1 - pOn;
    on[1] = pOn;
    for (let t = 1; t < k; t++) {
      const nOff = new Float64Array(k + 1);
      const nOn = new Float64Array(k + 1);
      for (let c = 0; c <= t; c++) {
        const a = off[c]!;
        const b = on[c]!;
        if (a === 0 && b === 0) continue;
        nOff[c] += a * (1 - start) + b * (1 - cont);
        nOn[c + 1] += a * start + b * cont;
      }
      off = nOff;
      on = nOn;
    }
    let p = 0;
    for (let c = need; c <= k; c++) p += off[c]! + on[c]!;
    return p;
  }

  /** Samples of a window of k that must move for its good-side order statistic to move. */
  function liftCount(k: number, p: number, dir: 'increase' | 'decrease'): number {
    return dir === 'increase' ? k - Math.floor((k - 1) * p) : Math.ceil((k - 1) * p) + 1;
  }

  /**
   * Effect gate of the quartile rule: beyond the baseline quantile by the
   * effect sizes, and strictly beyond the baseline's opposite quartile (three
   * quarters of the window above three quarters of the baseline: values the
   * baseline shows routinely, as on quantized or bimodal series, never pass).
   */
  function quartileEffectOk(v: number, base: number, beyond: number, dir: 'increase' | 'decrease'): boolean {
    const d = dir === 'increase' ? v - base : base - v;
    if (!(d > 0) || d < pol.minAbsoluteEffect) return false;
    if (dir === 'increase' ? !(v > beyond) : !(v < beyond)) return false;
    if (pol.minRelativeEffect <= 0) return true;
    if (dir === 'increase' || !(base > 0)) return d >= pol.minRelativeEffect * Math.abs(base);
    return v * (1 + pol.minRelativeEffect) <= base;
  }

  /**
   * Self-calibration: score the baseline's own samples (time order) with the
   * same rule. A series whose baseline already shows "breaches" (bursty,
   * on/off, clustered spikes) must show more in the candidate:
   * - N becomes at least k + 1 for the longest baseline run k (and M-of-N
   *   likewise);
   * - when the baseline shows ≥ 2 breaches, their clustering is modelled as a
   *   two-state Markov chain: a run starts with probability σ = runs/(non-breach
   *   samples) and continues with probability c = (breaches − runs + ½)/(breaches + 1)
   *   (shrunk toward 0.5 so that two isolated spikes are not taken as proof that
   *   runs never continue). N becomes the smallest L with H·σ·c^(L−1) ≤ ε: the
   *   chance that a window of H = max(20, baseline) samples like the baseline
   *   shows a run of L is at most ε (RUN_EPSILON). The longest run in a short
   *   baseline is a poor estimate of how long its runs can be; this is not.
   * Both are capped at twice the policy's N; when the run model asks for more,
   * the point rules (consecutive and M-of-N) are switched off for this metric and
   * only the shift rules judge it (runs of any length are routine here).
   */
  function calibrate(
    xs: number[],
    m: number,
    sc: number,
    gate: [number, number],
  ): { need: Need; baselineRun: number; baselineBreaches: number; baselineRuns: number } {
    if (!pol.baselineCalibration) return { need: policyNeed, baselineRun: 0, baselineBreaches: 0, baselineRuns: 0 };
    const flags = xs.map((x) => pointBreach(x, m, sc, gate));
    let run = 0;
    let longest = 0;
    let breaches = 0;
    let runs = 0;
    for (const f of flags) {
      if (f) {
        breaches++;
        if (run === 0) runs++;
      }
      run = f ? run + 1 : 0;
      if (run > longest) longest = run;
    }
    const w = policyNeed.window;
    let windowMax = 0;
    if (w) {
      let inWin = 0;
      flags.forEach((f, i) => {
        if (f) inWin++;
        if (i >= w.of && flags[i - w.of]) inWin--;
        if (inWin > windowMax) windowMax = inWin;
      });
    }
    let modelRun = 0;
    if (breaches >= RUN_MIN_BREACHES && breaches < xs.length) {
      const start = runs / (xs.length - breaches);
      const cont = (breaches - runs + 0.5) / (breaches + 1);
      const horizon = Math.max(RUN_HORIZON, xs.length);
      // smallest L ≥ 1 with horizon·start·cont^(L−1) ≤ ε
      const expected = horizon * start;
      modelRun = expected <= RUN_EPSILON ? 1 : 1 + Math.ceil(Math.log(RUN_EPSILON / expected) / Math.log(cont));
    } else if (breaches >= RUN_MIN_BREACHES) {
      modelRun = Infinity; // the whole baseline breaches
    }
    const cap = 2 * policyNeed.consecutive;
    const wantRun = Math.max(policyNeed.consecutive, longest + 1, modelRun);
    const seen = { baselineRun: longest, baselineBreaches: breaches, baselineRuns: runs };
    if (wantRun > cap) return { need: { consecutive: Infinity, window: null }, ...seen };
    const consecutive = wantRun;
    const wantWin = w ? Math.max(w.breaches, windowMax + 1, modelRun) : 0;
    const window = w && wantWin <= Math.min(w.of, 2 * w.breaches) ? { breaches: wantWin, of: w.of } : null;
    return { need: { consecutive, window: w ? window : null }, ...seen };
  }

  /** The single-sample breach test of a level x (direction, z threshold, effect and quantile gates). */
  function pointBreach(x: number, m: number, sc: number, gate: [number, number]): boolean {
    const up = (x - m) / sc;
    if (direction === 'increase') return up > pol.threshold && effectOk(x, m, 'increase', gate);
    if (direction === 'decrease') return -up > pol.threshold && effectOk(x, m, 'decrease', gate);
    return Math.abs(up) > pol.threshold && (effectOk(x, m, 'increase', gate) || effectOk(x, m, 'decrease', gate));
  }

  /**
   * Tail-aware scale: the MAD ignores everything beyond the middle half, so a
   * bursty or bimodal baseline (idle 80 % of the time, busy 20 %) gets a tiny
   * scale and every busy sample looks extreme. Take the larger of the MAD scale
   * and the spread of the bad-side 20 % tail, (q80 − m)/0.8416 (= σ for normal
   * data). It grows only when a fifth or more of the baseline sits far out;
   * rare spikes (a few per cent) leave it alone.
   */
  function tailScale(xs: number[], m: number, s: number): number {
    if (!pol.tailScale || xs.length < 5) return s;
    const sorted = Float64Array.from(xs).sort();
    const up = (quantileSorted(sorted, TAIL_Q) - m) / TAIL_Z;
    const down = (m - quantileSorted(sorted, 1 - TAIL_Q)) / TAIL_Z;
    const t = direction === 'increase' ? up : direction === 'decrease' ? down : Math.max(up, down);
    return finiteOr(Math.max(s, t), Number.MAX_VALUE);
  }

  function gates(xs: number[]): { pointGate: [number, number]; shiftGate: [number, number] } {
    const q = pol.quantileGate;
    if (!(q > 0.5)) return { pointGate: [Infinity, -Infinity], shiftGate: [Infinity, -Infinity] };
    const sorted = Float64Array.from(xs).sort();
    const qs = (0.5 + q) / 2;
    return {
      pointGate: [quantileSorted(sorted, 1 - q), quantileSorted(sorted, q)],
      shiftGate: [quantileSorted(sorted, 1 - qs), quantileSorted(sorted, qs)],
    };
  }

  /** Effect gate in the bad direction for a level x against center m. */
  function effectOk(x: number, m: number, dir: 'increase' | 'decrease', gate: [number, number]): boolean {
    if (dir === 'increase' ? !(x > gate[1]) : !(x < gate[0])) return false;
    const d = dir === 'increase' ? x - m : m - x;
    if (!(d > 0) || d < pol.minAbsoluteEffect) return false;
    if (pol.minRelativeEffect <= 0) return true;
    if (dir === 'increase' || !(m > 0)) return d >= pol.minRelativeEffect * Math.abs(m);
    // Decrease on a positive level: the same ratio as an increase, x ≤ m/(1 + r).
    return x * (1 + pol.minRelativeEffect) <= m;
  }

  function scoreLocation(o: Obs, md: Extract<Model, { kind: 'location' }>): Score {
    const x = levelOf(o);
    const m = md.center;
    const s = md.scale;
    const up = clampZ((x - m) / s);
    const z = direction === 'increase' ? up : direction === 'decrease' ? clampZ(-up) : Math.abs(up);
    const breach = pointBreach(x, m, s, md.pointGate);
    const detail = () => `value ${fmt(x)} vs ${pol.method === 'classic' ? 'mean' : 'median'} ${fmt(m)} (scale ${fmt(s)}): z ${fmt(z)}, change ${pct(relChange(x, m))}`;
    const sc: Score = { scored: true, breach, z, value: x, center: m, scale: s, detail };
    if (md.idle) {
      actN++;
      if (x !== 0) actBusy++;
    }
    if (pol.method === 'robust' && pol.shiftMinSamples > 0) {
      recent.push(x);
      recentSorted.splice(lowerBound(recentSorted, x), 0, x);
      if (recent.length > pol.shiftWindow) recentSorted.splice(lowerBound(recentSorted, recent.shift()!), 1);
      if (recent.length >= pol.shiftMinSamples && recent.length * md.effFactor >= SHIFT_MIN_EFFECTIVE) sc.shift = scoreShift(md);
      sc.quartile = scoreQuartile(md);
    }
    if (md.idle) {
      const act = activityChange(md.idle);
      if (!act.significant) {
        sc.breach = false;
        if (sc.shift) sc.shift.breach = false;
        if (sc.quartile) sc.quartile.breach = false;
      }
      const withAct = (f: () => string) => () => `${f()}; ${act.detail()}`;
      sc.detail = withAct(sc.detail);
      if (sc.shift) sc.shift.detail = withAct(sc.shift.detail);
      if (sc.quartile) sc.quartile.detail = withAct(sc.quartile.detail);
    }
    return sc;
  }

  /**
   * Mostly idle baseline: is the candidate's share of busy (non-zero) samples
   * so far significantly different, in the bad direction, from the baseline's?
   * The conditional test for two rates, as for counts: given B busy samples in
   * all, the candidate's ~ Binomial(B, n_V/(n_B + n_V)) when nothing changed.
   * Without it a baseline with one burst in 30 samples cannot tell "this series
   * bursts now and then" from "this version started doing work".
   */
  function activityChange(idle: IdleBaseline): { significant: boolean; detail: () => string } {
    const bV = actBusy;
    const nV = actN;
    const all = idle.busy + bV;
    const share = nV / (idle.n + nV);
    const alpha = direction === 'either' ? pol.poissonAlpha / 2 : pol.poissonAlpha;
    const up = direction !== 'decrease' && bV * idle.n > idle.busy * nV ? binomialUpperTail(bV, all, share) : 1;
    const down = direction !== 'increase' && bV * idle.n < idle.busy * nV ? binomialLowerTail(bV, all, share) : 1;
    const pv = Math.min(up, down);
    return {
      significant: pv < alpha,
      detail: () =>
        `mostly idle baseline (${idle.busy} of ${idle.n} samples non-zero): ${bV} of ${nV} candidate samples non-zero, P = ${fmt(pv)} vs α ${fmt(alpha)}`,
    };
  }

  /**
   * Quartile rule: the good-side quartile of the latest samples (the lower
   * quartile when an increase is bad) against the baseline's, with the
   * standard error of a sample quantile, √(p(1−p))/f·√(1/n_V + 1/n_B), n
   * effective, 1/f estimated from the baseline. A burst moves the median of a
   * short window but not its lower quartile; a step moves both.
   */
  function scoreQuartile(md: Extract<Model, { kind: 'location' }>): RuleScore | undefined {
    const k = recent.length;
    let best: RuleScore | undefined;
    for (const q of md.quartile) {
      if (!q.judged[Math.min(k, QUARTILE_MAX_CALIBRATED)] || k * q.effFactor < SHIFT_MIN_EFFECTIVE) continue;
      const sorted = recentSorted;
      const h = (k - 1) * q.p;
      const v = sorted[q.dir === 'increase' ? Math.floor(h) : Math.ceil(h)]!;
      const nEffV = Math.max(1, k * q.effFactor);
      const nEffB = Math.max(1, md.okCount * q.effFactor);
      const se = finiteOr(Math.sqrt(q.p * (1 - q.p)) * q.spread * Math.sqrt(1 / nEffV + 1 / nEffB), Number.MAX_VALUE);
      const z = clampZ((q.dir === 'increase' ? v - q.base : q.base - v) / se);
      const breach = z > pol.threshold && quartileEffectOk(v, q.base, q.beyond, q.dir);
      const name = q.p < 0.5 ? 'lower' : 'upper';
      const detail = () =>
        `${name} quartile of the last ${k} samples ${fmt(v)} vs baseline ${name} quartile ${fmt(q.base)} (median ${fmt(md.center)}, standard error ${fmt(se)}, effective n ${fmt(nEffV)} vs ${fmt(nEffB)}): z ${fmt(z)}, change ${pct(relChange(v, q.base))}`;
      const r = { breach, z, value: v, detail };
      if (!best || (breach && !best.breach) || (breach === best.breach && z > best.z)) best = r;
    }
    return best;
  }

  /**
   * Shift rule: median of the latest candidate samples against the baseline
   * median. Standard error of a median ≈ 1.2533·s/√n, with n the effective
   * sample size under the baseline's autocorrelation, for both sides.
   */
  function scoreShift(md: Extract<Model, { kind: 'location' }>): RuleScore {
    const k = recent.length;
    const h = k >> 1;
    const mv = k % 2 === 1 ? recentSorted[h]! : recentSorted[h - 1]! / 2 + recentSorted[h]! / 2;
    const m = md.center;
    const nEffV = Math.max(1, k * md.effFactor);
    const nEffB = Math.max(1, md.okCount * md.effFactor);
    const se = finiteOr(MEANAD_TO_SIGMA * md.scale * Math.sqrt(1 / nEffV + 1 / nEffB), Number.MAX_VALUE);
    const up = clampZ((mv - m) / se);
    let z: number;
    let breach: boolean;
    if (direction === 'increase') {
      z = up;
      breach = z > pol.threshold && effectOk(mv, m, 'increase', md.shiftGate);
    } else if (direction === 'decrease') {
      z = clampZ(-up);
      breach = z > pol.threshold && effectOk(mv, m, 'decrease', md.shiftGate);
    } else {
      z = Math.abs(up);
      breach = z > pol.threshold && (effectOk(mv, m, 'increase', md.shiftGate) || effectOk(mv, m, 'decrease', md.shiftGate));
    }
    const detail = () => `median of the last ${k} samples ${fmt(mv)} vs baseline median ${fmt(m)} (standard error ${fmt(se)}, effective n ${fmt(nEffV)} vs ${fmt(nEffB)}): z ${fmt(z)}, change ${pct(relChange(mv, m))}`;
    return { breach, z, value: mv, detail };
  }

  /**
   * Count metrics: compare the candidate's cumulative event rate with the
   * baseline's by the conditional (exact) test for two Poisson rates: given
   * E = e_B + e_V events, e_V ~ Binomial(E, n_V/(n_B + n_V)) when the rates are
   * equal. Counts are divided by the baseline's dispersion φ (quasi-Poisson).
   * The test accounts for the baseline's own uncertainty, needs no pseudo-count,
   * and with e_B = 0 reduces to P = p₀^e_V: "0 before, 12 now" fails, "0 before,
   * 1 now" does not.
   */
  function scoreRates(md: Extract<Model, { kind: 'rates' }>): Score {
    const eV = cumEvents;
    const nV = cumExposure;
    if (!(nV > 0)) return UNSCORED;
    const { events: eB, exposure: nB, phi } = md;
    const rateB = eB / nB;
    const rateV = eV / nV;
    const expected = finiteOr(nV * rateB, Number.MAX_VALUE);
    const p0 = nV / (nB + nV);
    const total = (eB + eV) / phi;
    const alpha = direction === 'either' ? pol.poissonAlpha / 2 : pol.poissonAlpha;
    const tryDir = (dir: 'increase' | 'decrease'): Score => {
      const p = dir === 'increase' ? binomialUpperTail(eV / phi, total, p0) : binomialLowerTail(eV / phi, total, p0);
      const effect = dir === 'increase' ? eV - expected : expected - eV;
      const relOk =
        pol.minRelativeEffect <= 0 ||
        (dir === 'increase'
          ? eB === 0 || rateV >= rateB * (1 + pol.minRelativeEffect)
          : rateV * (1 + pol.minRelativeEffect) <= rateB);
      const absOk = (dir === 'increase' ? rateV - rateB : rateB - rateV) >= pol.minAbsoluteEffect;
      const breach = p < alpha && effect > 0 && effect >= pol.minCountEffect && relOk && absOk;
      const z = zFromUpperTail(p);
      const unit = usesTotals ? 'requests' : 'intervals';
      const tail = dir === 'increase' ? '≥' : '≤';
      const detail = () =>
        `${fmt(eV)} events in ${fmt(nV)} ${unit} vs ${fmt(expected)} expected at the baseline rate ` +
        `(${fmt(eB)} in ${fmt(nB)} ${unit}${phi > 1 ? `, dispersion ${fmt(phi)}` : ''}): ` +
        `P(X ${tail} ${fmt(eV)}) = ${fmt(p)} vs α ${fmt(alpha)}, rate ${pct(relChange(rateV, rateB))}`;
      return { scored: true, breach, z, value: eV, center: expected, scale: Math.sqrt(phi * Math.max(expected, 1)), detail };
    };
    let best: Score | null = null;
    if (direction !== 'decrease') best = tryDir('increase');
    if (direction !== 'increase') {
      const d = tryDir('decrease');
      if (!best || (d.breach && !best.breach) || (d.breach === best.breach && (d.z ?? 0) > (best.z ?? 0))) best = d;
    }
    return best as Score;
  }

  /** Score candidate sample i (requires the cumulative sums to include it). */
  function scoreAt(i: number): Score {
    const o = candidate[i]!;
    if (stateOf(o) !== 'ok') return UNSCORED;
    if (model.kind === 'none') return UNSCORED;
    if (model.kind === 'rates') return scoreRates(model);
    return scoreLocation(o, model);
  }

  function ruleName(r: 'consecutive' | 'window'): string {
    if (pol.method === 'classic') return r === 'consecutive' && need.consecutive === 1 ? 'classic-first-breach' : `classic-${r}`;
    return model.kind === 'rates' ? `poisson-${r}` : `z-${r}`;
  }

  function describeRule(r: 'consecutive' | 'window'): string {
    const cal =
      model.kind === 'location' && model.baselineRun > 0 && (need.consecutive !== pol.consecutive || need.window?.breaches !== pol.window?.breaches)
        ? ` (raised from the policy's because the baseline itself shows ${model.baselineBreaches} breach${model.baselineBreaches > 1 ? 'es' : ''} in ${model.baselineRuns} run${model.baselineRuns > 1 ? 's' : ''}, longest ${model.baselineRun} in a row)`
        : model.kind === 'location' && model.shortBaseline
          ? ` (one more than the policy's because the baseline has only ${model.okCount} valid samples, fewer than ${SHORT_BASELINE})`
          : '';
    if (r === 'consecutive') return (need.consecutive === 1 ? 'first breach' : `${need.consecutive} consecutive breaches`) + cal;
    return `${need.window!.breaches} breaches in the last ${need.window!.of} scored samples` + cal;
  }

  /**
   * Breach-rate gate of the point rules: the candidate's breaches so far must be
   * significantly more frequent than the baseline's own (the same point test
   * scored on the baseline), by the conditional test for two rates. A run of
   * breaches right after the deploy passes it at once; the same run late in a
   * window whose baseline also breached now and then does not (bursts).
   */
  function breachRateOk(nV: number): boolean {
    if (model.kind !== 'location' || !pol.baselineCalibration || pol.method !== 'robust') return true;
    const bB = model.baselineBreaches;
    if (bB < 1) return true;
    const nB = model.okCount;
    const pv = binomialUpperTail(candBreaches, bB + candBreaches, nV / (nB + nV));
    return pv < RATE_GATE_ALPHA;
  }

  /** Read through a function: TypeScript cannot see that rescore() may set it. */
  function failed(): boolean {
    return verdict === 'fail';
  }

  function fail(at: number, ex: Explanation, why: string): void {
    verdict = 'fail';
    decidedAt = at;
    explain = ex;
    reason = why;
  }

  /** Feed sample i into the rule state; returns true when the metric failed. */
  function evaluate(i: number, now: number): boolean {
    const o = candidate[i]!;
    const st = stateOf(o);
    if (st === 'ok') nOk++;
    else if (st === 'missing') nMissing++;
    else nIdle++;
    if (isCount && stateOf(o) === 'ok') {
      cumEvents = finiteOr(cumEvents + (o.value as number), Number.MAX_VALUE);
      cumExposure = finiteOr(cumExposure + exposureOf(o), Number.MAX_VALUE);
    }
    const sc = scoreAt(i);
    scores[i] = sc;
    if (!sc.scored) return false;
    lastScored = i;
    scoredCount++;
    if (sc.z !== null && (worstZ === null || sc.z > worstZ)) worstZ = sc.z;
    if (sc.breach) candBreaches++;
    const ruleFired = rules.feed(sc.breach);
    const fired = ruleFired && breachRateOk(scoredCount) ? ruleFired : null;
    if (fired) {
      fail(
        now,
        { value: sc.value, median: sc.center, scale: sc.scale, z: sc.z, rule: ruleName(fired), index: i },
        `${describeRule(fired)} (${pol.method}${model.kind === 'rates' ? ' rate test' : ''}, threshold ${
          model.kind === 'rates' ? `α ${fmt(pol.poissonAlpha)}` : `z > ${fmt(pol.threshold)}`
        }); at sample ${i}: ${sc.detail()}`,
      );
      return true;
    }
    if (sc.shift) {
      shiftRun = sc.shift.breach ? shiftRun + 1 : 0;
      if (sc.shift.z > (worstZ ?? -Infinity)) worstZ = sc.shift.z;
      if (shiftRun >= policyNeed.consecutive) {
        fail(
          now,
          { value: sc.shift.value, median: sc.center, scale: sc.scale, z: sc.shift.z, rule: 'z-shift', index: i },
          `shift of the median for ${pol.consecutive} consecutive samples (robust, threshold z > ${fmt(pol.threshold)}); at sample ${i}: ${sc.shift.detail()}`,
        );
        return true;
      }
    }
    quartileRun = sc.quartile?.breach ? quartileRun + 1 : 0;
    if (sc.quartile) {
      if (sc.quartile.z > (worstZ ?? -Infinity)) worstZ = sc.quartile.z;
      if (quartileRun >= policyNeed.consecutive) {
        fail(
          now,
          { value: sc.quartile.value, median: sc.center, scale: sc.scale, z: sc.quartile.z, rule: 'z-quartile', index: i },
          `shift of the quartile for ${pol.consecutive} consecutive samples (robust, threshold z > ${fmt(pol.threshold)}); at sample ${i}: ${sc.quartile.detail()}`,
        );
        return true;
      }
    }
    return false;
  }

  /** Recompute the baseline model and replay every candidate sample. */
  function rescore(now: number): void {
    usesTotals = isCount && (baseline.some((o) => o.total !== null) || candidate.some((o) => o.total !== null));
    model = buildModel();
    dirty = false;
    scores = [];
    need = model.kind === 'location' ? model.need : policyNeed;
    rules = new RuleState(need);
    cumEvents = 0;
    cumExposure = 0;
    worstZ = null;
    lastScored = -1;
    recent = [];
    recentSorted = [];
    shiftRun = 0;
    quartileRun = 0;
    candBreaches = 0;
    scoredCount = 0;
    actBusy = 0;
    actN = 0;
    nOk = 0;
    nMissing = 0;
    nIdle = 0;
    for (let i = 0; i < candidate.length; i++) {
      if (evaluate(i, now)) return;
    }
  }

  function checkLimit(i: number): boolean {
    if (limit === undefined) return false;
    const o = candidate[i]!;
    if (stateOf(o) !== 'ok') return false; // missing: neither extends nor breaks the run
    const x = levelOf(o);
    const beyond = direction === 'decrease' ? x < limit : x > limit;
    limitRun = beyond ? limitRun + 1 : 0;
    if (limitRun < limitCount) return false;
    fail(
      i,
      { value: x, median: model.kind === 'location' ? model.center : 0, scale: model.kind === 'location' ? model.scale : 0, z: scores[i]?.z ?? null, rule: 'limit', index: i },
      `absolute guard: ${limitCount > 1 ? `${limitCount} values in a row` : 'value'} ${direction === 'decrease' ? 'below' : 'above'} limit ${fmt(limit)}${
        isCount && usesTotals ? ' (ratio events/total)' : ''
      }; at sample ${i}: value ${fmt(x)}`,
    );
    return true;
  }

  function pendingReason(): string {
    const n = candidate.length;
    const missing = nMissing;
    const parts: string[] = [];
    if (model.kind === 'none') {
      parts.push(
        model.why === 'baseline'
          ? `baseline has ${model.okCount} valid samples, need ${pol.minBaselineSamples}: candidate samples not scored yet`
          : 'no traffic in the baseline: candidate samples not scored yet',
      );
    } else if (lastScored >= 0) {
      const sc = scores[lastScored]!;
      parts.push(`sample ${lastScored}: ${sc.detail()}${sc.breach ? ' (breach)' : ''}`);
      if (!Number.isFinite(need.consecutive) && model.kind === 'location') {
        parts.push(`point rules off: the baseline itself shows ${model.baselineBreaches} breaches in ${model.baselineRuns} runs (only the shift rule judges)`);
      } else if (rules.run > 0) parts.push(`${rules.run} consecutive breach${rules.run > 1 ? 'es' : ''} of ${need.consecutive}`);
      if (shiftRun > 0) parts.push(`median shifted for ${shiftRun} sample${shiftRun > 1 ? 's' : ''} of ${policyNeed.consecutive}`);
      if (quartileRun > 0) parts.push(`quartile shifted for ${quartileRun} sample${quartileRun > 1 ? 's' : ''} of ${policyNeed.consecutive}`);
    }
    if (missing > 0) parts.push(`${missing} of ${n} samples missing`);
    return parts.length ? parts.join('; ') : 'waiting for candidate samples';
  }

  function currentExplain(rule: string): Explanation {
    const sc = lastScored >= 0 ? scores[lastScored] : undefined;
    const center = model.kind === 'location' ? model.center : sc?.center ?? 0;
    const scale = model.kind === 'location' ? model.scale : sc?.scale ?? 0;
    return {
      value: sc?.value ?? null,
      median: finiteOr(center, 0),
      scale: finiteOr(scale, 0),
      z: sc?.z ?? null,
      rule,
      index: lastScored >= 0 ? lastScored : null,
    };
  }

  function snapshot(): MetricStatus {
    const ex = verdict === 'pending' ? currentExplain('none') : explain;
    return {
      name,
      verdict,
      decidedAt,
      reason: verdict === 'pending' ? `pending: ${pendingReason()}` : reason,
      explain: {
        value: ex.value === null ? null : finiteOr(ex.value, 0),
        median: finiteOr(ex.median, 0),
        scale: finiteOr(ex.scale, 0),
        z: ex.z === null ? null : clampZ(ex.z),
        rule: ex.rule,
        index: ex.index,
      },
      worstZ: worstZ === null ? null : clampZ(worstZ),
      samples: candidate.length,
    };
  }

  function conclude(): void {
    const n = candidate.length;
    const ok = nOk;
    const missing = nMissing;
    const notraffic = nIdle;
    let rule: string | null = null;
    let why = '';
    if (model.kind === 'none' && model.why === 'baseline') {
      rule = 'inconclusive-baseline';
      why = `too few baseline samples: ${model.okCount} valid of ${baseline.length}, need ${pol.minBaselineSamples}`;
    } else if (model.kind === 'none') {
      rule = 'inconclusive-traffic';
      why = `no traffic in the baseline: ${model.okCount} of ${baseline.length} samples had traffic, need ${pol.minBaselineSamples}`;
    } else if (n === 0) {
      rule = 'inconclusive-candidate';
      why = 'no candidate samples';
    } else if (ok === 0 && notraffic > 0) {
      rule = 'inconclusive-traffic';
      why = `no traffic in the candidate window (${notraffic} of ${n} samples had total 0${missing ? `, ${missing} missing` : ''})`;
    } else if (missing / n > pol.maxMissingFraction) {
      rule = 'inconclusive-missing';
      why = `${missing} of ${n} candidate samples missing (more than ${fmt(pol.maxMissingFraction * 100)} %)`;
    } else if (ok < pol.minCandidateSamples) {
      rule = 'inconclusive-candidate';
      why = `too few candidate samples: ${ok} valid of ${n}, need ${pol.minCandidateSamples}`;
    }
    if (rule) {
      verdict = 'inconclusive';
      explain = currentExplain(rule);
      reason = why;
      return;
    }
    verdict = 'pass';
    explain = currentExplain('none');
    const skipped = missing + notraffic;
    reason =
      `no rule fired over ${ok} scored samples` +
      (worstZ !== null ? ` (worst z ${fmt(worstZ)})` : '') +
      (skipped ? `; ${missing ? `${missing} missing` : ''}${missing && notraffic ? ', ' : ''}${notraffic ? `${notraffic} without traffic` : ''} not counted` : '');
  }

  // -------------------------------------------------------------------------

  return {
    addBaseline(samples: Sample[]): void {
      if (finished || !Array.isArray(samples)) return;
      for (const s of samples) {
        baseline.push(sanitize(s));
        if (isCount && !usesTotals && hasTotal(s)) usesTotals = true;
      }
      dirty = true;
    },

    push(sample: Sample): MetricStatus {
      if (finished) return snapshot();
      const i = candidate.length;
      const o = sanitize(sample);
      candidate.push(o);
      if (verdict === 'fail') return snapshot();
      if (isCount && !usesTotals && o.total !== null) dirty = true;
      if (dirty) {
        rescore(i);
        if (failed()) return snapshot();
      } else if (evaluate(i, i)) {
        return snapshot();
      }
      checkLimit(i);
      return snapshot();
    },

    finish(): MetricStatus {
      if (finished) return snapshot();
      finished = true;
      if (verdict === 'fail') return snapshot();
      if (dirty) {
        rescore(Math.max(0, candidate.length - 1));
        if (failed()) return snapshot();
      }
      conclude();
      return snapshot();
    },

    status(): MetricStatus {
      return snapshot();
    },
  };
}
