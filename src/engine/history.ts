/**
 * The deploy history kept on the hosts: one JSON line per deploy or rollback, appended by the run
 * that did it, read back newest first by `rollwatch history`. Pure: building, parsing, merging.
 */
import { z } from 'zod';
import type { RunReport } from '../report/model';

export interface HistoryEntry {
  at: string;
  command: 'deploy' | 'rollback';
  app: string;
  version: string | null;
  previousVersion: string | null;
  outcome: string;
  reason: string;
  actor: string | null;
  commit: string | null;
  runId: string;
  runUrl: string | null;
  deployMs: number | null;
  recoveryMs: number | null;
  totalMs: number;
}

/** How many lines a host keeps; older ones are dropped when the file reaches twice this. */
export const HISTORY_KEEP = 500;

const REASON_MAX = 300;

/** The entry a finished deploy or rollback leaves (null: other commands leave none). */
export function historyEntry(report: RunReport, who: { actor: string | null; commit: string | null; runUrl?: string | null }): HistoryEntry | null {
  if (report.command !== 'deploy' && report.command !== 'rollback') return null;
  const reason = report.reason.split('\n')[0];
  return {
    at: report.finishedAt || report.startedAt,
    command: report.command,
    app: report.app,
    version: report.version,
    previousVersion: report.previousVersion,
    outcome: report.outcome,
    reason: reason.length > REASON_MAX ? `${reason.slice(0, REASON_MAX)}…` : reason,
    actor: who.actor,
    commit: who.commit,
    runId: report.runId,
    runUrl: who.runUrl ?? null,
    deployMs: report.timings.deployMs,
    recoveryMs: report.timings.recoveryMs,
    totalMs: report.timings.totalMs,
  };
}

/** A run refused before it changed anything (lock held, host unreachable) is not part of the history. */
export function worthRecording(report: RunReport): boolean {
  return report.outcome !== 'failed' || report.hosts.some((h) => h.result !== 'untouched');
}

const text = (max: number) => z.string().max(max);
const entrySchema = z.object({
  at: z.string().datetime({ offset: true }),
  command: z.enum(['deploy', 'rollback']),
  app: text(100),
  version: text(200).nullable(),
  previousVersion: text(200).nullable(),
  outcome: text(40),
  reason: text(REASON_MAX + 1),
  actor: text(200).nullable(),
  commit: text(100).nullable(),
  runId: text(200),
  runUrl: text(500).nullable(),
  deployMs: z.number().nullable(),
  recoveryMs: z.number().nullable(),
  totalMs: z.number(),
});

/** The valid entries of one host's history file; lines that are not (cut, edited) are counted, not trusted. */
export function parseHistory(content: string): { entries: HistoryEntry[]; skipped: number } {
  const entries: HistoryEntry[] = [];
  let skipped = 0;
  for (const line of content.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = entrySchema.safeParse(JSON.parse(line));
      if (r.success) entries.push(r.data);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { entries, skipped };
}

/**
 * One list from every host's history: a run that wrote to several hosts appears once, with the
 * hosts it is recorded on; newest first.
 */
export function mergeHistory(perHost: { host: string; entries: HistoryEntry[] }[]): (HistoryEntry & { hosts: string[] })[] {
  const byRun = new Map<string, HistoryEntry & { hosts: string[] }>();
  for (const { host, entries } of perHost) {
    for (const e of entries) {
      const key = `${e.runId} ${e.command}`;
      const seen = byRun.get(key);
      if (seen) seen.hosts.push(host);
      else byRun.set(key, { ...e, hosts: [host] });
    }
  }
  return [...byRun.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}
