"use strict";
exports.id = 354;
exports.ids = [354];
exports.modules = {

/***/ 50390:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H$: () => (/* binding */ mergeHistory),
/* harmony export */   IQ: () => (/* binding */ worthRecording),
/* harmony export */   NY: () => (/* binding */ HISTORY_KEEP),
/* harmony export */   i6: () => (/* binding */ parseHistory),
/* harmony export */   xg: () => (/* binding */ historyEntry)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(12311);
/**
 * The deploy history kept on the hosts: one JSON line per deploy or rollback, appended by the run
 * that did it, read back newest first by `rollwatch history`. Pure: building, parsing, merging.
 */

/** How many lines a host keeps; older ones are dropped when the file reaches twice this. */
const HISTORY_KEEP = 500;
const REASON_MAX = 300;
/** The entry a finished deploy or rollback leaves (null: other commands leave none). */
function historyEntry(report, who) {
    if (report.command !== 'deploy' && report.command !== 'rollback')
        return null;
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
function worthRecording(report) {
    return report.outcome !== 'failed' || report.hosts.some((h) => h.result !== 'untouched');
}
const text = (max) => zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().max(max);
const entrySchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().datetime({ offset: true }),
    command: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['deploy', 'rollback']),
    app: text(100),
    version: text(200).nullable(),
    previousVersion: text(200).nullable(),
    outcome: text(40),
    reason: text(REASON_MAX + 1),
    actor: text(200).nullable(),
    commit: text(100).nullable(),
    runId: text(200),
    runUrl: text(500).nullable(),
    deployMs: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullable(),
    recoveryMs: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullable(),
    totalMs: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
});
/** The valid entries of one host's history file; lines that are not (cut, edited) are counted, not trusted. */
function parseHistory(content) {
    const entries = [];
    let skipped = 0;
    for (const line of content.split('\n')) {
        if (!line.trim())
            continue;
        try {
            const r = entrySchema.safeParse(JSON.parse(line));
            if (r.success)
                entries.push(r.data);
            else
                skipped++;
        }
        catch {
            skipped++;
        }
    }
    return { entries, skipped };
}
/**
 * One list from every host's history: a run that wrote to several hosts appears once, with the
 * hosts it is recorded on; newest first.
 */
function mergeHistory(perHost) {
    const byRun = new Map();
    for (const { host, entries } of perHost) {
        for (const e of entries) {
            const key = `${e.runId} ${e.command}`;
            const seen = byRun.get(key);
            if (seen)
                seen.hosts.push(host);
            else
                byRun.set(key, { ...e, hosts: [host] });
        }
    }
    return [...byRun.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}


/***/ }),

/***/ 3965:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Vm: () => (/* binding */ contextOf),
  FO: () => (/* binding */ exitCodeOf),
  F$: () => (/* binding */ newRunId),
  d1: () => (/* binding */ runCommand)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/util/clock.ts
var clock = __webpack_require__(97110);
// EXTERNAL MODULE: ./src/util/log.ts
var util_log = __webpack_require__(29906);
// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(74995);
// EXTERNAL MODULE: ./src/report/next-step.ts
var next_step = __webpack_require__(15780);
// EXTERNAL MODULE: ./src/report/text.ts
var report_text = __webpack_require__(65655);
// EXTERNAL MODULE: ./src/util/sanitize.ts
var sanitize = __webpack_require__(62701);
// EXTERNAL MODULE: ./src/integrations/grafana.ts
var grafana = __webpack_require__(98259);
;// CONCATENATED MODULE: ./src/integrations/notify.ts
/**
 * `notify:` webhooks: tell people what a deploy or rollback did. Two bodies, built from the final
 * run report: a Slack-compatible message (`{ text, attachments }`, for Slack incoming webhooks and
 * the chat servers that accept the same) and rollwatch's own JSON for any other receiver. Each
 * webhook gets bounded retries and a per-request deadline; a webhook that fails is a warning and
 * never fails the deploy or changes its exit code.
 */







