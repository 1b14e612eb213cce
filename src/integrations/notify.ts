/**
 * `notify:` webhooks: tell people what a deploy or rollback did. Two bodies, built from the final
 * run report: a Slack-compatible message (`{ text, attachments }`, for Slack incoming webhooks and
 * the chat servers that accept the same) and rollwatch's own JSON for any other receiver. Each
 * webhook gets bounded retries and a per-request deadline; a webhook that fails is a warning and
 * never fails the deploy or changes its exit code.
 */
import pRetry from 'p-retry';
import type { NotifyTarget } from '../config/types';
import type { NotifyEvent } from '../config/schema';
import { errorMessage } from '../errors';
import type { RunReport, Timings } from '../report/model';
import { nextStep } from '../report/next-step';
import { transition } from '../report/text';
import { createMasker } from '../util/log';
import { oneLine } from '../util/sanitize';
import { readCapped } from './grafana';

export interface NotifyLog {
  info(message: string): void;
  warn(message: string): void;
  debug?(message: string): void;
}

/** Commands worth a notification: the ones that change what runs. */
export const NOTIFIED_COMMANDS = ['deploy', 'rollback'];

/** Attempts per webhook (the first and two retries). */
export const NOTIFY_ATTEMPTS = 3;

/** A webhook's answer is a few bytes ("ok"); only this much of an error answer is read, for the log. */
const MAX_ANSWER_BYTES = 4 * 1024;

/** Hosts listed in a Slack message; the JSON body lists all of them. */
const SLACK_HOST_LINES = 20;

/**
 * The event a report is: a deploy's outcome, or for a rollback run `rolled-back` (done) or
 * `failed`. Null for read-only commands and outcomes nobody is told of.
 */
export function eventOf(report: RunReport): NotifyEvent | null {
  if (report.command === 'deploy') return report.outcome === 'ok' ? null : report.outcome;
  if (report.command === 'rollback') return report.outcome === 'ok' ? 'rolled-back' : report.outcome === 'failed' ? 'failed' : null;
  return null;
}

/**
 * The CI run's page: GitHub Actions' run (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/
 * GITHUB_RUN_ID), else GitLab's CI_JOB_URL or Jenkins' BUILD_URL when they are plain http(s) URLs.
 */
export function runUrlFrom(env: NodeJS.ProcessEnv): string | null {
  const server = env.GITHUB_SERVER_URL;
  const repo = env.GITHUB_REPOSITORY;
  const id = env.GITHUB_RUN_ID;
  if (!server || !repo || !id) {
    const other = env.CI_JOB_URL ?? env.BUILD_URL;
    return other && other.length <= 500 && /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~%!$&'()*+,;=:\/-]*)?$/.test(other) ? other : null;
  }
  if (!/^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(server.replace(/\/$/, ''))) return null;
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo) || !/^[0-9]{1,20}$/.test(id)) return null;
  const attempt = env.GITHUB_RUN_ATTEMPT && /^[2-9]$|^[1-9][0-9]{1,5}$/.test(env.GITHUB_RUN_ATTEMPT) ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
  return `${server.replace(/\/$/, '')}/${repo}/actions/runs/${id}${attempt}`;
}

/** One line that says what happened, e.g. "shop-api v42 rolled back to v41". */
export function headlineOf(report: RunReport): string {
  const app = oneLine(report.app, 80);
  const version = report.version ? oneLine(report.version, 130) : null;
  const previous = report.previousVersion ? oneLine(report.previousVersion, 130) : null;
  const what = version ? `${app} ${version}` : app;
  if (report.command === 'rollback') {
    const to = version ?? 'the previous release';
    return report.outcome === 'failed' ? `${app}: rollback to ${to} failed` : `${app} rolled back to ${to}`;
  }
  switch (report.outcome) {
    case 'promoted':
      return `${what} promoted${previous ? ` (verified against ${previous})` : ''}`;
    case 'deployed':
      return `${what} deployed (first release, no earlier release to compare with)`;
    case 'rolled-back':
      return `${what} rolled back${previous ? ` to ${previous}` : ''}`;
    case 'inconclusive':
      return `${what} kept: verification inconclusive`;
    case 'failed':
      return `${what}: deploy failed`;
    default:
      return `${what}: ${report.outcome}`;
  }
}

export interface DecidingMetric {
  name: string;
  source: string | null;
  verdict: string | null;
  reason: string;
}

/** The metric that decided the verification, when one did. */
export function decidingOf(report: RunReport): DecidingMetric | null {
  const v = report.verification;
  if (!v?.deciding) return null;
  const m = v.metrics.find((x) => x.name === v.deciding);
  return {
    name: oneLine(v.deciding, 100),
    source: m ? oneLine(m.source, 40) : null,
    verdict: m ? oneLine(m.verdict, 40) : null,
    reason: oneLine(m?.reason ?? v.reason, 400),
  };
}

