// Busy-run rule (robust gauges on a mostly idle baseline): has the new version
// stopped being idle?
//
// On an on/off series (disk writes, a batch job's CPU, bytes shipped by a
// cron) more than half of the old version's samples are exactly 0 and the rest
// are bursts. Its median is 0 and its "robust sigmas" are set by the bursts, so
// a new version that writes a constant amount all the time (never idle any
// more) is a change of a few sigmas at most, inside the bursts' range, and the
// level rule cannot see it. What changed is the time spent busy.
//
// The increase side fails when the candidate's latest run of consecutive busy
// (non-zero) samples, r, is
//   1. longer than twice the old version's longest busy run L plus the hold
//      (`consecutive`): r ≥ 2L + consecutive. The longest of a few bursts
//      estimates how long a burst can last only to within a factor; a run
//      twice as long, held, is no longer a burst like the old ones;
//   2. unlikely from the old version's busy share: with q = (busy + 1)/(n + 2)
//      the baseline's share of busy samples (plus one busy and one idle pseudo
//      sample, so an idle baseline is not a certainty) and bursts of L samples
//      counted as one draw (busy samples come in runs, not independently),
//      P = q^(r/L) < poissonAlpha;
//   3. its median is worse than the baseline median (0) by the smallest change
//      that matters (minAbsoluteEffect).
// The decrease side is not judged: on a mostly idle baseline, idle is normal.

import { fmt } from '../format';
import { median } from '../stats';
import type { DetectorPolicy, Direction } from '../types';
import { effectMatters, type LevelModel } from './level';
import type { Judge, RuleLook, ScoredSample } from './rule';

export interface ActivityModel {
  /** Baseline samples scored, and how many of them were busy (non-zero). */
  n: number;
  busy: number;
  /** The old version's longest run of consecutive busy samples (at least 1). */
  longestRun: number;
  /** q = (busy + 1)/(n + 2). */
  busyShare: number;
}

/** A model when more than half of the baseline's scored samples are exactly 0 (a mostly idle series); null otherwise. */
export function buildActivityModel(ordered: ReadonlyArray<number | null>): ActivityModel | null {
  let n = 0;
  let busy = 0;
  let run = 0;
  let longest = 0;
  for (const x of ordered) {
    if (x === null) continue; // a missing sample neither extends nor breaks a run
    n++;
    if (x !== 0) {
      busy++;
      run++;
      if (run > longest) longest = run;
    } else run = 0;
  }
  if (n === 0 || busy * 2 >= n) return null;
  return { n, busy, longestRun: Math.max(1, longest), busyShare: (busy + 1) / (n + 2) };
}

export function createActivityJudge(model: ActivityModel, level: LevelModel, direction: Direction, pol: DetectorPolicy): Judge | null {
  if (direction === 'decrease') return null;
  const hold = Math.max(1, pol.consecutive);
  const need = 2 * model.longestRun + hold;
  const run: number[] = [];
  return {
    push(sample: ScoredSample): RuleLook {
      if (sample.level !== 0) run.push(sample.level);
      else run.length = 0;
      const r = run.length;
      const p = model.busyShare ** (r / model.longestRun);
      const med = r ? median(run.slice(-Math.max(need, pol.shiftWindow))) : 0;
      const matters = r > 0 && effectMatters(med, level.center, 'increase', pol);
      const fired = r >= need && p < pol.poissonAlpha && matters;
      // Reported on the level rule's scale: the threshold when the run reaches the need, more as it grows.
      const z = (r / need) * pol.threshold;
      const detail =
        `the last ${r} samples all busy (non-zero, median ${fmt(med)}) vs a mostly idle old version ` +
        `(${model.busy} busy of ${model.n}, longest busy run ${model.longestRun}): ` +
        `a run of ${r} needs ${need} (twice the longest plus ${hold}) and P = ${fmt(model.busyShare)}^(${r}/${model.longestRun}) = ${fmt(p)} vs α ${fmt(pol.poissonAlpha)}` +
        (r > 0 && !matters ? '; below the smallest change that matters' : '');
      return {
        z,
        value: med,
        center: level.center,
        scale: level.scaleUp,
        detail,
        hit: fired ? { rule: 'busy-run', value: med, center: level.center, scale: level.scaleUp, z, detail, held: r - 2 * model.longestRun } : null,
      };
    },
  };
}