/** Commands worth a notification: the ones that change what runs. */
const NOTIFIED_COMMANDS = (/* unused pure expression or super */ null && (['deploy', 'rollback']));
/** Attempts per webhook (the first and two retries). */
const NOTIFY_ATTEMPTS = 3;
/** A webhook's answer is a few bytes ("ok"); only this much of an error answer is read, for the log. */
const MAX_ANSWER_BYTES = 4 * 1024;
/** Hosts listed in a Slack message; the JSON body lists all of them. */
const SLACK_HOST_LINES = 20;
/**
 * The event a report is: a deploy's outcome, or for a rollback run `rolled-back` (done) or
 * `failed`. Null for read-only commands and outcomes nobody is told of.
 */
function eventOf(report) {
    if (report.command === 'deploy')
        return report.outcome === 'ok' ? null : report.outcome;
    if (report.command === 'rollback')
        return report.outcome === 'ok' ? 'rolled-back' : report.outcome === 'failed' ? 'failed' : null;
    return null;
}
/**
 * The CI run's page: GitHub Actions' run (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/
 * GITHUB_RUN_ID), else GitLab's CI_JOB_URL or Jenkins' BUILD_URL when they are plain http(s) URLs.
 */
function runUrlFrom(env) {
    const server = env.GITHUB_SERVER_URL;
    const repo = env.GITHUB_REPOSITORY;
    const id = env.GITHUB_RUN_ID;
    if (!server || !repo || !id) {
        const other = env.CI_JOB_URL ?? env.BUILD_URL;
        return other && other.length <= 500 && /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~%!$&'()*+,;=:\/-]*)?$/.test(other) ? other : null;
    }
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(server.replace(/\/$/, '')))
        return null;
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo) || !/^[0-9]{1,20}$/.test(id))
        return null;
    const attempt = env.GITHUB_RUN_ATTEMPT && /^[2-9]$|^[1-9][0-9]{1,5}$/.test(env.GITHUB_RUN_ATTEMPT) ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
    return `${server.replace(/\/$/, '')}/${repo}/actions/runs/${id}${attempt}`;
}
/** One line that says what happened, e.g. "shop-api v42 rolled back to v41". */
function headlineOf(report) {
    const app = (0,sanitize/* oneLine */.T)(report.app, 80);
    const version = report.version ? (0,sanitize/* oneLine */.T)(report.version, 130) : null;
    const previous = report.previousVersion ? (0,sanitize/* oneLine */.T)(report.previousVersion, 130) : null;
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
/** The metric that decided the verification, when one did. */
function decidingOf(report) {
    const v = report.verification;
    if (!v?.deciding)
        return null;
    const m = v.metrics.find((x) => x.name === v.deciding);
    return {
        name: (0,sanitize/* oneLine */.T)(v.deciding, 100),
        source: m ? (0,sanitize/* oneLine */.T)(m.source, 40) : null,
        verdict: m ? (0,sanitize/* oneLine */.T)(m.verdict, 40) : null,
        reason: (0,sanitize/* oneLine */.T)(m?.reason ?? v.reason, 400),
    };
}
const orNull = (v, max = 130) => (v === null ? null : (0,sanitize/* oneLine */.T)(v, max));
function jsonNotification(report, event, runUrl) {
    return {
        tool: 'rollwatch',
        event,
        command: (0,sanitize/* oneLine */.T)(report.command, 40),
        app: (0,sanitize/* oneLine */.T)(report.app, 80),
        version: orNull(report.version),
        previousVersion: orNull(report.previousVersion),
        headline: headlineOf(report),
        reason: (0,sanitize/* oneLine */.T)(report.reason, 1000),
        next: (0,next_step/* nextStep */.s)(report),
        deciding: decidingOf(report),
        timings: { ...report.timings },
        hosts: report.hosts.map((h) => ({
            name: (0,sanitize/* oneLine */.T)(h.name, 80),
            result: h.result,
            previous: orNull(h.previous),
            final: orNull(h.final),
            healthy: h.healthy,
            detail: (0,sanitize/* oneLine */.T)(h.detail, 300),
        })),
        runId: (0,sanitize/* oneLine */.T)(report.runId, 130),
        startedAt: (0,sanitize/* oneLine */.T)(report.startedAt, 40),
        finishedAt: (0,sanitize/* oneLine */.T)(report.finishedAt, 40),
        runUrl,
    };
}
const SLACK_ICON = {
    promoted: ':white_check_mark:',
    deployed: ':white_check_mark:',
    'rolled-back': ':leftwards_arrow_with_hook:',
    inconclusive: ':warning:',
    failed: ':x:',
};
const SLACK_COLOR = { promoted: '#2eb67d', deployed: '#2eb67d', 'rolled-back': '#ecb22e', inconclusive: '#ecb22e', failed: '#e01e5a' };
/** Slack's mrkdwn needs &, < and > escaped; everything else is literal. */
const slackEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const sec = (ms) => (ms == null ? '–' : `${(ms / 1000).toFixed(1)} s`);
function slackNotification(report, event, runUrl) {
    const headline = headlineOf(report);
    const reason = (0,sanitize/* oneLine */.T)(report.reason, 1000);
    const lines = [`${SLACK_ICON[event]} *rollwatch ${slackEscape((0,sanitize/* oneLine */.T)(report.command, 40))}: ${slackEscape(headline)}*`];
    if (reason)
        lines.push(slackEscape(reason));
    if (runUrl)
        lines.push(`<${runUrl}|View the run>`);
    const details = [];
    const deciding = decidingOf(report);
    if (deciding)
        details.push(`*Deciding metric:* ${slackEscape(deciding.name)}${deciding.source ? ` (${slackEscape(deciding.source)})` : ''}: ${slackEscape(deciding.reason)}`);
    const t = report.timings;
    if (report.command === 'deploy') {
        const timing = [`*T_deploy* ${sec(t.deployMs)} = build ${sec(t.buildMs)} + deploy ${sec(t.deployServerMs)}`];
        if (t.detectMs != null || t.recoverMs != null)
            timing.push(`*Recovery* ${sec(t.recoveryMs)} = detect ${sec(t.detectMs)} + recover ${sec(t.recoverMs)}`);
        details.push(timing.join(' · '));
    }
    else
        details.push(`*Took* ${sec(t.totalMs)}`);
    for (const h of report.hosts.slice(0, SLACK_HOST_LINES)) {
        const detail = (0,sanitize/* oneLine */.T)(h.detail, 200);
        details.push(`• ${slackEscape((0,sanitize/* oneLine */.T)(h.name, 80))}: ${slackEscape((0,sanitize/* oneLine */.T)((0,report_text/* transition */.kY)(report, h), 300))} (${h.result})${detail ? ` — ${slackEscape(detail)}` : ''}`);
    }
    if (report.hosts.length > SLACK_HOST_LINES)
        details.push(`… and ${report.hosts.length - SLACK_HOST_LINES} more hosts`);
    const next = (0,next_step/* nextStep */.s)(report);
    if (next)
        details.push(`*Next:* ${slackEscape(next)}`);
    return { text: lines.join('\n'), attachments: [{ color: SLACK_COLOR[event], fallback: slackEscape(headline), text: details.join('\n'), mrkdwn_in: ['text'] }] };
}
/** The body for one webhook format. */
function notificationFor(format, report, event, runUrl) {
    return format === 'slack' ? slackNotification(report, event, runUrl) : jsonNotification(report, event, runUrl);
}
/** Every string in a JSON value passed through `mask`: secrets never leave in a body. */
function maskStrings(value, mask) {
    if (typeof value === 'string')
        return mask(value);
    if (Array.isArray(value))
        return value.map((v) => maskStrings(v, mask));
    if (value && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v, mask)]));
    return value;
}
/** A webhook as it may be printed: its origin only (the path and query carry the token). */
function shownWebhook(url) {
    try {
        return `${new URL(url).origin}/***`;
    }
    catch {
        return '***';
    }
}
/** The part of a webhook URL that carries its token (path and query), when long enough to be one. */
function urlSecretPart(url) {
    try {
        const u = new URL(url);
        const part = u.pathname + u.search;
        return part.length >= 8 ? part : '';
    }
    catch {
        return '';
    }
}
class AttemptFailed extends Error {
    retriable;
    constructor(message, retriable) {
        super(message);
        this.retriable = retriable;
    }
}
/** One POST under one deadline for the whole exchange. Throws AttemptFailed; resolves on 2xx. */
async function postOnce(url, body, timeoutMs, fetchImpl) {
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
        const text = await (0,grafana/* readCapped */.EF)(res, MAX_ANSWER_BYTES);
        const answer = text ? `: ${(0,sanitize/* oneLine */.T)(text, 200)}` : '';
        throw new AttemptFailed(`HTTP ${res.status}${answer}`, res.status >= 500 || res.status === 429 || res.status === 408);
    }
    catch (err) {
        if (err instanceof AttemptFailed)
            throw err;
        const cause = err.cause;
        throw new AttemptFailed(signal.aborted ? `no complete answer within ${timeoutMs} ms` : (0,errors/* errorMessage */.gJ)(err) + (cause ? ` (${(0,errors/* errorMessage */.gJ)(cause)})` : ''), true);
    }
}
async function sendOne(target, body, log, mask, opts) {
    const webhook = shownWebhook(target.url);
    const label = `notify ${target.format} ${webhook}`;
    // the URL's path and query carry the token: never printed, even when a receiver echoes them
    const hideUrl = (0,util_log/* createMasker */.aD)([target.url, urlSecretPart(target.url)]);
    let attempts = 0;
    try {
        await (0,p_retry/* default */.Ay)(async () => {
            attempts++;
            await postOnce(target.url, body, target.timeoutMs, opts.fetch ?? fetch);
        }, {
            retries: NOTIFY_ATTEMPTS - 1,
            minTimeout: opts.retryDelayMs ?? 500,
            factor: 2,
            randomize: false,
            shouldRetry: ({ error }) => !(error instanceof AttemptFailed) || error.retriable,
        });
        log.info(mask(`${label}: sent${attempts > 1 ? ` (attempt ${attempts})` : ''}`));
        return { format: target.format, webhook, status: 'sent', attempts };
    }
    catch (err) {
        const error = mask(hideUrl((0,errors/* errorMessage */.gJ)(err)));
        const retried = err instanceof AttemptFailed && !err.retriable ? `failed (not retried): ${error}` : `failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${error}`;
        log.warn(mask(`${label}: ${retried} (the deploy is not affected)`));
        return { format: target.format, webhook, status: 'failed', attempts, error };
    }
}
/**
 * Sends the run's outcome to every configured webhook that asked for it, all at once. Never
 * throws: a webhook that cannot be reached is one warning line.
 */
