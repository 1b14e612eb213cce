/**
 * Network peers against the real lab (docs/faults.md rows n1 and n7): a jump host whose link resets
 * after login in the middle of a rollout, and a deploy with DEBUG=modem and the verification
 * probe running (no registry credential and no process warning on stderr).
 *
 * The jump host is h1's real sshd, reached through a TCP relay on 127.0.0.1 that this test
 * controls: it resets every link through it once h2 runs the new release.
 */
import { describe, it, expect, afterAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { startRelay } from '../unit/net/sshd';
import { HOSTS, cli, containers, httpText, labEnv, onHost, resetApp, running, runTag, faultConfig, type CliResult, type Trigger } from './support/lab';

const addr = (h: string) => labEnv()[`LAB_ADDR_${h}`];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const ver = (what: string) => `${what}-${runTag}-${++n}`;


/** Runs the bundled CLI; each trigger fires once, when its line appears in the log. */
const runCli = (args: string[], env: Record<string, string> = {}, triggers: Trigger[] = []): Promise<CliResult> => cli(args, { env, triggers, timeoutMs: 200_000 });

const config = faultConfig;

const lockState = (h: string, app: string) => onHost(h, `[ -d /root/.rollwatch/${app}/lock ] && echo held || echo free`).trim();

/** Prints the report lines docs/faults.md quotes. */
function show(title: string, r: CliResult): void {
  if (!r.report) process.stdout.write(`[${title}] exit ${r.code}, no report; log:\n${r.stderr.slice(-3000)}\n`);
  const lines = [`[${title}] exit ${r.code} outcome ${r.report?.outcome}: ${r.report?.reason}`];
  for (const h of r.report?.hosts ?? []) lines.push(`  ${h.name}: ${h.result} ${h.previous} → ${h.final} healthy=${h.healthy} | ${h.detail}${h.manual ? ` | manual: ${h.manual}` : ''}`);
  process.stdout.write(lines.join('\n') + '\n');
}

afterAll(() => {
  for (const app of ['n-jump', 'n-debug']) resetApp(app);
});

describe('network peers', () => {
  it('n1: the jump host link resets after login mid-rollout: no crash, the normal lost-host report, every lock released, report = hosts', async () => {
    const app = 'n-jump';
    const port = 8110;
    const relay = await startRelay(22, addr('h1'));
    try {
      const viaJump = (c: Record<string, any>) => {
        const h1 = c.hosts.find((h: any) => h.name === 'h1');
        c.ssh.jumpHost = { address: '127.0.0.1', port: relay.port, fingerprint: h1.fingerprint };
      };
      resetApp(app);
      const v1 = ver('v1');
      const v2 = ver('v2');
      const first = await runCli(['deploy', '--config', config(app, port, viaJump), '--version', v1, '--json']);
      expect([first.code, first.report?.outcome]).toEqual([0, 'promoted']);
      expect(relay.accepted()).toBeGreaterThanOrEqual(3); // every host went through the jump

      let cut = 0;
      const cfg = config(app, port, (c) => {
        viaJump(c);
        c.container.env.DEMO_START_DELAY = '2';
      });
      const r = await runCli(['deploy', '--config', cfg, '--version', v2, '--json'], {}, [
        {
          on: /rollout batch 2\/3/,
          action: async () => {
            const end = Date.now() + 60_000;
            while (Date.now() < end && !containers('h2', app).some((c) => c.version === v2 && c.running)) await sleep(100);
            cut = relay.reset();
          },
        },
      ]);
      show('jump host reset after login', r);
      expect(cut).toBeGreaterThanOrEqual(1);
      // no crash: the run ended with its report, and no uncaught error reached stderr
      expect(r.report).not.toBeNull();
      expect(r.stderr).not.toMatch(/internal error|Uncaught|ECONNRESET\n\s+at /);
      expect([0, 1]).toContain(r.code);
      if (r.code === 1) expect(r.report.reason).toMatch(/SSH connection lost: jump host 127\.0\.0\.1:\d+: /);
      // the report says what runs where, and every host is back to one healthy release
      for (const hr of r.report.hosts) {
        const now = running(hr.name, app).map((c) => c.version);
        expect([hr.name, now]).toEqual([hr.name, [hr.final]]);
        expect([hr.name, (await httpText(`http://${addr(hr.name)}:${port}/health`)).status]).toEqual([hr.name, 200]);
        expect([hr.name, lockState(hr.name, app)]).toEqual([hr.name, 'free']);
      }
      const finals = new Set(r.report.hosts.map((h: any) => h.final));
      expect([...finals]).toEqual([r.code === 0 ? v2 : v1]);
    } finally {
      await relay.close();
      resetApp(app);
    }
  });

  it('n7: a deploy with DEBUG=modem and the probe running prints neither the registry credentials nor any process warning', async () => {
    const app = 'n-debug';
    const port = 8111;
    resetApp(app);
    const password = readFileSync(labEnv().LAB_REGISTRY_PASSWORD_FILE, 'utf8');
    const cfg = config(app, port, (c) => {
      c.verify = { enabled: true, window: '4s', interval: '1s', baseline: '2s', probe: { rate: 40, timeout: '3s' }, host: { enabled: false } };
    });
    const r = await runCli(['deploy', '--config', cfg, '--version', ver('dbg'), '--json', '--force-build'], { DEBUG: 'modem' });
    show('DEBUG=modem deploy', r);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/modem Sending: .*X-Registry-Auth/s); // the debug lines are there …
    expect(r.stderr).not.toContain(password); // … without the password, plain or encoded
    for (const token of r.stderr.match(/[A-Za-z0-9+/_-]{40,}={0,2}/g) ?? []) {
      expect(Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1')).not.toContain(password);
    }
    expect(r.stderr).not.toMatch(/MaxListenersExceededWarning|\(node:\d+\) \w*Warning/);
    for (const h of HOSTS()) expect(lockState(h, app)).toBe('free');
  });
});
