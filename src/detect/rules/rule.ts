// What every rule family gives the tracker core.

/** A rule that fired: everything the verdict explains. */
export interface RuleHit {
  /** Rule name, e.g. 'level-window', 'spread-window', 'count-window', 'classic-first-breach'. */
  rule: string;
  /** The value judged (a window median, a window spread, a count …). */
  value: number;
  /** What the baseline says it should be. */
  center: number;
  /** The baseline's scale for that value. */
  scale: number;
  /** The statistic, signed so that positive means worse. */
  z: number;
  /** One-line human explanation, including the threshold. */
  detail: string;
  /** Consecutive looks the rule held before it fired, when the family holds them itself. */
  held?: number;
}

/** The latest evaluation of a family, fired or not (for pending reasons and worstZ). */
export interface RuleLook {
  z: number;
  value: number;
  center: number;
  scale: number;
  detail: string;
  hit: RuleHit | null;
}

/**
 * One rule family judging one metric against a fixed baseline. The core feeds it
 * the candidate's scored samples in order; a new judge is built when the
 * baseline changes (and the candidate replayed).
 */
export interface Judge {
  /** The next scored candidate sample (its level, and for counts its events and exposure). */
  push(sample: ScoredSample, index: number): RuleLook | null;
}

export interface ScoredSample {
  /** Level of the sample (gauges: the value; counts with totals: events/total). */
  level: number;
  /** Counts: events in the interval. */
  events: number;
  /** Counts: requests in the interval (1 without totals). */
  exposure: number;
}

export type Side = 'increase' | 'decrease';

/** The sides a direction judges. */
export function sidesOf(direction: 'increase' | 'decrease' | 'either'): Side[] {
  return direction === 'either' ? ['increase', 'decrease'] : [direction];
}
