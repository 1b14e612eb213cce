/**
 * `notify:` webhooks against real HTTP receivers on 127.0.0.1: the Slack and JSON bodies of each
 * outcome, `on:` filtering, bounded retries, deadlines, masking of the webhook URL, and the
 * `notify:` config section.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { decidingOf, eventOf, headlineOf, jsonNotification, notifyRun, runUrlFrom, slackNotification } from '../../../src/integrations/notify';
import type { NotifyTarget } from '../../../src/config/types';
import { buildConfig } from '../../../src/config/load';
import type { RunReport } from '../../../src/report/model';
import { configErrorOf, fakeSources, minimalRaw } from '../../fixtures/core/config';
import { listenLocal } from '../../fixtures/http';
import { rolledBackReport } from '../report/fixtures';
import { startRecorder, type Handler } from '../github/recorder';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

const GITHUB_ENV = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '9123456789' };
const RUN_URL = 'https://github.com/acme/shop/actions/runs/9123456789';
const TOKEN_PATH = '/services/T0ACME/B0SHOP/xoxsecrettoken42';

async function receiver(handler: Handler = () => ({ status: 200, body: 'ok' })) {
  const srv = await startRecorder(handler);
  closers.push(srv.close);
  return srv;
}

function logs() {
  const lines: string[] = [];
  return {
    lines,
    log: { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`), debug: (m: string) => lines.push(`debug ${m}`) },
  };
}

const target = (url: string, over: Partial<NotifyTarget> = {}): NotifyTarget => ({
  url,
  format: 'json',
  on: ['deployed', 'promoted', 'rolled-back', 'inconclusive', 'failed'],
  timeoutMs: 2_000,
  ...over,
});

const OPTS = { env: GITHUB_ENV, retryDelayMs: 10 };

/** The fixture report as each outcome leaves it. */
function reportFor(outcome: RunReport['outcome']): RunReport {
  const r = rolledBackReport();
  switch (outcome) {
    case 'promoted':
      return rolledBackReport({
        outcome,
        reason: 'verification passed: no regression in 24 samples',
        timings: { ...r.timings, detectMs: null, recoverMs: null, recoveryMs: null },
        hosts: r.hosts.map((h) => ({ ...h, final: 'v42', result: 'deployed', detail: '' })),
        verification: { ...r.verification!, verdict: 'pass', deciding: null, reason: 'no regression in 24 samples' },
      });
    case 'deployed':
      return rolledBackReport({ outcome, previousVersion: null, reason: 'first release: health gates and absolute guards passed', verification: null, hosts: r.hosts.map((h) => ({ ...h, previous: null, final: 'v42', result: 'deployed', detail: '' })) });
    case 'inconclusive':
      return rolledBackReport({
        outcome,
        reason: 'verification inconclusive: Prometheus unreachable for 40 % of the window; release kept',
        hosts: r.hosts.map((h) => ({ ...h, final: 'v42', result: 'deployed', detail: '' })),
        verification: { ...r.verification!, verdict: 'inconclusive', deciding: null },
      });
    case 'failed':
      return rolledBackReport({ outcome, reason: 'web-2: health check /health failed: HTTP 503 for 60 s', verification: null, hosts: r.hosts.map((h, i) => ({ ...h, result: i === 0 ? 'untouched' : 'restored', detail: i === 0 ? '' : 'v42 never became healthy; v41 runs again' })) });
    default:
      return r;
  }
}

