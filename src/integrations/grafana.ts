/**
 * Grafana annotations of deploys and rollbacks through Grafana's HTTP annotations API
 * (POST /api/annotations, Bearer service-account token). One region annotation per run, from
 * the run's start to its end, so the deploy, the verification window and the rollback sit on
 * the dashboards' time axis. Optional (config `grafana:` or the action's grafana-* inputs), and
 * it never fails the deploy: an error becomes a warning.
 */
import type { Config } from '../config/types';
import { errorMessage } from '../errors';
import type { RunReport } from '../report/model';

export interface AnnotationLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface GrafanaAnnotation {
  dashboardUID?: string;
  time: number;
  timeEnd: number;
  tags: string[];
  text: string;
}

/** Commands worth an annotation: the ones that change what runs. */
export const ANNOTATED_COMMANDS = ['deploy', 'rollback'];

/** The annotation of one run. Tags: rollwatch, the app, the outcome, the command, then the configured tags. */
export function annotationFor(grafana: NonNullable<Config['grafana']>, report: RunReport): GrafanaAnnotation {
  const start = Date.parse(report.startedAt);
  const end = Date.parse(report.finishedAt);
  const time = Number.isFinite(start) ? start : Date.now();
  const timeEnd = Number.isFinite(end) && end >= time ? end : time;
  const tags = [...new Set(['rollwatch', report.app, report.outcome, report.command, ...grafana.tags])];
  const version = report.version ?? 'the previous release';
  const headline =
    report.command === 'rollback'
      ? `${report.app}: rollback to ${version} — ${report.outcome}`
      : report.outcome === 'rolled-back'
        ? `${report.app}: ${version} rolled back${report.previousVersion ? ` to ${report.previousVersion}` : ''}`
        : `${report.app}: deploy ${version} — ${report.outcome}`;
  const reason = report.reason.trim();
  const text = [`rollwatch ${headline}`, reason ? `reason: ${reason}` : '', `run ${report.runId}`].filter(Boolean).join('\n');
  return { ...(grafana.dashboardUid ? { dashboardUID: grafana.dashboardUid } : {}), time, timeEnd, tags, text };
}

/**
 * Posts the run's annotation when Grafana is configured and the command changed something.
 * Returns the annotation id, or null (not configured, not annotated, or failed with a warning).
 */
export async function annotateRun(
  grafana: Config['grafana'] | undefined,
  report: RunReport,
  log: AnnotationLog,
  opts: { timeoutMs?: number; mask?: (t: string) => string; fetch?: typeof fetch } = {},
): Promise<number | null> {
  if (!grafana || !ANNOTATED_COMMANDS.includes(report.command)) return null;
  const mask = opts.mask ?? ((t: string) => t);
  const body = annotationFor(grafana, report);
  body.text = mask(body.text);
  const url = `${grafana.url.replace(/\/$/, '')}/api/annotations`;
  try {
    const res = await (opts.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${grafana.token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    if (!res.ok) {
      log.warn(mask(`Grafana annotation not posted (the deploy is not affected): HTTP ${res.status} from ${url}: ${text.slice(0, 200)}`));
      return null;
    }
    let id: number | null = null;
    try {
      const parsed = JSON.parse(text) as { id?: unknown };
      if (typeof parsed.id === 'number') id = parsed.id;
    } catch {
      // Grafana answered 2xx without JSON: posted all the same.
    }
    log.info(`Grafana annotation${id !== null ? ` ${id}` : ''} posted (${body.tags.join(', ')})`);
    return id;
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    const detail = errorMessage(err) + (cause ? ` (${errorMessage(cause)})` : '');
    log.warn(mask(`Grafana annotation not posted (the deploy is not affected): ${url}: ${detail}`));
    return null;
  }
}
