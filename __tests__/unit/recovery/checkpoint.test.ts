/**
 * What a post step may act on: only a well-formed checkpoint of an unfinished run, naming this
 * app, hosts of this config and this app's containers. Everything else changes nothing.
 */
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { buildConfig } from '../../../src/config/load';
import { needsRecovery, ownershipProblems, parseCheckpoint, type Checkpoint } from '../../../src/engine/checkpoint';
import { newRunId } from '../../../src/engine/run';
import { fakeSources, minimalRaw } from '../../fixtures/core/config';

const config = buildConfig({ ...minimalRaw(), hosts: [{ name: 'web-1', address: '10.0.0.1' }, { name: 'web-2', address: '10.0.0.2' }] }, fakeSources());
const good: Checkpoint = { runId: 'gh-77-1-a1b2c3d4e5f6', app: 'web', command: 'deploy', version: 'v2', phase: 'rollout', touched: { 'web-1': 'web-v1', 'web-2': null }, lockedHosts: ['web-1', 'web-2'] };

describe('parseCheckpoint', () => {
  it('reads a well-formed checkpoint back as it was saved', () => {
    expect(parseCheckpoint(JSON.stringify(good))).toEqual({ kind: 'ok', checkpoint: good });
  });

  it('no saved state is none, not corrupt', () => {
    expect(parseCheckpoint('')).toEqual({ kind: 'none' });
  });

  it.each([
    ['not JSON', '{"runId": "x",', /not JSON/],
    ['a missing field', JSON.stringify({ ...good, command: undefined }), /^command:/],
    ['an unknown phase', JSON.stringify({ ...good, phase: 'celebrate' }), /^phase:/],
    ['a hostile version', JSON.stringify({ ...good, version: '--force' }), /^version: a version/],
    ['a hostile host name', JSON.stringify({ ...good, lockedHosts: ['$(reboot)'] }), /^lockedHosts\.0: a host name or address/],
    ['an extra field', JSON.stringify({ ...good, exec: 'rm -rf /' }), /exec/],
    ['a run id with a newline', JSON.stringify({ ...good, runId: 'a\n::error::x' }), /^runId:/],
  ])('%s is corrupt, with the reason', (_name, raw, reason) => {
    const r = parseCheckpoint(raw);
    expect(r.kind).toBe('corrupt');
    expect(r.kind === 'corrupt' && r.reason).toMatch(reason);
  });

  it('never throws, whatever the saved text', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (raw) => ['none', 'ok', 'corrupt'].includes(parseCheckpoint(raw).kind)));
  });
});

describe('ownershipProblems', () => {
  it('accepts the checkpoint of this app on its own hosts and containers (a renamed same-version container included)', () => {
    expect(ownershipProblems(good, config)).toEqual([]);
    expect(ownershipProblems({ ...good, touched: { 'web-1': 'web-v2_replaced_1700000000' } }, config)).toEqual([]);
    const byAddress = buildConfig({ ...minimalRaw(), hosts: ['fd00::5'] }, fakeSources());
    const saved = parseCheckpoint(JSON.stringify({ ...good, touched: { 'fd00::5': 'web-v1' }, lockedHosts: ['fd00::5'] }));
    expect(saved.kind === 'ok' && ownershipProblems(saved.checkpoint, byAddress)).toEqual([]);
  });

  it('refuses another app, hosts not in the config, and containers that are not this app’s releases', () => {
    expect(ownershipProblems({ ...good, app: 'billing' }, config)).toEqual(['it belongs to app "billing", this step deploys "web"']);
    expect(ownershipProblems({ ...good, touched: { 'db-1': 'web-v1' }, lockedHosts: ['db-1'] }, config)).toEqual(['it names host(s) not in the config: db-1']);
    expect(ownershipProblems({ ...good, touched: { 'web-1': 'postgres' } }, config)).toEqual(['it names container(s) that are not releases of web: web-1: postgres']);
  });
});

describe('needsRecovery', () => {
  it('a finished run, or one that touched and locked nothing, needs nothing', () => {
    expect(needsRecovery(good)).toBe(true);
    expect(needsRecovery({ ...good, phase: 'done' })).toBe(false);
    expect(needsRecovery({ ...good, touched: {}, lockedHosts: [] })).toBe(false);
    expect(needsRecovery({ ...good, touched: {}, lockedHosts: ['web-1'] })).toBe(true);
  });
});

describe('newRunId', () => {
  it('differs between two jobs (or matrix legs) of the same workflow run and attempt, and names the run', () => {
    const env = { GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'deploy' };
    const a = newRunId(env);
    const b = newRunId(env);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^gh-77-2-[0-9a-f]{12}$/);
    expect(parseCheckpoint(JSON.stringify({ ...good, runId: a })).kind).toBe('ok');
  });

  it('ignores a run id variable that is not a number', () => {
    expect(newRunId({ GITHUB_RUN_ID: '7\n::error::x' })).toMatch(/^local-[0-9a-f]{12}$/);
  });
});
