// The per-metric tracker (the core): takes candidate samples one by one, sorts
// them into scored / missing / without traffic, hands the scored ones to the
// rule families and keeps the verdict pending → fail | pass | inconclusive.
//
// Rule families (one module each, src/detect/rules/):
//   cusum   robust gauges: sequential test on robust z, threshold calibrated on the baseline
//   envelope robust gauges, baselines of 30+ samples: trailing-window medians beyond the baseline's own (policy.envelopeMargin)
//   level   robust gauges: trailing-window medians in sigmas of the baseline's own window wander
//           (with the envelope rule on, only the windows shorter than its own)
//   departure robust gauges, shorter baselines: every sample of a trailing window outside the old range (policy.departureThreshold)
//   spread  robust gauges: same median, wider swings (policy.spreadRule)
//   counts  count metrics: two-rate test since the deploy and over trailing windows
//   classic method 'classic': mean/sd z, N consecutive or M of N
// plus the absolute `limit` guard, judged here.
//
// State = f(baseline so far, candidate so far). When the baseline grows (a
// concurrent baseline: old hosts sampled in the same interval) the baseline
// model is rebuilt and the candidate replayed; a failure is sticky.

import { fmt } from './format';
import { checkPolicy } from './policy';
import { buildClassicModel, createClassicJudge } from './rules/classic';
import { buildCountModel, createCountJudge } from './rules/counts';
import { buildCusumModel, createCusumJudge } from './rules/cusum';
import { buildDepartureModel, createDepartureJudge } from './rules/departure';
import { buildEnvelopeModel, createEnvelopeJudge, ENVELOPE_WINDOWS, envelopeApplies } from './rules/envelope';
import { buildLevelModel, createLevelJudge, type LevelModel } from './rules/level';
import type { Judge, RuleHit, RuleLook } from './rules/rule';
import { buildSpreadModel, createSpreadJudge } from './rules/spread';
import { clampZ, finiteOr } from './stats';
import type { DetectorPolicy, Explanation, MetricSpec, MetricStatus, MetricTracker, Sample, Verdict } from './types';

export { fmt } from './format';

/**
 * Robust gauges: with fewer valid baseline samples than this the baseline's
 * median and spread are noisy; the live window warns about it (see docs/detector.md).
 */
export const SHORT_BASELINE = 18;

/** Internal form of one sample. */
interface Obs {
  value: number | null; // finite or null
  total: number | null; // finite ≥ 0 or null
}

type ObsState = 'ok' | 'missing' | 'notraffic';

/** Baseline side, rebuilt when the baseline changes. */
type Model =
  | { kind: 'none'; why: 'baseline' | 'traffic'; okCount: number }
  | { kind: 'ready'; okCount: number; center: number; scale: number; judges: Array<{ family: string; judge: Judge; confirm: number }>; level: LevelModel | null };

function sanitize(s: Sample | null | undefined): Obs {
  const v = s && typeof s === 'object' ? (s as Sample).value : null;
  const t = s && typeof s === 'object' ? (s as Sample).total : null;
  return {
    value: typeof v === 'number' && Number.isFinite(v) ? v : null,
    total: typeof t === 'number' && Number.isFinite(t) && t >= 0 ? t : null,
  };
}

