/**
 * The action's post step with the engine's recovery mocked: it restores what a killed main step
 * left half-done and gives the GitHub deployment that main step left open its final status,
 * against a local HTTP server standing in for the REST API.
 */
import { jest, describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import type { Checkpoint, RunContext } from '../../../src/engine/context';
import type { RunReport } from '../../../src/report/model';
import { PRIVATE_KEY } from '../../fixtures/core/config';
import { rolledBackReport } from '../report/fixtures';
import { startRecorder, githubApi } from './recorder';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const recoverCheckpoint = jest.fn<(ctx: RunContext, c: Checkpoint) => Promise<RunReport>>();
jest.unstable_mockModule('../../../src/targets/ssh/recover', () => ({ recoverCheckpoint }));
const { post } = await import('../../../src/github/post');

const touchedCheckpoint: Checkpoint = { runId: 'gh-77-1', app: 'shop-api', command: 'deploy', version: 'v42', phase: 'rollout', touched: { 'web-1': 'shop-api-v41' }, lockedHosts: ['web-1'] };
let saved: NodeJS.ProcessEnv;
let out: string[];
let writeSpy: ReturnType<typeof jest.spyOn>;
let close: (() => Promise<void>) | null = null;

beforeEach(() => {
  // process-wide: an earlier test file in the same worker may have left it set
  process.exitCode = 0;
  saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), 'rollwatch-post-'));
  writeFileSync(join(dir, 'summary'), '');
  Object.assign(process.env, {
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_SHA: 'c0ffee1234567890c0ffee1234567890c0ffee12',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '77',
    GITHUB_SERVER_URL: 'https://github.example.com',
    INPUT_APP: 'shop-api',
    INPUT_IMAGE: 'ghcr.io/acme/shop-api',
    INPUT_HOSTS: 'web-1.example.com',
    'INPUT_SSH-KEY': PRIVATE_KEY,
    'INPUT_KNOWN-HOSTS': 'web-1.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMpZ3NYkRlbce/+cg3I3ArjS5g3X6orMuUHJGuK62wJ',
    'INPUT_GITHUB-TOKEN': 'ghs_tok',
  });
  out = [];
  writeSpy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  }) as typeof process.stdout.write);
  recoverCheckpoint.mockReset();
});

afterEach(async () => {
  writeSpy.mockRestore();
  process.env = saved;
  process.exitCode = 0;
  await close?.();
  close = null;
});

async function api() {
  const srv = await startRecorder(githubApi());
  close = srv.close;
  process.env.GITHUB_API_URL = srv.url;
  return srv;
}

const state = (values: Record<string, string>) => {
  for (const [k, v] of Object.entries(values)) process.env[`STATE_${k}`] = v;
};
const statuses = (srv: { requests: { method: string; path: string; body: unknown }[] }) =>
  srv.requests.map((r) => ({ method: r.method, path: r.path, state: (r.body as { state: string }).state, description: (r.body as { description: string }).description }));

describe('action post step', () => {
  it('main step killed mid-rollout: restores the touched hosts, then marks the open deployment failure with what the cleanup did', async () => {
    const srv = await api();
    state({ checkpoint: JSON.stringify(touchedCheckpoint), 'deployment-id': '42' });
    recoverCheckpoint.mockResolvedValue(rolledBackReport({ command: 'recover', outcome: 'ok', reason: 'restored web-1 to its previous release; locks released', verification: null }));
    await post();
    expect(recoverCheckpoint).toHaveBeenCalledTimes(1);
    expect(recoverCheckpoint.mock.calls[0][1]).toEqual(touchedCheckpoint);
    expect(statuses(srv)).toEqual([
      { method: 'POST', path: '/repos/acme/shop/deployments/42/statuses', state: 'failure', description: 'run stopped mid-way; cleanup: restored web-1 to its previous release; locks released' },
    ]);
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('the cleanup itself could not restore a host: deployment error, the step fails', async () => {
    const srv = await api();
    state({ checkpoint: JSON.stringify(touchedCheckpoint), 'deployment-id': '42' });
    recoverCheckpoint.mockResolvedValue(rolledBackReport({ command: 'recover', outcome: 'failed', reason: 'could not restore web-1', verification: null }));
    await post();
    expect(statuses(srv).map((s) => [s.state, s.description])).toEqual([['error', 'run stopped mid-way; cleanup: could not restore web-1']]);
    expect(process.exitCode).toBe(1);
  });

  it('main step killed before touching any host: no recovery, the open deployment gets error', async () => {
    const srv = await api();
    state({ 'deployment-id': '42' });
    await post();
    expect(recoverCheckpoint).not.toHaveBeenCalled();
    expect(statuses(srv).map((s) => [s.state, s.description])).toEqual([['error', 'the main step stopped during start-up before it changed any host']]);
  });

  it('main step finished normally: the post step does nothing', async () => {
    const srv = await api();
    state({ checkpoint: JSON.stringify({ ...touchedCheckpoint, phase: 'done' }), 'deployment-id': '42', 'deployment-finished': 'true' });
    await post();
    expect(recoverCheckpoint).not.toHaveBeenCalled();
    expect(srv.requests).toEqual([]);
  });

  it('no deployment was created (no token): cleanup runs, no API call', async () => {
    const srv = await api();
    delete process.env['INPUT_GITHUB-TOKEN'];
    state({ checkpoint: JSON.stringify(touchedCheckpoint) });
    recoverCheckpoint.mockResolvedValue(rolledBackReport({ command: 'recover', outcome: 'ok', reason: 'restored web-1', verification: null }));
    await post();
    expect(recoverCheckpoint).toHaveBeenCalledTimes(1);
    expect(srv.requests).toEqual([]);
  });

  it('a corrupt checkpoint is a loud warning, changes nothing, and the open deployment gets error naming it', async () => {
    const srv = await api();
    state({ checkpoint: '{"runId":"gh-77-1","app":"shop-api","phase":"rollout","touched":{"web-1":', 'deployment-id': '42' });
    await post();
    expect(recoverCheckpoint).not.toHaveBeenCalled();
    const printed = out.join('');
    expect(printed).toMatch(/::warning::the main step's saved checkpoint is unreadable \(not JSON .*\): the post step changed nothing/);
    expect(statuses(srv).map((s) => [s.state, s.description])).toEqual([['error', expect.stringMatching(/^the saved checkpoint is unreadable \(not JSON/)]]);
  });

  it('a checkpoint with a forged field is never acted on', async () => {
    await api();
    state({ checkpoint: JSON.stringify({ ...touchedCheckpoint, version: '--force' }) });
    await post();
    expect(recoverCheckpoint).not.toHaveBeenCalled();
    expect(out.join('')).toMatch(/::warning::the main step's saved checkpoint is unreadable \(version: a version\)/);
  });
});
