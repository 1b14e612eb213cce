/**
 * Secrets against the real lab: the SSH key, its passphrase, the registry password and secret
 * env values never appear in logs, the job summary, the JSON report, error messages, or the argv
 * of any process on the hosts (polled from /proc/<pid>/cmdline while the deploy runs; the deploy
 * starts no docker CLI there: it speaks the Engine API). Secret env values are in the container
 * and in no file of the deploy user; no registry credential stays on a host. Host keys: strict by default; trust on first
 * use only with `ssh.hostKeys: accept-new`, with a warning. (A changed key is refused with host,
 * expected and offered fingerprints: ship.test.ts "refuses a host whose key does not match".)
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cli, containerEnv, filesHolding, labEnv, onHost, resetApp, running, runTag, writeConfig, HOSTS, ROOT } from './support/lab';
import { runStep } from './support/runner';

const run = promisify(execFile);
const APP = 'secrets';
const PORT = 8120;
const env = labEnv();
const PASSPHRASE = `pass phrase ${runTag} $(x) 'q'`;
const API_TOKEN = `tok-${runTag}-S3cr3t-value`;
const REGISTRY_PASSWORD = readFileSync(env.LAB_REGISTRY_PASSWORD_FILE, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'rollwatch-secrets-'));
const KEY_FILE = join(dir, 'id_ed25519');
let keyLines: string[] = [];

/** Every secret and every line of the private keys (plain and encrypted) worth searching for. */
const secrets = () => [PASSPHRASE, API_TOKEN, REGISTRY_PASSWORD, ...keyLines];

function expectNoSecret(where: string, text: string): void {
  for (const s of secrets()) expect([where, text.includes(s) ? s : null]).toEqual([where, null]);
}

/** Polls every host's process list until stopped; returns each distinct command line seen. */
function pollCmdlines(): { stop: () => Promise<Set<string>> } {
  const seen = new Set<string>();
  let stopped = false;
  const loops = HOSTS().map(async (h) => {
    // until stopped, and at least one whole read of every host (a deploy can be over in one read)
    for (let reads = 0; !stopped || reads === 0; ) {
      try {
        const { stdout } = await run('bash', [join(ROOT, 'scripts/lab'), 'exec', h, '--', 'sh', '-c', 'for f in /proc/[0-9]*/cmdline; do tr "\\0" " " < $f 2>/dev/null; echo; done'], { maxBuffer: 16 << 20 });
        for (const line of stdout.split('\n')) if (line.trim()) seen.add(`${h}: ${line.trim()}`);
        reads++;
      } catch {
        /* a process ended while read */
      }
    }
  });
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      return seen;
    },
  };
}

function config(extra: (c: Record<string, any>) => void = () => {}): string {
  return writeConfig((c) => {
    c.app = APP;
    c.container = { ...c.container, port: PORT, env: { PORT: String(PORT), API_TOKEN: { fromEnv: 'RW_API_TOKEN', secret: true } } };
    c.health = { path: '/health', timeout: '20s', interval: '300ms' };
    c.verify = { enabled: false };
    c.registry = { server: env.LAB_REGISTRY, username: env.LAB_REGISTRY_USER, passwordEnv: 'RW_REGISTRY_PASSWORD' };
    c.ssh.privateKeyFile = KEY_FILE;
    c.ssh.passphrase = { fromEnv: 'RW_SSH_PASSPHRASE' };
    c.rollout = { batchSize: 3 };
    extra(c);
  });
}
const secretEnv = { RW_API_TOKEN: API_TOKEN, RW_REGISTRY_PASSWORD: REGISTRY_PASSWORD, RW_SSH_PASSPHRASE: PASSPHRASE };

beforeAll(() => {
  resetApp(APP);
  copyFileSync(env.LAB_SSH_KEY, KEY_FILE);
  execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', PASSPHRASE, '-f', KEY_FILE]);
  keyLines = [env.LAB_SSH_KEY, KEY_FILE].flatMap((f) => readFileSync(f, 'utf8').split('\n')).filter((l) => l.length >= 20 && !l.startsWith('-----'));
});
afterAll(() => resetApp(APP));