export function createMetricTracker(spec: MetricSpec, policy: DetectorPolicy): MetricTracker {
  const pol: DetectorPolicy = { ...policy, ...(spec.policy ?? {}) };
  if (pol.window === undefined || pol.window === null) delete pol.window;
  const bad = checkPolicy(pol);
  if (bad) throw new Error(`metric ${spec.name}: invalid policy: ${bad}`);
  const name = String(spec.name);
  const direction = spec.direction;
  const isCount = spec.kind === 'count';
  const limit = typeof spec.limit === 'number' && Number.isFinite(spec.limit) ? spec.limit : undefined;
  const limitCount = Math.max(1, Math.floor(spec.limitCount ?? 1) || 1);

  const baseline: Obs[] = [];
  const candidate: Obs[] = [];
  let usesTotals = false;

  let model: Model = { kind: 'none', why: 'baseline', okCount: 0 };
  let dirty = true;
  let looks: Array<RuleLook | null> = [];
  let runs: number[] = [];
  let worstZ: number | null = null;
  let lastLook: { index: number; look: RuleLook } | null = null;
  let nOk = 0;
  let nMissing = 0;
  let nIdle = 0;
  let limitRun = 0;

  let verdict: Verdict = 'pending';
  let decidedAt: number | null = null;
  let reason = 'waiting for candidate samples';
  let explain: Explanation = { value: null, median: 0, scale: 0, z: null, rule: 'none', index: null };
  let finished = false;

  function stateOf(o: Obs): ObsState {
    if (o.value === null) return 'missing';
    if (isCount) {
      if (o.value < 0) return 'missing';
      if (usesTotals) {
        if (o.total === null) return 'missing';
        if (o.total === 0) return 'notraffic';
      }
      return 'ok';
    }
    if (o.total === 0) return 'notraffic';
    return 'ok';
  }

  /** The level judged: the ratio events/total for counts with totals. */
  function levelOf(o: Obs): number {
    if (isCount && usesTotals) return (o.value as number) / (o.total as number);
    return o.value as number;
  }

  function exposureOf(o: Obs): number {
    return usesTotals ? (o.total as number) : 1;
  }

  function buildModel(): Model {
    const ok = baseline.filter((o) => stateOf(o) === 'ok');
    if (ok.length < pol.minBaselineSamples) {
      const idle = baseline.filter((o) => stateOf(o) === 'notraffic').length;
      const why = idle > 0 && ok.length + idle >= pol.minBaselineSamples ? 'traffic' : 'baseline';
      return { kind: 'none', why, okCount: ok.length };
    }
    if (pol.method === 'classic') {
      const cm = buildClassicModel(ok.map(levelOf), pol);
      return { kind: 'ready', okCount: ok.length, center: cm.center, scale: cm.scale, judges: [{ family: 'classic', judge: createClassicJudge(cm, direction, pol), confirm: 1 }], level: null };
    }
    if (isCount) {
      const cm = buildCountModel(ok.map((o) => ({ events: o.value as number, exposure: exposureOf(o) })), usesTotals);
      if (!cm) return { kind: 'none', why: 'traffic', okCount: ok.length };
      return { kind: 'ready', okCount: ok.length, center: cm.events / cm.exposure, scale: 0, judges: [{ family: 'count', judge: createCountJudge(cm, direction, pol), confirm: 1 }], level: null };
    }
    const ordered = baseline.map((o) => (stateOf(o) === 'ok' ? levelOf(o) : null));
    // With a long enough baseline the envelope rule judges windows of ENVELOPE_WINDOWS[0]
    // samples and more, and the level rule only the shorter ones (a large step is still decided
    // on its third sample, and a window of one or two samples is judged at all). With a short
    // baseline the envelope rests on too few windows: the level and departure rules judge.
    const envelope = envelopeApplies(ok.length, pol);
    const lm = buildLevelModel(ordered, envelope ? { ...pol, shiftWindow: Math.min(pol.shiftWindow, ENVELOPE_WINDOWS[0] - 1) } : pol);
    const judges: Array<{ family: string; judge: Judge; confirm: number }> = [];
    if (!envelope || pol.shiftMinSamples < ENVELOPE_WINDOWS[0]) judges.push({ family: 'level', judge: createLevelJudge(lm, direction, pol), confirm: 1 });
    const em = envelope ? buildEnvelopeModel(lm, pol) : null;
    if (em) judges.push({ family: 'envelope', judge: createEnvelopeJudge(em, lm, direction, pol), confirm: 1 });
    judges.push({ family: 'cusum', judge: createCusumJudge(buildCusumModel(ordered, lm), lm, direction, pol), confirm: 1 });
    const dm = !envelope && pol.departureThreshold > 0 ? buildDepartureModel(ordered, pol) : null;
    if (dm) judges.push({ family: 'departure', judge: createDepartureJudge(dm, lm, direction, pol), confirm: 1 });
    if (pol.spreadRule) {
      const sm = buildSpreadModel(ordered, lm);
      if (sm && sm.windows.length) judges.push({ family: 'spread', judge: createSpreadJudge(sm, lm, pol), confirm: pol.consecutive });
    }
    return { kind: 'ready', okCount: ok.length, center: lm.center, scale: lm.scale, judges, level: lm };
  }

  function fail(at: number, index: number, hit: RuleHit, confirm: number): void {
    verdict = 'fail';
    decidedAt = at;
    explain = { value: hit.value, median: hit.center, scale: hit.scale, z: hit.z, rule: hit.rule, index };
    const looks = hit.held ?? confirm;
    const held = looks > 1 ? ` (held for ${looks} consecutive samples)` : '';
    reason = `${hit.rule}${held}, threshold ${pol.method === 'robust' && isCount ? `α ${fmt(pol.poissonAlpha)}` : `z > ${fmt(pol.threshold)}`}; at sample ${index}: ${hit.detail}`;
  }

  /** Feed candidate sample i to the rule families; returns true when the metric failed. */
  function evaluate(i: number, now: number): boolean {
    const o = candidate[i]!;
    const st = stateOf(o);
    if (st === 'ok') nOk++;
    else if (st === 'missing') nMissing++;
    else nIdle++;
    if (st !== 'ok' || model.kind !== 'ready') return false;
    const sample = { level: levelOf(o), events: isCount ? (o.value as number) : 0, exposure: isCount ? exposureOf(o) : 1 };
    const js = model.judges;
    for (let j = 0; j < js.length; j++) {
      const look = js[j]!.judge.push(sample, i);
      looks[j] = look;
      if (!look) continue;
      if (worstZ === null || look.z > worstZ) worstZ = look.z;
      if (j === 0 || look.hit || !lastLook) lastLook = { index: i, look };
      runs[j] = look.hit ? (runs[j] ?? 0) + 1 : 0;
      if (look.hit && runs[j]! >= js[j]!.confirm) {
        fail(now, i, look.hit, js[j]!.confirm);
        return true;
      }
    }
    return false;
  }

  function rescore(now: number): void {
    usesTotals = isCount && (baseline.some((o) => o.total !== null) || candidate.some((o) => o.total !== null));
    model = buildModel();
    dirty = false;
    looks = [];
    runs = [];
    worstZ = null;
    lastLook = null;
    nOk = 0;
    nMissing = 0;
    nIdle = 0;
    for (let i = 0; i < candidate.length; i++) {
      if (evaluate(i, now)) return;
    }
  }

  function checkLimit(i: number): boolean {
    if (limit === undefined) return false;
    const o = candidate[i]!;
    if (stateOf(o) !== 'ok') return false; // missing: neither extends nor breaks the run
    const x = levelOf(o);
    const beyond = direction === 'decrease' ? x < limit : x > limit;
    limitRun = beyond ? limitRun + 1 : 0;
    if (limitRun < limitCount) return false;
    verdict = 'fail';
    decidedAt = i;
    explain = {
      value: x,
      median: model.kind === 'ready' ? model.center : 0,
      scale: model.kind === 'ready' ? model.scale : 0,
      z: lastLook?.index === i ? lastLook.look.z : null,
      rule: 'limit',
      index: i,
    };
    reason = `absolute guard: ${limitCount > 1 ? `${limitCount} values in a row` : 'value'} ${direction === 'decrease' ? 'below' : 'above'} limit ${fmt(limit)}${
      isCount && usesTotals ? ' (ratio events/total)' : ''
    }; at sample ${i}: value ${fmt(x)}`;
    return true;
  }

  function pendingReason(): string {
    const parts: string[] = [];
    if (model.kind === 'none') {
      parts.push(
        model.why === 'baseline'
          ? `baseline has ${model.okCount} valid samples, need ${pol.minBaselineSamples}: candidate samples not scored yet`
          : 'no traffic in the baseline: candidate samples not scored yet',
      );
    } else if (lastLook) {
      parts.push(`sample ${lastLook.index}: ${lastLook.look.detail}`);
      const held = runs.map((r, j) => (r > 0 && model.kind === 'ready' ? `${model.judges[j]!.family} rule beyond its threshold for ${r} of ${model.judges[j]!.confirm} samples` : '')).filter(Boolean);
      parts.push(...held);
    }
    if (nMissing > 0) parts.push(`${nMissing} of ${candidate.length} samples missing`);
    return parts.length ? parts.join('; ') : 'waiting for candidate samples';
  }

  function currentExplain(rule: string): Explanation {
    const l = lastLook?.look;
    return {
      value: l?.value ?? null,
      median: finiteOr(model.kind === 'ready' ? (l?.center ?? model.center) : 0, 0),
      scale: finiteOr(model.kind === 'ready' ? (l?.scale ?? model.scale) : 0, 0),
      z: l?.z ?? null,
      rule,
      index: lastLook?.index ?? null,
    };
  }

  function snapshot(): MetricStatus {
    const ex = verdict === 'pending' ? currentExplain('none') : explain;
    return {
      name,
      verdict,
      decidedAt,
      reason: verdict === 'pending' ? `pending: ${pendingReason()}` : reason,
      explain: {
        value: ex.value === null ? null : finiteOr(ex.value, 0),
        median: finiteOr(ex.median, 0),
        scale: finiteOr(ex.scale, 0),
        z: ex.z === null ? null : clampZ(ex.z),
        rule: ex.rule,
        index: ex.index,
      },
      worstZ: worstZ === null ? null : clampZ(worstZ),
      samples: candidate.length,
    };
  }

  function conclude(): void {
    const n = candidate.length;
    let rule: string | null = null;
    let why = '';
    if (model.kind === 'none' && model.why === 'baseline') {
      rule = 'inconclusive-baseline';
      why = `too few baseline samples: ${model.okCount} valid of ${baseline.length}, need ${pol.minBaselineSamples}`;
    } else if (model.kind === 'none') {
      rule = 'inconclusive-traffic';
      why = `no traffic in the baseline: ${model.okCount} of ${baseline.length} samples had traffic, need ${pol.minBaselineSamples}`;
    } else if (n === 0) {
      rule = 'inconclusive-candidate';
      why = 'no candidate samples';
    } else if (nOk === 0 && nIdle > 0) {
      rule = 'inconclusive-traffic';
      why = `no traffic in the candidate window (${nIdle} of ${n} samples had total 0${nMissing ? `, ${nMissing} missing` : ''})`;
    } else if (nMissing / n > pol.maxMissingFraction) {
      rule = 'inconclusive-missing';
      why = `${nMissing} of ${n} candidate samples missing (more than ${fmt(pol.maxMissingFraction * 100)} %)`;
    } else if (nOk < pol.minCandidateSamples) {
      rule = 'inconclusive-candidate';
      why = `too few candidate samples: ${nOk} valid of ${n}, need ${pol.minCandidateSamples}`;
    }
    if (rule) {
      verdict = 'inconclusive';
      explain = currentExplain(rule);
      reason = why;
      return;
    }
    verdict = 'pass';
    explain = currentExplain('none');
    const skipped = nMissing + nIdle;
    reason =
      `no rule fired over ${nOk} scored samples` +
      (worstZ !== null ? ` (worst z ${fmt(worstZ)})` : '') +
      (skipped ? `; ${nMissing ? `${nMissing} missing` : ''}${nMissing && nIdle ? ', ' : ''}${nIdle ? `${nIdle} without traffic` : ''} not counted` : '');
  }

  return {
    addBaseline(samples: Sample[]): void {
      if (finished || !Array.isArray(samples)) return;
      for (const s of samples) baseline.push(sanitize(s));
      dirty = true;
    },

    push(sample: Sample): MetricStatus {
      if (finished) return snapshot();
      const i = candidate.length;
      const o = sanitize(sample);
      candidate.push(o);
      if (verdict === 'fail') return snapshot();
      if (isCount && !usesTotals && o.total !== null) dirty = true;
      if (dirty) {
        rescore(i);
        if (verdict === ('fail' as Verdict)) return snapshot();
      } else if (evaluate(i, i)) {
        return snapshot();
      }
      checkLimit(i);
      return snapshot();
    },

    finish(): MetricStatus {
      if (finished) return snapshot();
      finished = true;
      if (verdict === 'fail') return snapshot();
      if (dirty) {
        rescore(Math.max(0, candidate.length - 1));
        if (verdict === ('fail' as Verdict)) return snapshot();
      }
      conclude();
      return snapshot();
    },

    status(): MetricStatus {
      return snapshot();
    },
  };
}
