// Synthetic series that look like production metrics, with regressions of a
// known size injected at a known deploy point (the first candidate sample).

import { poissonUpperTail } from '../../src/detect/stats';
import { Rng } from './prng';

export const BASELINE_LEN = 30;
export const CANDIDATE_LEN = 20;

export type Direction = 'increase' | 'decrease' | 'either';

export interface BenchMetric {
  name: string;
  direction: Direction;
  kind: 'gauge' | 'count';
  baseline: (number | null)[];
  candidate: (number | null)[];
  baselineTotals?: (number | null)[];
  candidateTotals?: (number | null)[];
}

/**
 * A generated case: the metric sent to `analyze`, plus whether the injected
 * regression is detectable at all (bench bookkeeping, never sent to the detector).
 */
export interface BenchCase {
  metric: BenchMetric;
  /**
   * false when an ideal test could not see the regression either: for counts
   * (step and ramp), the two-rate test on the expected counts, one look at the
   * end of the window, no over-dispersion (so it is optimistic), has power < 0.5
   * at α = 0.001 (see oraclePower); for the mostly-idle on/off family, always
   * false (see docs/detector.md). Untouched cases: always true.
   */
  detectable: boolean;
}

export interface Effect {
  /** Label in the table. */
  label: string;
  type: 'none' | 'step' | 'ramp' | 'variance';
  factor: number;
}

export const EFFECTS: Effect[] = [
  { label: 'none (untouched)', type: 'none', factor: 1 },
  { label: 'step ×1.2', type: 'step', factor: 1.2 },
  { label: 'step ×1.5', type: 'step', factor: 1.5 },
  { label: 'step ×2', type: 'step', factor: 2 },
  { label: 'step ×3', type: 'step', factor: 3 },
  { label: 'step ×5', type: 'step', factor: 5 },
  { label: 'ramp to ×2 over 10 samples', type: 'ramp', factor: 2 },
  { label: 'variance ×3', type: 'variance', factor: 3 },
];

export interface Family {
  name: string;
  kind: 'gauge' | 'count';
  /** Clean series of BASELINE_LEN + CANDIDATE_LEN samples, and the candidate after injection. */
  make(rng: Rng, effect: Effect): BenchCase;
}

// ---------------------------------------------------------------------------
// Gauges

interface GaugeShape {
  level: number;
  cv: number; // relative noise (normal / t) or log-sd (lognormal)
  phi: number; // AR(1) coefficient of the noise
  tail: 'normal' | 't3' | 'lognormal';
  daily?: { amp: number; period: number; phase: number };
  spikes?: { p: number; lo: number; hi: number; maxLen: number };
  /** Candidate level relative to the baseline without any regression (canary host differs). */
  candidateLevel?: number;
  missing?: number; // probability of a null sample
}

function gaugeSeries(rng: Rng, s: GaugeShape, n: number): number[] {
  const out: number[] = [];
  const innov = Math.sqrt(1 - s.phi * s.phi);
  let e = s.tail === 't3' ? rng.studentT(3) / Math.sqrt(3) : rng.normal();
  let spikeLeft = 0;
  let spikeMult = 1;
  for (let t = 0; t < n; t++) {
    const eps = s.tail === 't3' ? rng.studentT(3) / Math.sqrt(3) : rng.normal();
    e = s.phi * e + innov * eps;
    let level = s.level;
    if (s.daily) level *= 1 + s.daily.amp * Math.sin(s.daily.phase + (2 * Math.PI * t) / s.daily.period);
    let x = s.tail === 'lognormal' ? level * Math.exp(s.cv * e - (s.cv * s.cv) / 2) : level * (1 + s.cv * e);
    if (s.spikes) {
      if (spikeLeft === 0 && rng.next() < s.spikes.p) {
        spikeLeft = rng.int(1, s.spikes.maxLen);
        spikeMult = rng.uniform(s.spikes.lo, s.spikes.hi);
      }
      if (spikeLeft > 0) {
        x *= spikeMult;
        spikeLeft--;
      }
    }
    out.push(Math.max(0, x));
  }
  return out;
}

