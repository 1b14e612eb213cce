/**
 * Every HTTP exchange with a peer (health endpoint, probe target, Prometheus, Grafana) ends by
 * its deadline, whatever the peer does: drip one byte every 100 ms, stream without end, or
 * redirect the credentials elsewhere. The peers are real HTTP servers on 127.0.0.1.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { httpGet } from '../../../src/metrics/http';
import { PrometheusClient } from '../../../src/metrics/prometheus';
import { annotateRun } from '../../../src/integrations/grafana';
import { waitHealthy } from '../../../src/targets/ssh/health';
import type { Config } from '../../../src/config/types';
import type { HostAgent } from '../../../src/targets/ssh/host-agent';
import { systemClock } from '../../../src/util/clock';
import { rolledBackReport } from '../report/fixtures';
import { startPeer, timed, type Behaviour, type Peer } from './peers';

let peers: Peer[] = [];
afterEach(async () => {
  await Promise.all(peers.map((p) => p.close()));
  peers = [];
});
async function peer(b: Behaviour): Promise<Peer> {
  const p = await startPeer(b);
  peers.push(p);
  return p;
}

function healthConfig(port: number, over: Partial<Config['health']> = {}): Config {
  return { health: { path: '/health', port, scheme: 'http', timeoutMs: 1500, intervalMs: 100, requestTimeoutMs: 500, container: 'auto', ...over } } as unknown as Config;
}

/** A host whose container reads answer "running" after `readMs` (or never, for Infinity). */
function hostAgent(readMs: number): HostAgent {
  return {
    host: { name: 'h1', address: '127.0.0.1', port: 22, user: 'root' },
    container: () =>
      new Promise((resolve) => {
        if (Number.isFinite(readMs)) setTimeout(() => resolve({ running: true, status: 'running', health: 'none', version: 'v1' }), readMs);
      }),
  } as unknown as HostAgent;
}

const grafanaSettings = (url: string) => ({ url, token: 'glsa_token', tags: [] });
const logSink = () => {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, log: { warn: (m: string) => warnings.push(m), info: (m: string) => infos.push(m) } };
};

describe('health and probe requests: a whole-request deadline and a size cap', () => {
  it('a dripping health endpoint fails each check by its request timeout, and the gate by health.timeout', async () => {
    const p = await peer('drip');
    const one = await timed(() => httpGet(`${p.url}/health`, 500));
    expect(one.value).toMatchObject({ ok: false, error: 'no complete answer within 500 ms' });
    expect(one.ms).toBeLessThan(1200);

    const gate = await timed(() => waitHealthy(hostAgent(5), 'web-v2', healthConfig(Number(new URL(p.url).port)), systemClock));
    expect(gate.value.healthy).toBe(false);
    expect(gate.value.detail).toMatch(/^not healthy within 2s: GET http:\/\/127\.0\.0\.1:\d+\/health: no complete answer within \d+ ms$/);
    expect(gate.ms).toBeLessThan(2500);
  });

  it('a health answer is ok on 2xx; a redirect is its own status, not followed; a closed port names the error', async () => {
    const p = await peer('ok');
    expect(await httpGet(`${p.url}/health`, 2000)).toMatchObject({ ok: true, status: 200, error: null });
    const elsewhere = await peer('ok');
    const redirecting = await peer({ redirectTo: elsewhere.url });
    expect(await httpGet(`${redirecting.url}/health`, 2000)).toMatchObject({ ok: false, status: 307, error: 'HTTP 307' });
    expect(elsewhere.requests).toEqual([]);
    expect(p.requests.map((r) => r.line)).toEqual(['GET /health']);
    const closed = new URL(p.url);
    await p.close();
    peers = peers.filter((x) => x !== p);
    expect(await httpGet(`${closed.origin}/health`, 2000)).toMatchObject({ ok: false, status: null, error: 'ECONNREFUSED' });
  });

  it('an endless health answer is cut at the size cap long before the deadline', async () => {
    const p = await peer('endless');
    const r = await timed(() => httpGet(`${p.url}/health`, 20_000));
    expect(r.value).toMatchObject({ ok: false, error: 'answer larger than the 1024 KiB limit' });
    expect(r.ms).toBeLessThan(5000);
  });

  it('a single check (health.timeout 0: status, heal) still waits for its slow container read and a full request timeout', async () => {
    const p = await peer({ delayMs: 300 });
    const r = await waitHealthy(hostAgent(400), 'web-v1', healthConfig(Number(new URL(p.url).port), { path: '/', timeoutMs: 0 }), systemClock);
    expect(r).toMatchObject({ healthy: true, detail: `GET ${p.url}/ answered 2xx` });
  });

  it('a restore waiting for health ends by health.timeout even when the container state read hangs', async () => {
    const p = await peer('ok');
    const r = await timed(() => waitHealthy(hostAgent(Infinity), 'web-v1', healthConfig(Number(new URL(p.url).port), { path: '/' }), systemClock));
    expect(r.value).toMatchObject({ healthy: false, detail: 'not healthy within 2s: the container state could not be read in time' });
    expect(r.ms).toBeLessThan(2500);
  });
});

