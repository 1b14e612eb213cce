// Release-level decision from the per-metric statuses.

import { DEFAULT_POLICY } from './policy';
import type { Decision, DetectorPolicy, MetricSpec, MetricStatus } from './types';

/**
 * Combine metric statuses into one release decision.
 * - any critical 'fail' → 'fail' (decidedAt = the earliest critical failure);
 * - else any critical 'inconclusive' or still 'pending' → 'inconclusive';
 * - else 'pass' (when at least one critical metric passed).
 * Non-critical metrics never change the verdict; their failures are named in the reason.
 * `action` is 'rollback' on fail, and on inconclusive when the effective
 * `onInconclusive` (policy, overridden per metric by `spec.policy`) of an
 * inconclusive critical metric is 'rollback'.
 */
export function decide(
  statuses: MetricStatus[],
  specs: MetricSpec[],
  policy: Pick<DetectorPolicy, 'onInconclusive'> = DEFAULT_POLICY,
): Decision {
  const specOf = new Map<string, MetricSpec>();
  for (const s of specs) if (!specOf.has(s.name)) specOf.set(s.name, s);
  const isCritical = (st: MetricStatus) => specOf.get(st.name)?.critical ?? true;
  const onInc = (st: MetricStatus) => specOf.get(st.name)?.policy?.onInconclusive ?? policy.onInconclusive;

  const critical = statuses.filter(isCritical);
  const nonCritical = statuses.filter((s) => !isCritical(s));
  const softFails = nonCritical.filter((s) => s.verdict === 'fail');
  const note = softFails.length ? `; non-critical failures: ${softFails.map((s) => s.name).join(', ')}` : '';

  const fails = critical
    .filter((s) => s.verdict === 'fail')
    .sort((a, b) => (a.decidedAt ?? Infinity) - (b.decidedAt ?? Infinity));
  if (fails.length) {
    const first = fails[0]!;
    const others = fails.length > 1 ? ` (also failing: ${fails.slice(1).map((s) => s.name).join(', ')})` : '';
    return {
      verdict: 'fail',
      decidedAt: first.decidedAt,
      deciding: first.name,
      reason: `${first.name} failed at sample ${first.decidedAt ?? '?'}: ${first.reason}${others}${note}`,
      action: 'rollback',
    };
  }

  const open = critical.filter((s) => s.verdict === 'inconclusive' || s.verdict === 'pending');
  if (open.length || critical.length === 0) {
    const first = open[0] ?? null;
    const rollback = open.some((s) => s.verdict === 'inconclusive' && onInc(s) === 'rollback') ||
      (critical.length === 0 && policy.onInconclusive === 'rollback');
    const what = first
      ? open.map((s) => `${s.name} ${s.verdict === 'pending' ? 'still pending' : `inconclusive (${s.reason})`}`).join('; ')
      : 'no critical metric to judge';
    return {
      verdict: 'inconclusive',
      decidedAt: null,
      deciding: first?.name ?? null,
      reason: `${what}${note}`,
      action: rollback ? 'rollback' : 'keep',
    };
  }

  return {
    verdict: 'pass',
    decidedAt: null,
    deciding: null,
    reason: `all ${critical.length} critical metric${critical.length > 1 ? 's' : ''} passed${note}`,
    action: 'keep',
  };
}
