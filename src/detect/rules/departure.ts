// Departure rule (robust gauges): has the new version left everything the old
// version ever did?
//
// The level rule divides a window median by how far the baseline's own medians
// wander, which is right for a level the old version could have reached by
// itself. On a smooth, strongly autocorrelated baseline (temperature, request
// rates on a plateau, a slow daily cycle) that wander is several sigmas, so a
// step of 8 robust sigmas scores z < 6 and passes. The old version's range says
// something the wander cannot: it never went there.
//
// A trailing window of k samples (k = 3, 5, 8, 13, 20) departs on a bad side when
//   1. every one of its k samples lies beyond the baseline's extreme (above its
//      highest sample, below its lowest);
//   2. its median is worse than the baseline median by the smallest change that
//      matters (minRelativeEffect, minAbsoluteEffect);
//   3. its median is at least departureThreshold robust sigmas (per-side MAD
//      scale, no wander term) from the baseline median, or beyond the extreme by
//      more than the baseline's whole range (max − min): a drop to zero from a
//      two-regime baseline whose MAD is as wide as its regimes.
// The metric fails when some window departs on `consecutive` looks in a row on
// the same side: with k ≥ 3 that is at least k + consecutive − 1 samples in a row
// outside the old version's range. Under independent samples the chance of one
// sample beyond the extreme of n is 1/(n + 1), of five in a row about (n + 1)^−5.

import { fmt, pct, relChange } from '../format';
import { finiteOr, median } from '../stats';
import type { DetectorPolicy, Direction } from '../types';
import { effectMatters, robustZ, type LevelModel } from './level';
import { sidesOf, type Judge, type RuleLook, type ScoredSample, type Side } from './rule';

export const DEPARTURE_WINDOWS = [3, 5, 8, 13, 20] as const;

export interface DepartureModel {
  highest: number;
  lowest: number;
  windows: number[];
}

export function buildDepartureModel(ordered: ReadonlyArray<number | null>, pol: Pick<DetectorPolicy, 'shiftWindow'>): DepartureModel | null {
  const xs = ordered.filter((x): x is number => x !== null);
  const windows: number[] = DEPARTURE_WINDOWS.filter((k) => k <= pol.shiftWindow);
  if (!xs.length || !windows.length) return null;
  let highest = -Infinity;
  let lowest = Infinity;
  for (const x of xs) {
    if (x > highest) highest = x;
    if (x < lowest) lowest = x;
  }
  return { highest, lowest, windows };
}

export function createDepartureJudge(model: DepartureModel, level: LevelModel, direction: Direction, pol: DetectorPolicy): Judge {
  const sides = sidesOf(direction);
  const hold = Math.max(1, pol.consecutive);
  const longest = model.windows[model.windows.length - 1]!;
  const range = model.highest - model.lowest;
  const xs: number[] = [];
  const held = { increase: 0, decrease: 0 };
  const outside = (x: number, side: Side): boolean => (side === 'increase' ? x > model.highest : x < model.lowest);
  return {
    push(sample: ScoredSample): RuleLook | null {
      xs.push(sample.level);
      if (xs.length > 2 * longest) xs.splice(0, xs.length - longest);
      let best: RuleLook | null = null;
      for (const side of sides) {
        const extreme = side === 'increase' ? model.highest : model.lowest;
        let departing: { k: number; med: number; z: number; far: boolean } | null = null;
        let closest: { k: number; med: number; z: number; far: boolean } | null = null;
        for (const k of model.windows) {
          if (xs.length < k) break;
          const win = xs.slice(xs.length - k);
          if (!win.every((x) => outside(x, side))) break; // a longer window holds this one's samples too
          const med = median(win);
          const u = robustZ(med, level);
          const z = finiteOr(side === 'increase' ? u : -u, 0);
          const far = Math.abs(med - extreme) > range;
          const look = { k, med, z, far };
          if (!closest || z > closest.z) closest = look;
          if ((z > pol.departureThreshold || far) && effectMatters(med, level.center, side, pol)) departing = look;
        }
        held[side] = departing ? held[side] + 1 : 0;
        const shown = departing ?? closest;
        if (!shown) continue;
        const fired = departing !== null && held[side] >= hold;
        const beyond = side === 'increase' ? `above its highest ${fmt(model.highest)}` : `below its lowest ${fmt(model.lowest)}`;
        const detail =
          `the last ${shown.k} samples all lie outside the old version's range (${beyond}); their median ${fmt(shown.med)} vs baseline median ${fmt(level.center)}: ` +
          `${fmt(shown.z)} robust sigmas${shown.far ? ', beyond the extreme by more than the whole range' : ''}, change ${pct(relChange(shown.med, level.center))}` +
          (departing ? `; held for ${held[side]} of ${hold} looks` : '');
        const scale = side === 'increase' ? level.scaleUp : level.scaleDown;
        const look: RuleLook = {
          z: shown.z,
          value: shown.med,
          center: level.center,
          scale,
          detail,
          hit: fired ? { rule: 'departure', value: shown.med, center: level.center, scale, z: shown.z, detail, held: held[side] } : null,
        };
        if (!best || (look.hit && !best.hit) || (!!look.hit === !!best.hit && look.z > best.z)) best = look;
      }
      return best;
    },
  };
}