describe('bodies', () => {
  it('rolled-back deploy, format json: the whole body', () => {
    expect(jsonNotification(rolledBackReport(), 'rolled-back', RUN_URL)).toEqual({
      tool: 'rollwatch',
      event: 'rolled-back',
      command: 'deploy',
      app: 'shop-api',
      version: 'v42',
      previousVersion: 'v41',
      headline: 'shop-api v42 rolled back to v41',
      reason: 'http_p95_seconds regressed on v42: 3 consecutive breaches (z 35.67 > 3.5)',
      next: 'The new release was rolled back automatically; every host listed below runs the previous release. Look at the deciding metric, fix, and push again.',
      deciding: {
        name: 'http_p95_seconds',
        source: 'prometheus',
        verdict: 'fail',
        reason: '3 consecutive breaches (robust, threshold z > 3.5); at sample 6: value 0.2704 vs median 0.1235 (scale 0.004118): z 35.67, change +119 %',
      },
      timings: { buildMs: 38_400, deployServerMs: 21_700, deployMs: 60_100, detectMs: 16_200, recoverMs: 11_900, recoveryMs: 28_100, totalMs: 168_000 },
      hosts: [
        { name: 'web-1', result: 'rolled-back', previous: 'v41', final: 'v41', healthy: true, detail: 'returned to v41' },
        { name: 'web-2', result: 'rolled-back', previous: 'v41', final: 'v41', healthy: true, detail: 'returned to v41' },
      ],
      runId: 'gh-9123456789-1',
      startedAt: '2025-03-14T09:26:53.000Z',
      finishedAt: '2025-03-14T09:29:41.000Z',
      runUrl: RUN_URL,
    });
  });

  // The README's sample Slack payload is this one.
  it('rolled-back deploy, format slack: the whole body', () => {
    expect(slackNotification(rolledBackReport(), 'rolled-back', RUN_URL)).toEqual({
      text: ':leftwards_arrow_with_hook: *rollwatch deploy: shop-api v42 rolled back to v41*\nhttp_p95_seconds regressed on v42: 3 consecutive breaches (z 35.67 &gt; 3.5)\n<https://github.com/acme/shop/actions/runs/9123456789|View the run>',
      attachments: [
        {
          color: '#ecb22e',
          fallback: 'shop-api v42 rolled back to v41',
          text: [
            '*Deciding metric:* http_p95_seconds (prometheus): 3 consecutive breaches (robust, threshold z &gt; 3.5); at sample 6: value 0.2704 vs median 0.1235 (scale 0.004118): z 35.67, change +119 %',
            '*T_deploy* 60.1 s = build 38.4 s + deploy 21.7 s · *Recovery* 28.1 s = detect 16.2 s + recover 11.9 s',
            '• web-1: v41 → v42 → v41 (rolled-back) — returned to v41',
            '• web-2: v41 → v42 → v41 (rolled-back) — returned to v41',
            '*Next:* The new release was rolled back automatically; every host listed below runs the previous release. Look at the deciding metric, fix, and push again.',
          ].join('\n'),
          mrkdwn_in: ['text'],
        },
      ],
    });
  });

  it('the sample Slack payload in the README is this one, as sent', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Notifications'));
    const sample = /```json\n([\s\S]*?)\n```/.exec(section)![1];
    expect(JSON.parse(sample)).toEqual(slackNotification(rolledBackReport(), 'rolled-back', RUN_URL));
  });

  it.each([
    ['promoted', 'shop-api v42 promoted (verified against v41)', ':white_check_mark:', '#2eb67d', null],
    ['deployed', 'shop-api v42 deployed (first release, no earlier release to compare with)', ':white_check_mark:', '#2eb67d', null],
    ['rolled-back', 'shop-api v42 rolled back to v41', ':leftwards_arrow_with_hook:', '#ecb22e', 'http_p95_seconds'],
    ['inconclusive', 'shop-api v42 kept: verification inconclusive', ':warning:', '#ecb22e', null],
    ['failed', 'shop-api v42: deploy failed', ':x:', '#e01e5a', null],
  ] as const)('deploy %s: event, headline, icon, colour, deciding metric', (outcome, headline, icon, color, deciding) => {
    const r = reportFor(outcome);
    expect(eventOf(r)).toBe(outcome);
    const json = jsonNotification(r, outcome, null);
    expect(json).toMatchObject({ event: outcome, headline, reason: r.reason, runUrl: null, timings: r.timings });
    expect(json.deciding?.name ?? null).toBe(deciding);
    expect(json.hosts.map((h) => h.result)).toEqual(r.hosts.map((h) => h.result));
    const slack = slackNotification(r, outcome, null);
    expect(slack.text.split('\n')[0]).toBe(`${icon} *rollwatch deploy: ${headline}*`);
    expect(slack.text).not.toContain('View the run');
    expect(slack.attachments[0].color).toBe(color);
    expect(Object.keys(slack).sort()).toEqual(['attachments', 'text']);
  });

  it('a rollback run: rolled-back when done, failed when not; read-only commands send nothing', () => {
    const back = rolledBackReport({ command: 'rollback', outcome: 'ok', version: 'v41', previousVersion: null, reason: '', verification: null });
    expect(eventOf(back)).toBe('rolled-back');
    expect(headlineOf(back)).toBe('shop-api rolled back to v41');
    expect(slackNotification(back, 'rolled-back', null).attachments[0].text).toContain('*Took* 168.0 s');
    const failed = rolledBackReport({ command: 'rollback', outcome: 'failed', version: 'v41', reason: 'web-2 unreachable' });
    expect(eventOf(failed)).toBe('failed');
    expect(headlineOf(failed)).toBe('shop-api: rollback to v41 failed');
    for (const command of ['status', 'verify', 'plan', 'lock status']) expect(eventOf(rolledBackReport({ command, outcome: 'failed' }))).toBeNull();
  });

  it('values from hosts are sanitized: no line breaks, control characters or workflow commands; Slack markup escaped', () => {
    const r = rolledBackReport({
      reason: 'health failed:\n::set-output name=x::1 \u001b[31m<!channel>',
      hosts: [{ ...rolledBackReport().hosts[0], name: 'web-1', final: 'v41\r\n##[error]x', detail: 'container said:\n::error::pwned\u0007 <@U123>' }],
    });
    const json = jsonNotification(r, 'rolled-back', null);
    for (const s of [json.reason, json.hosts[0].detail, json.hosts[0].final ?? '']) {
      expect(s).not.toMatch(/[\n\r\u0000-\u001f]/);
      expect(s).not.toMatch(/^\s*::|##\[/m);
    }
    const slack = slackNotification(r, 'rolled-back', null);
    expect(slack.text).toContain('&lt;!channel&gt;');
    expect(slack.attachments[0].text).toContain('&lt;@U123&gt;');
    expect(JSON.stringify(slack)).not.toMatch(/<!channel>|<@U123>|\\u001b|\\u0007/);
  });

  it('Slack lists 20 hosts and counts the rest; JSON lists all', () => {
    const base = rolledBackReport().hosts[0];
    const r = rolledBackReport({ hosts: Array.from({ length: 25 }, (_, i) => ({ ...base, name: `web-${i + 1}` })) });
    expect(slackNotification(r, 'rolled-back', null).attachments[0].text).toContain('… and 5 more hosts');
    expect(jsonNotification(r, 'rolled-back', null).hosts).toHaveLength(25);
  });

  it('deciding metric: null without one; the verification reason when the metric is not listed', () => {
    expect(decidingOf(rolledBackReport({ verification: null }))).toBeNull();
    const v = { ...rolledBackReport().verification!, deciding: 'health', metrics: [] };
    expect(decidingOf(rolledBackReport({ verification: v }))).toEqual({ name: 'health', source: null, verdict: null, reason: v.reason });
  });

  it('runUrlFrom: the run page from GitHub env, with the attempt past the first; null outside Actions or on odd values', () => {
    expect(runUrlFrom(GITHUB_ENV)).toBe(RUN_URL);
    expect(runUrlFrom({ ...GITHUB_ENV, GITHUB_SERVER_URL: 'https://ghe.example.com/', GITHUB_RUN_ATTEMPT: '2' })).toBe('https://ghe.example.com/acme/shop/actions/runs/9123456789/attempts/2');
    expect(runUrlFrom({ ...GITHUB_ENV, GITHUB_RUN_ATTEMPT: '1' })).toBe(RUN_URL);
    expect(runUrlFrom({})).toBeNull();
    expect(runUrlFrom({ ...GITHUB_ENV, GITHUB_RUN_ID: '1; rm' })).toBeNull();
    expect(runUrlFrom({ ...GITHUB_ENV, GITHUB_SERVER_URL: 'javascript:alert(1)' })).toBeNull();
    expect(runUrlFrom({ ...GITHUB_ENV, GITHUB_REPOSITORY: 'acme/shop|x>' })).toBeNull();
  });
});

