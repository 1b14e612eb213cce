/**
 * One host's rollout (deployHost) against a fake engine driven by real dockerode: with the
 * stop-start strategy the new container is created while the old one stops gracefully, and
 * started only once the stop has answered; a stop that fails removes what was created and
 * restarts the old release.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { buildConfig } from '../../../src/config/load';
import type { RunContext } from '../../../src/engine/context';
import { HostAgent } from '../../../src/targets/ssh/host-agent';
import { deployHost, HostRolloutError } from '../../../src/targets/ssh/host-rollout';
import { streamLogger } from '../../../src/util/log';
import { systemClock } from '../../../src/util/clock';
import { fakeSources, minimalRaw } from '../../fixtures/core/config';
import { fakeEngine, fakeHost, inspected, type EngineAnswer, type EngineRequest } from '../../fixtures/core/fake-engine';

const OLD_ID = 'b'.repeat(64);
const NEW_ID = 'c'.repeat(64);
/** The new container is started by the ID its create answered. */
const START_NEW = `POST /containers/${NEW_ID}/start`;
const NEW_DIGEST = `sha256:${'c'.repeat(64)}`;
const release = { version: 'v2', imageRef: `ghcr.io/acme/web@${NEW_DIGEST}`, digest: NEW_DIGEST };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

function context(): RunContext {
  const config = buildConfig({ ...minimalRaw(), rollout: { strategy: 'stop-start' } }, fakeSources());
  return { config, log: streamLogger(() => undefined), clock: systemClock, runId: 'run-1', signal: new AbortController().signal, command: 'deploy', commit: null, actor: null };
}

/** An engine that runs web-v1 and answers a rollout to v2; `stop` decides the old container's stop. */
async function hostWith(stop: () => Promise<EngineAnswer>) {
  const events: string[] = [];
  const engine = await fakeEngine(async (r: EngineRequest): Promise<EngineAnswer> => {
    const call = `${r.method} ${r.path}`;
    events.push(call);
    if (call === 'GET /containers/json') return { status: 200, json: [{ Id: OLD_ID }] };
    if (call === `GET /containers/${OLD_ID}/json`) return { status: 200, json: inspected('web-v1', 'v1', { running: true, id: OLD_ID }) };
    if (call === 'POST /images/create') return { status: 200, raw: `${JSON.stringify({ status: `Digest: ${NEW_DIGEST}` })}\r\n${JSON.stringify({ status: 'Status: Downloaded newer image' })}\r\n` };
    if (call === 'POST /containers/web-v1/update' || call === 'POST /containers/web-v2/update') return { status: 200, json: {} };
    if (call === 'POST /containers/web-v1/stop') {
      const answer = await stop();
      events.push('stop answered');
      return answer;
    }
    if (call === 'POST /containers/create') return { status: 201, json: { Id: NEW_ID } };
    if (call === START_NEW || call === 'POST /containers/web-v1/start') return { status: 204 };
    if (call === 'GET /containers/web-v2/json') return { status: 200, json: inspected('web-v2', 'v2', { running: true }) };
    if (call === 'DELETE /containers/web-v2') return { status: 204 };
    if (call === 'GET /containers/web-v1/json') return { status: 200, json: inspected('web-v1', 'v1', { running: true, id: OLD_ID }) };
    return { status: 500, json: { message: `unexpected ${call}` } };
  });
  closers.push(engine.close);
  return { agent: new HostAgent(fakeHost(engine.docker), 'web'), events };
}

describe('deployHost, stop-start', () => {
  it('creates the new container while the old one stops, and starts it only after the stop answered', async () => {
    const { agent, events } = await hostWith(() => new Promise((resolve) => setTimeout(() => resolve({ status: 204 }), 150)));
    const change = await deployHost(context(), agent, release, () => undefined);
    expect(change.changed).toBe(true);
    expect(change.previous?.name).toBe('web-v1');
    const at = (e: string) => events.indexOf(e);
    expect(at('POST /containers/create')).toBeGreaterThan(-1);
    // the create went out while the stop was still under way …
    expect(at('POST /containers/create')).toBeLessThan(at('stop answered'));
    // … and nothing of the new release ran before the old one was down
    expect(at(START_NEW)).toBeGreaterThan(at('stop answered'));
    expect(at('POST /images/create')).toBeLessThan(at('POST /containers/web-v1/stop'));
    expect(change.steps.map((s) => s.step)).toEqual(['inspect', 'pull', 'stop-old', 'start', 'health']);
  });

  it('a stop that fails removes the container created meanwhile and starts the old release again', async () => {
    const { agent, events } = await hostWith(async () => ({ status: 409, json: { message: 'cannot stop container: permission denied' } }));
    const err = await deployHost(context(), agent, release, () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostRolloutError);
    expect((err as HostRolloutError).message).toMatch(/stopping container web-v1 failed: cannot stop container: permission denied/);
    expect((err as HostRolloutError).report.result).toBe('restored');
    expect(events).not.toContain(START_NEW);
    const removed = events.lastIndexOf('DELETE /containers/web-v2');
    expect(removed).toBeGreaterThan(events.indexOf('POST /containers/create'));
    expect(events.lastIndexOf('POST /containers/web-v1/start')).toBeGreaterThan(removed);
  });
});