async function notifyRun(targets, report, log, opts = {}) {
    if (!targets?.length)
        return [];
    const mask = opts.mask ?? ((t) => t);
    try {
        const event = eventOf(report);
        if (!event)
            return [];
        const runUrl = runUrlFrom(opts.env ?? process.env);
        return await Promise.all(targets.map(async (target) => {
            if (!target.on.includes(event)) {
                log.debug?.(`notify ${target.format} ${shownWebhook(target.url)}: skipped (${event} is not in its on: list)`);
                return { format: target.format, webhook: shownWebhook(target.url), status: 'skipped', attempts: 0 };
            }
            const body = JSON.stringify(maskStrings(notificationFor(target.format, report, event, runUrl), mask));
            return sendOne(target, body, log, mask, opts);
        }));
    }
    catch (err) {
        log.warn(mask(`notify: not sent (the deploy is not affected): ${(0,errors/* errorMessage */.gJ)(err)}`));
        return [];
    }
}

// EXTERNAL MODULE: ./src/engine/history.ts
var engine_history = __webpack_require__(50390);
;// CONCATENATED MODULE: ./src/engine/run.ts






/**
 * A run id no other run shares. Jobs and matrix legs of one workflow run share GITHUB_RUN_ID,
 * GITHUB_RUN_ATTEMPT and even GITHUB_JOB, so a random part keeps one job from taking (or
 * releasing) another's lock; the run and attempt stay readable in lock holders.
 */
