/**
 * The action's main step with the engine mocked: GitHub Deployments and Grafana are wired around
 * runCommand (in_progress before it, final status and annotation after), against a local HTTP
 * server standing in for both APIs; neither can fail the deploy.
 */
import { jest, describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../../../src/report/model';
import type { Command, RunEnvironment } from '../../../src/engine/run';
import { PRIVATE_KEY } from '../../fixtures/core/config';
import { rolledBackReport } from '../report/fixtures';
import { startRecorder, githubApi, type Handler } from './recorder';

const runCommand = jest.fn<(c: Command, e: RunEnvironment) => Promise<RunReport>>();
const CODES: Record<string, number> = { promoted: 0, inconclusive: 0, ok: 0, 'rolled-back': 3, failed: 1 };
jest.unstable_mockModule('../../../src/engine/run', () => ({
  runCommand,
  exitCodeOf: (r: RunReport) => CODES[r.outcome],
  newRunId: () => 'run-1',
}));
const { run } = await import('../../../src/github/main');

const SHA = 'c0ffee1234567890c0ffee1234567890c0ffee12';
// @actions/core's summary keeps the first file path it sees: one file for every test, emptied before each.
const SUMMARY = join(mkdtempSync(join(tmpdir(), 'rollwatch-summary-')), 'summary');
let saved: NodeJS.ProcessEnv;
let dir: string;
let out: string[];
let writeSpy: ReturnType<typeof jest.spyOn>;
let close: (() => Promise<void>) | null = null;

beforeEach(() => {
  // process-wide: an earlier test file in the same worker may have left it set
  process.exitCode = 0;
  saved = { ...process.env };
  dir = mkdtempSync(join(tmpdir(), 'rollwatch-main-'));
  for (const f of ['output', 'state']) writeFileSync(join(dir, f), '');
  writeFileSync(SUMMARY, '');
  Object.assign(process.env, {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: SUMMARY,
    GITHUB_STATE: join(dir, 'state'),
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
    GITHUB_SHA: SHA,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '77',
    GITHUB_SERVER_URL: 'https://github.example.com',
    'INPUT_APP': 'shop-api',
    'INPUT_IMAGE': 'ghcr.io/acme/shop-api',
    'INPUT_HOSTS': 'web-1.example.com',
    'INPUT_SSH-KEY': PRIVATE_KEY,
    'INPUT_KNOWN-HOSTS': 'web-1.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMpZ3NYkRlbce/+cg3I3ArjS5g3X6orMuUHJGuK62wJ',
    'INPUT_VERSION': 'v42',
    'INPUT_ENVIRONMENT-URL': 'https://shop.example.com',
  });
  out = [];
  writeSpy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  }) as typeof process.stdout.write);
  runCommand.mockReset();
});

afterEach(async () => {
  writeSpy.mockRestore();
  process.env = saved;
  process.exitCode = 0;
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  await close?.();
  close = null;
});

async function api(handler: Handler = githubApi()) {
  const srv = await startRecorder(handler);
  close = srv.close;
  process.env.GITHUB_API_URL = srv.url;
  return srv;
}

const outputs = () => readFileSync(join(dir, 'output'), 'utf8');
const states = (srv: { requests: { path: string; body: unknown }[] }) =>
  srv.requests.map((r) => (r.path.endsWith('/deployments') ? 'create' : r.path === '/api/annotations' ? 'annotation' : (r.body as { state: string }).state));

