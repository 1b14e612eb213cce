/**
 * The quick start (`bash scripts/demo`, the README's first command) tells its story and checks
 * it: v1 deployed, a healthy v2 promoted, a v3 300 ms slower rolled back by a latency rule. It
 * brings the lab up again itself (a fresh lab, as on a new machine) and leaves it up.
 * It runs with the demo's own shortened verification (30 s baseline and window at 1 s), which
 * its recap states.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, running, HOSTS } from './support/lab';

function runDemo(): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn('bash', ['scripts/demo'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 330_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

describe('quick start: scripts/demo', () => {
  it('exits 0 after v1 deployed, v2 promoted and the slow v3 rolled back by latency, and says so in its recap', async () => {
    const r = await runDemo();
    if (r.code !== 0) throw new Error(`scripts/demo exited ${r.code}:\n${r.stderr.slice(-3000)}\n${r.stdout}`);
    const recap = r.stdout;
    expect(recap).toMatch(/^verification shortened for the demo: baseline 30 s and window 30 s/m);
    expect(recap).toMatch(/^v1 {2}deployed +first release on 3 hosts; deploy \d+\.\d s/m);
    expect(recap).toMatch(/^v2 {2}promoted +verdict pass over \d+ samples/m);
    const v3 = /^v3 {2}rolled-back by (\S*latency\S*): (\d+) ms vs (\d+) ms on v2 .*detected in (\d+\.\d) s, recovered in (\d+\.\d) s/m.exec(recap);
    expect(v3).not.toBeNull();
    // the deciding latency moved by about the 300 ms the release adds
    expect(Number(v3![2]) - Number(v3![3])).toBeGreaterThanOrEqual(200);
    expect(Number(v3![4])).toBeLessThan(30); // inside the 30 s window
    const story = /every host runs (demo-v2-\d+)\./.exec(recap);
    expect(story).not.toBeNull();
    // the lab stays up with v2 on every host, as the recap says
    for (const h of HOSTS()) expect(running(h, 'demo').map((c) => c.version)).toEqual([story![1]]);
  }, 360_000);
});

/** The demo app's binary itself, compiled as `scripts/lab up` does and run on 127.0.0.1. */
describe('demo app (demo/app/demo.c) on 127.0.0.1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollwatch-demo-app-'));
  const bin = join(dir, 'demo');
  const started: ChildProcess[] = [];
  let nextPort = 18600 + (process.pid % 200);

  beforeAll(() => {
    execFileSync('gcc', ['-O2', '-s', '-static', '-Wall', '-Wextra', '-Werror', '-o', bin, join(ROOT, 'demo/app/demo.c')], { stdio: 'pipe' });
  });
  afterAll(() => {
    for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function startApp(env: Record<string, string>): Promise<{ proc: ChildProcess; base: string; port: number; log: () => string }> {
    const port = nextPort++;
    const proc = spawn(bin, [], { env: { PORT: String(port), ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    started.push(proc);
    let log = '';
    proc.stderr!.on('data', (d) => (log += d));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !/listening/.test(log); i++) await new Promise((r) => setTimeout(r, 20));
    expect(log).toMatch(/listening on :\d+/);
    return { proc, base, port, log: () => log };
  }

  /** Sends raw bytes on one connection; resolves with everything read until the server closes or `ms` passes. */
  function raw(port: number, data: string | Buffer, ms = 1500): Promise<string> {
    return new Promise((resolve, reject) => {
      const sock = connect(port, '127.0.0.1');
      let out = '';
      const timer = setTimeout(() => (sock.destroy(), resolve(out)), ms);
      sock.on('data', (d) => (out += d.toString('latin1')));
      sock.on('close', () => (clearTimeout(timer), resolve(out)));
      sock.on('error', (e) => (clearTimeout(timer), out ? resolve(out) : reject(e)));
      sock.write(data);
    });
  }
  const exitOf = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.on('exit', (code) => r(code))));

  it('names its release in a header, keeps connections alive and serves a latency histogram', async () => {
    const app = await startApp({ ROLLWATCH_VERSION: 'rel-7' });
    const pipelined = await raw(app.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    // three answers on one connection, in order, each naming the release
    expect(pipelined.match(/^HTTP\/1\.1 200 OK$/gm)).toHaveLength(3);
    expect(pipelined.match(/^X-Release: rel-7\r$/gm)).toHaveLength(3);
    expect(pipelined.match(/^Connection: (\S+)\r$/gm)).toEqual(['Connection: keep-alive\r', 'Connection: keep-alive\r', 'Connection: close\r']);
    const metrics = await (await fetch(`${app.base}/metrics`)).text();
    expect(metrics).toMatch(/^demo_requests_total\{code="200"\} 2$/m);
    expect(metrics).toMatch(/^demo_requests_total\{code="500"\} 0$/m);
    expect(metrics).toMatch(/^demo_request_duration_seconds_bucket\{le="\+Inf"\} 2$/m);
    expect(metrics).toMatch(/^demo_connections_accepted_total 2$/m); // the pipelined connection + this one
    expect(metrics).toMatch(/^demo_info\{version="rel-7"\} 1$/m);
  });

  it('adds latency with timers: 20 requests at once take about 300 ms in all, not 20 × 300 ms', async () => {
    const app = await startApp({ DEMO_LATENCY_MS: '300' });
    const t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => raw(app.port, 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n', 5000)));
    const ms = performance.now() - t0;
    for (const a of answers) expect(a).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(ms).toBeGreaterThanOrEqual(295);
    expect(ms).toBeLessThan(2000);
    // /health is not delayed
    const h0 = performance.now();
    expect((await fetch(`${app.base}/health`)).status).toBe(200);
    expect(performance.now() - h0).toBeLessThan(250);
    const metrics = await (await fetch(`${app.base}/metrics`)).text();
    expect(metrics).toMatch(/^demo_request_duration_seconds_bucket\{le="0\.25"\} 0$/m);
    expect(metrics).toMatch(/^demo_request_duration_seconds_bucket\{le="0\.5"\} 20$/m);
  });

  it('answers malformed requests with 4xx/5xx and keeps serving', async () => {
    const app = await startApp({});
    expect(await raw(app.port, '\x00\x01garbage\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw(app.port, `GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431 /);
    expect(await raw(app.port, 'GET / HTTP/1.1\r\nno colon here\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw(app.port, 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')).toMatch(/^HTTP\/1\.1 501 /);
    expect(await raw(app.port, 'GET / HTTP/3.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 505 /);
    expect(await raw(app.port, 'GET /nope HTTP/1.1\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 404 /);
    // a client that connects and says nothing does not hold the loop
    const silent = connect(app.port, '127.0.0.1');
    expect((await fetch(`${app.base}/health`)).status).toBe(200);
    silent.destroy();
    expect(app.proc.exitCode).toBeNull();
  });

  it('SIGTERM: refuses new connections, finishes the request in flight, exits 0', async () => {
    const app = await startApp({ DEMO_LATENCY_MS: '800' });
    const inFlight = raw(app.port, 'GET / HTTP/1.1\r\n\r\n', 5000);
    await new Promise((r) => setTimeout(r, 200));
    app.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${app.base}/health`)).rejects.toThrow();
    const answer = await inFlight;
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(answer).toMatch(/^Connection: close\r$/m);
    expect(await exitOf(app.proc)).toBe(0);
    expect(app.log()).toMatch(/SIGTERM, stopped accepting; finishing 1 connection/);
  });

  it('healthcheck subcommand: exit 0 when /health answers 2xx, 1 otherwise; the crash knobs exit non-zero', async () => {
    const ok = await startApp({});
    const sick = await startApp({ DEMO_HEALTH_FAIL: '1' });
    expect(() => execFileSync(bin, ['healthcheck'], { env: { PORT: String(ok.port) }, stdio: 'pipe' })).not.toThrow();
    expect(() => execFileSync(bin, ['healthcheck', `${sick.base}/health`], { stdio: 'pipe' })).toThrow(/HTTP 500/);
    const crash = spawn(bin, [], { env: { PORT: String(nextPort++), DEMO_CRASH: '1' }, stdio: 'ignore' });
    expect(await exitOf(crash)).toBe(3);
    const later = await startApp({ DEMO_CRASH_AFTER: '0.3' });
    expect(await exitOf(later.proc)).toBe(4);
  });
});
