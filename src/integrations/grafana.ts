/**
 * Grafana annotations of deploys and rollbacks through Grafana's HTTP annotations API
 * (POST /api/annotations, Bearer service-account token). One region annotation per run, from
 * the run's start to its end, so the deploy, the verification window and the rollback sit on
 * the dashboards' time axis. Optional (config `grafana:` or the action's grafana-* inputs), and
 * it never fails the deploy: an error becomes a warning.
 */
import type { Config } from '../config/types';
import { errorMessage } from '../errors';
import { redactUserinfo } from '../util/urls';
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

/** Grafana answers an annotation POST with a few bytes of JSON; anything past this is not Grafana. */
export const MAX_GRAFANA_RESPONSE_BYTES = 64 * 1024;

/** The body as text, or null once it passes `limit` bytes (the rest is not read). */
export async function readCapped(res: Response, limit: number): Promise<string | null> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
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
  // The URL as it may be printed: never its user:password@.
  const shown = redactUserinfo(url);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  // One deadline for the whole exchange, body included: a Grafana that drips its answer
  // cannot hold the run's end longer than this.
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await (opts.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${grafana.token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      // a redirect would carry the token (and the annotation) to another address: not followed
      redirect: 'manual',
      signal,
    });
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      log.warn(mask(`Grafana annotation not posted (the deploy is not affected): HTTP ${res.status} from ${shown}: redirects are not followed (the token stays with grafana.url); set grafana.url to the final address`));
      return null;
    }
    const text = await readCapped(res, MAX_GRAFANA_RESPONSE_BYTES);
    if (text === null) {
      log.warn(mask(`Grafana annotation not posted (the deploy is not affected): the answer from ${shown} is larger than ${MAX_GRAFANA_RESPONSE_BYTES / 1024} KiB: not read`));
      return null;
    }
    if (!res.ok) {
      log.warn(mask(`Grafana annotation not posted (the deploy is not affected): HTTP ${res.status} from ${shown}: ${redactUserinfo(text.slice(0, 200))}`));
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
    const detail = signal.aborted ? `no complete answer within ${timeoutMs} ms` : errorMessage(err) + (cause ? ` (${errorMessage(cause)})` : '');
    log.warn(mask(redactUserinfo(`Grafana annotation not posted (the deploy is not affected): ${shown}: ${detail}`)));
    return null;
  }
}