function newRunId(env = process.env) {
    const unique = (0,external_node_crypto_.randomBytes)(6).toString('hex');
    const runPart = env.GITHUB_RUN_ID && /^[0-9]{1,20}$/.test(env.GITHUB_RUN_ID) ? env.GITHUB_RUN_ID : null;
    const attempt = env.GITHUB_RUN_ATTEMPT && /^[0-9]{1,6}$/.test(env.GITHUB_RUN_ATTEMPT) ? env.GITHUB_RUN_ATTEMPT : '1';
    return runPart ? `gh-${runPart}-${attempt}-${unique}` : `local-${unique}`;
}
/**
 * The one engine entry both the action and the CLI call. Once the report is final, the `notify:`
 * webhooks are told (never throws, never changes the report).
 */
async function runCommand(command, env) {
    const ctx = contextOf(command, env);
    const target = await env.target(ctx.config);
    const report = await dispatch(command, ctx, target);
    // A deploy records itself on its own connections before they close; a rollback here.
    const entry = command.name === 'rollback' ? (0,engine_history/* historyEntry */.xg)(report, ctx) : null;
    if (entry && (0,engine_history/* worthRecording */.IQ)(report))
        report.warnings.push(...(await target.record(ctx, entry)));
    if (env.config.notify?.length)
        await notifyRun(env.config.notify, report, env.log, { mask: (0,util_log/* createMasker */.aD)(env.config.secrets) });
    return report;
}
/** The context of one run (also for the CLI's day-two commands, which are not engine commands). */
function contextOf(command, env) {
    return {
        config: env.config,
        log: env.log,
        clock: env.clock ?? clock/* systemClock */.ml,
        runId: env.runId ?? newRunId(),
        signal: env.signal,
        command: 'action' in command ? `lock ${command.action}` : command.name,
        commit: env.commit,
        actor: env.actor,
        runUrl: runUrlFrom(process.env),
        onCheckpoint: env.onCheckpoint,
    };
}
async function dispatch(command, ctx, target) {
    // Loaded on first use: the pipeline brings the window's HTTP and Prometheus clients, which
    // --help, schema, analyze and input errors do not need (the target is loaded likewise).
    const { deploy, resolveVersion, verifyDeployed } = await Promise.all(/* import() */[__webpack_require__.e(935), __webpack_require__.e(186)]).then(__webpack_require__.bind(__webpack_require__, 24186));
    switch (command.name) {
        case 'deploy':
            return deploy(target, ctx, { version: command.version, forceBuild: command.forceBuild });
        case 'rollback':
            return target.rollback(ctx, command.version);
        case 'status':
            return target.status(ctx);
        case 'plan':
            return target.plan(ctx, resolveVersion(ctx, command.version));
        case 'verify':
            return verifyDeployed(target, ctx);
        case 'lock':
            return target.lock(ctx, command.action);
    }
}
function exitCodeOf(report) {
    switch (report.outcome) {
        case 'promoted':
        case 'deployed':
        case 'inconclusive':
        case 'ok':
            return errors/* EXIT */.dc.ok;
        case 'rolled-back':
            return errors/* EXIT */.dc.rolledBack;
        default:
            return errors/* EXIT */.dc.failed;
    }
}