describe('secrets', () => {
  it('a deploy with an encrypted key, a registry password and a secret env value: none in logs, report, summary, or any argv on the hosts', async () => {
    const version = `sec-${runTag}`;
    const poll = pollCmdlines();
    const summary = join(dir, 'summary.md');
    const reportFile = join(dir, 'report.json');
    const r = await cli(['deploy', '--config', config(), '--version', version, '--json', '--summary', summary, '--report', reportFile], { env: secretEnv }).finally(() => undefined);
    const seen = await poll.stop();
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expectNoSecret('stderr', r.stderr);
    expectNoSecret('stdout', r.stdout);
    expectNoSecret('summary', readFileSync(summary, 'utf8'));
    expectNoSecret('report', readFileSync(reportFile, 'utf8'));
    const lines = [...seen];
    // the poll did read the hosts' processes while the deploy ran …
    expect(HOSTS().every((h) => lines.some((l) => l.startsWith(`${h}: `) && /dockerd/.test(l)))).toBe(true);
    // … and the deploy started no docker CLI on them (it speaks the Engine API over its SSH connection)
    expect(lines.filter((l) => /^h\d: docker /.test(l))).toEqual([]);
    expectNoSecret('/proc/*/cmdline on the hosts', lines.join('\n'));
    for (const h of HOSTS()) {
      const [current] = running(h, APP);
      expect(current.version).toBe(version);
      // the secret env value is in the container, and in no file of the deploy user
      expect(containerEnv(h, current.name)).toContain(`API_TOKEN=${API_TOKEN}`);
      expect(filesHolding(h, API_TOKEN)).toEqual([]);
      // the registry credentials do not stay on the host after the pull
      expect(onHost(h, `cat /root/.docker/config.json 2>/dev/null || echo '{}'`)).not.toContain(env.LAB_REGISTRY + '"' + ': {"auth"');
      expect(onHost(h, `cat /root/.docker/config.json 2>/dev/null || echo '{}'`)).not.toMatch(/"auth"\s*:/);
      expect(filesHolding(h, REGISTRY_PASSWORD.trim())).toEqual([]);
    }
  });

  it('a failing deploy whose app logs print a secret: masked in the report, the log and the error message', async () => {
    const version = `secfail-${runTag}`;
    const cfg = config((c) => {
      // the demo prints "demo <DEMO_VERSION> listening" at start: a secret that reaches its logs
      c.container.env.DEMO_VERSION = { fromEnv: 'RW_API_TOKEN', secret: true };
      c.container.env.DEMO_HEALTH_FAIL = '1';
      c.health.timeout = '5s';
      c.rollout = { batchSize: 1 };
    });
    const r = await cli(['deploy', '--config', cfg, '--version', version, '--json'], { env: secretEnv });
    expect(r.code).toBe(1);
    const h1 = r.report.hosts.find((h: any) => h.name === 'h1');
    expect(h1.logs).toMatch(/demo \*\*\* listening/);
    expectNoSecret('stderr', r.stderr);
    expectNoSecret('stdout', r.stdout);
  });

  it('the action (job summary, outputs, runner log) masks the key, passphrase, registry password and secret env', async () => {
    const version = `secgh-${runTag}`;
    const cfgDir = mkdtempSync(join(tmpdir(), 'rollwatch-secrets-gh-'));
    const cfg = join(cfgDir, 'rollwatch.yml');
    writeFileSync(cfg, `verify:\n  enabled: false\nrollout:\n  batchSize: 3\nhealth:\n  path: /health\n  timeout: 20s\n  interval: 300ms\n`);
    const main = await runStep({
      phase: 'main',
      inputs: {
        config: cfg,
        mode: 'deploy',
        version,
        app: APP,
        image: `${env.LAB_REGISTRY}/demo`,
        context: env.LAB_DEMO_CONTEXT,
        hosts: HOSTS().map((h) => env[`LAB_ADDR_${h}`]).join(','),
        'ssh-key': readFileSync(KEY_FILE, 'utf8'),
        'ssh-passphrase': PASSPHRASE,
        'known-hosts': readFileSync(env.LAB_KNOWN_HOSTS, 'utf8'),
        registry: env.LAB_REGISTRY,
        'registry-username': env.LAB_REGISTRY_USER,
        'registry-password': REGISTRY_PASSWORD,
        'docker-host': env.LAB_BUILDER_DOCKER_HOST,
        port: String(PORT),
        network: 'host',
        env: `PORT=${PORT}`,
        'secret-env': `API_TOKEN=${API_TOKEN}`,
      },
    });
    expect(main.outputs.outcome).toBe('promoted');
    // `::add-mask::VALUE` lines are commands to the runner, which consumes them (never shown)
    const masks = (main.stdout.match(/^::add-mask::.*$/gm) ?? []).length;
    expect(masks).toBeGreaterThanOrEqual(4);
    expectNoSecret('runner log', (main.stdout + main.stderr).replace(/^::add-mask::.*$/gm, ''));
    expectNoSecret('job summary', main.summary);
    expectNoSecret('outputs', JSON.stringify(main.outputs));
    expectNoSecret('report', readFileSync(main.outputs.report, 'utf8'));
    for (const h of HOSTS()) {
      const [current] = running(h, APP);
      expect(containerEnv(h, current.name)).toContain(`API_TOKEN=${API_TOKEN}`);
      expect(filesHolding(h, API_TOKEN)).toEqual([]);
    }
  });

  it('host keys are strict by default: no pin and no known_hosts is refused before connecting', async () => {
    const cfg = config((c) => {
      delete c.ssh.knownHostsFile;
      for (const h of c.hosts) delete h.fingerprint;
    });
    const r = await cli(['status', '--config', cfg, '--json'], { env: secretEnv });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ssh\.knownHostsFile: host keys are verified strictly, but h1, h2, h3 has no pinned fingerprint/);
  });

  it('trust on first use only with ssh.hostKeys: accept-new, and with a warning naming host and fingerprint (log and report)', async () => {
    const cfg = config((c) => {
      delete c.ssh.knownHostsFile;
      for (const h of c.hosts) delete h.fingerprint;
      c.ssh.hostKeys = 'accept-new';
    });
    const r = await cli(['status', '--config', cfg, '--json'], { env: secretEnv });
    expect(r.code).toBe(0);
    for (const h of HOSTS()) {
      const warning = new RegExp(`WARN ${h} \\(${env[`LAB_ADDR_${h}`].replace(/\./g, '\\.')}:22\\): trusting host key ssh-ed25519 SHA256:\\S+ on first use \\(ssh\\.hostKeys: accept-new\\)`);
      expect(r.stderr).toMatch(warning);
      expect(r.report.warnings.join('\n')).toMatch(new RegExp(`${h} .*trusting host key ssh-ed25519 SHA256:\\S+ on first use`));
    }
  });
});
