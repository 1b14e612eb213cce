import type { RunReport } from './model';
import { renderChart, type ChartOptions } from './chart';
import { nextStep } from './next-step';
import { deployTimed, logLines, transition } from './text';
import { cleanLog } from '../util/sanitize';

const sec = (ms: number | null | undefined) => (ms == null ? '–' : `${(ms / 1000).toFixed(1)} s`);
const ICON: Record<string, string> = { promoted: '✅', deployed: '✅', ok: '✅', 'rolled-back': '↩️', inconclusive: '⚠️', failed: '❌' };
const htmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, '<br>');

/** The job summary (markdown): headline, timings, hosts, verification. */
export function renderSummary(r: RunReport, opts: { chart?: ChartOptions | false } = {}): string {
  const out: string[] = [];
  const what = r.version ? `\`${r.app}\` ${r.command === 'rollback' ? 'back to ' : ''}\`${r.version}\`` : `\`${r.app}\``;
  out.push(`## ${ICON[r.outcome] ?? ''} rollwatch ${r.command}: ${r.outcome} — ${what} in ${sec(r.timings.totalMs)}`);
  out.push('');
  if (r.reason) out.push(`> ${esc(r.reason)}`, '');
  const next = nextStep(r);
  if (next) out.push(`**What to do next:** ${next}`, '');
  if (r.target) out.push(`Target: ${esc(r.target.description)}`, '');
  if (r.image) out.push(`Image: \`${r.image}\`${r.digest ? ` (\`${r.digest}\`)` : ''}`, '');

  if (r.command === 'deploy' && deployTimed(r.timings)) {
    const t = r.timings;
    out.push('| Timing | Value |', '|---|---|');
    out.push(`| **T_deploy** = T_build + T_deploy_server | **${sec(t.deployMs)}** = ${sec(t.buildMs)} + ${sec(t.deployServerMs)} |`);
    out.push(`| **Recovery** = T_detect + T_recover | **${sec(t.recoveryMs)}** = ${sec(t.detectMs)} + ${sec(t.recoverMs)} |`);
    out.push('');
  }

  if (r.hosts.length > 0) {
    out.push('| Host | Previous → now | Health | Result | Detail |', '|---|---|---|---|---|');
    for (const h of r.hosts) {
      const health = h.healthy === null ? '–' : h.healthy ? 'healthy' : '**unhealthy**';
      const detail = [h.detail, h.manual ? `to finish by hand: \`${h.manual}\`` : ''].filter(Boolean).join(' — ');
      out.push(`| ${h.name} | ${transition(r, h)} | ${health} | ${h.result} | ${esc(detail)} |`);
    }
    out.push('');
    for (const h of r.hosts.filter((x) => x.logs)) {
      const lines = logLines(h.logs!);
      // a fence longer than any run of backticks in the log, so app output cannot end the block
      const fence = '`'.repeat(Math.max(3, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length)) + 1)));
      out.push(`<details><summary>${htmlEscape(h.name)}: last lines of the failing container's log</summary>`, '', `${fence}text`, ...lines, fence, '', '</details>', '');
    }
  }

  const v = r.verification;
  if (v) {
    const baselineSamples = Math.max(0, ...v.metrics.map((m) => m.baseline.length));
    const baseline = v.baselineKind === 'none' ? 'no baseline' : `${v.baselineKind} baseline of ${baselineSamples} samples`;
    out.push(`### Verification: ${v.verdict}`, '', `${esc(v.reason)} (${baseline}; window of ${v.samples} samples every ${sec(v.intervalMs)})`, '');
    if (v.canary) out.push(`Canary window on ${esc(v.canary.hosts.join(', '))}: ${v.canary.verdict} (${esc(v.canary.reason)}); the fleet window above then judged every host.`, '');
    if (v.metrics.length > 0) {
      out.push('| Metric | Baseline median | Scale | Worst z | Verdict | Rule |', '|---|---|---|---|---|---|');
      for (const m of v.metrics) {
        const f = (x: number | null) => (x == null ? '–' : Number(x.toPrecision(4)).toString());
        // a window cut short by another metric's failure leaves the rest undecided, not doubtful
        const verdict = v.verdict === 'fail' && m.verdict === 'inconclusive' ? 'not decided (window ended early)' : m.verdict;
        out.push(`| ${m.name === v.deciding ? `**${m.name}**` : m.name} | ${f(m.median)} | ${f(m.scale)} | ${f(m.worstZ)} | ${verdict} | ${esc(m.rule ?? m.reason)} |`);
      }
      out.push('');
      const deciding = v.metrics.find((m) => m.name === v.deciding);
      if (deciding && deciding.reason && deciding.reason !== v.reason) out.push(`**${esc(deciding.name)}**: ${esc(deciding.reason)}`, '');
      const chart = opts.chart === false ? null : renderChart(r, opts.chart ?? {});
      if (chart) out.push(chart, '');
    }
    for (const w of v.warnings) out.push(`> [!WARNING]\n> ${esc(w)}`, '');
  }
  for (const w of r.warnings) out.push(`> [!WARNING]\n> ${esc(w)}`, '');
  if (r.lock?.length) {
    out.push('| Host | Lock |', '|---|---|');
    for (const l of r.lock) out.push(`| ${l.host} | ${l.held ? esc(JSON.stringify(l.holder)) : 'free'} |`);
  }
  return cleanLog(out.join('\n') + '\n');
}