/***/ }),

/***/ 98259:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EF: () => (/* binding */ readCapped),
/* harmony export */   Eg: () => (/* binding */ annotateRun)
/* harmony export */ });
/* unused harmony exports ANNOTATED_COMMANDS, annotationFor, MAX_GRAFANA_RESPONSE_BYTES */
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _util_urls__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(59812);


/** Commands worth an annotation: the ones that change what runs. */
const ANNOTATED_COMMANDS = ['deploy', 'rollback'];
/** The annotation of one run. Tags: rollwatch, the app, the outcome, the command, then the configured tags. */
function annotationFor(grafana, report) {
    const start = Date.parse(report.startedAt);
    const end = Date.parse(report.finishedAt);
    const time = Number.isFinite(start) ? start : Date.now();
    const timeEnd = Number.isFinite(end) && end >= time ? end : time;
    const tags = [...new Set(['rollwatch', report.app, report.outcome, report.command, ...grafana.tags])];
    const version = report.version ?? 'the previous release';
    const headline = report.command === 'rollback'
        ? `${report.app}: rollback to ${version} — ${report.outcome}`
        : report.outcome === 'rolled-back'
            ? `${report.app}: ${version} rolled back${report.previousVersion ? ` to ${report.previousVersion}` : ''}`
            : `${report.app}: deploy ${version} — ${report.outcome}`;
    const reason = report.reason.trim();
    const text = [`rollwatch ${headline}`, reason ? `reason: ${reason}` : '', `run ${report.runId}`].filter(Boolean).join('\n');
    return { ...(grafana.dashboardUid ? { dashboardUID: grafana.dashboardUid } : {}), time, timeEnd, tags, text };
}
/** Grafana answers an annotation POST with a few bytes of JSON; anything past this is not Grafana. */
const MAX_GRAFANA_RESPONSE_BYTES = 64 * 1024;
/** The body as text, or null once it passes `limit` bytes (the rest is not read). */
async function readCapped(res, limit) {
    if (!res.body)
        return '';
    const reader = res.body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
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
async function annotateRun(grafana, report, log, opts = {}) {
    if (!grafana || !ANNOTATED_COMMANDS.includes(report.command))
        return null;
    const mask = opts.mask ?? ((t) => t);
    const body = annotationFor(grafana, report);
    body.text = mask(body.text);
    const url = `${grafana.url.replace(/\/$/, '')}/api/annotations`;
    // The URL as it may be printed: never its user:password@.
    const shown = (0,_util_urls__WEBPACK_IMPORTED_MODULE_1__/* .redactUserinfo */ .P)(url);
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
            log.warn(mask(`Grafana annotation not posted (the deploy is not affected): HTTP ${res.status} from ${shown}: ${(0,_util_urls__WEBPACK_IMPORTED_MODULE_1__/* .redactUserinfo */ .P)(text.slice(0, 200))}`));
            return null;
        }
        let id = null;
        try {
            const parsed = JSON.parse(text);
            if (typeof parsed.id === 'number')
                id = parsed.id;
        }
        catch {
            // Grafana answered 2xx without JSON: posted all the same.
        }
        log.info(`Grafana annotation${id !== null ? ` ${id}` : ''} posted (${body.tags.join(', ')})`);
        return id;
    }
    catch (err) {
        const cause = err.cause;
        const detail = signal.aborted ? `no complete answer within ${timeoutMs} ms` : (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err) + (cause ? ` (${(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(cause)})` : '');
        log.warn(mask((0,_util_urls__WEBPACK_IMPORTED_MODULE_1__/* .redactUserinfo */ .P)(`Grafana annotation not posted (the deploy is not affected): ${shown}: ${detail}`)));
        return null;
    }
}