function injectGauge(rng: Rng, cand: number[], effect: Effect, dir: Direction, center: number, integer: boolean): number[] {
  const worseUp = dir === 'increase' || (dir === 'either' && rng.next() < 0.5);
  return cand.map((x, t) => {
    let y = x;
    if (effect.type === 'step' || effect.type === 'ramp') {
      const f = effect.type === 'step' ? effect.factor : 1 + (effect.factor - 1) * Math.min(1, (t + 1) / 10);
      y = worseUp ? x * f : x / f;
    } else if (effect.type === 'variance') {
      y = Math.max(0, center + (x - center) * effect.factor);
    }
    return integer ? Math.round(y) : y;
  });
}

function gaugeFamily(name: string, shape: (rng: Rng) => GaugeShape, dirs: Direction[] = ['increase', 'increase', 'increase', 'decrease', 'either']): Family {
  return {
    name,
    kind: 'gauge',
    make(rng, effect) {
      const s = shape(rng);
      const dir = rng.pick(dirs);
      const all = gaugeSeries(rng, s, BASELINE_LEN + CANDIDATE_LEN);
      const base = all.slice(0, BASELINE_LEN);
      let cand = all.slice(BASELINE_LEN).map((x) => x * (s.candidateLevel ?? 1));
      const sorted = [...base].sort((a, b) => a - b);
      const center = sorted[BASELINE_LEN >> 1]!;
      cand = injectGauge(rng, cand, effect, dir, center, false);
      const holes = (xs: number[]) => xs.map((x) => (s.missing && rng.next() < s.missing ? null : x));
      return { metric: { name, direction: dir, kind: 'gauge', baseline: holes(base), candidate: holes(cand) }, detectable: true };
    },
  };
}

/** Small integer gauges (queue depth, busy workers): Poisson values, many ties, MAD often tiny. */
function integerGaugeFamily(name: string): Family {
  return {
    name,
    kind: 'gauge',
    make(rng, effect) {
      const lam = rng.uniform(2, 20);
      const all = Array.from({ length: BASELINE_LEN + CANDIDATE_LEN }, () => rng.poisson(lam));
      const cand = injectGauge(rng, all.slice(BASELINE_LEN), effect, 'increase', lam, true);
      return { metric: { name, direction: 'increase', kind: 'gauge', baseline: all.slice(0, BASELINE_LEN), candidate: cand }, detectable: true };
    },
  };
}

/**
 * On/off gauges that are idle (exactly 0) most of the time: a batch worker's
 * CPU, a queue that fills in bursts. Markov on/off states; busy values vary
 * ±30 % around the level. A ×2 regression doubles the busy values only, so it
 * shows in the few busy samples of the window (often none): the family measures
 * false rollbacks; its recall is reported but not held to the targets.
 */
function idleOnOffFamily(name: string): Family {
  return {
    name,
    kind: 'gauge',
    make(rng, effect) {
      const level = rng.logUniform(1, 1000);
      const pOn = rng.uniform(0.05, 0.15);
      const pStay = rng.uniform(0.4, 0.8);
      const all: number[] = [];
      let on = rng.next() < pOn;
      for (let t = 0; t < BASELINE_LEN + CANDIDATE_LEN; t++) {
        on = on ? rng.next() < pStay : rng.next() < pOn;
        all.push(on ? level * Math.exp(0.3 * rng.normal()) : 0);
      }
      const dir: Direction = rng.pick(['increase', 'increase', 'either']);
      const cand = injectGauge(rng, all.slice(BASELINE_LEN), effect, dir, 0, false);
      return { metric: { name, direction: dir, kind: 'gauge', baseline: all.slice(0, BASELINE_LEN), candidate: cand }, detectable: effect.type === 'none' };
    },
  };
}

// ---------------------------------------------------------------------------
// Counts (errors per interval, with request totals)

const ORACLE_ALPHA = 0.001;

/** Candidate share of the exposure, nV/(nB + nV). */
function exposureShare(totals: number[], withTotals: boolean): number {
  if (!withTotals) return CANDIDATE_LEN / (BASELINE_LEN + CANDIDATE_LEN);
  const b = totals.slice(0, BASELINE_LEN).reduce((a, x) => a + x, 0);
  const v = totals.slice(BASELINE_LEN).reduce((a, x) => a + x, 0);
  return v / (b + v);
}

