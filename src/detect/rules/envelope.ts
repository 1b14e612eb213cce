// Envelope rule (robust gauges with a baseline of ENVELOPE_MIN_BASELINE samples
// or more): has the level left everything the old version held for as long?
//
// For each window size k (3, 5, 8, 13, 20), the baseline's own envelope is the
// highest (lowest) median of k consecutive baseline samples, in robust sigmas.
// A trailing window of the latest k candidate samples exceeds on a bad side when
//   1. its median lies beyond that envelope by more than the margin,
//      envelopeMargin · √(60 / n) robust sigmas (n valid baseline samples: a
//      short baseline shows less of the series' range, so its envelope is
//      widened; 2.8σ at 30 samples, 2σ at 60, 1.4σ at 120 by default);
//   2. its median is worse than the baseline median by the smallest change that
//      matters (minRelativeEffect, minAbsoluteEffect);
//   3. for a mostly idle baseline (more than half of it exactly 0), the share of
//      busy candidate samples is significantly higher (as in the level rule);
//   4. when the baseline has bursts on that side (runs of samples beyond 3
//      robust sigmas, the longest L samples), k ≥ 2(L + 2) + 1: a burst up to two
//      samples longer than the old version's longest cannot move the median.
// The metric fails when some window exceeds on `consecutive` looks in a row on
// one side.
//
// Why the envelope and not the window median's z: on the real series of the
// training half, how far a window median lies beyond the old version's own
// windows separates injected shifts from natural wandering far better than the
// same distance divided by how much those windows wander (at 2 % false
// rollbacks, 86 % against 62 % of the 3–6σ shifts for an oracle that knows the
// onset; docs/detector.md). Daily cycles, trends and plateaus all set their own
// envelope; bursts shorter than k/2 samples do not move a k-sample median.

import { fmt, pct, relChange } from '../format';
import { finiteOr, median } from '../stats';
import type { DetectorPolicy, Direction } from '../types';
import { busierThanIdleBaseline, effectMatters, type LevelModel } from './level';
import { sidesOf, type Judge, type RuleLook, type ScoredSample, type Side } from './rule';

export const ENVELOPE_WINDOWS = [3, 5, 8, 13, 20] as const;
/** Fewer valid baseline samples than this: too few windows for an envelope; the level rule judges instead. */
export const ENVELOPE_MIN_BASELINE = 30;
/** Baseline size at which the margin is envelopeMargin itself. */
const REFERENCE_BASELINE = 60;
/** A baseline sample this many robust sigmas out is part of a burst. */
const BURST_SIGMAS = 3;
/**
 * How many samples longer than the baseline's longest burst a candidate burst may be before a
 * window can call it a level: a baseline of 30–60 samples shows only part of a bursty series'
 * bursts (the synthetic bursty family has bursts of 1–4 samples; its baselines' longest is often 1–2).
 */
const BURST_SLACK = 2;

export interface EnvelopeModel {
  windows: number[];
  /** Highest (lowest) median of k consecutive baseline samples, robust z, per window. */
  up: number[];
  down: number[];
  /** Robust sigmas a window median must lie beyond the envelope. */
  margin: number;
  /**
   * Shortest window judged on each side (0: every window). When the baseline has bursts on a
   * side (runs of samples beyond BURST_SIGMAS), a window must be long enough that a burst
   * BURST_SLACK samples longer than the longest of them cannot move its median.
   */
  shortestUp: number;
  shortestDown: number;
}

/** Does the envelope rule judge a baseline of n valid samples? */
export function envelopeApplies(n: number, pol: Pick<DetectorPolicy, 'envelopeMargin' | 'shiftWindow'>): boolean {
  return pol.envelopeMargin > 0 && n >= ENVELOPE_MIN_BASELINE && pol.shiftWindow >= ENVELOPE_WINDOWS[0];
}

