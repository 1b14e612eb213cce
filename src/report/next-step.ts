import type { RunReport } from './model';

/** One sentence for the on-call reader: what to do now. Null when nothing is needed. */
export function nextStep(r: RunReport): string | null {
  if (r.outcome === 'rolled-back') return 'The new release was rolled back automatically; every host listed below runs the previous release. Look at the deciding metric, fix, and push again.';
  if (r.outcome === 'inconclusive') return 'Verification could not decide (see warnings). The release was kept; watch it, or roll back with `mode: rollback`.';
  if (r.outcome !== 'failed') return null;
  if (r.hosts.some((h) => h.manual)) return 'Some hosts need a hand: run the command shown for them below.';
  if (/lock/i.test(r.reason)) return 'Another run holds the deploy lock. Wait for it, or release a stale lock with `rollwatch lock release --config <your rollwatch config>`.';
  if (/preflight/i.test(r.reason)) return 'Nothing was changed. Fix the hosts named above and run again.';
  if (r.command === 'status' && /different versions/.test(r.reason)) return 'The fleet is split between releases: bring it together with `mode: rollback` (and `version`) or a new deploy.';
  if (r.command !== 'deploy') return 'Read the reason above and the host details below.';
  const touched = r.hosts.filter((h) => h.result !== 'untouched' && h.result !== 'unchanged');
  if (touched.length === 0) return 'No host was changed. Read the reason above and the host details below.';
  if (touched.every((h) => h.result === 'rolled-back' || h.result === 'restored')) return 'Every touched host was returned to its previous release. Read the reason above and the host details below.';
  return 'Read the reason above and the host details below.';
}
