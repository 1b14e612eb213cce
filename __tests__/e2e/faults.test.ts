/**
 * The fault matrix against the real lab (docs/faults.md): every fault ends with each host
 * running exactly one healthy release (the old or the new one, never none, never an unknown
 * container), the lock released, and a report that says which host runs what and why. When a
 * host stays unreachable to the end, the report names it with the command to finish by hand.
 *
 * Faults covered elsewhere: a host down before the deploy (ship.test.ts "refuses to deploy
 * when a host is down"), Prometheus down (watch.test.ts), cancel then post step
 * (cancel.test.ts), a changed host key (ship.test.ts).
 *
 * Each test uses its own app and port (8090+) and resets it before and after.
 */
import { describe, it, expect, afterAll, afterEach } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, appendFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, containers, httpText, lab, labEnv, onHost, resetApp, running, runTag, writeConfig, HOSTS, type CliResult } from './support/lab';

const addr = (h: string) => labEnv()[`LAB_ADDR_${h}`];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const ver = (what: string) => `${what}-${runTag}-${++n}`;

/** Faults set by a test, undone after it whatever happened. */
const undo: (() => void)[] = [];
function fault(target: string, action: string, reverse?: string): void {
  lab('fault', target, action);
  if (reverse) undo.push(() => lab('fault', target, reverse));
}
afterEach(() => {
  while (undo.length) {
    try {
      undo.pop()!();
    } catch {
      /* already undone */
    }
  }
});
afterAll(() => {
  for (const h of HOSTS()) for (const f of ['link-up', 'unblackhole', 'sshd-start']) lab('fault', h, f);
  lab('prometheus', 'start');
  lab('fault', 'registry', 'start');
});

function config(app: string, port: number, extra: (c: Record<string, any>) => void = () => {}): string {
  return writeConfig((c) => {
    c.app = app;
    c.container = { ...c.container, port, env: { PORT: String(port) } };
    c.health = { path: '/health', timeout: '20s', interval: '300ms' };
    c.verify = { enabled: false };
    c.ssh.connectTimeout = '3s';
    c.ssh.commandTimeout = '40s';
    c.rollout = { batchSize: 1 };
    extra(c);
  });
}

interface Trigger {
  /** A line of the CLI's log (stderr) that starts the action. */
  on: RegExp;
  action: () => Promise<void> | void;
}

/** Runs the bundled CLI; each trigger fires once, when its line appears in the log. */
function deployWith(args: string[], triggers: Trigger[] = [], timeoutMs = 280_000): Promise<CliResult & { log: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const pending = [...triggers];
    const running: Promise<void>[] = [];
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      for (const t of [...pending]) {
        if (t.on.test(stderr)) {
          pending.splice(pending.indexOf(t), 1);
          running.push(Promise.resolve().then(t.action));
        }
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', async (code) => {
      clearTimeout(timer);
      const errs = (await Promise.allSettled(running)).filter((r) => r.status === 'rejected');
      if (errs.length) return reject((errs[0] as PromiseRejectedResult).reason);
      let report: any = null;
      try {
        report = JSON.parse(stdout);
      } catch {
        /* no JSON */
      }
      resolve({ code: code ?? -1, stdout, stderr, report, log: stderr });
    });
  });
}

/** Resolves once `h` runs a container of `version` (polled on the host; bounded). */
async function untilRunning(h: string, app: string, version: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (containers(h, app).some((c) => c.version === version && c.running)) return;
    await sleep(100);
  }
  throw new Error(`${h} never ran ${version}`);
}

const lockState = (h: string, app: string) => onHost(h, `[ -d /root/.rollwatch/${app}/lock ] && echo held || echo free`).trim();

/** The end state every fault must reach: one healthy, known release per host, lock free. */
async function expectClean(app: string, port: number, expected: Record<string, string>, known: string[]): Promise<void> {
  for (const h of HOSTS()) {
    const all = containers(h, app);
    expect([h, all.filter((c) => c.running).map((c) => c.version)]).toEqual([h, [expected[h]]]);
    for (const c of all) expect([h, known.includes(c.version)]).toEqual([h, true]);
    const health = await httpText(`http://${addr(h)}:${port}/health`);
    expect([h, health.status]).toEqual([h, 200]);
    expect((await httpText(`http://${addr(h)}:${port}/`)).body).toContain(expected[h]);
    expect([h, lockState(h, app)]).toEqual([h, 'free']);
  }
}