export function buildEnvelopeModel(level: LevelModel, pol: Pick<DetectorPolicy, 'envelopeMargin' | 'shiftWindow'>): EnvelopeModel | null {
  if (!envelopeApplies(level.n, pol)) return null;
  // One scale for both sides (the whole baseline's MAD): with the per-side scales of the level
  // rule the training half lost 2 points of ≥ 6σ recall and 4 of 3–6σ for one false rollback less.
  const zs = level.zs.map((u) => (valueOf(u, level) - level.center) / level.scale);
  const windows: number[] = ENVELOPE_WINDOWS.filter((k) => k <= pol.shiftWindow && k <= zs.length);
  if (!windows.length) return null;
  const up: number[] = [];
  const down: number[] = [];
  for (const k of windows) {
    let hi = -Infinity;
    let lo = Infinity;
    for (let i = 0; i + k <= zs.length; i++) {
      const m = median(zs.slice(i, i + k));
      if (m > hi) hi = m;
      if (m < lo) lo = m;
    }
    up.push(hi);
    down.push(lo);
  }
  const burst = (sign: 1 | -1): number => {
    let longest = 0;
    let run = 0;
    for (const z of zs) {
      run = sign * z > BURST_SIGMAS ? run + 1 : 0;
      if (run > longest) longest = run;
    }
    return longest > 0 ? 2 * (longest + BURST_SLACK) + 1 : 0;
  };
  return { windows, up, down, margin: pol.envelopeMargin * Math.sqrt(REFERENCE_BASELINE / level.n), shortestUp: burst(1), shortestDown: burst(-1) };
}

export function createEnvelopeJudge(model: EnvelopeModel, level: LevelModel, direction: Direction, pol: DetectorPolicy): Judge {
  const sides = sidesOf(direction);
  const hold = Math.max(1, pol.consecutive);
  const longest = model.windows[model.windows.length - 1]!;
  const zs: number[] = [];
  const held = { increase: 0, decrease: 0 };
  let busy = 0;
  let scored = 0;
  const activityChanged = (): boolean => busierThanIdleBaseline(level.idle, busy, scored, pol.poissonAlpha);
  return {
    push(sample: ScoredSample): RuleLook | null {
      zs.push(finiteOr((sample.level - level.center) / level.scale, 0));
      scored++;
      if (sample.level !== 0) busy++;
      if (zs.length > 2 * longest) zs.splice(0, zs.length - longest);
      let best: { side: Side; k: number; medZ: number; excess: number; exceeds: boolean } | null = null;
      for (const side of sides) {
        let exceedsOnSide = false;
        for (let w = 0; w < model.windows.length; w++) {
          const k = model.windows[w]!;
          if (zs.length < k) break;
          if (k < (side === 'increase' ? model.shortestUp : model.shortestDown)) continue;
          const medZ = median(zs.slice(zs.length - k));
          const signed = side === 'increase' ? medZ : -medZ;
          const envelope = side === 'increase' ? model.up[w]! : -model.down[w]!;
          const excess = signed - envelope;
          const medX = valueOfWhole(medZ, level);
          const exceeds = excess > model.margin && effectMatters(medX, level.center, side, pol) && (side === 'decrease' || activityChanged());
          if (exceeds) exceedsOnSide = true;
          if (!best || (exceeds && !best.exceeds) || (exceeds === best.exceeds && excess > best.excess)) best = { side, k, medZ, excess, exceeds };
        }
        held[side] = exceedsOnSide ? held[side] + 1 : 0;
      }
      if (!best) return null;
      const { side, k, medZ, excess, exceeds } = best;
      const medX = valueOfWhole(medZ, level);
      const z = finiteOr((excess / model.margin) * pol.threshold, 0);
      const fired = exceeds && held[side] >= hold;
      const envelopeX = valueOfWhole(side === 'increase' ? model.up[model.windows.indexOf(k)]! : model.down[model.windows.indexOf(k)]!, level);
      const detail =
        `median of the last ${k} samples ${fmt(medX)} vs baseline median ${fmt(level.center)}, ` +
        `${fmt(excess)} robust sigmas beyond the old version's own ${k}-sample medians (${side === 'increase' ? 'highest' : 'lowest'} ${fmt(envelopeX)}), ` +
        `margin ${fmt(model.margin)}; change ${pct(relChange(medX, level.center))}` +
        (exceeds && !fired ? `; held for ${held[side]} of ${hold} looks` : '');
      return {
        z,
        value: medX,
        center: level.center,
        scale: level.scale,
        detail,
        hit: fired ? { rule: 'envelope-window', value: medX, center: level.center, scale: level.scale, z, detail, held: held[side] } : null,
      };
    },
  };
}

/** The value of a robust z in the metric's unit (per-side scale). */
function valueOf(z: number, level: LevelModel): number {
  return finiteOr(level.center + (z >= 0 ? z * level.scaleUp : z * level.scaleDown), level.center);
}
function valueOfWhole(z: number, level: LevelModel): number {
  return finiteOr(level.center + z * level.scale, level.center);
}
