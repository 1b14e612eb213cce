/**
 * A value read back from a host never reaches an engine request as something else: a label
 * "--force" must not turn a prune into a forced removal, and a name or ID that is not one Docker
 * name never becomes a request path (e.g. "../images/x"). The requests go to a fake engine
 * driven by real dockerode, which records them.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { HostAgent } from '../../../src/targets/ssh/host-agent';
import { classifyReleases, parseInspect, prunePlan } from '../../../src/targets/ssh/inspect';
import { RollwatchError } from '../../../src/errors';
import { fakeEngine, fakeHost } from '../../fixtures/core/fake-engine';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function agent() {
  const engine = await fakeEngine(() => ({ status: 204 }));
  closers.push(engine.close);
  return { agent: new HostAgent(fakeHost(engine.docker), 'web'), requests: engine.requests };
}

const HOSTILE = ['--force', '-f', '-fv', '--rm', '../images/x', 'x?force=1', 'x#y', 'web v1', ''];

describe('a prune planned from hostile labels', () => {
  it('never force-removes: the "--force" container is not rollwatch\'s and is left alone', async () => {
    const c = (name: string, version: string, image: string, running: boolean, finished: string) => ({
      Id: name.replace(/[^a-f0-9]/g, '').padEnd(12, 'a'),
      Name: `/${name}`,
      State: { Running: running, Status: running ? 'running' : 'exited', StartedAt: '2024-05-01T10:00:00Z', FinishedAt: finished },
      Config: { Labels: { 'rollwatch.app': 'web', 'rollwatch.version': version, 'rollwatch.image': image } },
    });
    const json = JSON.stringify([
      c('web-v3', 'v3', 'reg/web:v3', true, '0001-01-01T00:00:00Z'),
      c('web-v2', 'v2', 'reg/web:v2', false, '2024-05-03T00:00:00Z'),
      c('web-v1', 'v1', 'reg/web:v1', false, '2024-05-02T00:00:00Z'),
      c('--force', '--force', '--force', false, '2024-05-01T00:00:00Z'),
      c('web-v0', 'v0', '-f', false, '2024-04-30T00:00:00Z'),
    ]);
    const plan = prunePlan(classifyReleases(parseInspect(json)), 1);
    const { agent: a, requests } = await agent();
    await a.prune(plan.containers, plan.unusedImages);
    expect(requests.filter((r) => r.query.get('force') === 'true')).toEqual([]);
    expect(requests.map((r) => r.path).filter((p) => /\/-|force/.test(p))).toEqual([]);
    // the old rollwatch release is still pruned
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /containers/' + 'web-v1'.replace(/[^a-f0-9]/g, '').padEnd(12, 'a'), 'DELETE /images/reg/web:v1']);
  });
});

describe('every operation that takes a name, ID or image', () => {
  const ops: [string, (a: HostAgent, v: string) => Promise<unknown>][] = [
    ['prune (container)', (a, v) => a.prune([{ id: '', name: v } as never], [])],
    ['prune (image)', (a, v) => a.prune([{ id: 'abc', name: 'web-v1' } as never], [v])],
    ['remove', (a, v) => a.remove(v)],
    ['start', (a, v) => a.start(v, 'always')],
    ['stop', (a, v) => a.stop(v, 5)],
    ['restart', (a, v) => a.restart(v, 5)],
    ['restoreFast (failed)', (a, v) => a.restoreFast(v, 'web-v1', 'always')],
    ['restoreFast (previous)', (a, v) => a.restoreFast('web-v2', v, 'always')],
    ['rename', (a, v) => a.rename('web-v2', v)],
    ['container', (a, v) => a.container(v)],
    ['pull', (a, v) => a.pull(v, undefined)],
    ['imagePresent', (a, v) => a.imagePresent(v)],
  ];

  it.each(ops)('%s: a value that is not one Docker name is refused before any request', async (_what, op) => {
    const { agent: a, requests } = await agent();
    for (const v of HOSTILE) {
      const err = await op(a, v).then(
        () => null,
        (e: unknown) => e,
      );
      expect([v, err]).toEqual([v, expect.any(RollwatchError)]);
      expect((err as RollwatchError).kind).toBe('input');
    }
    expect(requests).toEqual([]);
  });

  it('ordinary values reach the engine as the path they name', async () => {
    const { agent: a, requests } = await agent();
    await a.remove('web-v1');
    await a.imagePresent('reg/web@sha256:' + 'a'.repeat(64));
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /containers/web-v1', `GET /images/reg/web@sha256:${'a'.repeat(64)}/json`]);
  });
});
