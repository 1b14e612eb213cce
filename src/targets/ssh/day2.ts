/**
 * Day-two operations of the SSH target: the deploy history kept on each host, the running
 * release's logs, and commands run inside it. Read-only but for `record` and what `exec` runs.
 */
import type { RunContext } from '../../engine/context';
import { HISTORY_KEEP, parseHistory, type HistoryEntry } from '../../engine/history';
import type { LogOptions } from '../../engine/target';
import { errorMessage, hostMessage, inputError } from '../../errors';
import { settleLimit } from '../../util/clock';
import { cleanLog } from '../../util/sanitize';
import * as cmd from './commands';
import { Fleet, type FleetMember } from './fleet';

/** The members a command addresses: every host, or the one `host` names (refused before connecting when it names none). */
export function chosenMembers(fleet: Fleet, host: string | undefined, flag = '--host'): FleetMember[] {
  if (!host) return fleet.members;
  const m = fleet.members.find((x) => x.host.name === host);
  if (!m) throw inputError(flag, `${JSON.stringify(host.slice(0, 80))} is not a host of this config`, `one of: ${fleet.members.map((x) => x.host.name).join(', ')}`);
  return [m];
}

/** An onStdout handler that calls `onLine` per complete line (cleaned); a last unterminated line is dropped. */
export function splitLines(onLine: (line: string) => void): (chunk: Buffer) => void {
  const s = lineSplitter(onLine);
  return (chunk) => s.push(chunk);
}

/** Splits a stream into lines as chunks arrive; `flush` gives the last, unterminated one. */
function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer): void; flush(): void } {
  let rest = '';
  return {
    push(chunk) {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) onLine(cleanLog(p.replace(/\r$/, '')));
    },
    flush() {
      if (rest) onLine(cleanLog(rest));
      rest = '';
    },
  };
}

export async function recordOn(members: FleetMember[], entry: HistoryEntry): Promise<string[]> {
  const warnings: string[] = [];
  await settleLimit(members, 16, async (m) => {
    try {
      const r = await m.connection.run(cmd.appendHistory(entry.app, HISTORY_KEEP), { stdin: JSON.stringify(entry) + '\n', timeoutMs: 15_000 });
      if (r.code !== 0) warnings.push(`${m.host.name}: the deploy history was not written (exit ${r.code}): ${r.stderr.trim().slice(0, 200)}`);
    } catch (err) {
      warnings.push(`${m.host.name}: the deploy history was not written: ${errorMessage(err)}`);
    }
  });
  return warnings;
}

export async function historyOf(members: FleetMember[], app: string, limit: number): Promise<{ perHost: { host: string; entries: HistoryEntry[]; skipped: number }[]; warnings: string[] }> {
  const warnings: string[] = [];
  const results = await settleLimit(members, 16, async (m) => {
    const r = await m.connection.run(cmd.readHistory(app, limit), { timeoutMs: 15_000 });
    if (r.code !== 0) throw new Error(`reading the deploy history failed (exit ${r.code}): ${r.stderr.trim().slice(0, 200)}`);
    return { host: m.host.name, ...parseHistory(r.stdout) };
  });
  const perHost = results.flatMap((r, i) => {
    if (r.status === 'fulfilled') return [r.value];
    warnings.push(hostMessage(members[i].host.name, r.reason));
    return [];
  });
  for (const h of perHost) if (h.skipped) warnings.push(`${h.host}: ${h.skipped} line(s) of the deploy history are not entries rollwatch wrote; left out`);
  return { perHost, warnings };
}

/** Logs of the running release of every chosen host, interleaved as they arrive. */
export async function logsOf(ctx: RunContext, fleet: Fleet, options: LogOptions, onLine: (node: string, line: string) => void): Promise<string[]> {
  const members = chosenMembers(fleet, options.host);
  const failures: string[] = [];
  await settleLimit(members, 16, async (m) => {
    try {
      const current = (await m.agent.releases()).current;
      if (!current) throw new Error(`no release of ${ctx.config.app} runs here`);
      const lines = lineSplitter((l) => onLine(m.host.name, l));
      const r = await m.connection.run(cmd.followLogs(current.name, options), { timeoutMs: options.follow ? Number.POSITIVE_INFINITY : 60_000, onStdout: (c) => lines.push(c), signal: ctx.signal });
      lines.flush();
      if (r.code !== 0) throw new Error(`docker logs failed (exit ${r.code})`);
    } catch (err) {
      // Ctrl-C ends a followed log: that is how it stops, not a failure
      if (!ctx.signal.aborted) failures.push(hostMessage(m.host.name, err));
    }
  });
  return failures;
}

export async function execOn(ctx: RunContext, fleet: Fleet, options: { host?: string; argv: string[] }, onLine: (node: string, line: string, stream: 'stdout' | 'stderr') => void): Promise<{ node: string; code: number | null; error?: string }[]> {
  const members = chosenMembers(fleet, options.host);
  const results = await settleLimit(members, 16, async (m) => {
    const current = (await m.agent.releases()).current;
    if (!current) throw new Error(`no release of ${ctx.config.app} runs here`);
    const out = lineSplitter((l) => onLine(m.host.name, l, 'stdout'));
    const err = lineSplitter((l) => onLine(m.host.name, l, 'stderr'));
    const r = await m.connection.run(cmd.execInContainer(current.name, options.argv), { timeoutMs: 10 * 60_000, onStdout: (c) => out.push(c), onStderr: (c) => err.push(c), signal: ctx.signal });
    out.flush();
    err.flush();
    return r.code;
  });
  return results.map((r, i) => (r.status === 'fulfilled' ? { node: members[i].host.name, code: r.value } : { node: members[i].host.name, code: null, error: errorMessage(r.reason) }));
}

/** Opens the fleet for `fn`, closes it after; connection failures are per host, as the operations report them. */
export async function withFleet<T>(ctx: RunContext, fn: (fleet: Fleet) => Promise<T>): Promise<T> {
  const fleet = new Fleet(ctx);
  try {
    return await fn(fleet);
  } finally {
    fleet.close();
  }
}
