// Classic rule (method 'classic', the textbook detector kept for comparison):
// z = (x − mean)/sd of the baseline, a breach when z in the bad direction is
// above the threshold; the metric fails after `consecutive` breaches in a row
// or `window.breaches` of the last `window.of` scored samples.

import { fmt, pct, relChange } from '../format';
import { finiteOr, mean, stdev } from '../stats';
import type { DetectorPolicy, Direction } from '../types';
import { effectMatters } from './level';
import { sidesOf, type Judge, type RuleLook, type ScoredSample } from './rule';

export interface ClassicModel {
  center: number;
  scale: number;
}

export function buildClassicModel(xs: readonly number[], pol: DetectorPolicy): ClassicModel {
  const m = mean(xs);
  const floor = Math.max(pol.scaleFloorAbsolute, pol.scaleFloorRelative * Math.abs(m), Number.MIN_VALUE);
  return { center: m, scale: finiteOr(Math.max(stdev(xs), floor), Number.MAX_VALUE) };
}

/** N consecutive breaches, or M of the last N scored samples. */
export class BreachRuns {
  run = 0;
  private ring: boolean[] = [];
  private ringBreaches = 0;
  constructor(
    private readonly consecutive: number,
    private readonly window: { breaches: number; of: number } | null,
  ) {}

  feed(breach: boolean): 'consecutive' | 'window' | null {
    this.run = breach ? this.run + 1 : 0;
    const w = this.window;
    if (w) {
      this.ring.push(breach);
      if (breach) this.ringBreaches++;
      if (this.ring.length > w.of && this.ring.shift()) this.ringBreaches--;
    }
    if (this.run >= this.consecutive) return 'consecutive';
    if (w && this.ringBreaches >= w.breaches) return 'window';
    return null;
  }
}

export function createClassicJudge(model: ClassicModel, direction: Direction, pol: DetectorPolicy): Judge {
  const runs = new BreachRuns(pol.consecutive, pol.window ?? null);
  const sides = sidesOf(direction);
  return {
    push(s: ScoredSample): RuleLook {
      const x = s.level;
      const raw = finiteOr((x - model.center) / model.scale, 0);
      let z = -Infinity;
      let breach = false;
      for (const side of sides) {
        const zs = side === 'increase' ? raw : -raw;
        const b = zs > pol.threshold && effectMatters(x, model.center, side, pol);
        if (b || (!breach && zs > z)) z = zs;
        breach ||= b;
      }
      const fired = runs.feed(breach);
      const rule = fired === 'consecutive' && pol.consecutive === 1 ? 'classic-first-breach' : fired ? `classic-${fired}` : '';
      const detail =
        `value ${fmt(x)} vs baseline mean ${fmt(model.center)} (sd ${fmt(model.scale)}): z ${fmt(z)}, change ${pct(relChange(x, model.center))}` +
        (fired ? `; ${fired === 'consecutive' ? `${pol.consecutive} consecutive breaches` : `${pol.window!.breaches} breaches in the last ${pol.window!.of}`}, threshold z > ${fmt(pol.threshold)}` : '');
      return {
        z,
        value: x,
        center: model.center,
        scale: model.scale,
        detail,
        hit: fired ? { rule, value: x, center: model.center, scale: model.scale, z, detail } : null,
      };
    },
  };
}
