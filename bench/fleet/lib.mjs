// Shared helpers of the fleet benchmarks: the lab, the CLI, timing, statistics.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir, cpus, totalmem, release, loadavg } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const LAB_DIR = process.env.ROLLWATCH_LAB_DIR ?? '/var/lib/rollwatch-lab';

export function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
}

export function labUp(hosts) {
  process.stderr.write(`bench: lab up --hosts ${hosts}\n`);
  sh('bash', [join(ROOT, 'scripts/lab'), 'up', '--hosts', String(hosts)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return labEnv();
}

export function labEnv() {
  const env = {};
  for (const line of readFileSync(join(LAB_DIR, 'lab.env'), 'utf8').split('\n')) {
    const m = /^([A-Za-z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2].replace(/^"|"$/g, '');
  }
  env.hosts = env.LAB_HOSTS.split(/\s+/).filter(Boolean).map((name) => ({ name, address: env[`LAB_ADDR_${name}`] }));
  env.password = readFileSync(env.LAB_REGISTRY_PASSWORD_FILE, 'utf8').trim();
  return env;
}

/** Builds `count` distinct images (a label differs) on the builder engine and pushes them. */
export function prebuild(env, tags) {
  const dockerConfig = mkdtempSync(join(tmpdir(), 'bench-docker-'));
  const denv = { ...process.env, DOCKER_HOST: env.LAB_BUILDER_DOCKER_HOST, DOCKER_CONFIG: dockerConfig, DOCKER_BUILDKIT: '0', DOCKER_API_VERSION: '1.41' };
  sh('docker', ['login', '--username', env.LAB_REGISTRY_USER, '--password-stdin', env.LAB_REGISTRY], { input: env.password + '\n', env: denv });
  const digests = {};
  for (const tag of tags) {
    const ref = `${env.LAB_REGISTRY}/demo:${tag}`;
    sh('docker', ['build', '-q', '--label', `bench.tag=${tag}`, '-t', ref, env.LAB_DEMO_CONTEXT || join(ROOT, 'demo')], { env: denv });
    const out = sh('docker', ['push', ref], { env: denv });
    const m = /digest: (sha256:[a-f0-9]{64})/.exec(out);
    if (!m) throw new Error(`no digest in push output of ${ref}`);
    digests[tag] = m[1];
  }
  return digests;
}

/** The lab's config for `app` on `port`, images prebuilt (no build), plus `extraYaml`. */
export function writeConfig(env, extraYaml, port, app = 'bench') {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cfg-'));
  const file = join(dir, 'rollwatch.yml');
  let text = readFileSync(env.LAB_CONFIG, 'utf8').replace(/^app: .*$/m, `app: ${app}`);
  text = text.replace(/^  build:\n(    .*\n)+/m, ''); // images are prebuilt: no build step
  text = text.replace(/^  port: 8080$/m, `  port: ${port}\n  env:\n    PORT: "${port}"`);
  writeFileSync(file, text + extraYaml);
  return file;
}

/** Runs a command, returns wall-clock ms, exit code and stdout. */
export function timed(cmd, args, opts = {}) {
  return new Promise((resolvePromise, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code, out, err }));
  });
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
export const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');

/** ssh argv to a lab host (strict host keys, the lab's key). */
export const sshArgs = (env, address) => ['-i', env.LAB_SSH_KEY, '-o', `UserKnownHostsFile=${env.LAB_KNOWN_HOSTS}`, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', `root@${address}`];

/**
 * Removes what a bench left on the lab hosts: containers whose name starts with one of
 * `prefixes`, the state dirs of `apps`, and the bench's own images (by digest; an image a
 * container still uses stays). Nothing else on the hosts is touched.
 */
export function cleanHosts(env, { prefixes, apps = [], digests = [] }) {
  const names = prefixes.map((p) => `-e '^${p}'`).join(' ');
  const refs = digests.map((d) => `${env.LAB_REGISTRY}/demo@${d}`).join(' ');
  const script = [
    `ids=$(docker ps -a --format '{{.Names}}' | grep ${names} || true)`,
    `[ -z "$ids" ] || docker rm -f $ids >/dev/null`,
    ...apps.map((a) => `rm -rf .rollwatch/${a}`),
    refs ? `docker image rm ${refs} >/dev/null 2>&1 || true` : 'true',
  ].join('; ');
  for (const h of env.hosts) {
    try {
      sh('ssh', [...sshArgs(env, h.address), script]);
    } catch (err) {
      process.stderr.write(`bench: cleaning ${h.name} failed: ${err.message.split('\n')[0]}\n`);
    }
  }
}

/** Writes bench/results/<name>.json with when and where it was measured (load average included: the machine may be shared). */
export function writeResult(name, data, startedAt = null) {
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const where = { measuredAt: new Date().toISOString(), startedAt, node: process.version, cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`, memGiB: Math.round(totalmem() / 2 ** 30), kernel: release(), loadavg: loadavg().map((x) => Number(x.toFixed(2))), command: `node ${process.argv.slice(1).map((a) => a.replace(ROOT + '/', '')).join(' ')}` };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ ...where, ...data }, null, 2) + '\n');
}