describe('action main: deployments and grafana around the run', () => {
  it('deploy, promoted: create + in_progress before the run, success + annotation after', async () => {
    const srv = await api();
    Object.assign(process.env, { 'INPUT_GITHUB-TOKEN': 'ghs_tok', 'INPUT_GRAFANA-URL': srv.url, 'INPUT_GRAFANA-TOKEN': 'glsa_tok' });
    let seenBeforeRun = -1;
    runCommand.mockImplementation(async (command, env) => {
      seenBeforeRun = srv.requests.length;
      expect(command).toEqual({ name: 'deploy', version: 'v42' });
      expect(env.config.grafana).toEqual({ url: srv.url, token: 'glsa_tok', dashboardUid: undefined, tags: [] });
      expect(env.config.secrets).toContain('glsa_tok');
      return rolledBackReport({ outcome: 'promoted', reason: 'verification pass', verification: null });
    });
    await run();
    expect(seenBeforeRun).toBe(2);
    expect(states(srv)).toEqual(['create', 'in_progress', 'success', 'annotation']);
    expect(srv.requests[0].body).toMatchObject({ ref: SHA, environment: 'production', payload: { app: 'shop-api', version: 'v42', command: 'deploy' } });
    expect(srv.requests[2].body).toMatchObject({ log_url: 'https://github.example.com/acme/shop/actions/runs/77', environment_url: 'https://shop.example.com' });
    expect(srv.requests[3].headers.authorization).toBe('Bearer glsa_tok');
    expect(outputs()).toContain('promoted');
    // the post step learns which deployment exists and that it got its final status
    expect(readFileSync(join(dir, 'state'), 'utf8')).toMatch(/deployment-id<<[^\n]+\n42\n[^]*deployment-finished<<[^\n]+\ntrue\n/);
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('deploy, rolled back: failure status, rolled-back annotation, the summary has the chart, the step fails', async () => {
    const srv = await api();
    Object.assign(process.env, { 'INPUT_GITHUB-TOKEN': 'ghs_tok', 'INPUT_ENVIRONMENT': 'staging', 'INPUT_GRAFANA-URL': srv.url, 'INPUT_GRAFANA-TOKEN': 'glsa_tok' });
    runCommand.mockResolvedValue(rolledBackReport());
    await run();
    expect(states(srv)).toEqual(['create', 'in_progress', 'failure', 'annotation']);
    expect(srv.requests[0].body).toMatchObject({ environment: 'staging' });
    expect((srv.requests[2].body as { description: string }).description).toMatch(/^rolled back: http_p95_seconds regressed/);
    expect((srv.requests[3].body as { tags: string[] }).tags).toEqual(['rollwatch', 'shop-api', 'rolled-back', 'deploy']);
    expect(readFileSync(SUMMARY, 'utf8')).toMatch(/```mermaid\n%%\{init:[^\n]*\}%%\nxychart-beta\n/);
    expect(outputs()).toMatch(/previous-version<<(\S+)\nv41\n\1/);
    expect(outputs()).toMatch(/reason<<(\S+)\nhttp_p95_seconds regressed on v42: 3 consecutive breaches \(z 35\.67 > 3\.5\)\n\1/);
    expect(process.exitCode).toBe(1);
  });

  it('the reason output is masked: a secret in a host error never reaches GITHUB_OUTPUT', async () => {
    runCommand.mockResolvedValue(rolledBackReport({ outcome: 'failed', reason: `h1: pull failed: auth ${PRIVATE_KEY.split('\n')[1]} refused` }));
    await run();
    expect(outputs()).toMatch(/reason<<(\S+)\nh1: pull failed: auth \*\*\* refused\n\1/);
    expect(outputs()).not.toContain(PRIVATE_KEY.split('\n')[1]);
  });

  it('deployments: off leaves GitHub Deployments to the job’s environment: no API call, the run goes on', async () => {
    const srv = await api();
    Object.assign(process.env, { 'INPUT_GITHUB-TOKEN': 'ghs_tok', INPUT_DEPLOYMENTS: 'off' });
    runCommand.mockResolvedValue(rolledBackReport({ outcome: 'promoted', reason: 'verification pass', verification: null }));
    await run();
    expect(runCommand).toHaveBeenCalledTimes(1);
    expect(srv.requests).toEqual([]);
    expect(readFileSync(join(dir, 'state'), 'utf8')).not.toContain('deployment-id');
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('the run throws: error status, the step fails with the message', async () => {
    const srv = await api();
    process.env['INPUT_GITHUB-TOKEN'] = 'ghs_tok';
    runCommand.mockRejectedValue(new Error('registry unreachable'));
    await run();
    expect(states(srv)).toEqual(['create', 'in_progress', 'error']);
    expect((srv.requests[2].body as { description: string }).description).toBe('registry unreachable');
    expect(out.join('')).toContain('::error::registry unreachable');
    expect(process.exitCode).toBe(1);
  });

  it('a config that does not load: the file\'s problem annotated on its line, the input\'s named by the input, nothing run', async () => {
    writeFileSync(join(dir, 'rollwatch.yml'), 'container:\n  env:\n    LEVEL: debug\n  port: 70000\n');
    Object.assign(process.env, { INPUT_CONFIG: 'rollwatch.yml', 'INPUT_HEALTH-PATH': 'health' });
    await run();
    const printed = out.join('');
    expect(printed).toMatch(/^::error file=rollwatch\.yml,line=4,col=9,title=rollwatch check::container\.port: expected a port number from 1 to 65535$/m);
    expect(printed).not.toMatch(/::error file=.*health/); // the input's problem has no line in the file
    expect(printed).toMatch(/^::error::invalid configuration:%0Acontainer\.port: expected a port number from 1 to 65535%0Ahealth-path input: expected a URL path starting with "\/"/m);
    expect(runCommand).not.toHaveBeenCalled();
    expect(process.exitCode).toBe(1);
  });

  it('rollback mode without a version: the deployment names the previous release', async () => {
    const srv = await api();
    Object.assign(process.env, { 'INPUT_GITHUB-TOKEN': 'ghs_tok', 'INPUT_MODE': 'rollback', 'INPUT_VERSION': '' });
    runCommand.mockResolvedValue(rolledBackReport({ command: 'rollback', outcome: 'ok', version: 'v41', verification: null }));
    await run();
    expect(states(srv)).toEqual(['create', 'in_progress', 'success']);
    expect(srv.requests[0].body).toMatchObject({ payload: { app: 'shop-api', version: null, command: 'rollback' } });
    expect((srv.requests[2].body as { description: string }).description).toBe('rolled back to v41');
  });

  it('no token: no deployment; verify mode with a token: no deployment either (and no annotation)', async () => {
    const srv = await api();
    runCommand.mockResolvedValue(rolledBackReport({ outcome: 'promoted', verification: null }));
    await run();
    Object.assign(process.env, { 'INPUT_GITHUB-TOKEN': 'ghs_tok', 'INPUT_MODE': 'verify', 'INPUT_GRAFANA-URL': srv.url, 'INPUT_GRAFANA-TOKEN': 'g' });
    runCommand.mockResolvedValue(rolledBackReport({ command: 'verify', outcome: 'ok', verification: null }));
    await run();
    expect(srv.requests).toEqual([]);
  });

  it('GitHub and Grafana both failing do not fail a promoted deploy: warnings only', async () => {
    const srv = await api(() => ({ status: 403, body: { message: 'Resource not accessible by integration' } }));
    Object.assign(process.env, { 'INPUT_GITHUB-TOKEN': 'ghs_tok', 'INPUT_GRAFANA-URL': srv.url, 'INPUT_GRAFANA-TOKEN': 'glsa_tok' });
    runCommand.mockResolvedValue(rolledBackReport({ outcome: 'promoted', verification: null }));
    await run();
    expect(states(srv)).toEqual(['create', 'annotation']);
    const log = out.filter((l) => !l.startsWith('::add-mask::')).join('');
    expect(log).toMatch(/::warning::GitHub deployment could not be created \(the deploy goes on\): HTTP 403/);
    expect(log).toMatch(/::warning::Grafana annotation not posted \(the deploy is not affected\): HTTP 403/);
    expect(log).not.toContain('glsa_tok');
    expect(log).not.toContain('ghs_tok');
    expect(process.exitCode ?? 0).toBe(0);
    expect(outputs()).toContain('promoted');
  });
});
