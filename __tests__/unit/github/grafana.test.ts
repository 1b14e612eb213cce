/**
 * Grafana annotations against a real local HTTP server standing in for Grafana, and the
 * `grafana:` config section (token sources, secrets, validation).
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { annotateRun, annotationFor } from '../../../src/integrations/grafana';
import { buildConfig } from '../../../src/config/load';
import { readInputs, secretInputs } from '../../../src/github/inputs';
import { configErrorOf, fakeSources, minimalRaw } from '../../fixtures/core/config';
import { rolledBackReport } from '../report/fixtures';
import { startRecorder, githubApi, type Handler } from './recorder';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

async function grafana(handler: Handler = githubApi()) {
  const srv = await startRecorder(handler);
  closers.push(srv.close);
  const warnings: string[] = [];
  const infos: string[] = [];
  return { srv, warnings, infos, log: { info: (m: string) => infos.push(m), warn: (m: string) => warnings.push(m) } };
}

const START = Date.parse('2025-03-14T09:26:53.000Z');
const END = Date.parse('2025-03-14T09:29:41.000Z');

describe('annotateRun', () => {
  it('rolled-back deploy: POST /api/annotations with the Bearer token, tags, text, time and timeEnd in ms', async () => {
    const { srv, warnings, infos, log } = await grafana();
    const id = await annotateRun({ url: srv.url + '/', token: 'glsa_secret', dashboardUid: 'shop-overview', tags: ['team-shop'] }, rolledBackReport(), log);
    expect(id).toBe(7);
    expect(srv.requests.map((r) => [r.method, r.path])).toEqual([['POST', '/api/annotations']]);
    const [req] = srv.requests;
    expect(req.headers.authorization).toBe('Bearer glsa_secret');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toEqual({
      dashboardUID: 'shop-overview',
      time: START,
      timeEnd: END,
      tags: ['rollwatch', 'shop-api', 'rolled-back', 'deploy', 'team-shop'],
      text: 'rollwatch shop-api: v42 rolled back to v41\nreason: http_p95_seconds regressed on v42: 3 consecutive breaches (z 35.67 > 3.5)\nrun gh-9123456789-1',
    });
    expect(warnings).toEqual([]);
    expect(infos).toEqual(['Grafana annotation 7 posted (rollwatch, shop-api, rolled-back, deploy, team-shop)']);
  });

  it('promoted deploy and a rollback run; no dashboard: an organization annotation; Grafana under a sub-path', async () => {
    const { srv, log } = await grafana((r) => (r.path === '/grafana/api/annotations' ? { status: 200, body: { id: 8 } } : undefined));
    const g = { url: srv.url + '/grafana', token: 't', tags: [] };
    await annotateRun(g, rolledBackReport({ outcome: 'promoted', reason: 'verification pass' }), log);
    await annotateRun(g, rolledBackReport({ command: 'rollback', outcome: 'ok', version: 'v41', reason: '' }), log);
    expect(srv.requests.map((r) => r.path)).toEqual(['/grafana/api/annotations', '/grafana/api/annotations']);
    expect(srv.requests[0].body).toMatchObject({ tags: ['rollwatch', 'shop-api', 'promoted', 'deploy'], text: 'rollwatch shop-api: deploy v42 — promoted\nreason: verification pass\nrun gh-9123456789-1' });
    expect(srv.requests[0].body).not.toHaveProperty('dashboardUID');
    expect(srv.requests[1].body).toMatchObject({ tags: ['rollwatch', 'shop-api', 'ok', 'rollback'], text: 'rollwatch shop-api: rollback to v41 — ok\nrun gh-9123456789-1' });
  });

  it('not configured, or a read-only command: no request', async () => {
    const { srv, log } = await grafana();
    expect(await annotateRun(undefined, rolledBackReport(), log)).toBeNull();
    for (const command of ['status', 'verify', 'plan', 'lock status']) {
      expect(await annotateRun({ url: srv.url, token: 't', tags: [] }, rolledBackReport({ command, outcome: 'ok' }), log)).toBeNull();
    }
    expect(srv.requests).toEqual([]);
  });

  it.each([
    [401, { message: 'invalid API key' }, /HTTP 401 .*invalid API key/],
    [403, { message: 'Permissions needed: annotations:write' }, /HTTP 403/],
    [500, { message: 'db locked' }, /HTTP 500/],
  ])('Grafana answers %i: a warning, nothing throws', async (status, body, warning) => {
    const { srv, warnings, log } = await grafana(() => ({ status, body }));
    expect(await annotateRun({ url: srv.url, token: 'tok', tags: [] }, rolledBackReport(), log)).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Grafana annotation not posted \(the deploy is not affected\)/);
    expect(warnings[0]).toMatch(warning);
  });

  it('unreachable Grafana: a warning with the cause', async () => {
    const { srv, warnings, log } = await grafana();
    await srv.close();
    expect(await annotateRun({ url: srv.url, token: 'tok', tags: [] }, rolledBackReport(), log, { timeoutMs: 2_000 })).toBeNull();
    expect(warnings[0]).toMatch(/fetch failed \(.*ECONNREFUSED.*\)/);
  });

  it('secrets in the reason are masked in the text sent and in warnings', async () => {
    const { srv, log, warnings } = await grafana(() => ({ status: 400, body: { message: 'echo hunter2' } }));
    await annotateRun({ url: srv.url, token: 'tok', tags: [] }, rolledBackReport({ reason: 'login with hunter2 failed' }), log, { mask: (t) => t.replaceAll('hunter2', '***') });
    expect(JSON.stringify(srv.requests[0].body)).not.toContain('hunter2');
    expect(warnings.join()).not.toContain('hunter2');
  });

  it('annotationFor: timeEnd never before time; duplicate tags collapse', () => {
    const a = annotationFor({ url: 'x', token: 't', tags: ['rollwatch', 'deploy', 'prod'] }, rolledBackReport({ finishedAt: 'garbage' }));
    expect(a.timeEnd).toBe(a.time);
    expect(a.tags).toEqual(['rollwatch', 'shop-api', 'rolled-back', 'deploy', 'prod']);
  });
});

describe('config: grafana section', () => {
  const raw = (g: unknown) => ({ ...minimalRaw(), grafana: g });
  const errorOf = configErrorOf;

  it('token from env, file or value; the token is a secret; trailing slash dropped; tags default []', () => {
    const fromEnv = buildConfig(raw({ url: 'https://grafana.example.com/', token: { fromEnv: 'GRAFANA_TOKEN' } }), fakeSources({ GRAFANA_TOKEN: 'glsa_env' }));
    expect(fromEnv.grafana).toEqual({ url: 'https://grafana.example.com', token: 'glsa_env', dashboardUid: undefined, tags: [] });
    expect(fromEnv.secrets).toContain('glsa_env');
    const fromFile = buildConfig(raw({ url: 'http://g:3000', token: { fromFile: 'grafana.token' }, dashboardUid: 'abc-123_X', tags: ['prod'] }), fakeSources({}, { '/srv/deploy/grafana.token': 'glsa_file\n' }));
    expect(fromFile.grafana).toEqual({ url: 'http://g:3000', token: 'glsa_file', dashboardUid: 'abc-123_X', tags: ['prod'] });
    expect(fromFile.secrets).toContain('glsa_file');
    expect(buildConfig(minimalRaw(), fakeSources()).grafana).toBeUndefined();
  });

  it.each([
    [{ url: 'ftp://g', token: { value: 't' } }, /grafana\.url: expected the http\(s\) URL of Grafana/],
    [{ url: 'http://g' }, /grafana\.token/],
    [{ url: 'http://g', token: { fromEnv: 'NOPE' } }, /grafana\.token\.fromEnv: environment variable NOPE is not set/],
    [{ url: 'http://g', token: { value: 'a', fromEnv: 'B' } }, /grafana\.token: expected exactly one of value, fromEnv or fromFile/],
    [{ url: 'http://g', token: { value: '' } }, /grafana\.token: must not be empty/],
    [{ url: 'http://g', token: { value: 'a\nb' } }, /grafana\.token: must be a single line/],
    [{ url: 'http://g', token: { value: 't' }, dashboardUid: 'has space' }, /grafana\.dashboardUid: expected a dashboard UID/],
    [{ url: 'http://g', token: { value: 't' }, color: 'red' }, /unknown key\(s\) "color"/],
  ])('rejects %j', (g, message) => {
    expect(errorOf(raw(g))).toMatch(message);
  });

  it('action inputs grafana-url / grafana-token / grafana-dashboard-uid become the section; the token is a secret input', () => {
    const inputs: Record<string, string> = { 'grafana-url': 'https://grafana.example.com', 'grafana-token': 'glsa_input', 'grafana-dashboard-uid': 'shop' };
    const get = (n: string) => inputs[n] ?? '';
    expect(readInputs(get).overrides.grafana).toEqual({ url: 'https://grafana.example.com', token: { value: 'glsa_input' }, dashboardUid: 'shop' });
    expect(secretInputs(get)).toContain('glsa_input');
    expect(readInputs(() => '').overrides).not.toHaveProperty('grafana');
  });
});