/***/ }),

/***/ 32542:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ loadTarget)
/* harmony export */ });
/**
 * The target for a config, loaded on first use: the targets pull in the SSH and Docker clients,
 * most of the start-up time, which --help, schema, analyze and input errors do not need.
 */
async function loadTarget(config) {
    const { targetFor } = await __webpack_require__.e(/* import() */ 594).then(__webpack_require__.bind(__webpack_require__, 77594));
    return targetFor(config);
}


/***/ }),

/***/ 74995:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lc: () => (/* binding */ AbortError),
  Ay: () => (/* binding */ pRetry)
});

// UNUSED EXPORTS: makeRetriable

;// CONCATENATED MODULE: ./node_modules/is-network-error/index.js
const objectToString = Object.prototype.toString;

const isError = value => objectToString.call(value) === '[object Error]';

const errorMessages = new Set([
	'network error', // Chrome
	'NetworkError when attempting to fetch resource.', // Firefox
	'The Internet connection appears to be offline.', // Safari 16
	'Network request failed', // `cross-fetch`
	'fetch failed', // Undici (Node.js)
	'terminated', // Undici (Node.js)
	' A network error occurred.', // Bun (WebKit)
	'Network connection lost', // Cloudflare Workers (fetch)
]);

function isNetworkError(error) {
	const isValid = error
		&& isError(error)
		&& error.name === 'TypeError'
		&& typeof error.message === 'string';

	if (!isValid) {
		return false;
	}

	const {message, stack} = error;

	// Safari 17+ has generic message but no stack for network errors
	if (message === 'Load failed' || (message.startsWith('Load failed (') && message.endsWith(')'))) {
		return stack === undefined
			// Sentry adds its own stack trace to the fetch error, so also check for that
			|| '__sentry_captured__' in error;
	}

	// Deno network errors start with specific text
	if (message.startsWith('error sending request for url')) {
		return true;
	}

	// Chrome: exact "Failed to fetch" or with hostname: "Failed to fetch (example.com)"
	if (message === 'Failed to fetch' || (message.startsWith('Failed to fetch (') && message.endsWith(')'))) {
		return true;
	}

	// Standard network error messages
	return errorMessages.has(message);
}

