import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { judgeContainer, recheckDelay, waitHealthy } from '../../../src/targets/ssh/health';
import type { Config } from '../../../src/config/types';
import type { HostAgent } from '../../../src/targets/ssh/host-agent';
import type { ContainerInfo } from '../../../src/targets/ssh/inspect';
import { systemClock } from '../../../src/util/clock';

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
    healthCheck: null,
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

describe('waitHealthy against a local HTTP server and a stand-in for the host', () => {
  let server: Server;
  let port = 0;
  let answers: number[] = [];
  let requests = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests++;
      res.statusCode = answers.length > 1 ? answers.shift()! : (answers[0] ?? 200);
      res.end('ok\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const config = (over: Partial<Config['health']> = {}) =>
    ({ health: { path: '/health', port, scheme: 'http', timeoutMs: 3000, intervalMs: 200, requestTimeoutMs: 1000, container: 'auto', ...over } }) as unknown as Config;
  /** A host whose container reads take `readMs` and return `states` in turn (the last one repeats). */
  function host(states: (Partial<ContainerInfo> | null)[], readMs: number) {
    let reads = 0;
    const agent = {
      host: { name: 'h1', address: '127.0.0.1', port: 22, user: 'root' },
      container: async () => {
        const s = states[Math.min(reads++, states.length - 1)];
        await new Promise((r) => setTimeout(r, readMs));
        return s === null ? null : container(s);
      },
    } as unknown as HostAgent;
    return { agent, reads: () => reads };
  }

  it('auto: the HTTP check decides while the HEALTHCHECK is starting; it polls without waiting for each slow container read', async () => {
    answers = [503, 503, 503, 200];
    requests = 0;
    const h = host([{ health: 'starting' }], 400);
    const r = await waitHealthy(h.agent, 'web-v2', config(), systemClock);
    expect(r).toMatchObject({ healthy: true, detail: `GET http://127.0.0.1:${port}/health answered 2xx`, version: 'v2' });
    expect(requests).toBe(4);
    expect(h.reads()).toBeLessThan(requests);
  });

  it('a container that exited fails at once even while the HTTP URL answers (another process on the port)', async () => {
    answers = [200];
    const h = host([{ running: false, status: 'exited', exitCode: 3 }], 10);
    const r = await waitHealthy(h.agent, 'web-v2', config(), systemClock);
    expect(r).toMatchObject({ healthy: false, detail: 'container web-v2 is exited (exit code 3)' });
  });

  it('an unhealthy container fails although the HTTP check passes; a gone one too', async () => {
    answers = [200];
    expect(await waitHealthy(host([{ health: 'unhealthy' }], 10).agent, 'web-v2', config(), systemClock)).toMatchObject({ healthy: false, detail: 'container health is unhealthy' });
    expect(await waitHealthy(host([null], 10).agent, 'web-v2', config(), systemClock)).toMatchObject({ healthy: false, detail: 'container web-v2 is gone' });
  });

  it('require: a passing HTTP check waits for the HEALTHCHECK to say healthy', async () => {
    answers = [200];
    const h = host([{ health: 'starting' }, { health: 'starting' }, { health: 'healthy' }], 10);
    const r = await waitHealthy(h.agent, 'web-v2', config({ container: 'require' }), systemClock);
    expect(r.healthy).toBe(true);
    expect(h.reads()).toBeGreaterThanOrEqual(3);
    const never = await waitHealthy(host([{ health: 'starting' }], 10).agent, 'web-v2', config({ container: 'require', timeoutMs: 300 }), systemClock);
    expect(never).toMatchObject({ healthy: false, detail: 'not healthy within 0s: container health is starting' });
  });

  it('a failing HTTP check times out with the last error', async () => {
    answers = [500];
    const r = await waitHealthy(host([{ health: 'none' }], 10).agent, 'web-v2', config({ timeoutMs: 400 }), systemClock);
    expect(r).toMatchObject({ healthy: false, detail: `not healthy within 0s: GET http://127.0.0.1:${port}/health: HTTP 500` });
  });

  it('without an HTTP check, a running container without a HEALTHCHECK is enough', async () => {
    const r = await waitHealthy(host([{ health: 'none' }], 10).agent, 'web-v2', config({ path: undefined }), systemClock);
    expect(r).toMatchObject({ healthy: true, detail: 'container running' });
  });
});
