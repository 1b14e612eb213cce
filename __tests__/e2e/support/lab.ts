/**
 * Helpers for end-to-end tests against the lab that `scripts/lab up` started: real sshd and
 * Docker engines in network namespaces, a registry with auth, Prometheus.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import YAML from 'yaml';

export const ROOT = resolve(process.cwd());
export const LAB_DIR = process.env.ROLLWATCH_LAB_DIR ?? '/var/lib/rollwatch-lab';
export const CLI = join(ROOT, 'dist/cli/index.js');

export function labEnv(): Record<string, string> {
  const file = join(LAB_DIR, 'lab.env');
  if (!existsSync(file)) throw new Error(`the lab is not up (${file} missing): run scripts/lab up`);
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_a-z]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2].replace(/^"|"$/g, '');
  }
  return env;
}

export const HOSTS = () => labEnv().LAB_HOSTS.split(/\s+/).filter(Boolean);

/** The lab's config with changes for one test, written to a temp file. */
export function writeConfig(changes: (c: Record<string, any>) => void): string {
  const base = YAML.parse(readFileSync(labEnv().LAB_CONFIG, 'utf8'));
  base.container = { ...base.container, network: 'host' };
  changes(base);
  const dir = mkdtempSync(join(tmpdir(), 'rollwatch-e2e-'));
  const file = join(dir, 'rollwatch.yml');
  writeFileSync(file, YAML.stringify(base));
  return file;
}

/**
 * The lab config for one app of a fault test: its own name and port, a fast health gate, no
 * verification window, short SSH timeouts, batches of one host; `extra` changes the rest.
 */
export function faultConfig(app: string, port: number, extra: (c: Record<string, any>) => void = () => {}): string {
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

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  report: any;
}

export interface Trigger {
  /** A line of the CLI's log (stderr) that starts the action. */
  on: RegExp;
  action: () => Promise<void> | void;
}

/**
 * Runs the bundled CLI exactly as a Jenkins or GitLab job would: plain node, no npm. Each
 * trigger fires once, when its line appears in the log (a fault injected at a given step); a
 * trigger that throws fails the run.
 */
export function cli(args: string[], options: { node?: string; env?: Record<string, string>; timeoutMs?: number; onSpawn?: (pid: number) => void; triggers?: Trigger[] } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(options.node ?? process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    options.onSpawn?.(child.pid!);
    let stdout = '';
    let stderr = '';
    const pending = [...(options.triggers ?? [])];
    const fired: Promise<void>[] = [];
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      for (const t of [...pending]) {
        if (t.on.test(stderr)) {
          pending.splice(pending.indexOf(t), 1);
          fired.push(Promise.resolve().then(t.action));
        }
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 280_000);
    child.on('error', reject);
    child.on('close', async (code) => {
      clearTimeout(timer);
      const errs = (await Promise.allSettled(fired)).filter((r) => r.status === 'rejected');
      if (errs.length) return reject((errs[0] as PromiseRejectedResult).reason);
      let report: any = null;
      try {
        report = JSON.parse(stdout);
      } catch {
        /* not --json */
      }
      resolvePromise({ code: code ?? -1, stdout, stderr, report });
    });
  });
}

/** Runs a command inside a lab host's namespaces (its own Docker engine). */
export function onHost(host: string, command: string): string {
  return execFileSync('bash', [join(ROOT, 'scripts/lab'), 'exec', host, '--', 'sh', '-c', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface HostContainer {
  name: string;
  running: boolean;
  id: string;
  startedAt: string;
  version: string;
}

export function containers(host: string, app: string): HostContainer[] {
  const out = onHost(host, `ids=$(docker ps -aq --filter label=rollwatch.app=${app}); [ -z "$ids" ] && echo '[]' || docker inspect $ids`);
  return (JSON.parse(out) as any[]).map((c) => ({
    name: c.Name.replace(/^\//, ''),
    running: c.State.Running,
    id: c.Id,
    startedAt: c.State.StartedAt,
    version: c.Config.Labels['rollwatch.version'],
  }));
}

export function running(host: string, app: string): HostContainer[] {
  return containers(host, app).filter((c) => c.running);
}

/** The environment a container was created with ("KEY=VALUE" each), as the engine keeps it. */
export function containerEnv(host: string, name: string): string[] {
  return JSON.parse(onHost(host, `docker inspect --format '{{json .Config.Env}}' ${name}`)) as string[];
}

/** Files under the deploy user's home and /tmp on `host` whose content has `text` (a fixed string). */
export function filesHolding(host: string, text: string): string[] {
  const quoted = `'${text.replace(/'/g, `'\\''`)}'`;
  return onHost(host, `grep -rlF -e ${quoted} /root /tmp 2>/dev/null || true`).split('\n').filter(Boolean);
}

/** Removes every container, env file and lock of `app` on every lab host. */
export function resetApp(app: string): void {
  for (const h of HOSTS()) {
    onHost(h, `ids=$(docker ps -aq --filter label=rollwatch.app=${app}); [ -z "$ids" ] || docker rm -f $ids >/dev/null; rm -rf /root/.rollwatch/${app}`);
  }
}

export function lab(...args: string[]): string {
  return execFileSync('bash', [join(ROOT, 'scripts/lab'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function httpText(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
  return { status: res.status, body: await res.text() };
}

/** A version name unique to this test run, so a re-run never reuses an image from the registry. */
export const runTag = Date.now().toString(36);