/** rollwatch's own JSON body (format: json). */
export interface JsonNotification {
  tool: 'rollwatch';
  event: NotifyEvent;
  command: string;
  app: string;
  version: string | null;
  previousVersion: string | null;
  headline: string;
  reason: string;
  next: string | null;
  deciding: DecidingMetric | null;
  timings: Timings;
  hosts: { name: string; result: string; previous: string | null; final: string | null; healthy: boolean | null; detail: string }[];
  runId: string;
  startedAt: string;
  finishedAt: string;
  runUrl: string | null;
}

const orNull = (v: string | null, max = 130) => (v === null ? null : oneLine(v, max));

export function jsonNotification(report: RunReport, event: NotifyEvent, runUrl: string | null): JsonNotification {
  return {
    tool: 'rollwatch',
    event,
    command: oneLine(report.command, 40),
    app: oneLine(report.app, 80),
    version: orNull(report.version),
    previousVersion: orNull(report.previousVersion),
    headline: headlineOf(report),
    reason: oneLine(report.reason, 1000),
    next: nextStep(report),
    deciding: decidingOf(report),
    timings: { ...report.timings },
    hosts: report.hosts.map((h) => ({
      name: oneLine(h.name, 80),
      result: h.result,
      previous: orNull(h.previous),
      final: orNull(h.final),
      healthy: h.healthy,
      detail: oneLine(h.detail, 300),
    })),
    runId: oneLine(report.runId, 130),
    startedAt: oneLine(report.startedAt, 40),
    finishedAt: oneLine(report.finishedAt, 40),
    runUrl,
  };
}

/** A Slack message: the text carries everything; one attachment adds the colour and the details. */
export interface SlackMessage {
  text: string;
  attachments: { color: string; fallback: string; text: string; mrkdwn_in: ['text'] }[];
}

const SLACK_ICON: Record<NotifyEvent, string> = {
  promoted: ':white_check_mark:',
  deployed: ':white_check_mark:',
  'rolled-back': ':leftwards_arrow_with_hook:',
  inconclusive: ':warning:',
  failed: ':x:',
};
const SLACK_COLOR: Record<NotifyEvent, string> = { promoted: '#2eb67d', deployed: '#2eb67d', 'rolled-back': '#ecb22e', inconclusive: '#ecb22e', failed: '#e01e5a' };

/** Slack's mrkdwn needs &, < and > escaped; everything else is literal. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const sec = (ms: number | null) => (ms == null ? '–' : `${(ms / 1000).toFixed(1)} s`);

export function slackNotification(report: RunReport, event: NotifyEvent, runUrl: string | null): SlackMessage {
  const headline = headlineOf(report);
  const reason = oneLine(report.reason, 1000);
  const lines = [`${SLACK_ICON[event]} *rollwatch ${slackEscape(oneLine(report.command, 40))}: ${slackEscape(headline)}*`];
  if (reason) lines.push(slackEscape(reason));
  if (runUrl) lines.push(`<${runUrl}|View the run>`);

  const details: string[] = [];
  const deciding = decidingOf(report);
  if (deciding) details.push(`*Deciding metric:* ${slackEscape(deciding.name)}${deciding.source ? ` (${slackEscape(deciding.source)})` : ''}: ${slackEscape(deciding.reason)}`);
  const t = report.timings;
  if (report.command === 'deploy') {
    const timing = [`*T_deploy* ${sec(t.deployMs)} = build ${sec(t.buildMs)} + deploy ${sec(t.deployServerMs)}`];
    if (t.detectMs != null || t.recoverMs != null) timing.push(`*Recovery* ${sec(t.recoveryMs)} = detect ${sec(t.detectMs)} + recover ${sec(t.recoverMs)}`);
    details.push(timing.join(' · '));
  } else details.push(`*Took* ${sec(t.totalMs)}`);
  for (const h of report.hosts.slice(0, SLACK_HOST_LINES)) {
    const detail = oneLine(h.detail, 200);
    details.push(`• ${slackEscape(oneLine(h.name, 80))}: ${slackEscape(oneLine(transition(report, h), 300))} (${h.result})${detail ? ` — ${slackEscape(detail)}` : ''}`);
  }
  if (report.hosts.length > SLACK_HOST_LINES) details.push(`… and ${report.hosts.length - SLACK_HOST_LINES} more hosts`);
  const next = nextStep(report);
  if (next) details.push(`*Next:* ${slackEscape(next)}`);

  return { text: lines.join('\n'), attachments: [{ color: SLACK_COLOR[event], fallback: slackEscape(headline), text: details.join('\n'), mrkdwn_in: ['text'] }] };
}

/** The body for one webhook format. */
export function notificationFor(format: NotifyTarget['format'], report: RunReport, event: NotifyEvent, runUrl: string | null): SlackMessage | JsonNotification {
  return format === 'slack' ? slackNotification(report, event, runUrl) : jsonNotification(report, event, runUrl);
}

