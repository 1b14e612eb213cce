// Spread rule (robust gauges): same median, wider swings. The typical size of
// the candidate's sample-to-sample changes over a trailing window against the
// baseline's windows of the same size.
//
// Successive differences, not deviations from the median: a level step inside
// the window or a slow wander (daily cycle) barely moves them, so the rule
// answers "is it noisier?", not "has it moved?" (the level rule's job).
// Spread of a window of k differences = median |Δu| (u = robust z). Its z is
// taken on a log scale against the baseline's own rolling windows of k
// differences (their mean and standard deviation, the latter floored by the
// normal-theory value 1.2/√k), and the spread must also have grown at least
// ×SPREAD_MIN_RATIO: the smallest change in spread that matters.
//
// Wider swings show on both sides of the median. A burst (a spiky or mostly idle
// series jumping up and back) also makes large successive differences, but on
// one side only, and it is the level rule's business. So the window must also
// hold at least a SPREAD_TWO_SIDED_SHARE of its samples beyond SPREAD_TAIL robust
// sigmas on each side of the baseline median (one sample in ten: for three times
// the swings of a normal series that is about one in five per side, for the
// baseline one in 160).

import { fmt } from '../format';
import { finiteOr, median } from '../stats';
import { robustZ, type LevelModel } from './level';
import type { DetectorPolicy } from '../types';
import type { Judge, RuleLook, ScoredSample } from './rule';

export const SPREAD_WINDOWS = [8, 16] as const;
/** The window's typical change must be at least this many times the baseline's. */
export const SPREAD_MIN_RATIO = 2;
/** Share of the window's samples that must lie beyond ±SPREAD_TAIL robust sigmas on each side. */
export const SPREAD_TWO_SIDED_SHARE = 0.1;
export const SPREAD_TAIL = 2.5;

export interface SpreadModel {
  windows: number[];
  /** Per window: mean and standard deviation of log(spread + ε) over the baseline's rolling windows. */
  mu: number[];
  tau: number[];
  /** Typical |Δu| of the whole baseline, and ε (a tenth of it, floored) that keeps log finite on quantized series. */
  typical: number;
  eps: number;
}

export function buildSpreadModel(ordered: ReadonlyArray<number | null>, level: LevelModel): SpreadModel | null {
  const us = ordered.filter((x): x is number => x !== null).map((x) => robustZ(x, level));
  const diffs: number[] = [];
  for (let i = 1; i < us.length; i++) diffs.push(Math.abs(us[i]! - us[i - 1]!));
  if (diffs.length < SPREAD_WINDOWS[0] + 2) return null;
  const typical = median(diffs);
  const meanDiff = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  const eps = Math.max(0.1 * (typical > 0 ? typical : meanDiff), 0.05);
  const windows: number[] = [];
  const mu: number[] = [];
  const tau: number[] = [];
  for (const k of SPREAD_WINDOWS) {
    if (diffs.length < k + 2) break;
    const logs: number[] = [];
    for (let i = 0; i + k <= diffs.length; i++) logs.push(Math.log(median(diffs.slice(i, i + k)) + eps));
    const m = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / logs.length);
    windows.push(k);
    mu.push(m);
    tau.push(Math.max(sd, 1.2 / Math.sqrt(k)));
  }
  return { windows, mu, tau, typical, eps };
}

export function createSpreadJudge(model: SpreadModel, level: LevelModel, pol: DetectorPolicy): Judge {
  const diffs: number[] = [];
  const us: number[] = [];
  const longest = model.windows[model.windows.length - 1] ?? 0;
  let prev: number | null = null;
  return {
    push(s: ScoredSample): RuleLook | null {
      const u = robustZ(s.level, level);
      us.push(u);
      if (prev !== null) diffs.push(Math.abs(u - prev));
      prev = u;
      if (diffs.length > 2 * longest) {
        diffs.splice(0, diffs.length - longest);
        us.splice(0, us.length - longest - 1);
      }
      let best: { w: number; k: number; spread: number; z: number; ratio: number; above: number; below: number; n: number; twoSided: boolean; fired: boolean } | null = null;
      for (let w = 0; w < model.windows.length; w++) {
        const k = model.windows[w]!;
        if (diffs.length < k) break;
        const spread = median(diffs.slice(diffs.length - k));
        const z = finiteOr((Math.log(spread + model.eps) - model.mu[w]!) / model.tau[w]!, 0);
        const ratio = (spread + model.eps) / Math.exp(model.mu[w]!);
        // the k differences span k + 1 samples
        const span = us.slice(us.length - k - 1);
        const above = span.filter((v) => v > SPREAD_TAIL).length;
        const below = span.filter((v) => v < -SPREAD_TAIL).length;
        const twoSided = Math.min(above, below) >= SPREAD_TWO_SIDED_SHARE * span.length;
        const fired = z > pol.spreadThreshold && ratio >= SPREAD_MIN_RATIO && twoSided;
        if (!best || (fired && !best.fired) || (fired === best.fired && z > best.z)) best = { w, k, spread, z, ratio, above, below, n: span.length, twoSided, fired };
      }
      if (!best) return null;
      const { w, k, spread, z, ratio, above, below, n, twoSided, fired } = best;
      const typical = Math.exp(model.mu[w]!) - model.eps;
      const detail =
        `typical change between consecutive samples over the last ${k} ${fmt(spread)} robust sigmas vs ${fmt(typical)} in the baseline's windows ` +
        `(×${fmt(ratio)}, log-scale spread ${fmt(model.tau[w]!)}): z ${fmt(z)}; ${above} of ${n} samples beyond +${SPREAD_TAIL} and ${below} beyond −${SPREAD_TAIL} robust sigmas` +
        (twoSided ? '' : ', not wider on both sides');
      return {
        z,
        value: spread,
        center: typical,
        scale: model.tau[w]!,
        detail,
        hit: fired ? { rule: 'spread-window', value: spread, center: typical, scale: model.tau[w]!, z, detail } : null,
      };
    },
  };
}
