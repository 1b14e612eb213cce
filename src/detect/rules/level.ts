// Level rule (robust gauges): has the level moved? The median of the latest k
// candidate samples, in robust baseline sigmas, against how far the baseline's
// own medians of k consecutive samples wander.
//
// - Scale: 1.4826·MAD per side (semi-MAD above and below the median), so bursts
//   on one side do not widen the other side's limits and an "either" metric is
//   judged on each side with that side's own spread.
// - Windows trail the latest sample (k = 1, 3, 5, 8, 13, 20 by default): a
//   regression that starts late is not diluted by the quiet samples before it.
// - Autocorrelation is handled by the variance, not by switching the rule off:
//   the spread of a window median is the larger of the spread of the baseline's
//   own rolling medians of k samples (the series' real wandering, daily cycles
//   included) and the normal theory value 1.2533/√k inflated by the AR(1)
//   long-run variance factor.
// - A window fails when its z is above the threshold AND its median is worse
//   than the baseline median by the smallest change that matters
//   (minRelativeEffect, as a ratio, and minAbsoluteEffect), and beyond the
//   baseline's own envelope (the highest, or lowest, median of k consecutive
//   baseline samples): a level the old version itself held is not a regression.
// - The tracker core fails the metric when the rule holds for `consecutive`
//   looks in a row; windows start at k = 1 so a large step is held from its
//   first sample and decided on its third.

import { fmt, pct, relChange } from '../format';
import { binomialUpperTail, finiteOr, lag1Autocorrelation, MAD_TO_SIGMA, MEANAD_TO_SIGMA, median } from '../stats';
import type { DetectorPolicy, Direction } from '../types';
import { sidesOf, type Judge, type RuleHit, type RuleLook, type ScoredSample, type Side } from './rule';

/** Candidate window sizes (trailing), capped by the policy's shiftWindow. */
export const LEVEL_WINDOWS = [1, 3, 5, 8, 13, 20] as const;
/** Robust z values beyond this are clipped when the baseline's autocorrelation is estimated. */
const CLIP = 3;
const ENVELOPE_HISTORY = 5000;


export interface LevelModel {
  center: number;
  /** 1.4826·MAD of the whole baseline (reported as the scale). */
  scale: number;
  /** Per-side scales: 1.4826·median |b − m| over the values above (below) the median, floored. */
  scaleUp: number;
  scaleDown: number;
  source: 'mad' | 'meanad' | 'floor';
  /** Window sizes judged. */
  windows: number[];
  /** Standard deviation of a window median of k samples, in robust z units, per window. */
  medianSpread: number[];
  /** Highest and lowest median of k consecutive baseline samples (robust z), per window: the baseline's own envelope. */
  envelopeUp: number[];
  envelopeDown: number[];
  /**
   * Mostly idle baseline (more than half of its samples exactly 0, an on/off
   * series): its busy samples and size. The level rule then also needs the
   * share of busy samples since the deploy to be significantly higher.
   */
  idle: { busy: number; n: number } | null;
  /** Effective number of independent baseline samples, n·(1 − ρ)/(1 + ρ). */
  effective: number;
  /** Lag-1 autocorrelation of the baseline (bias-corrected, clamped to [0, 0.95]). */
  rho: number;
  n: number;
}

/** Robust z of a value: its distance from the baseline median in its own side's scale. */
export function robustZ(x: number, m: Pick<LevelModel, 'center' | 'scaleUp' | 'scaleDown'>): number {
  const d = x - m.center;
  return finiteOr(d >= 0 ? d / m.scaleUp : d / m.scaleDown, 0);
}

/** Long-run variance factor of a mean of k AR(1) samples: 1 + 2 Σ (1 − j/k) ρ^j. */
export function longRunFactor(rho: number, k: number): number {
  let f = 1;
  let p = 1;
  for (let j = 1; j < k; j++) {
    p *= rho;
    f += 2 * (1 - j / k) * p;
  }
  return f;
}