/** Every string in a JSON value passed through `mask`: secrets never leave in a body. */
function maskStrings<T>(value: T, mask: (t: string) => string): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskStrings(v, mask)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v, mask)])) as T;
  return value;
}

/** A webhook as it may be printed: its origin only (the path and query carry the token). */
export function shownWebhook(url: string): string {
  try {
    return `${new URL(url).origin}/***`;
  } catch {
    return '***';
  }
}

/** The part of a webhook URL that carries its token (path and query), when long enough to be one. */
function urlSecretPart(url: string): string {
  try {
    const u = new URL(url);
    const part = u.pathname + u.search;
    return part.length >= 8 ? part : '';
  } catch {
    return '';
  }
}

class AttemptFailed extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

/** One POST under one deadline for the whole exchange. Throws AttemptFailed; resolves on 2xx. */
async function postOnce(url: string, body: string, timeoutMs: number, fetchImpl: typeof fetch): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'rollwatch' },
      body,
      // a redirect would carry the message to an address nobody configured: not followed
      redirect: 'manual',
      signal,
    });
    if (res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return;
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      throw new AttemptFailed(`HTTP ${res.status}: redirects are not followed; give the final URL`, false);
    }
    const text = await readCapped(res, MAX_ANSWER_BYTES);
    const answer = text ? `: ${oneLine(text, 200)}` : '';
    throw new AttemptFailed(`HTTP ${res.status}${answer}`, res.status >= 500 || res.status === 429 || res.status === 408);
  } catch (err) {
    if (err instanceof AttemptFailed) throw err;
    const cause = (err as { cause?: unknown }).cause;
    throw new AttemptFailed(signal.aborted ? `no complete answer within ${timeoutMs} ms` : errorMessage(err) + (cause ? ` (${errorMessage(cause)})` : ''), true);
  }
}

export interface NotifyResult {
  format: NotifyTarget['format'];
  /** The webhook as printed (origin only). */
  webhook: string;
  status: 'sent' | 'failed' | 'skipped';
  attempts: number;
  error?: string;
}

export interface NotifyOptions {
  mask?: (t: string) => string;
  /** Where the run URL comes from (GitHub's env); default process.env. */
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** Wait before the first retry; doubles before each next one. Default 500 ms. */
  retryDelayMs?: number;
}

async function sendOne(target: NotifyTarget, body: string, log: NotifyLog, mask: (t: string) => string, opts: NotifyOptions): Promise<NotifyResult> {
  const webhook = shownWebhook(target.url);
  const label = `notify ${target.format} ${webhook}`;
  // the URL's path and query carry the token: never printed, even when a receiver echoes them
  const hideUrl = createMasker([target.url, urlSecretPart(target.url)]);
  let attempts = 0;
  try {
    await pRetry(
      async () => {
        attempts++;
        await postOnce(target.url, body, target.timeoutMs, opts.fetch ?? fetch);
      },
      {
        retries: NOTIFY_ATTEMPTS - 1,
        minTimeout: opts.retryDelayMs ?? 500,
        factor: 2,
        randomize: false,
        shouldRetry: ({ error }) => !(error instanceof AttemptFailed) || error.retriable,
      },
    );
    log.info(mask(`${label}: sent${attempts > 1 ? ` (attempt ${attempts})` : ''}`));
    return { format: target.format, webhook, status: 'sent', attempts };
  } catch (err) {
    const error = mask(hideUrl(errorMessage(err)));
    const retried = err instanceof AttemptFailed && !err.retriable ? `failed (not retried): ${error}` : `failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${error}`;
    log.warn(mask(`${label}: ${retried} (the deploy is not affected)`));
    return { format: target.format, webhook, status: 'failed', attempts, error };
  }
}

/**
 * Sends the run's outcome to every configured webhook that asked for it, all at once. Never
 * throws: a webhook that cannot be reached is one warning line.
 */
export async function notifyRun(targets: readonly NotifyTarget[] | undefined, report: RunReport, log: NotifyLog, opts: NotifyOptions = {}): Promise<NotifyResult[]> {
  if (!targets?.length) return [];
  const mask = opts.mask ?? ((t: string) => t);
  try {
    const event = eventOf(report);
    if (!event) return [];
    const runUrl = runUrlFrom(opts.env ?? process.env);
    return await Promise.all(
      targets.map(async (target): Promise<NotifyResult> => {
        if (!target.on.includes(event)) {
          log.debug?.(`notify ${target.format} ${shownWebhook(target.url)}: skipped (${event} is not in its on: list)`);
          return { format: target.format, webhook: shownWebhook(target.url), status: 'skipped', attempts: 0 };
        }
        const body = JSON.stringify(maskStrings(notificationFor(target.format, report, event, runUrl), mask));
        return sendOne(target, body, log, mask, opts);
      }),
    );
  } catch (err) {
    log.warn(mask(`notify: not sent (the deploy is not affected): ${errorMessage(err)}`));
    return [];
  }
}
