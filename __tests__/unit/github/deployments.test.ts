/**
 * GitHub Deployments against a real local HTTP server standing in for the REST API (GitHub itself
 * cannot be reached from here): the exact requests, in order, for each outcome.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { startDeployment, finalStatus, shortDescription, type DeploymentOptions } from '../../../src/github/deployments';
import { rolledBackReport } from '../report/fixtures';
import { startRecorder, githubApi, type Handler } from './recorder';

const SHA = 'c0ffee1234567890c0ffee1234567890c0ffee12';
const LOG_URL = 'https://github.example.com/acme/shop/actions/runs/9123456789';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

async function setup(handler: Handler = githubApi(), over: Partial<DeploymentOptions> = {}) {
  const api = await startRecorder(handler);
  closers.push(api.close);
  const warnings: string[] = [];
  const infos: string[] = [];
  const opts: DeploymentOptions = {
    token: 'ghs_testtoken',
    environment: null,
    environmentUrl: 'https://shop.example.com',
    app: 'shop-api',
    version: 'v42',
    command: 'deploy',
    log: { info: (m) => infos.push(m), warn: (m) => warnings.push(m) },
    env: {
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: 'https://github.example.com',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: SHA,
      GITHUB_RUN_ID: '9123456789',
    },
    timeoutMs: 5_000,
    ...over,
  };
  return { api, warnings, infos, opts };
}

/** method, path, body of each request. */
const calls = (api: { requests: { method: string; path: string; body: unknown }[] }) => api.requests.map((r) => ({ method: r.method, path: r.path, body: r.body }));

const created = (over: Record<string, unknown> = {}) => ({
  method: 'POST',
  path: '/repos/acme/shop/deployments',
  body: {
    ref: SHA,
    environment: 'production',
    task: 'deploy',
    auto_merge: false,
    required_contexts: [],
    payload: { app: 'shop-api', version: 'v42', command: 'deploy' },
    description: 'rollwatch: shop-api v42',
    ...over,
  },
});
const status = (state: string, description: string, extra: Record<string, unknown> = { environment_url: 'https://shop.example.com' }) => ({
  method: 'POST',
  path: '/repos/acme/shop/deployments/42/statuses',
  body: { state, description, log_url: LOG_URL, ...extra },
});