function windowSizes(pol: DetectorPolicy): number[] {
  const lo = Math.max(1, pol.shiftMinSamples);
  const ks: number[] = LEVEL_WINDOWS.filter((k) => k >= lo && k <= pol.shiftWindow);
  if (pol.shiftWindow > LEVEL_WINDOWS[LEVEL_WINDOWS.length - 1]!) ks.push(pol.shiftWindow);
  if (ks.length === 0) ks.push(Math.max(lo, Math.min(pol.shiftWindow, 3)));
  return ks;
}

/** Baseline side of the level rule. `ordered`: baseline levels in time order, null = not scored. */
export function buildLevelModel(ordered: ReadonlyArray<number | null>, pol: DetectorPolicy): LevelModel {
  const xs = ordered.filter((x): x is number => x !== null);
  const m = median(xs);
  const floor = Math.max(pol.scaleFloorAbsolute, pol.scaleFloorRelative * Math.abs(m), Number.MIN_VALUE);
  const dev = xs.map((x) => Math.abs(x - m));
  let scale = finiteOr(MAD_TO_SIGMA * median(dev), 0);
  let source: LevelModel['source'] = 'mad';
  if (!(scale > 0)) {
    scale = finiteOr(MEANAD_TO_SIGMA * (dev.reduce((a, b) => a + b, 0) / Math.max(1, dev.length)), 0);
    source = 'meanad';
  }
  if (!(scale >= floor)) {
    scale = floor;
    source = 'floor';
  }
  scale = finiteOr(scale, Number.MAX_VALUE);
  const side = (keep: (x: number) => boolean): number => {
    const d = xs.filter(keep).map((x) => Math.abs(x - m));
    const nz = d.filter((v) => v > 0);
    // Half of a side's deviations exactly 0 (quantized or idle series): the side's mean deviation.
    let s = MAD_TO_SIGMA * median(d);
    if (!(s > 0) && nz.length) s = MEANAD_TO_SIGMA * (nz.reduce((a, b) => a + b, 0) / d.length);
    return finiteOr(Math.max(s, floor, scale * 0.5), Number.MAX_VALUE);
  };
  const scaleUp = side((x) => x >= m);
  const scaleDown = side((x) => x <= m);
  const model = { center: m, scaleUp, scaleDown };
  const us = ordered.map((x) => (x === null ? null : robustZ(x, model)));
  const rho0 = lag1Autocorrelation(us, 0, CLIP / 3);
  const rho = Math.min(0.95, Math.max(0, rho0 + (1 + 3 * Math.max(0, rho0)) / Math.max(1, xs.length)));
  // The baseline's own windows are taken over its latest ENVELOPE_HISTORY samples at most (cost O(n·k)).
  const zs = us.filter((u): u is number => u !== null).slice(-ENVELOPE_HISTORY);
  const windows = windowSizes(pol);
  const envelopeUp: number[] = [];
  const envelopeDown: number[] = [];
  const medianSpread = windows.map((k) => {
    const theory = (1.2533 / Math.sqrt(k)) * Math.sqrt(longRunFactor(rho, k));
    const meds: number[] = [];
    for (let i = 0; i + k <= zs.length; i++) meds.push(median(zs.slice(i, i + k)));
    envelopeUp.push(meds.length ? Math.max(0, ...meds) : 0);
    envelopeDown.push(meds.length ? Math.min(0, ...meds) : 0);
    // The baseline median is an estimate too: its variance (normal theory,
    // AR(1) long-run factor over the whole baseline) adds to the window's.
    const own = (1.2533 ** 2 * longRunFactor(rho, zs.length)) / Math.max(1, zs.length);
    // How far the baseline's own k-sample medians wander from its median:
    // 1.4826·median |rolling median| (robust: a short regime in the baseline
    // does not set the scale for the rest), never below the normal theory.
    const wander = meds.length >= 3 ? MAD_TO_SIGMA * median(meds.map(Math.abs)) : 0;
    const window = Math.max(theory, wander);
    return Math.sqrt(window * window + own);
  });
  const zeros = xs.reduce((c, x) => (x === 0 ? c + 1 : c), 0);
  const idle = zeros * 2 > xs.length ? { busy: xs.length - zeros, n: xs.length } : null;
  return { center: m, scale, scaleUp, scaleDown, source, windows, medianSpread, envelopeUp, envelopeDown, rho, idle, effective: (xs.length * (1 - rho)) / (1 + rho), n: xs.length };
}

