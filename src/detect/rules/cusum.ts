// Sequential rule (robust gauges): a one-sided CUSUM on the robust z-values,
// for moderate shifts that persist (a 2σ step is small for any one window but
// adds up sample after sample).
//
//   S_t = max(0, S_{t−1} + min(u_t, CLIP)/σ_lr − κ),   fail when S_t > h
//
// u = robust z (per-side MAD scale, as the level rule), clipped so that one
// spike adds at most CLIP; σ_lr = √((1 + ρ)/(1 − ρ)) the long-run standard
// deviation of an AR(1) series with the baseline's lag-1 autocorrelation, so an
// autocorrelated series is not switched off but judged on its real variance.
// h is calibrated on the baseline itself: the same CUSUM run over the baseline
// must never have reached it (h = max(CUSUM_H_MIN, CUSUM_CALIBRATION × the baseline's
// own highest S)). The samples since S last left 0 must also be worse than the
// baseline median by the smallest change that matters (the median of the
// latest shiftWindow of them).

import { fmt, pct, relChange } from '../format';
import { finiteOr, median } from '../stats';
import type { DetectorPolicy, Direction } from '../types';
import { effectMatters, robustZ, type LevelModel } from './level';
import { sidesOf, type Judge, type RuleLook, type ScoredSample, type Side } from './rule';

const CLIP = 3;
const KAPPA = 0.5;
/** Threshold floor: the classic h for κ = ½ is 4–5 (one false alarm in ~400 iid samples); real series need more. */
export const CUSUM_H_MIN = 12;
/** The candidate's CUSUM must exceed this many times the highest value the baseline's own CUSUM reached. */
export const CUSUM_CALIBRATION = 8;

export interface CusumModel {
  sigmaLr: number;
  /** Threshold per side. */
  h: Record<Side, number>;
}

function step(s: number, u: number, side: Side, sigmaLr: number): number {
  const v = side === 'increase' ? u : -u;
  return Math.max(0, s + Math.min(v, CLIP) / sigmaLr - KAPPA);
}

export function buildCusumModel(ordered: ReadonlyArray<number | null>, level: LevelModel): CusumModel {
  const rho = Math.min(level.rho, 0.9);
  const sigmaLr = Math.sqrt((1 + rho) / (1 - rho));
  const h = { increase: CUSUM_H_MIN, decrease: CUSUM_H_MIN };
  for (const side of ['increase', 'decrease'] as const) {
    let s = 0;
    let top = 0;
    for (const x of ordered) {
      if (x === null) continue;
      s = step(s, robustZ(x, level), side, sigmaLr);
      top = Math.max(top, s);
    }
    h[side] = Math.max(CUSUM_H_MIN, CUSUM_CALIBRATION * top);
  }
  return { sigmaLr, h };
}

export function createCusumJudge(model: CusumModel, level: LevelModel, direction: Direction, pol: DetectorPolicy): Judge {
  const sides = sidesOf(direction);
  const state = { increase: { s: 0, since: [] as number[] }, decrease: { s: 0, since: [] as number[] } };
  return {
    push(sample: ScoredSample): RuleLook {
      const u = robustZ(sample.level, level);
      let best: RuleLook | null = null;
      for (const side of sides) {
        const st = state[side];
        st.s = step(st.s, u, side, model.sigmaLr);
        if (st.s === 0) st.since = [];
        else {
          st.since.push(sample.level);
          // the effect is judged on the latest shiftWindow samples of the run (bounded cost on long windows)
          if (st.since.length > 2 * pol.shiftWindow) st.since.splice(0, st.since.length - pol.shiftWindow);
        }
        const h = model.h[side];
        const z = finiteOr((st.s / h) * pol.threshold, 0); // on the threshold's scale: z > threshold ⇔ S > h
        const med = st.since.length ? median(st.since.slice(-pol.shiftWindow)) : sample.level;
        const fired = st.s > h && effectMatters(med, level.center, side, pol);
        const detail =
          `CUSUM of robust z (clipped at ${CLIP}, κ ${KAPPA}, long-run sd ${fmt(model.sigmaLr)}) ${fmt(st.s)} vs ${fmt(h)} calibrated on the baseline, ` +
          `over ${st.since.length} samples of median ${fmt(med)} vs baseline median ${fmt(level.center)}, change ${pct(relChange(med, level.center))}`;
        const look: RuleLook = {
          z,
          value: med,
          center: level.center,
          scale: side === 'increase' ? level.scaleUp : level.scaleDown,
          detail,
          hit: fired ? { rule: 'cusum', value: med, center: level.center, scale: side === 'increase' ? level.scaleUp : level.scaleDown, z, detail } : null,
        };
        if (!best || (look.hit && !best.hit) || (!!look.hit === !!best.hit && z > best.z)) best = look;
      }
      return best!;
    },
  };
}