/** P(X ≥ k) for X ~ Poisson(λ), integer k ≥ 0 (the detector's own incomplete-gamma tail). */
function poissonAtLeast(k: number, lambda: number): number {
  return poissonUpperTail(k, lambda);
}

/** Standard normal upper tail (Abramowitz–Stegun 26.2.17, |error| < 8e-8). */
function normalUpper(z: number): number {
  if (z < 0) return 1 - normalUpper(-z);
  const t = 1 / (1 + 0.2316419 * z);
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return (Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI)) * poly;
}

/**
 * Power of the ideal test with the data at hand, looking once at the end of the
 * window: the two-rate comparison of e_V (candidate) with e_B (baseline) at
 * level α, knowing nothing but the counts (the baseline rate is estimated from
 * the baseline, as any real detector must). Expected counts, Poisson noise (no
 * over-dispersion: optimistic). mB = baseline events expected, m0 / m1 =
 * candidate events expected without / with the regression.
 * - mB > 0: normal approximation on the log rate ratio, z = ln(m1/m0)/√(1/mB + 1/m1);
 * - mB = 0 (zero-error baseline): "0 before, k now" is significant when
 *   p₀^k < α with p₀ = nV/(nB + nV), so power = P(Poisson(m1) ≥ k).
 */
function oraclePower(mB: number, m0: number, m1: number, alpha: number, p0: number): number {
  if (!(m1 > m0)) return 0;
  if (!(mB > 0)) {
    const k = Math.ceil(Math.log(alpha) / Math.log(p0));
    return poissonAtLeast(k, m1);
  }
  const z = Math.log(m1 / m0) / Math.sqrt(1 / mB + 1 / m1);
  const za = 3.090232; // Φ⁻¹(1 − 0.001)
  return normalUpper(za - z);
}

interface CountShape {
  requests: number; // mean requests per interval
  rate: number; // error ratio
  dispersion: number; // gamma shape of the per-interval rate multiplier (Infinity = pure Poisson)
  trafficCv: number;
  withTotals: boolean;
  /** For zero-error baselines: error ratio per unit of (factor − 1) when a regression is injected. */
  newErrorRate?: number;
}

function countFamily(name: string, shape: (rng: Rng) => CountShape): Family {
  return {
    name,
    kind: 'count',
    make(rng, effect) {
      const s = shape(rng);
      const n = BASELINE_LEN + CANDIDATE_LEN;
      const totals: number[] = [];
      const errors: number[] = [];
      let lambdaB = 0; // baseline events expected
      let lambda0 = 0; // candidate events expected at the baseline rate
      let lambda1 = 0; // candidate events expected with the regression (mean of the rate multiplier is 1)
      let tr = 0;
      for (let t = 0; t < n; t++) {
        tr = 0.7 * tr + Math.sqrt(1 - 0.49) * rng.normal();
        const req = Math.max(0, Math.round(s.requests * Math.max(0.05, 1 + s.trafficCv * tr)));
        let rate = s.rate;
        const cand = t >= BASELINE_LEN;
        if (cand && effect.type !== 'none') {
          const ct = t - BASELINE_LEN;
          const f =
            effect.type === 'step' ? effect.factor : effect.type === 'ramp' ? 1 + (effect.factor - 1) * Math.min(1, (ct + 1) / 10) : 1;
          if (s.newErrorRate !== undefined) rate = rate + (f - 1) * s.newErrorRate;
          else rate = rate * f;
        }
        let mult = Number.isFinite(s.dispersion) ? rng.gamma(s.dispersion) / s.dispersion : 1;
        if (cand && effect.type === 'variance') {
          // burstier errors at the same mean rate
          const k = Math.max(0.3, (Number.isFinite(s.dispersion) ? s.dispersion : 20) / (effect.factor * effect.factor));
          mult = rng.gamma(k) / k;
        }
        totals.push(req);
        errors.push(rng.poisson(req * rate * mult));
        if (cand) {
          lambda0 += req * s.rate;
          lambda1 += req * rate;
        } else lambdaB += req * s.rate;
      }
      return {
        metric: {
          name,
          direction: 'increase',
          kind: 'count',
          baseline: errors.slice(0, BASELINE_LEN),
          candidate: errors.slice(BASELINE_LEN),
          ...(s.withTotals ? { baselineTotals: totals.slice(0, BASELINE_LEN), candidateTotals: totals.slice(BASELINE_LEN) } : {}),
        },
        detectable: (effect.type !== 'step' && effect.type !== 'ramp') || oraclePower(lambdaB, lambda0, lambda1, ORACLE_ALPHA, exposureShare(totals, s.withTotals)) >= 0.5,
      };
    },
  };
}

