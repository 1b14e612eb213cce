import { describe, it, expect } from '@jest/globals';
import { judgeContainer, recheckDelay } from '../../../src/engine/health';
import type { ContainerInfo } from '../../../src/targets/ssh/inspect';

function container(over: Partial<ContainerInfo> = {}): ContainerInfo {
  return {
    id: 'abc',
    name: 'web-v2',
    version: 'v2',
    digest: '',
    image: '',
    deployedAt: '',
    running: true,
    status: 'running',
    health: 'starting',
    startedAt: '',
    finishedAt: '',
    restartCount: 0,
    oomKilled: false,
    exitCode: 0,
    ...over,
  };
}

describe('judgeContainer: what the container state says about the health gate', () => {
  it('gone, exited or unhealthy is final in every mode', () => {
    for (const mode of ['auto', 'require', 'ignore'] as const) {
      expect(judgeContainer(null, 'web-v2', mode, true)).toMatchObject({ ok: false, final: true, detail: 'container web-v2 is gone' });
      expect(judgeContainer(container({ running: false, status: 'exited', exitCode: 3, oomKilled: true }), 'web-v2', mode, true)).toMatchObject({
        ok: false,
        final: true,
        detail: 'container web-v2 is exited (exit code 3, OOM killed)',
      });
    }
    for (const mode of ['auto', 'require'] as const) {
      expect(judgeContainer(container({ health: 'unhealthy' }), 'web-v2', mode, true)).toMatchObject({ ok: false, final: true });
    }
    expect(judgeContainer(container({ health: 'unhealthy' }), 'web-v2', 'ignore', true)).toEqual({ ok: true });
  });

  it('auto with an HTTP check: a HEALTHCHECK still starting does not hold the gate (the HTTP check decides)', () => {
    expect(judgeContainer(container({ health: 'starting' }), 'web-v2', 'auto', true)).toEqual({ ok: true });
    expect(judgeContainer(container({ health: 'healthy' }), 'web-v2', 'auto', true)).toEqual({ ok: true });
    expect(judgeContainer(container({ health: 'none' }), 'web-v2', 'auto', true)).toEqual({ ok: true });
  });

  it('auto without an HTTP check, and require: a HEALTHCHECK must say healthy', () => {
    expect(judgeContainer(container({ health: 'starting' }), 'web-v2', 'auto', false)).toEqual({ ok: false, final: false, detail: 'container health is starting' });
    expect(judgeContainer(container({ health: 'starting' }), 'web-v2', 'require', true)).toEqual({ ok: false, final: false, detail: 'container health is starting' });
    expect(judgeContainer(container({ health: 'healthy' }), 'web-v2', 'require', true)).toEqual({ ok: true });
    expect(judgeContainer(container({ health: 'none' }), 'web-v2', 'auto', false)).toEqual({ ok: true });
  });

  it('require refuses an image without a HEALTHCHECK at once', () => {
    const v = judgeContainer(container({ health: 'none' }), 'web-v2', 'require', true);
    expect(v).toMatchObject({ ok: false, final: true });
    expect(!v.ok && v.detail).toMatch(/no HEALTHCHECK but health.container is "require"/);
  });
});

describe('recheckDelay', () => {
  it('starts at 50 ms, doubles, and never exceeds the configured interval', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => recheckDelay(n, 1000))).toEqual([50, 100, 200, 400, 800, 1000, 1000]);
    expect(recheckDelay(1, 20)).toBe(20);
    expect(recheckDelay(60, 1000)).toBe(1000);
  });
});
