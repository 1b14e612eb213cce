// Count rule: has the event rate changed? The conditional (exact) test for two
// Poisson rates, on the candidate's events since the deploy and over trailing
// windows of the latest samples, against the baseline's events and exposure
// (requests when totals are given, intervals otherwise).
//
// Given E = e_B + e_V events, e_V ~ Binomial(E, n_V/(n_B + n_V)) when the rates
// are equal. Counts are divided by the baseline's dispersion φ (quasi-Poisson:
// real error counts are burstier than Poisson). The test carries the baseline's
// own uncertainty and needs no pseudo-count: with e_B = 0 it is P = p₀^e_V, so
// "0 errors in 60 000 requests, then 5 in 20 000" gives P = 0.25⁵ ≈ 0.001.
// An estimated φ > 1 is itself uncertain: the counts are divided by φ·(t/z)²,
// the quasi-Poisson t on k − 1 degrees of freedom instead of a normal.
// Trailing windows catch errors that arrive late without the quiet samples
// since the deploy diluting them; each look is tested at α divided by the number
// of windows (Bonferroni).

import { fmt, pct, relChange } from '../format';
import { binomialLowerTail, binomialUpperTail, finiteOr, normalQuantile, zFromUpperTail } from '../stats';
import type { DetectorPolicy, Direction } from '../types';
import { sidesOf, type Judge, type RuleLook, type ScoredSample } from './rule';

/** Trailing windows of the count rule, besides "since the deploy". */
export const COUNT_WINDOWS = [5, 10] as const;

export interface CountModel {
  events: number;
  exposure: number;
  /** Over-dispersion (Pearson χ²/(k − 1)), at least 1. */
  phi: number;
  /** φ > 1 was estimated from `samples` baseline samples: its degrees of freedom (0 when Poisson is assumed). */
  phiDf: number;
  samples: number;
  usesTotals: boolean;
}

export function buildCountModel(samples: ReadonlyArray<{ events: number; exposure: number }>, usesTotals: boolean): CountModel | null {
  let events = 0;
  let exposure = 0;
  for (const s of samples) {
    events += s.events;
    exposure += s.exposure;
  }
  if (!(exposure > 0)) return null;
  const rate = events / exposure;
  let phi = 1;
  if (rate > 0 && samples.length >= 2) {
    let chi2 = 0;
    for (const s of samples) {
      const e = s.exposure * rate;
      if (e > 0) chi2 += (s.events - e) ** 2 / e;
    }
    phi = Math.max(1, finiteOr(chi2 / (samples.length - 1), 1));
  }
  return {
    events: finiteOr(events, Number.MAX_VALUE),
    exposure: finiteOr(exposure, Number.MAX_VALUE),
    phi,
    phiDf: phi > 1 ? samples.length - 1 : 0,
    samples: samples.length,
    usesTotals,
  };
}

/**
 * (t_{1−α, df} / z_{1−α})²: how much wider a t quantile on df degrees of freedom
 * is than the normal one (Cornish–Fisher expansion of the t quantile). 1 when df is 0.
 */
export function studentInflation(alpha: number, df: number): number {
  if (!(df > 0)) return 1;
  const z = normalQuantile(1 - alpha);
  if (!(z > 0)) return 1;
  const t = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
  return (t / z) ** 2;
}

export function createCountJudge(model: CountModel, direction: Direction, pol: DetectorPolicy): Judge {
  const ev: number[] = [];
  const ex: number[] = [];
  const sides = sidesOf(direction);
  const looks = COUNT_WINDOWS.length + 1;
  const alpha = pol.poissonAlpha / looks / sides.length;
  // An estimated dispersion is itself uncertain (a χ² on k − 1 degrees of freedom,
  // right-skewed: it underestimates more often than not). As in a quasi-Poisson
  // test, the statistic is then a t on k − 1 df, not a normal: the counts are
  // divided by φ·(t/z)² so that the normal-theory tail at α matches the t tail.
  const phi = model.phi * studentInflation(alpha, model.phiDf);
  const { events: eB, exposure: nB } = model;
  const rateB = eB / nB;
  const unit = model.usesTotals ? 'requests' : 'intervals';

  function test(eV: number, nV: number, label: string): RuleLook {
    const expected = finiteOr(nV * rateB, Number.MAX_VALUE);
    const p0 = nV / (nB + nV);
    const total = (eB + eV) / phi;
    const rateV = eV / nV;
    let best: RuleLook | null = null;
    for (const side of sides) {
      const p = side === 'increase' ? binomialUpperTail(eV / phi, total, p0) : binomialLowerTail(eV / phi, total, p0);
      const effect = side === 'increase' ? eV - expected : expected - eV;
      const r = Math.max(pol.minRelativeEffect, pol.countMinRelativeEffect);
      const relOk =
        r <= 0 || (side === 'increase' ? eB === 0 || rateV >= rateB * (1 + r) : rateV * (1 + r) <= rateB);
      const absOk = (side === 'increase' ? rateV - rateB : rateB - rateV) >= pol.minAbsoluteEffect;
      const fired = p < alpha && effect > 0 && effect >= pol.minCountEffect && relOk && absOk;
      const z = zFromUpperTail(p);
      const scale = Math.sqrt(phi * Math.max(expected, 1));
      const tail = side === 'increase' ? '≥' : '≤';
      const detail =
        `${fmt(eV)} events in ${fmt(nV)} ${unit} ${label} vs ${fmt(expected)} expected at the baseline rate ` +
        `(${fmt(eB)} in ${fmt(nB)} ${unit}${phi > 1 ? `, dispersion ${fmt(phi)}` : ''}): ` +
        `P(X ${tail} ${fmt(eV)}) = ${fmt(p)} vs α ${fmt(alpha)}, rate ${pct(relChange(rateV, rateB))}`;
      const look: RuleLook = {
        z,
        value: eV,
        center: expected,
        scale,
        detail,
        hit: fired ? { rule: 'count-window', value: eV, center: expected, scale, z, detail } : null,
      };
      if (!best || (look.hit && !best.hit) || (!!look.hit === !!best.hit && z > best.z)) best = look;
    }
    return best!;
  }

  let cumE = 0;
  let cumN = 0;
  return {
    push(s: ScoredSample): RuleLook | null {
      ev.push(s.events);
      ex.push(s.exposure);
      cumE = finiteOr(cumE + s.events, Number.MAX_VALUE);
      cumN = finiteOr(cumN + s.exposure, Number.MAX_VALUE);
      if (!(cumN > 0)) return null;
      let best = test(cumE, cumN, 'since the deploy');
      for (const k of COUNT_WINDOWS) {
        if (ev.length <= k) break; // a window as long as the candidate is the cumulative look
        let e = 0;
        let n = 0;
        for (let i = ev.length - k; i < ev.length; i++) {
          e += ev[i]!;
          n += ex[i]!;
        }
        if (!(n > 0)) continue;
        const look = test(e, n, `over the last ${k} samples`);
        if ((look.hit && !best.hit) || (!!look.hit === !!best.hit && look.z > best.z)) best = look;
      }
      return best;
    },
  };
}