;// CONCATENATED MODULE: ./node_modules/p-retry/index.js


function validateRetries(retries) {
	if (typeof retries === 'number') {
		if (retries < 0) {
			throw new TypeError('Expected `retries` to be a non-negative number.');
		}

		if (Number.isNaN(retries)) {
			throw new TypeError('Expected `retries` to be a valid number or Infinity, got NaN.');
		}
	} else if (retries !== undefined) {
		throw new TypeError('Expected `retries` to be a number or Infinity.');
	}
}

function validateNumberOption(name, value, {min = 0, allowInfinity = false} = {}) {
	if (value === undefined) {
		return;
	}

	if (typeof value !== 'number' || Number.isNaN(value)) {
		throw new TypeError(`Expected \`${name}\` to be a number${allowInfinity ? ' or Infinity' : ''}.`);
	}

	if (!allowInfinity && !Number.isFinite(value)) {
		throw new TypeError(`Expected \`${name}\` to be a finite number.`);
	}

	if (value < min) {
		throw new TypeError(`Expected \`${name}\` to be \u2265 ${min}.`);
	}
}

class AbortError extends Error {
	constructor(message) {
		super();

		if (message instanceof Error) {
			this.originalError = message;
			({message} = message);
		} else {
			this.originalError = new Error(message);
			this.originalError.stack = this.stack;
		}

		this.name = 'AbortError';
		this.message = message;
	}
}

function calculateDelay(retriesConsumed, options) {
	const attempt = Math.max(1, retriesConsumed + 1);
	const random = options.randomize ? (Math.random() + 1) : 1;

	let timeout = Math.round(random * options.minTimeout * (options.factor ** (attempt - 1)));
	timeout = Math.min(timeout, options.maxTimeout);

	return timeout;
}

function calculateRemainingTime(start, max) {
	if (!Number.isFinite(max)) {
		return max;
	}

	return max - (performance.now() - start);
}