describe('GitHub deployments', () => {
  it('promoted: create (ref = GITHUB_SHA), in_progress, success — with the token, log_url and environment_url', async () => {
    const { api, warnings, opts } = await setup();
    const d = await startDeployment(opts);
    expect(d.id).toBe(42);
    await d.finish(rolledBackReport({ outcome: 'promoted', reason: 'verification pass: no regression' }));
    expect(calls(api)).toEqual([created(), status('in_progress', 'rolling out v42'), status('success', 'v42 promoted')]);
    for (const r of api.requests) {
      expect(r.headers.authorization).toBe('token ghs_testtoken');
      expect(r.headers['content-type']).toMatch(/^application\/json/);
    }
    expect(warnings).toEqual([]);
  });

  it('rolled back: failure with the reason; the previous deployment stays the active one (no success is posted)', async () => {
    const { api, warnings, opts } = await setup(githubApi(), { environment: 'staging' });
    const d = await startDeployment(opts);
    const report = rolledBackReport();
    await d.finish(report);
    await d.finish(report); // idempotent
    expect(calls(api)).toEqual([
      created({ environment: 'staging' }),
      status('in_progress', 'rolling out v42'),
      status('failure', 'rolled back: http_p95_seconds regressed on v42: 3 consecutive breaches (z 35.67 > 3.5)'),
    ]);
    expect(warnings).toEqual([]);
  });

  it('failed: failure with the reason on one line, cut to 140 characters', async () => {
    const { api, opts } = await setup(githubApi(), { environmentUrl: null });
    const d = await startDeployment(opts);
    const reason = 'health gate failed on web-2: ' + 'x'.repeat(300) + '\nsecond line';
    await d.finish(rolledBackReport({ outcome: 'failed', reason }));
    const last = api.requests[2].body as { state: string; description: string; environment_url?: string };
    expect(calls(api).slice(0, 2)).toEqual([created(), status('in_progress', 'rolling out v42', {})]);
    expect(last.state).toBe('failure');
    expect(last.description).toHaveLength(140);
    expect(last.description.startsWith('health gate failed on web-2: xxx')).toBe(true);
    expect(last.description.endsWith('…')).toBe(true);
    expect(last).not.toHaveProperty('environment_url');
  });

  it('the run threw: error status with the message', async () => {
    const { api, opts } = await setup();
    const d = await startDeployment(opts);
    await d.error('preflight failed, nothing was changed:\n  web-2: docker not found');
    expect(calls(api)).toEqual([created(), status('in_progress', 'rolling out v42'), status('error', 'preflight failed, nothing was changed: web-2: docker not found')]);
  });

  it('rollback mode: payload and descriptions name the target; success when done', async () => {
    const { api, opts } = await setup(githubApi(), { command: 'rollback', version: null });
    const d = await startDeployment(opts);
    await d.finish(rolledBackReport({ command: 'rollback', outcome: 'ok', version: 'v41', reason: 'every host on v41' }));
    expect(calls(api)).toEqual([
      created({ payload: { app: 'shop-api', version: null, command: 'rollback' }, description: 'rollwatch: rollback of shop-api to the previous release' }),
      status('in_progress', 'rolling back to the previous release'),
      status('success', 'rolled back to v41'),
    ]);
  });

  it('secrets are masked in what is sent', async () => {
    const { api, opts } = await setup(githubApi(), { mask: (t) => t.replaceAll('hunter2', '***') });
    const d = await startDeployment(opts);
    await d.finish(rolledBackReport({ outcome: 'failed', reason: 'registry login failed for password hunter2' }));
    expect(JSON.stringify(api.requests.map((r) => r.body))).not.toContain('hunter2');
    expect((api.requests[2].body as { description: string }).description).toBe('registry login failed for password ***');
  });

  it.each([
    ['403 (token lacks deployments: write)', { status: 403, body: { message: 'Resource not accessible by integration' } }, /HTTP 403: Resource not accessible by integration/],
    ['500', { status: 500, body: { message: 'boom' } }, /HTTP 500/],
    ['409 (merge conflict / commit status checks)', { status: 409, body: { message: 'Conflict' } }, /HTTP 409/],
  ])('creating the deployment fails with %s: a warning, no status, nothing throws', async (_l, deployment, warning) => {
    const { api, warnings, opts } = await setup(githubApi({ deployment }));
    const d = await startDeployment(opts);
    expect(d.id).toBeNull();
    await d.finish(rolledBackReport());
    await d.error('x');
    expect(calls(api).map((c) => c.path)).toEqual(['/repos/acme/shop/deployments']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not be created \(the deploy goes on\)/);
    expect(warnings[0]).toMatch(warning);
  });

  it('202 (GitHub merging first) is not a deployment: a warning, no status', async () => {
    const { api, warnings, opts } = await setup(githubApi({ deployment: { status: 202, body: { message: 'Auto-merged main into topic' } } }));
    const d = await startDeployment(opts);
    expect(d.id).toBeNull();
    expect(api.requests).toHaveLength(1);
    expect(warnings[0]).toMatch(/not created \(HTTP 202\)/);
  });

  it('a status that cannot be posted is a warning; the next one is still tried', async () => {
    let n = 0;
    const base = githubApi();
    const { api, warnings, opts } = await setup((req) => (req.path.endsWith('/statuses') && n++ === 0 ? { status: 502, body: { message: 'bad gateway' } } : base(req)));
    const d = await startDeployment(opts);
    await d.finish(rolledBackReport({ outcome: 'promoted' }));
    expect(calls(api).map((c) => (c.body as { state?: string }).state ?? 'create')).toEqual(['create', 'in_progress', 'success']);
    expect(warnings).toEqual([expect.stringMatching(/deployment 42: status "in_progress" could not be posted: HTTP 502/)]);
  });

  it('an unreachable API is a warning, fast', async () => {
    const { api, warnings, opts } = await setup();
    await api.close();
    const t0 = Date.now();
    const d = await startDeployment(opts);
    await d.finish(rolledBackReport());
    expect(d.id).toBeNull();
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not be created/);
  });

  it('a hanging API times out into a warning', async () => {
    const { warnings, opts } = await setup();
    // a server that accepts connections and never answers
    const { createServer } = await import('node:net');
    const sockets = new Set<import('node:net').Socket>();
    const hang = createServer((s) => sockets.add(s));
    await new Promise<void>((ok) => hang.listen(0, '127.0.0.1', ok));
    closers.push(
      () =>
        new Promise((ok) => {
          for (const s of sockets) s.destroy();
          hang.close(() => ok());
        }),
    );
    const port = (hang.address() as { port: number }).port;
    const d = await startDeployment({ ...opts, env: { ...opts.env, GITHUB_API_URL: `http://127.0.0.1:${port}` }, timeoutMs: 300 });
    expect(d.id).toBeNull();
    expect(warnings[0]).toMatch(/could not be created/);
  });

  it('without GITHUB_REPOSITORY or GITHUB_SHA: a warning, no request', async () => {
    const { api, warnings, opts } = await setup();
    const d = await startDeployment({ ...opts, env: { ...opts.env, GITHUB_SHA: undefined } });
    expect(d.id).toBeNull();
    expect(api.requests).toEqual([]);
    expect(warnings).toEqual(['GitHub deployment skipped: GITHUB_REPOSITORY and GITHUB_SHA are needed']);
  });

  it('finalStatus and shortDescription', () => {
    expect(finalStatus(rolledBackReport({ outcome: 'inconclusive' }))).toEqual({ state: 'success', description: 'v42 kept (verification inconclusive)' });
    expect(finalStatus(rolledBackReport({ outcome: 'ok' }))).toEqual({ state: 'success', description: 'v42 deployed' });
    expect(shortDescription('a\n  b')).toBe('a b');
    expect(shortDescription('y'.repeat(141))).toHaveLength(140);
  });
});
