// Public types of the regression detector.

/** Which way a change is bad. */
export type Direction = 'increase' | 'decrease' | 'either';

/**
 * gauge: a level sampled per interval (latency, CPU, error ratio …).
 * count: events counted per interval (errors …), optionally with the number of
 * requests in that interval as `Sample.total`.
 */
export type MetricKind = 'gauge' | 'count';

export interface DetectorPolicy {
  /** 'robust' (median/MAD z, effect gates, N consecutive) or 'classic' (mean/sd z, first breach fails). */
  method: 'robust' | 'classic';
  /** A sample breaches when its z, signed by the metric's direction, is above this. */
  threshold: number;
  /** A breach also needs |value − median| ≥ this, in the metric's own unit. */
  minAbsoluteEffect: number;
  /**
   * A breach also needs the value to be at least this much worse relative to the
   * median, as a ratio: for 'increase' value ≥ median·(1 + r), for 'decrease'
   * value ≤ median/(1 + r). For count metrics: the candidate's rate against the
   * baseline's rate.
   */
  minRelativeEffect: number;
  /** Fail after this many consecutive breaches (missing samples neither break nor extend a run). */
  consecutive: number;
  /** Alternative rule: fail when `breaches` of the last `of` scored samples breach. */
  window?: { breaches: number; of: number };
  /** Fewer valid baseline samples than this: no statistics, the metric ends inconclusive. */
  minBaselineSamples: number;
  /** Fewer valid candidate samples than this at the end of the window: inconclusive. */
  minCandidateSamples: number;
  /** Count metrics: one-sided tail probability under the baseline rate below which the candidate breaches. */
  poissonAlpha: number;
  /** Count metrics: the candidate needs at least this many events more (or fewer) than expected. */
  minCountEffect: number;
  /** What the release does when the outcome is inconclusive. */
  onInconclusive: 'keep' | 'rollback';
  /** Scale floor in the metric's unit: s ≥ max(scaleFloorAbsolute, scaleFloorRelative·|median|). */
  scaleFloorAbsolute: number;
  /** Scale floor relative to |median|. */
  scaleFloorRelative: number;
  /** More missing candidate samples than this fraction: inconclusive (unless already failed). */
  maxMissingFraction: number;
  /**
   * Robust gauges: the shift rule compares the median of the last `shiftWindow`
   * candidate samples with the baseline median, its z using a standard error
   * corrected for autocorrelation; it needs at least this many samples. 0 = off.
   */
  shiftMinSamples: number;
  /** How many of the latest candidate samples the shift rule's median covers. */
  shiftWindow: number;
  /**
   * A breach also needs the value beyond this quantile of the baseline (above it
   * for 'increase', below the mirror quantile 1 − q for 'decrease'): a value the
   * baseline itself often showed is not a regression, however small the MAD. The
   * shift rule's median must pass the quantile halfway between 0.5 and this.
   * 0.5 = off (only the median).
   */
  quantileGate: number;
  /**
   * Robust gauges: score the baseline against itself first; when it already
   * shows runs of breaches (bursty series) the candidate needs a longer run
   * (at most twice `consecutive`).
   */
  baselineCalibration: boolean;
  /** Robust gauges: scale = max(1.4826·MAD, (q80 − median)/0.8416) on the bad side, for bursty baselines. */
  tailScale: boolean;
  /** Robust gauges: the spread rule (same median, wider swings on both sides). */
  spreadRule: boolean;
  /** The spread rule's z threshold (log scale, against the baseline's own windows). */
  spreadThreshold: number;
  /**
   * Robust gauges: the departure rule's z threshold (robust sigmas, no wander
   * term) for windows whose every sample lies outside the baseline's range. 0 = off.
   */
  departureThreshold: number;
  /**
   * Robust gauges with at least 30 baseline samples: the envelope rule's margin,
   * robust sigmas beyond the baseline's own k-sample medians at 60 baseline
   * samples (× √(60/n) for n samples). While it judges, the level and departure
   * rules do not. 0 = off (the level and departure rules judge every baseline).
   */
  envelopeMargin: number;
  /** Count metrics: the smallest rate change that matters (0.5 = the rate up by half). */
  countMinRelativeEffect: number;
}

export interface MetricSpec {
  name: string;
  direction: Direction;
  kind: MetricKind;
  /** A failing critical metric fails the release; a non-critical one is only reported. Default true. */
  critical?: boolean;
  /**
   * Absolute guard: a value beyond this (above for 'increase' and 'either', below
   * for 'decrease') counts toward an immediate failure, no statistics involved.
   */
  limit?: number;
  /** How many values beyond `limit` in a row fail the metric. Default 1. */
  limitCount?: number;
  /** Per-metric overrides of the policy. */
  policy?: Partial<DetectorPolicy>;
}

/** One observation. `value` null or NaN = no data. `total` = events (requests) in that interval. */
export interface Sample {
  value: number | null;
  total?: number | null;
}

export type Verdict = 'pending' | 'pass' | 'fail' | 'inconclusive';

export interface Explanation {
  /** The value that decided (for count metrics: the candidate's cumulative count). */
  value: number | null;
  /** Baseline median (classic: mean; count metrics: expected cumulative count). */
  median: number;
  /** Baseline scale (classic: standard deviation; count metrics: √(φ·expected)). */
  scale: number;
  /** z signed so that positive means "worse"; for count metrics the normal-equivalent of the tail probability. */
  z: number | null;
  /** The rule that fired or the state: see docs/detector.md. */
  rule: string;
  /** 0-based index of the candidate sample concerned. */
  index: number | null;
}

export interface MetricStatus {
  name: string;
  verdict: Verdict;
  /** Candidate sample index at which the metric failed, else null. */
  decidedAt: number | null;
  reason: string;
  explain: Explanation;
  /** Largest direction-signed z among the scored candidate samples. */
  worstZ: number | null;
  /** Candidate samples pushed so far (including missing ones). */
  samples: number;
}

export interface MetricTracker {
  /** Add baseline samples (time order). May be called again while the window runs (concurrent baseline). */
  addBaseline(samples: Sample[]): void;
  /** Add the next candidate sample. Once 'fail' the status stays 'fail'. */
  push(sample: Sample): MetricStatus;
  /** End of window: 'pending' becomes 'pass' or 'inconclusive'. Idempotent; later pushes are ignored. */
  finish(): MetricStatus;
  status(): MetricStatus;
}

export interface Decision {
  verdict: 'pass' | 'fail' | 'inconclusive';
  /** Candidate sample index at which the release failed (earliest critical failure), else null. */
  decidedAt: number | null;
  /** The metric that decided (the earliest critical failure, or the first inconclusive one), else null. */
  deciding: string | null;
  reason: string;
  /** What to do: 'rollback' on fail, or on inconclusive when the policy says so. */
  action: 'keep' | 'rollback';
}