/** Is the change from m to x at least the smallest change that matters, on side `side`? */
export function effectMatters(x: number, m: number, side: Side, pol: Pick<DetectorPolicy, 'minRelativeEffect' | 'minAbsoluteEffect'>): boolean {
  const d = side === 'increase' ? x - m : m - x;
  if (!(d > 0) || d < pol.minAbsoluteEffect) return false;
  const r = pol.minRelativeEffect;
  if (r <= 0) return true;
  if (m > 0) return side === 'increase' ? x >= m * (1 + r) : x * (1 + r) <= m;
  return d >= r * Math.abs(m);
}

export function createLevelJudge(model: LevelModel, direction: Direction, pol: DetectorPolicy): Judge {
  const zs: number[] = [];
  const longest = model.windows[model.windows.length - 1]!;
  const sides = sidesOf(direction);
  const threshold = pol.threshold;
  let busy = 0;
  let scored = 0;
  /** Mostly idle baselines: is the candidate busy significantly more often than the baseline (two-rate test)? */
  const activityChanged = (): boolean => {
    if (!model.idle) return true;
    const { busy: bB, n: nB } = model.idle;
    return binomialUpperTail(busy, bB + busy, scored / (nB + scored)) < pol.poissonAlpha;
  };
  return {
    push(sample: ScoredSample): RuleLook {
      const u = robustZ(sample.level, model);
      scored++;
      if (sample.level !== 0) busy++;
      zs.push(u);
      if (zs.length > 2 * longest) zs.splice(0, zs.length - longest);

      let best: RuleLook | null = null;
      for (let w = 0; w < model.windows.length; w++) {
        const k = model.windows[w]!;
        if (zs.length < k) break;
        const medZ = median(zs.slice(zs.length - k));
        // The robust z is monotone in the value: the window median in the metric's unit is its image.
        const medX = finiteOr(model.center + (medZ >= 0 ? medZ * model.scaleUp : medZ * model.scaleDown), model.center);
        const spread = model.medianSpread[w]!;
        for (const side of sides) {
          const z = finiteOr((side === 'increase' ? medZ : -medZ) / spread, 0);
          const beyond = side === 'increase' ? medZ > model.envelopeUp[w]! : medZ < model.envelopeDown[w]!;
          const fired = z > threshold && beyond && effectMatters(medX, model.center, side, pol) && (side === 'decrease' || activityChanged());
          const detail =
            `median of the last ${k} samples ${fmt(medX)} vs baseline median ${fmt(model.center)} ` +
            `(${fmt(medZ)} robust sigmas; the baseline's own ${k}-sample medians spread ${fmt(spread)}): z ${fmt(z)}, change ${pct(relChange(medX, model.center))}`;
          const hit: RuleHit | null = fired
            ? { rule: 'level-window', value: medX, center: model.center, scale: side === 'increase' ? model.scaleUp : model.scaleDown, z, detail }
            : null;
          if (!best || (hit && !best.hit) || (!!hit === !!best.hit && z > best.z)) {
            best = { z, value: medX, center: model.center, scale: model.scale, detail, hit };
          }
        }
      }
      return best ?? { z: 0, value: sample.level, center: model.center, scale: model.scale, detail: `${zs.length} of ${model.windows[0]} samples for the first window`, hit: null };
    },
  };
}