describe('Prometheus: a whole-request deadline, a size cap, no redirect', () => {
  it('a dripping Prometheus answers "no data" by prometheus.timeout', async () => {
    const p = await peer('drip');
    const prom = new PrometheusClient({ url: p.url, timeoutMs: 500 });
    const r = await timed(() => prom.instant('up'));
    expect(r.value).toEqual({ value: null, error: 'Prometheus gave no complete answer within 500 ms (prometheus.timeout)' });
    expect(r.ms).toBeLessThan(1500);
    const range = await timed(() => prom.range('up', 0, 10, 5));
    expect(range.value).toHaveLength(3);
    expect(range.value[0].error).toMatch(/no complete answer within 500 ms/);
    expect(range.ms).toBeLessThan(1500);
  });

  it('an endless Prometheus answer is refused at the size cap', async () => {
    const p = await peer('endless');
    const r = await timed(() => new PrometheusClient({ url: p.url, timeoutMs: 30_000 }).instant('up'));
    expect(r.value).toEqual({ value: null, error: 'Prometheus answer larger than 16 MiB: refused' });
    expect(r.ms).toBeLessThan(10_000);
  });

  it('a redirect is not followed: the bearer token never reaches the other address', async () => {
    const elsewhere = await peer('ok');
    const p = await peer({ redirectTo: elsewhere.url });
    const r = await new PrometheusClient({ url: p.url, timeoutMs: 2000, bearerToken: 'prom-secret' }).instant('up');
    expect(r.value).toBeNull();
    expect(r.error).toMatch(/^HTTP 307 from Prometheus: redirects are not followed/);
    expect(p.requests).toHaveLength(1);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('Grafana: a whole-request deadline, a size cap, no redirect, no credentials in warnings', () => {
  it('a dripping Grafana gives a warning by the annotation timeout', async () => {
    const p = await peer('drip');
    const { warnings, log } = logSink();
    const r = await timed(() => annotateRun(grafanaSettings(p.url), rolledBackReport(), log, { timeoutMs: 500 }));
    expect(r.value).toBeNull();
    expect(warnings).toEqual([`Grafana annotation not posted (the deploy is not affected): ${p.url}/api/annotations: no complete answer within 500 ms`]);
    expect(r.ms).toBeLessThan(1500);
  });

  it('an endless Grafana answer is dropped at the size cap, long before the timeout', async () => {
    const p = await peer('endless');
    const { warnings, log } = logSink();
    const r = await timed(() => annotateRun(grafanaSettings(p.url), rolledBackReport(), log, { timeoutMs: 20_000 }));
    expect(r.value).toBeNull();
    expect(warnings).toEqual([`Grafana annotation not posted (the deploy is not affected): the answer from ${p.url}/api/annotations is larger than 64 KiB: not read`]);
    expect(r.ms).toBeLessThan(5000);
  });

  it('a redirect is not followed: the token and the annotation never reach the other address', async () => {
    const elsewhere = await peer('ok');
    const p = await peer({ redirectTo: elsewhere.url });
    const { warnings, log } = logSink();
    expect(await annotateRun(grafanaSettings(p.url), rolledBackReport(), log, { timeoutMs: 2000 })).toBeNull();
    expect(p.requests.map((r) => r.authorization)).toEqual(['Bearer glsa_token']);
    expect(elsewhere.requests).toEqual([]);
    expect(warnings[0]).toMatch(/HTTP 307 from .*redirects are not followed \(the token stays with grafana\.url\)/);
  });

  it('a Grafana URL with user:password@ is never printed with them', async () => {
    const p = await peer('ok');
    const withUserinfo = p.url.replace('http://', 'http://admin:hunter2@');
    const { warnings, infos, log } = logSink();
    await annotateRun(grafanaSettings(withUserinfo), rolledBackReport(), log, { timeoutMs: 2000 });
    const printed = [...warnings, ...infos].join('\n');
    expect(printed).not.toBe('');
    expect(printed).not.toContain('hunter2');
    expect(printed).not.toContain('admin');
    expect(printed).toContain('http://***@127.0.0.1');
  });
});