describe('notifyRun', () => {
  it('POSTs the Slack and the JSON body to their receivers; one log line each', async () => {
    const slack = await receiver();
    const json = await receiver();
    const { lines, log } = logs();
    const results = await notifyRun([target(slack.url + TOKEN_PATH, { format: 'slack' }), target(json.url + '/hook')], rolledBackReport(), log, OPTS);
    expect(results.map((r) => [r.format, r.status, r.attempts])).toEqual([
      ['slack', 'sent', 1],
      ['json', 'sent', 1],
    ]);
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]).toMatchObject({ method: 'POST', path: TOKEN_PATH });
    expect(slack.requests[0].headers['content-type']).toBe('application/json');
    expect(slack.requests[0].body).toEqual(slackNotification(rolledBackReport(), 'rolled-back', RUN_URL));
    expect(json.requests[0].body).toEqual(jsonNotification(rolledBackReport(), 'rolled-back', RUN_URL));
    expect(lines.sort()).toEqual([`info notify json ${json.url}/***: sent`, `info notify slack ${slack.url}/***: sent`]);
  });

  it('on: only the outcomes listed; nothing at all for read-only commands', async () => {
    const onFailure = await receiver();
    const always = await receiver();
    const targets = [target(onFailure.url, { on: ['rolled-back', 'failed'] }), target(always.url)];
    const { lines, log } = logs();
    const promoted = await notifyRun(targets, reportFor('promoted'), log, OPTS);
    expect(promoted.map((r) => r.status)).toEqual(['skipped', 'sent']);
    expect(onFailure.requests).toHaveLength(0);
    expect(always.requests.map((r) => (r.body as { event: string }).event)).toEqual(['promoted']);
    expect(lines).toContain(`debug notify json ${onFailure.url}/***: skipped (promoted is not in its on: list)`);
    await notifyRun(targets, reportFor('failed'), log, OPTS);
    expect(onFailure.requests.map((r) => (r.body as { event: string }).event)).toEqual(['failed']);
    expect(await notifyRun(targets, rolledBackReport({ command: 'status', outcome: 'failed' }), log, OPTS)).toEqual([]);
    expect(await notifyRun(undefined, rolledBackReport(), log, OPTS)).toEqual([]);
    expect(always.requests).toHaveLength(2);
  });

  it('retries a 500, then succeeds; a 429 is retried too', async () => {
    let n = 0;
    const srv = await receiver(() => (++n === 1 ? { status: 500, body: 'oops' } : n === 2 ? { status: 429, body: 'slow down' } : { status: 200, body: 'ok' }));
    const { lines, log } = logs();
    const [r] = await notifyRun([target(srv.url + '/hook', { format: 'slack' })], rolledBackReport(), log, OPTS);
    expect(r).toMatchObject({ status: 'sent', attempts: 3 });
    expect(srv.requests).toHaveLength(3);
    expect(new Set(srv.requests.map((q) => JSON.stringify(q.body))).size).toBe(1);
    expect(lines).toEqual([`info notify slack ${srv.url}/***: sent (attempt 3)`]);
  });

  it('gives up after 3 attempts with one warning; never throws', async () => {
    const srv = await receiver(() => ({ status: 500, body: { error: 'db locked' } }));
    const { lines, log } = logs();
    const [r] = await notifyRun([target(srv.url + '/hook')], rolledBackReport(), log, OPTS);
    expect(r).toMatchObject({ status: 'failed', attempts: 3 });
    expect(srv.requests).toHaveLength(3);
    expect(lines).toEqual([`warn notify json ${srv.url}/***: failed after 3 attempts: HTTP 500: {"error":"db locked"} (the deploy is not affected)`]);
  });

  it('a 4xx other than 408/429 is not retried; a redirect is not followed', async () => {
    const srv = await receiver((q) => (q.path === '/gone' ? { status: 404, body: 'no_service' } : { status: 302 }));
    const { lines, log } = logs();
    const results = await notifyRun([target(srv.url + '/gone', { format: 'slack' }), target(srv.url + '/moved')], rolledBackReport(), log, OPTS);
    expect(results.map((r) => [r.status, r.attempts])).toEqual([
      ['failed', 1],
      ['failed', 1],
    ]);
    expect(srv.requests).toHaveLength(2);
    expect(lines.sort()).toEqual([
      `warn notify json ${srv.url}/***: failed (not retried): HTTP 302: redirects are not followed; give the final URL (the deploy is not affected)`,
      `warn notify slack ${srv.url}/***: failed (not retried): HTTP 404: "no_service" (the deploy is not affected)`,
    ]);
  });

  it('a receiver that never answers is cut by the timeout on every attempt', async () => {
    let requests = 0;
    const server = createServer(() => {
      requests++; // read nothing, answer nothing
    });
    const srv = await listenLocal(server);
    closers.push(srv.close);
    const { lines, log } = logs();
    const started = Date.now();
    const [r] = await notifyRun([target(srv.url + '/hook', { timeoutMs: 300 })], rolledBackReport(), log, OPTS);
    const took = Date.now() - started;
    expect(r).toMatchObject({ status: 'failed', attempts: 3 });
    expect(requests).toBe(3);
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(5_000);
    expect(lines).toEqual([`warn notify json ${srv.url}/***: failed after 3 attempts: no complete answer within 300 ms (the deploy is not affected)`]);
  });

  it('an unreachable receiver: 3 attempts, the cause in the warning', async () => {
    const srv = await receiver();
    await srv.close();
    const { lines, log } = logs();
    const [r] = await notifyRun([target(srv.url + '/hook')], rolledBackReport(), log, OPTS);
    expect(r).toMatchObject({ status: 'failed', attempts: 3 });
    expect(lines[0]).toMatch(/failed after 3 attempts: (TypeError: )?fetch failed \(.*ECONNREFUSED.*\)/);
  });

  it('the webhook token never shows in a log line, even when the receiver echoes it; secrets in the report are masked in the body', async () => {
    const srv = await receiver((q) => ({ status: 403, body: `invalid token in ${q.path} (${srv.url}${q.path})` }));
    const url = srv.url + TOKEN_PATH;
    const { lines, log } = logs();
    const mask = (t: string) => t.replaceAll('hunter2', '***');
    await notifyRun([target(url, { format: 'slack' }), target(url)], rolledBackReport({ reason: 'login with hunter2 failed' }), log, { ...OPTS, mask });
    expect(srv.requests).toHaveLength(2);
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(l).not.toContain('xoxsecrettoken42');
      expect(l).toMatch(/HTTP 403: "invalid token in \*\*\* \(\*\*\*\)"/);
    }
    for (const q of srv.requests) expect(JSON.stringify(q.body)).not.toContain('hunter2');
  });
});

