import type { RunReport } from './model';
import { nextStep } from './next-step';
import { cleanLog } from '../util/sanitize';

/** "v1 → v2", or "v1 → v2 → v1" for a host that ran the new release and was put back. */
export function transition(r: RunReport, h: RunReport['hosts'][number]): string {
  if ((h.result === 'rolled-back' || h.result === 'restored') && r.command === 'deploy') return `${h.previous ?? '–'} → ${r.version ?? '?'} → ${h.final ?? '–'}`;
  return `${h.previous ?? '–'} → ${h.final ?? '–'}`;
}

/** False when the run stopped before it built or deployed anything, so there is no T_deploy to show. */
export const deployTimed = (t: RunReport['timings']): boolean => t.buildMs != null || t.deployServerMs != null || t.deployMs != null;

/** A host's detail without the host's name in front, which its row already starts with ("web-1 (10.0.0.1:22): …" → "10.0.0.1:22: …"). */
export function withoutHostName(name: string, detail: string): string {
  if (detail.startsWith(`${name}: `)) return detail.slice(name.length + 2);
  const at = /^\(([^)]*)\): /.exec(detail.startsWith(`${name} (`) ? detail.slice(name.length + 1) : '');
  return at ? `${at[1]}: ${detail.slice(name.length + 1 + at[0].length)}` : detail;
}

/** The last lines of a container log as the report shows them (at most 20, each at most 300 characters). */
export function logLines(logs: string): string[] {
  return logs
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-20)
    .map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l));
}

const sec = (ms: number | null | undefined) => (ms == null ? '–' : `${(ms / 1000).toFixed(1)}s`);

/** A few plain lines that say what happened; for terminals and CI logs. */
export function renderText(r: RunReport): string {
  const lines: string[] = [];
  const head = r.version ? `${r.app} ${r.version}` : r.app;
  const headline = r.outcome === 'deployed' ? `first release, no baseline to compare with (${head})` : head;
  lines.push(`rollwatch ${r.command}: ${r.outcome.toUpperCase()} — ${headline}`);
  if (r.reason) lines.push(`  ${r.reason.split('\n').join('\n  ')}`);
  const next = nextStep(r);
  if (next) lines.push(`  next: ${next}`);
  if (r.target) lines.push(`  target: ${r.target.description}`);
  if (r.image) lines.push(`  image ${r.image}${r.digest ? ` (${r.digest})` : ''}`);
  const t = r.timings;
  if (r.command === 'deploy' && deployTimed(t)) {
    lines.push(`  T_deploy ${sec(t.deployMs)} = T_build ${sec(t.buildMs)} + T_deploy_server ${sec(t.deployServerMs)}`);
    if (t.detectMs != null || t.recoverMs != null) lines.push(`  Recovery ${sec(t.recoveryMs)} = T_detect ${sec(t.detectMs)} + T_recover ${sec(t.recoverMs)}`);
  }
  for (const h of r.hosts) {
    const change = r.command === 'deploy' || r.command === 'rollback' ? transition(r, h) : `${h.final ?? '–'}`;
    const health = h.healthy === null ? '' : h.healthy ? ' healthy' : ' UNHEALTHY';
    const retained = h.retained.length ? ` [retained: ${h.retained.join(', ')}]` : '';
    lines.push(`  ${h.name.padEnd(12)} ${h.result.padEnd(11)} ${change}${health}${retained}${h.detail ? ` — ${withoutHostName(h.name, h.detail)}` : ''}`);
    if (h.manual) lines.push(`  ${''.padEnd(12)} to finish by hand: ${h.manual}`);
    if (h.logs) lines.push(`  ${''.padEnd(12)} last lines of the failing container's log:`, ...logLines(h.logs).map((l) => `  ${''.padEnd(12)} | ${l}`));
  }
  if (r.verification) {
    const v = r.verification;
    if (v.canary) lines.push(`  canary window on ${v.canary.hosts.join(', ')}: ${v.canary.verdict} (${v.canary.reason}); then the fleet window:`);
    lines.push(`  verification: ${v.verdict} (${v.reason})`);
    for (const m of v.metrics.filter((x) => x.verdict !== 'pass' || x.name === v.deciding)) lines.push(`    ${m.name}: ${m.verdict} — ${m.reason}`);
  }
  for (const l of r.lock ?? []) lines.push(`  lock ${l.host}: ${l.held ? `held ${JSON.stringify(l.holder)}` : 'free'}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  // values in the report came from hosts and peers too: no control characters, no workflow commands
  return cleanLog(lines.join('\n'));
}
