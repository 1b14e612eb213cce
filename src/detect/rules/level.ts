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
   * The baseline's own exceedances, per window: how many of its rolling k-sample
   * medians would themselves pass the window test (z above the threshold and the
   * smallest change that matters) on each side, out of `windowCount`. Non-zero on
   * bursty baselines: the old version itself sat in bursts that long.
   */
  exceedUp: number[];
  exceedDown: number[];
  windowCount: number[];
  /** The baseline's robust z values in time order (latest ENVELOPE_HISTORY at most), for the window-median tail. */
  zs: number[];
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
  const rolling: number[][] = [];
  const medianSpread = windows.map((k) => {
    const theory = (1.2533 / Math.sqrt(k)) * Math.sqrt(longRunFactor(rho, k));
    const meds: number[] = [];
    for (let i = 0; i + k <= zs.length; i++) meds.push(median(zs.slice(i, i + k)));
    rolling.push(meds);
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
  const exceedUp: number[] = [];
  const exceedDown: number[] = [];
  const windowCount: number[] = [];
  rolling.forEach((meds, w) => {
    const spread = medianSpread[w]!;
    let up = 0;
    let down = 0;
    for (const medZ of meds) {
      if (medZ / spread > pol.threshold && effectMatters(m + medZ * scaleUp, m, 'increase', pol)) up++;
      if (-medZ / spread > pol.threshold && effectMatters(m + medZ * scaleDown, m, 'decrease', pol)) down++;
    }
    exceedUp.push(up);
    exceedDown.push(down);
    windowCount.push(meds.length);
  });
  const zeros = xs.reduce((c, x) => (x === 0 ? c + 1 : c), 0);
  const idle = zeros * 2 > xs.length ? { busy: xs.length - zeros, n: xs.length } : null;
  return {
    center: m,
    scale,
    scaleUp,
    scaleDown,
    source,
    windows,
    medianSpread,
    envelopeUp,
    envelopeDown,
    exceedUp,
    exceedDown,
    windowCount,
    zs,
    rho,
    idle,
    effective: (xs.length * (1 - rho)) / (1 + rho),
    n: xs.length,
  };
}

/**
 * Mostly idle baselines: is the candidate (`busy` of `scored` samples non-zero) busy
 * significantly more often than the baseline (two-rate test at `alpha`)? Always true for a
 * baseline that is not mostly idle.
 */
export function busierThanIdleBaseline(idle: LevelModel['idle'], busy: number, scored: number, alpha: number): boolean {
  if (!idle) return true;
  return binomialUpperTail(busy, idle.busy + busy, scored / (idle.n + scored)) < alpha;
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

/**
 * Burst-aware check: a run of `run` consecutive exceeding looks at a window whose
 * baseline exceeded on `exceeded` of its `windows` rolling windows. With a clean
 * baseline (no exceedance) it always holds; otherwise the run must be significantly
 * longer than the baseline's own rate of exceedance predicts (the two-rate test:
 * P(X ≥ run) for X ~ Binomial(run + exceeded, run / (run + windows)) below α).
 */
export function exceedsBaselineRate(run: number, exceeded: number, windows: number, alpha: number): { ok: boolean; p: number } {
  if (exceeded <= 0) return { ok: true, p: 0 };
  const p = binomialUpperTail(run, run + exceeded, run / (run + windows));
  return { ok: p < alpha, p };
}

/**
 * How often a median of k baseline samples sits at least `level` (robust z,
 * side-signed) beyond the centre: q = share of baseline samples that far, the
 * window median is that far when more than half of its k samples are, and
 * clustered exceedances (bursts) count as fewer independent samples,
 * k·(1 − ρ)/(1 + ρ) with ρ the lag-1 autocorrelation of the exceedance indicator.
 * 0 when no baseline sample was that far.
 */
export function windowMedianTail(baselineZ: readonly number[], k: number, level: number, side: Side): number {
  const ind = baselineZ.map((z) => ((side === 'increase' ? z : -z) >= level ? 1 : 0));
  const n = ind.length;
  const hits = ind.reduce<number>((a, b) => a + b, 0);
  if (hits === 0 || n === 0) return 0;
  const q = hits / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = ind[i]! - q;
    den += d * d;
    if (i + 1 < n) num += d * (ind[i + 1]! - q);
  }
  const rho = den > 0 ? Math.min(0.95, Math.max(0, num / den)) : 0;
  const ke = Math.max(1, (k * (1 - rho)) / (1 + rho));
  return binomialUpperTail((ke + 1) / 2, ke, q);
}

export function createLevelJudge(model: LevelModel, direction: Direction, pol: DetectorPolicy): Judge {
  const zs: number[] = [];
  const longest = model.windows[model.windows.length - 1]!;
  const sides = sidesOf(direction);
  const threshold = pol.threshold;
  const hold = Math.max(1, pol.consecutive);
  /** Current run of consecutive exceeding looks, per window and side. */
  const runs = { increase: model.windows.map(() => 0), decrease: model.windows.map(() => 0) };
  let busy = 0;
  let scored = 0;
  const activityChanged = (): boolean => busierThanIdleBaseline(model.idle, busy, scored, pol.poissonAlpha);
  /**
   * Persistence: how many of the samples the latest `hold` looks of a k-window
   * covered are themselves beyond the window's z threshold on that side. A level
   * is held by at least `hold` such samples (fewer at the very start of the
   * candidate), so one short spike, which two overlapping windows both see, is
   * not a level.
   */
  const persistent = (k: number, level: number, side: Side): { ok: boolean; beyond: number; need: number; span: number } => {
    const span = Math.min(zs.length, k + hold - 1);
    let beyond = 0;
    for (let i = zs.length - span; i < zs.length; i++) if ((side === 'increase' ? zs[i]! : -zs[i]!) > level) beyond++;
    const need = Math.min(hold, span - Math.floor((k - 1) / 2));
    return { ok: beyond >= need, beyond, need, span };
  };
  /** Consecutive looks in which some window exceeded on each side (the hold of the level). */
  const held = { increase: 0, decrease: 0 };
  return {
    push(sample: ScoredSample): RuleLook {
      const u = robustZ(sample.level, model);
      scored++;
      if (sample.level !== 0) busy++;
      zs.push(u);
      if (zs.length > 2 * (longest + hold)) zs.splice(0, zs.length - (longest + hold));

      interface WindowLook { w: number; k: number; side: Side; medZ: number; medX: number; spread: number; z: number; candidate: boolean; why: string }
      const evaluated: WindowLook[] = [];
      const anyOnSide = { increase: false, decrease: false };
      for (let w = 0; w < model.windows.length; w++) {
        const k = model.windows[w]!;
        if (zs.length < k) break;
        const medZ = median(zs.slice(zs.length - k));
        // The robust z is monotone in the value: the window median in the metric's unit is its image.
        const medX = finiteOr(model.center + (medZ >= 0 ? medZ * model.scaleUp : medZ * model.scaleDown), model.center);
        const spread = model.medianSpread[w]!;
        for (const side of sides) {
          const signed = side === 'increase' ? medZ : -medZ;
          const z = finiteOr(signed / spread, 0);
          const exceeds = z > threshold && effectMatters(medX, model.center, side, pol);
          const run = (runs[side][w] = exceeds ? runs[side][w]! + 1 : 0);
          const beyond = side === 'increase' ? medZ > model.envelopeUp[w]! : medZ < model.envelopeDown[w]!;
          const exceeded = side === 'increase' ? model.exceedUp[w]! : model.exceedDown[w]!;
          const rate = exceedsBaselineRate(run, exceeded, model.windowCount[w]!, pol.poissonAlpha);
          const tail = exceeds && beyond ? windowMedianTail(model.zs, k, signed, side) : 0;
          const candidate = exceeds && beyond && rate.ok && tail < pol.poissonAlpha && (side === 'decrease' || activityChanged());
          if (candidate) anyOnSide[side] = true;
          const why = !exceeds
            ? ''
            : !beyond
              ? "; within the baseline's own envelope"
              : tail >= pol.poissonAlpha
                ? `; the baseline's own samples put a ${k}-sample median this far with P ${fmt(tail)}`
                : !rate.ok
                  ? `; ${run} looks in a row vs ${exceeded} of the baseline's ${model.windowCount[w]} windows: P ${fmt(rate.p)}, not significant`
                  : '';
          evaluated.push({ w, k, side, medZ, medX, spread, z, candidate, why });
        }
      }
      for (const side of sides) held[side] = anyOnSide[side] ? held[side] + 1 : 0;

      // Explanations are built for the look that is returned only: formatting numbers for
      // every window and side was most of the cost of a long candidate.
      let best: { e: WindowLook; fired: boolean; why: string } | null = null;
      for (const e of evaluated) {
        let why = e.why;
        let fired = false;
        if (e.candidate) {
          const p = persistent(e.k, threshold * e.spread, e.side);
          fired = held[e.side] >= hold && p.ok;
          why =
            held[e.side] < hold
              ? `; held for ${held[e.side]} of ${hold} looks`
              : !p.ok
                ? `; only ${p.beyond} of the latest ${p.span} samples beyond, need ${p.need}`
                : `; ${p.beyond} of the latest ${p.span} samples beyond`;
        }
        if (!best || (fired && !best.fired) || (fired === best.fired && e.z > best.e.z)) best = { e, fired, why };
      }
      if (best) {
        const { e, fired, why } = best;
        const detail =
          `${e.k === 1 ? 'the latest sample' : `median of the last ${e.k} samples`} ${fmt(e.medX)} vs baseline median ${fmt(model.center)} ` +
          `(${fmt(e.medZ)} robust sigmas; the baseline's own ${e.k}-sample medians spread ${fmt(e.spread)}): z ${fmt(e.z)}, change ${pct(relChange(e.medX, model.center))}${why}`;
        const hit: RuleHit | null = fired
          ? { rule: 'level-window', value: e.medX, center: model.center, scale: e.side === 'increase' ? model.scaleUp : model.scaleDown, z: e.z, detail, held: held[e.side] }
          : null;
        return { z: e.z, value: e.medX, center: model.center, scale: model.scale, detail, hit };
      }
      return { z: 0, value: sample.level, center: model.center, scale: model.scale, detail: `${zs.length} of ${model.windows[0]} samples for the first window`, hit: null };
    },
  };
}