describe('config: notify section', () => {
  const raw = (n: unknown) => ({ ...minimalRaw(), notify: n });
  const errorOf = configErrorOf;

  it('URL from a string, env or file; defaults json, every outcome, 5 s; every URL and its token part are secrets', () => {
    const slackUrl = 'https://hooks.slack.com/services/T0ACME/B0SHOP/xoxsecrettoken42';
    const c = buildConfig(
      raw([
        { url: { fromEnv: 'SLACK_WEBHOOK_URL' }, format: 'slack', on: ['failed', 'rolled-back', 'failed'], timeout: '2s' },
        { url: 'http://127.0.0.1:8080/hook' },
        { url: { fromFile: 'hook.url' }, format: 'json' },
        { url: 'http://localhost/x' },
        { url: 'http://[::1]:9/x' },
      ]),
      fakeSources({ SLACK_WEBHOOK_URL: slackUrl }, { '/srv/deploy/hook.url': 'https://example.com/h?token=abc\n' }),
    );
    expect(c.notify).toEqual([
      { url: slackUrl, format: 'slack', on: ['rolled-back', 'failed'], timeoutMs: 2_000 },
      { url: 'http://127.0.0.1:8080/hook', format: 'json', on: ['deployed', 'promoted', 'rolled-back', 'inconclusive', 'failed'], timeoutMs: 5_000 },
      { url: 'https://example.com/h?token=abc', format: 'json', on: ['deployed', 'promoted', 'rolled-back', 'inconclusive', 'failed'], timeoutMs: 5_000 },
      { url: 'http://localhost/x', format: 'json', on: expect.any(Array), timeoutMs: 5_000 },
      { url: 'http://[::1]:9/x', format: 'json', on: expect.any(Array), timeoutMs: 5_000 },
    ]);
    expect(c.secrets).toEqual(expect.arrayContaining([slackUrl, '/services/T0ACME/B0SHOP/xoxsecrettoken42', 'https://example.com/h?token=abc', '/h?token=abc']));
    expect(buildConfig(minimalRaw(), fakeSources()).notify).toBeUndefined();
  });

  const SECRET = 'supersecrettoken';
  it.each([
    [[{ url: `http://hooks.example.com/${SECRET}` }], /^notify\[0\]\.url: is plain http to a host other than the loopback: expected an https URL \(http only to 127\.0\.0\.1, ::1 or localhost\)/],
    [[{ url: `ftp://example.com/${SECRET}` }], /^notify\[0\]\.url: has the scheme "ftp:": expected an https URL/],
    [[{ url: `not a url ${SECRET}` }], /^notify\[0\]\.url: must be one URL without blanks/],
    [[{ url: `hooks.slack.com/${SECRET}` }], /^notify\[0\]\.url: is not a URL: expected an https URL .*\(the value is a secret and not shown\)/],
    [[{ url: '' }], /^notify\[0\]\.url: must not be empty/],
    [[{ url: { fromEnv: 'NOPE' } }], /notify\[0\]\.url\.fromEnv: environment variable NOPE is not set/],
    [[{ url: { value: 'a', fromEnv: 'B' } }], /notify\[0\]\.url: expected exactly one of value, fromEnv or fromFile/],
    [[{ url: 42 }], /notify\[0\]\.url: expected the webhook URL as a string or \{ value \| fromEnv \| fromFile \}/],
    [[{ url: 'https://x.example', format: 'teams' }], /notify\[0\]\.format: expected "slack" .* or "json"/],
    [[{ url: 'https://x.example', on: ['rollback'] }], /notify\[0\]\.on\[0\]: expected an outcome: "deployed", "promoted", "rolled-back", "inconclusive", "failed"/],
    [[{ url: 'https://x.example', on: [] }], /notify\[0\]\.on: give at least one outcome/],
    [[{ url: 'https://x.example', on: 'failed' }], /notify\[0\]\.on: expected a list of outcomes/],
    [[{ url: 'https://x.example', timeout: '100ms' }], /notify\[0\]\.timeout: expected a duration .* between 0\.5s and 60s/],
    [[{ url: 'https://x.example', channel: '#ops' }], /notify\[0\]: unknown key\(s\) "channel"/],
    [{ url: 'https://x.example' }, /^invalid configuration:\nnotify: expected a list of webhooks/],
    [Array.from({ length: 11 }, () => ({ url: 'https://x.example' })), /notify: at most 10 webhooks/],
  ])('rejects %j, naming the field and the accepted form, never the URL', (n, message) => {
    const m = errorOf(raw(n), fakeSources({ B: 'x' }));
    expect(m).toMatch(message);
    expect(m).not.toContain(SECRET);
  });
});