const all = (v: string) => Object.fromEntries(HOSTS().map((h) => [h, v]));
const hostReport = (r: any, h: string) => r.report.hosts.find((x: any) => x.name === h);

/** Prints the report lines docs/faults.md quotes. */
function show(title: string, r: { code: number; report: any }): void {
  const lines = [`[${title}] exit ${r.code} outcome ${r.report?.outcome}: ${r.report?.reason}`];
  for (const h of r.report?.hosts ?? []) lines.push(`  ${h.name}: ${h.result} ${h.previous} → ${h.final} healthy=${h.healthy} | ${h.detail}${h.manual ? ` | manual: ${h.manual}` : ''}`);
  process.stdout.write(lines.join('\n') + '\n');
}

async function setup(app: string, port: number, v1: string, extra?: (c: Record<string, any>) => void): Promise<void> {
  resetApp(app);
  const r = await deployWith(['deploy', '--config', config(app, port, extra), '--version', v1, '--json']);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
}

/** Root-namespace pids of the sshd processes inside a lab host (the listener and sessions). */
function sshdPids(h: string): string[] {
  return onHost(h, `for p in /proc/[0-9]*; do [ "$(cat $p/comm 2>/dev/null)" = sshd ] && echo \${p#/proc/}; done; true`)
    .split('\n')
    .filter(Boolean);
}

describe('fault matrix', () => {
  it('2: a host link cut mid-rollout and back later: the run fails truthfully, every host ends on one healthy release', async () => {
    const APP = 'f-link';
    const PORT = 8090;
    const v1 = ver('v1');
    const v2 = ver('v2');
    await setup(APP, PORT, v1);
    const cfg = config(APP, PORT, (c) => (c.container.env.DEMO_START_DELAY = '2'));
    const r = await deployWith(
      ['deploy', '--config', cfg, '--version', v2, '--json'],
      [
        {
          on: /rollout batch 2\/3/,
          action: async () => {
            await untilRunning('h2', APP, v2);
            fault('h2', 'link-down', 'link-up');
            await sleep(25_000); // longer than the SSH keepalive (3 × 5 s): the connection dies
            lab('fault', 'h2', 'link-up');
          },
        },
      ],
    );
    show('link cut', r);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(1);
    expect(r.report.outcome).toBe('failed');
    expect(hostReport(r, 'h1').result).toBe('rolled-back');
    expect(hostReport(r, 'h3').result).toBe('untouched');
    await expectClean(APP, PORT, all(v1), [v1, v2]);
    resetApp(APP);
  });

  it('2b: a host link cut to the end of the run: the report names the host, its last known state and the command to finish by hand', async () => {
    const APP = 'f-link-end';
    const PORT = 8091;
    const v1 = ver('v1');
    const v2 = ver('v2');
    await setup(APP, PORT, v1);
    const cfg = config(APP, PORT, (c) => (c.container.env.DEMO_START_DELAY = '2'));
    const r = await deployWith(
      ['deploy', '--config', cfg, '--version', v2, '--json'],
      [
        {
          on: /rollout batch 2\/3/,
          action: async () => {
            await untilRunning('h2', APP, v2);
            fault('h2', 'link-down', 'link-up');
          },
        },
      ],
    );
    lab('fault', 'h2', 'link-up');
    show('link cut to the end', r);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(1);
    const h2 = hostReport(r, 'h2');
    expect(h2.result).toBe('failed');
    expect(h2.manual).toMatch(/ssh root@10\.213\.0\.12 /);
    expect(hostReport(r, 'h1').result).toBe('rolled-back');
    // finish by hand with the command the report gives
    execFileSync('sh', ['-c', h2.manual.replace(/^ssh /, `ssh -F ${labEnv().LAB_SSH_CONFIG} -o ConnectTimeout=5 `)], { stdio: 'pipe' });
    await expectClean(APP, PORT, all(v1), [v1, v2]);
    resetApp(APP);
  });
});