// ---------------------------------------------------------------------------

export const FAMILIES: Family[] = [
  gaugeFamily('gauge: iid normal', (r) => ({ level: r.logUniform(1, 1000), cv: r.uniform(0.02, 0.15), phi: 0, tail: 'normal' })),
  gaugeFamily('gauge: AR(1) φ 0.5–0.9', (r) => ({ level: r.logUniform(1, 1000), cv: r.uniform(0.02, 0.12), phi: r.uniform(0.5, 0.9), tail: 'normal' })),
  gaugeFamily('gauge: daily cycle', (r) => ({
    level: r.logUniform(1, 1000),
    cv: r.uniform(0.02, 0.08),
    phi: 0.6,
    tail: 'normal',
    daily: { amp: r.uniform(0.1, 0.5), period: r.pick([288, 720, 1440]), phase: r.uniform(0, 2 * Math.PI) },
  })),
  gaugeFamily('gauge: spikes/outliers', (r) => ({
    level: r.logUniform(1, 1000),
    cv: r.uniform(0.02, 0.08),
    phi: 0.3,
    tail: 'normal',
    spikes: { p: 0.03, lo: 2, hi: 6, maxLen: 2 },
  })),
  gaugeFamily('gauge: heavy tail (lognormal)', (r) => ({ level: r.logUniform(1, 1000), cv: r.uniform(0.05, 0.3), phi: r.uniform(0, 0.6), tail: 'lognormal' })),
  gaugeFamily('gauge: Student t₃', (r) => ({ level: r.logUniform(1, 1000), cv: r.uniform(0.02, 0.1), phi: 0.3, tail: 't3' })),
  gaugeFamily('gauge: canary level ±15 %', (r) => ({
    level: r.logUniform(1, 1000),
    cv: r.uniform(0.02, 0.1),
    phi: r.uniform(0, 0.7),
    tail: 'normal',
    candidateLevel: r.uniform(0.85, 1.15),
  })),
  integerGaugeFamily('gauge: small integers (Poisson)'),
  gaugeFamily('gauge: bursty on/off', (r) => ({
    level: r.logUniform(1, 1000),
    cv: r.uniform(0.05, 0.2),
    phi: 0.3,
    tail: 'normal',
    spikes: { p: r.uniform(0.08, 0.2), lo: 5, hi: 20, maxLen: 4 },
  })),
  gaugeFamily('gauge: 5 % missing samples', (r) => ({ level: r.logUniform(1, 1000), cv: r.uniform(0.02, 0.12), phi: r.uniform(0, 0.6), tail: 'normal', missing: 0.05 })),
  countFamily('count: low traffic errors', (r) => ({ requests: r.logUniform(50, 2000), rate: r.logUniform(2e-3, 3e-2), dispersion: Infinity, trafficCv: 0.3, withTotals: true })),
  countFamily('count: busy, over-dispersed', (r) => ({ requests: r.logUniform(2000, 50000), rate: r.logUniform(5e-4, 1e-2), dispersion: r.uniform(3, 20), trafficCv: 0.3, withTotals: true })),
  countFamily('count: zero-error baseline', (r) => ({ requests: r.logUniform(500, 20000), rate: 0, dispersion: Infinity, trafficCv: 0.3, withTotals: true, newErrorRate: 1e-3 })),
  countFamily('count: no totals', (r) => ({ requests: 1, rate: r.logUniform(1, 40), dispersion: r.pick([Infinity, 5]), trafficCv: 0, withTotals: false })),
  // Appended last so that the other families keep their case seeds.
  idleOnOffFamily('gauge: on/off, mostly idle (0)'),
];

