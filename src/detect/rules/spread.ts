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

import { fmt } from '../format';
import { finiteOr, median } from '../stats';
import { robustZ, type LevelModel } from './level';
import type { DetectorPolicy } from '../types';
import type { Judge, RuleLook, ScoredSample } from './rule';

export const SPREAD_WINDOWS = [8, 16] as const;
/** The window's typical change must be at least this many times the baseline's. */
export const SPREAD_MIN_RATIO = 2;

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
  let prev: number | null = null;
  return {
    push(s: ScoredSample): RuleLook | null {
      const u = robustZ(s.level, level);
      if (prev !== null) diffs.push(Math.abs(u - prev));
      prev = u;
      let best: RuleLook | null = null;
      for (let w = 0; w < model.windows.length; w++) {
        const k = model.windows[w]!;
        if (diffs.length < k) break;
        const spread = median(diffs.slice(diffs.length - k));
        const typical = Math.exp(model.mu[w]!) - model.eps;
        const z = finiteOr((Math.log(spread + model.eps) - model.mu[w]!) / model.tau[w]!, 0);
        const ratio = (spread + model.eps) / Math.exp(model.mu[w]!);
        const fired = z > pol.threshold && ratio >= SPREAD_MIN_RATIO;
        const detail =
          `typical change between consecutive samples over the last ${k} ${fmt(spread)} robust sigmas vs ${fmt(typical)} in the baseline's windows ` +
          `(×${fmt(ratio)}, log-scale spread ${fmt(model.tau[w]!)}): z ${fmt(z)}`;
        const look: RuleLook = {
          z,
          value: spread,
          center: typical,
          scale: model.tau[w]!,
          detail,
          hit: fired ? { rule: 'spread-window', value: spread, center: typical, scale: model.tau[w]!, z, detail } : null,
        };
        if (!best || (look.hit && !best.hit) || (!!look.hit === !!best.hit && z > best.z)) best = look;
      }
      return best;
    },
  };
}