async function onAttemptFailure({error, attemptNumber, retriesConsumed, startTime, options}) {
	const normalizedError = error instanceof Error
		? error
		: new TypeError(`Non-error was thrown: "${error}". You should only throw errors.`);

	if (normalizedError instanceof AbortError) {
		throw normalizedError.originalError;
	}

	const retriesLeft = Number.isFinite(options.retries)
		? Math.max(0, options.retries - retriesConsumed)
		: options.retries;

	const maxRetryTime = options.maxRetryTime ?? Number.POSITIVE_INFINITY;

	const context = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
	});

	await options.onFailedAttempt(context);

	if (calculateRemainingTime(startTime, maxRetryTime) <= 0) {
		throw normalizedError;
	}

	const consumeRetry = await options.shouldConsumeRetry(context);

	const remainingTime = calculateRemainingTime(startTime, maxRetryTime);

	if (remainingTime <= 0 || retriesLeft <= 0) {
		throw normalizedError;
	}

	if (normalizedError instanceof TypeError && !isNetworkError(normalizedError)) {
		if (consumeRetry) {
			throw normalizedError;
		}

		options.signal?.throwIfAborted();
		return false;
	}

	if (!await options.shouldRetry(context)) {
		throw normalizedError;
	}

	if (!consumeRetry) {
		options.signal?.throwIfAborted();
		return false;
	}

	const delayTime = calculateDelay(retriesConsumed, options);
	const finalDelay = Math.min(delayTime, remainingTime);

	options.signal?.throwIfAborted();

	if (finalDelay > 0) {
		await new Promise((resolve, reject) => {
			const onAbort = () => {
				clearTimeout(timeoutToken);
				options.signal?.removeEventListener('abort', onAbort);
				reject(options.signal.reason);
			};

			const timeoutToken = setTimeout(() => {
				options.signal?.removeEventListener('abort', onAbort);
				resolve();
			}, finalDelay);

			if (options.unref) {
				timeoutToken.unref?.();
			}

			options.signal?.addEventListener('abort', onAbort, {once: true});
		});
	}

	options.signal?.throwIfAborted();

	return true;
}

async function pRetry(input, options = {}) {
	options = {...options};

	validateRetries(options.retries);

	if (Object.hasOwn(options, 'forever')) {
		throw new Error('The `forever` option is no longer supported. For many use-cases, you can set `retries: Infinity` instead.');
	}

	options.retries ??= 10;
	options.factor ??= 2;
	options.minTimeout ??= 1000;
	options.maxTimeout ??= Number.POSITIVE_INFINITY;
	options.maxRetryTime ??= Number.POSITIVE_INFINITY;
	options.randomize ??= false;
	options.onFailedAttempt ??= () => {};
	options.shouldRetry ??= () => true;
	options.shouldConsumeRetry ??= () => true;

	// Validate numeric options and normalize edge cases
	validateNumberOption('factor', options.factor, {min: 0, allowInfinity: false});
	validateNumberOption('minTimeout', options.minTimeout, {min: 0, allowInfinity: false});
	validateNumberOption('maxTimeout', options.maxTimeout, {min: 0, allowInfinity: true});
	validateNumberOption('maxRetryTime', options.maxRetryTime, {min: 0, allowInfinity: true});

	// Treat non-positive factor as 1 to avoid zero backoff or negative behavior
	if (!(options.factor > 0)) {
		options.factor = 1;
	}

	options.signal?.throwIfAborted();

	let attemptNumber = 0;
	let retriesConsumed = 0;
	const startTime = performance.now();

	while (Number.isFinite(options.retries) ? retriesConsumed <= options.retries : true) {
		attemptNumber++;

		try {
			options.signal?.throwIfAborted();

			const result = await input(attemptNumber);

			options.signal?.throwIfAborted();

			return result;
		} catch (error) {
			if (await onAttemptFailure({
				error,
				attemptNumber,
				retriesConsumed,
				startTime,
				options,
			})) {
				retriesConsumed++;
			}
		}
	}

	// Should not reach here, but in case it does, throw an error
	throw new Error('Retry attempts exhausted without throwing an error.');
}

function makeRetriable(function_, options) {
	return function (...arguments_) {
		return pRetry(() => function_.apply(this, arguments_), options);
	};
}


/***/ })

};
;