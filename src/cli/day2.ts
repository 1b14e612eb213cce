/**
 * `rollwatch history`, `logs` and `exec`: day-two commands on what runs, through the same target
 * and SSH connections as a deploy. Output goes to stdout line by line, masked like every log.
 */
import { EXIT } from '../errors';
import { mergeHistory } from '../engine/history';
import { contextOf } from '../engine/run';
import { loadTarget } from '../targets/lazy';
import { cleanLog } from '../util/sanitize';
import { openCliRun } from './setup';
import type { Invocation } from './args';

type Day2 = Extract<Invocation, { kind: 'history' | 'logs' | 'exec' }>;

const sec = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)}s`);

export async function runDay2(inv: Day2, who: { commit: string | null; actor: string | null }, write: (text: string) => void = (t) => process.stdout.write(t), writeErr: (text: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  // Ctrl-C ends a followed log (or an exec) and closes the connections; a second one exits at once.
  const run = openCliRun(inv.options, { exitAt: 2 });
  const { config, mask, log } = run;
  try {
    const ctx = contextOf({ name: inv.kind }, { config, log, signal: run.signal, ...who });
    const target = await loadTarget(config);
    const out = (text: string) => write(mask(cleanLog(text)) + '\n');

    if (inv.kind === 'history') {
      const { perHost, warnings } = await target.history(ctx, inv.limit);
      for (const w of warnings) log.warn(w);
      const entries = mergeHistory(perHost).slice(0, inv.limit);
      if (inv.options.json) write(mask(JSON.stringify(entries, null, 2)) + '\n');
      else if (entries.length === 0) out(`no deploy of ${config.app} is recorded on ${perHost.length ? perHost.map((h) => h.host).join(', ') : 'any reachable host'}`);
      else for (const e of entries) out(`${e.at}  ${e.command.padEnd(8)} ${(e.version ?? '–').padEnd(20)} ${e.outcome.padEnd(11)} from ${e.previousVersion ?? '–'}  by ${e.actor ?? '?'}${e.commit ? ` @${e.commit.slice(0, 12)}` : ''}  T_deploy ${sec(e.deployMs)}, recovery ${sec(e.recoveryMs)}  ${e.reason}${e.runUrl ? `  ${e.runUrl}` : ''}`);
      return perHost.length === 0 ? EXIT.failed : EXIT.ok;
    }

    const width = Math.max(...config.hosts.map((h) => h.name.length));
    if (inv.kind === 'logs') {
      const failures = await target.logs(ctx, { host: inv.host, since: inv.since, tail: inv.tail, follow: inv.follow }, (node, line) => out(`${node.padEnd(width)} | ${line}`));
      for (const f of failures) log.error(f);
      return failures.length ? EXIT.failed : EXIT.ok;
    }

    const results = await target.exec(ctx, { host: inv.host, argv: inv.argv }, (node, line, stream) => (stream === 'stdout' ? out : (t: string) => writeErr(mask(cleanLog(t)) + '\n'))(`${node.padEnd(width)} | ${line}`));
    for (const r of results) {
      if (r.error) log.error(`${r.node}: ${r.error}`);
      else if (r.code !== 0) log.warn(`${r.node}: exit ${r.code}`);
    }
    return results.every((r) => r.code === 0) ? EXIT.ok : EXIT.failed;
  } finally {
    run.close();
  }
}
