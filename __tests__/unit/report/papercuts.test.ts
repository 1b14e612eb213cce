import { describe, it, expect } from '@jest/globals';
import { buildConfig } from '../../../src/config/load';
import { Fleet } from '../../../src/targets/ssh/fleet';
import { hostMessage } from '../../../src/errors';
import { nextStep } from '../../../src/report/next-step';
import { renderSummary } from '../../../src/report/summary';
import { renderText, withoutHostName } from '../../../src/report/text';
import { systemClock } from '../../../src/util/clock';
import { silentLogger } from '../../../src/util/log';
import { fakeSources, minimalRaw } from '../../fixtures/core/config';
import { rolledBackReport } from './fixtures';

const noTimings = { buildMs: null, deployServerMs: null, deployMs: null, detectMs: null, recoverMs: null, recoveryMs: null, totalMs: 900 };
const untouched = (name: string, detail = '') => ({ name, address: '10.0.0.1', previous: 'v1', final: 'v1', result: 'untouched' as const, healthy: null, detail, retained: [], steps: [] });

/** A deploy that stopped before it changed any host (here: the build failed). */
const stoppedEarly = () =>
  rolledBackReport({ outcome: 'failed', reason: 'build: docker build failed (exit 1)', timings: noTimings, hosts: [untouched('web-1'), untouched('web-2')], verification: null });

describe('the next step says what happened to the hosts', () => {
  it('a deploy that changed no host does not claim hosts were returned', () => {
    expect(nextStep(stoppedEarly())).toBe('No host was changed. Read the reason above and the host details below.');
  });

  it('a deploy that returned every host it touched says so', () => {
    const hosts = [{ ...untouched('web-1'), result: 'restored' as const }, untouched('web-2')];
    expect(nextStep({ ...stoppedEarly(), hosts })).toMatch(/^Every touched host was returned to its previous release\./);
  });

  it('read-only commands never claim to have returned hosts', () => {
    for (const command of ['status', 'plan', 'verify']) expect(nextStep({ ...stoppedEarly(), command, reason: 'web-1: unreachable or unhealthy' })).toBe('Read the reason above and the host details below.');
  });
});

describe('no timing line when nothing was built or deployed', () => {
  it('text and summary leave out T_deploy', () => {
    const r = stoppedEarly();
    expect(renderText(r)).not.toContain('T_deploy');
    expect(renderText(r)).not.toContain('Recovery');
    expect(renderSummary(r, { chart: false })).not.toContain('T_deploy');
  });
});

describe('hosts are named once', () => {
  it('a host row drops the host name the detail starts with', () => {
    expect(withoutHostName('web-1', 'web-1 (10.0.0.1:22): cannot connect over SSH: ECONNREFUSED')).toBe('10.0.0.1:22: cannot connect over SSH: ECONNREFUSED');
    expect(withoutHostName('web-1', 'web-1: docker not found')).toBe('docker not found');
    expect(withoutHostName('web-1', 'web-10: docker not found')).toBe('web-10: docker not found');
    const text = renderText({ ...stoppedEarly(), hosts: [untouched('web-1', 'web-1 (10.0.0.1:22): cannot connect over SSH: ECONNREFUSED')] });
    expect(text).toMatch(/^ {2}web-1 +untouched +v1 → v1 — 10\.0\.0\.1:22: cannot connect over SSH: ECONNREFUSED$/m);
  });

  it('a message that already starts with the host is not prefixed again', () => {
    expect(hostMessage('web-1', new Error('web-1 (10.0.0.1:22): cannot connect'))).toBe('web-1 (10.0.0.1:22): cannot connect');
    expect(hostMessage('web-1', new Error('web-1: docker not found'))).toBe('web-1: docker not found');
    expect(hostMessage('web-1', new Error('docker not found'))).toBe('web-1: docker not found');
    expect(hostMessage('web-1', new Error('web-10: docker not found'))).toBe('web-1: web-10: docker not found');
  });
});

describe('a failed preflight', () => {
  it('names each host once, and every line of the reason is a complete sentence', async () => {
    const config = buildConfig({ ...minimalRaw(), hosts: [{ name: 'web-1', address: '127.0.0.1', port: 1 }, { name: 'web-2', address: '127.0.0.1', port: 2 }] }, fakeSources());
    const fleet = new Fleet({ config, log: silentLogger, clock: systemClock, runId: 'run-1', signal: new AbortController().signal, command: 'deploy', commit: null, actor: null });
    const error = await fleet.preflight({ lock: true, version: 'v1' }).then(
      () => null,
      (err: Error) => err,
    );
    const lines = error!.message.split('\n');
    expect(lines[0]).toBe('preflight failed on web-1, web-2; nothing was changed.');
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^ {2}web-1 \(127\.0\.0\.1:1\): cannot connect over SSH: \S/), expect.stringMatching(/^ {2}web-2 \(127\.0\.0\.1:2\): cannot connect over SSH: \S/)]);
    for (const line of lines) expect(line).not.toMatch(/:\s*$/);
  });
});
