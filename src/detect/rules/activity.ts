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
import { MAD_TO_SIGMA, median } from '../stats';
import type { DetectorPolicy, Direction } from '../types';
import { effectMatters, type LevelModel } from './level';
import { sidesOf, type Judge, type RuleLook, type ScoredSample, type Side } from './rule';

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
  const recent = Math.max(1, pol.shiftWindow);
  let r = 0;
  const latest: number[] = []; // the run's latest `recent` samples (its median is reported and judged)
  return {
    push(sample: ScoredSample): RuleLook {
      if (sample.level !== 0) {
        r++;
        latest.push(sample.level);
        if (latest.length > recent) latest.shift();
      } else {
        r = 0;
        latest.length = 0;
      }
      const p = model.busyShare ** (r / model.longestRun);
      const med = r ? median(latest) : 0;
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

// Burst-run rule (robust gauges, a side where the old version sat in bursts):
// has the new version stayed where the old one only went in short bursts?
//
// Periodic bursts (an autoscaling group that flaps, a cron that runs every few
// minutes) put a quarter or more of the baseline on one side far from the
// median. That side's robust sigmas are then set by the bursts, and the level
// rule's burst-aware envelope rightly lets a window of the usual bursts pass. A new version whose *quiet* level is where
// the old one only went in bursts is still a change: it stays there.
//
// The side is bursty when its own scale (1.4826·median |b − m| over the values
// on that side) is more than BURSTY_SIDE times the whole baseline's. A trailing
// window of k = 5, 8, 13, 20 samples then fails on that side when, with c
// its least extreme sample (its lowest for increase) beyond the median:
//   1. the old version was at or beyond c in at least two separate runs (it
//      went there and came back: bursts, not a level it once held);
//   2. k ≥ 2L + consecutive, and P = q^(k/L) < poissonAlpha, q = (samples at
//      or beyond c + 1)/(n + 2): the same run-length test as the busy-run rule,
//      with L the longer of the longest run at or beyond c and the old version's
//      longest burst of any height (run beyond BURST_LINE whole-baseline sigmas):
//      how long a burst lasts does not depend on how high it goes;
//   3. the window median passes the smallest change that matters.
// Where the old version never reached c it is the departure rule's business.

/** A side is bursty when its own MAD scale is more than this many times the whole baseline's. */
export const BURSTY_SIDE = 2;
/** A burst sample lies beyond this many whole-baseline robust sigmas from the median. */
export const BURST_LINE = 3;
/** Trailing windows of the burst-run rule. */
export const BURST_WINDOWS = [5, 8, 13, 20] as const;
/** Baseline samples the burst-run rule looks at (the latest). */
const BURST_HISTORY = 5000;

interface RunStats {
  /** Samples at or beyond the threshold, separate runs of them, the longest run. */
  count: number;
  runs: number;
  longest: number;
}

/** One side of the burst-run rule: run statistics of the baseline's samples at or beyond each of its values. */
export interface BurstSide {
  side: Side;
  /** Distinct baseline values, most extreme first (descending for increase, ascending for decrease). */
  levels: number[];
  /** stats[i]: the samples at or beyond levels[i]. */
  stats: RunStats[];
  /** The old version's longest burst on this side: run of samples beyond BURST_LINE whole-baseline sigmas. */
  longestBurst: number;
}

export interface BurstModel {
  n: number;
  sides: BurstSide[];
}

/**
 * Run statistics of the samples at or beyond every threshold, most extreme first:
 * samples are added from the most extreme down, merging with the runs next to them
 * (O(n log n)). Missing samples neither extend nor break a run.
 */
function runStatsBySide(xs: readonly number[], side: Side): BurstSide {
  const sign = side === 'increase' ? 1 : -1;
  const order = xs.map((_, i) => i).sort((a, b) => sign * (xs[b]! - xs[a]!));
  const runLen = new Array<number>(xs.length).fill(0); // valid at the ends of a run
  const inSet = new Array<boolean>(xs.length).fill(false);
  const levels: number[] = [];
  const stats: RunStats[] = [];
  let count = 0;
  let runs = 0;
  let longest = 0;
  for (let j = 0; j < order.length; j++) {
    const i = order[j]!;
    inSet[i] = true;
    count++;
    const left = i > 0 && inSet[i - 1] ? runLen[i - 1]! : 0;
    const right = i + 1 < xs.length && inSet[i + 1] ? runLen[i + 1]! : 0;
    const len = left + 1 + right;
    runs += 1 - (left > 0 ? 1 : 0) - (right > 0 ? 1 : 0);
    runLen[i - left] = len;
    runLen[i + right] = len;
    if (len > longest) longest = len;
    const next = order[j + 1];
    if (next === undefined || xs[next] !== xs[i]) {
      levels.push(xs[i]!);
      stats.push({ count, runs, longest });
    }
  }
  return { side, levels, stats, longestBurst: 0 };
}

/** Sides of `direction` whose baseline sits in bursts; null when none does. */
export function buildBurstModel(ordered: ReadonlyArray<number | null>, direction: Direction): BurstModel | null {
  const xs = ordered.filter((x): x is number => x !== null).slice(-BURST_HISTORY);
  if (xs.length < 3) return null;
  const m = median(xs);
  const whole = MAD_TO_SIGMA * median(xs.map((x) => Math.abs(x - m)));
  const sides: BurstSide[] = [];
  for (const side of sidesOf(direction)) {
    const own = MAD_TO_SIGMA * median(xs.filter((x) => (side === 'increase' ? x >= m : x <= m)).map((x) => Math.abs(x - m)));
    if (own > BURSTY_SIDE * whole) {
      const s = runStatsBySide(xs, side);
      const line = side === 'increase' ? m + BURST_LINE * whole : m - BURST_LINE * whole;
      s.longestBurst = runsBeyond(s, line)?.longest ?? 0;
      sides.push(s);
    }
  }
  return sides.length ? { n: xs.length, sides } : null;
}

/** Run statistics of the baseline samples at or beyond c on the model's side (null: none reached c). */
export function runsBeyond(s: BurstSide, c: number): RunStats | null {
  const beyond = (level: number) => (s.side === 'increase' ? level >= c : level <= c);
  // levels are most extreme first: find the last index still at or beyond c.
  let lo = 0;
  let hi = s.levels.length; // answer in [lo, hi): first index NOT beyond c
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (beyond(s.levels[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : s.stats[lo - 1]!;
}

export function createBurstJudge(model: BurstModel, level: LevelModel, pol: DetectorPolicy): Judge {
  const hold = Math.max(1, pol.consecutive);
  const windows: number[] = BURST_WINDOWS.filter((k) => k <= pol.shiftWindow);
  const longestWindow = windows[windows.length - 1] ?? 0;
  const xs: number[] = [];
  return {
    push(sample: ScoredSample): RuleLook | null {
      xs.push(sample.level);
      if (xs.length > 2 * longestWindow) xs.splice(0, xs.length - longestWindow);
      let best: RuleLook | null = null;
      for (const s of model.sides) {
        const sign = s.side === 'increase' ? 1 : -1;
        for (const k of windows) {
          if (xs.length < k) break;
          const win = xs.slice(xs.length - k);
          const c = sign > 0 ? Math.min(...win) : Math.max(...win);
          if (!(sign * (c - level.center) > 0)) break; // longer windows hold this one's samples too
          const st = runsBeyond(s, c);
          if (!st || st.runs < 2) continue;
          const q = (st.count + 1) / (model.n + 2);
          const L = Math.max(st.longest, s.longestBurst);
          const p = q ** (k / L);
          const need = 2 * L + hold;
          const med = median(win);
          const matters = effectMatters(med, level.center, s.side, pol);
          const fired = k >= need && p < pol.poissonAlpha && matters;
          const z = (k / need) * pol.threshold;
          const beyondWord = s.side === 'increase' ? 'at or above' : 'at or below';
          const detail =
            `the last ${k} samples all ${beyondWord} ${fmt(c)} (median ${fmt(med)} vs baseline median ${fmt(level.center)}), ` +
            `where the old version went only in bursts (${st.count} of ${model.n} samples in ${st.runs} runs, the longest ${st.longest}${L > st.longest ? `, its longest burst ${L}` : ''}): ` +
            `a run of ${k} needs ${need} (twice the longest plus ${hold}) and P = ${fmt(q)}^(${k}/${L}) = ${fmt(p)} vs α ${fmt(pol.poissonAlpha)}` +
            (!matters ? '; below the smallest change that matters' : '');
          const scale = s.side === 'increase' ? level.scaleUp : level.scaleDown;
          const look: RuleLook = {
            z,
            value: med,
            center: level.center,
            scale,
            detail,
            hit: fired ? { rule: 'burst-run', value: med, center: level.center, scale, z, detail, held: k - 2 * L } : null,
          };
          if (!best || (look.hit && !best.hit) || (!!look.hit === !!best.hit && look.z > best.z)) best = look;
          if (look.hit) return look;
        }
      }
      return best;
    },
  };
}
