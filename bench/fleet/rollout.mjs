// Rollout benchmark: rollwatch vs a bare script doing the same work, interleaved A B A B.
// The bare script per host, all hosts in parallel: ssh → docker login, pull by digest, stop the
// old container, docker run, then curl the health URL until it answers. rollwatch does the same
// (through the Engine API over its SSH connection) plus its lock, inspection, restart-policy
// handling and pruning.
// Usage: node bench/fleet/rollout.mjs --hosts 3 --pairs 5
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { ROOT, labUp, labEnv, prebuild, writeConfig, timed, median, fmt, writeResult, sshArgs as sshTo, cleanHosts } from './lib.mjs';

const { values } = parseArgs({ options: { hosts: { type: 'string', default: '3' }, pairs: { type: 'string', default: '5' }, 'no-lab': { type: 'boolean' } } });
const hosts = Number(values.hosts);
const pairs = Number(values.pairs);
const env = values['no-lab'] ? labEnv() : labUp(hosts);
if (env.hosts.length !== hosts) throw new Error(`the lab has ${env.hosts.length} hosts, not ${hosts}: run without --no-lab, or pass --hosts ${env.hosts.length}`);
// clear of the ports the e2e tests use (8080, 8090–8099)
const RW_PORT = 8301;
const BASE_PORT = 8302;
const startedAt = new Date().toISOString();
const run = Date.now().toString(36);
const tags = Array.from({ length: pairs * 2 + 2 }, (_, i) => `bench-${run}-${i}`);
process.stderr.write(`bench: prebuilding ${tags.length} images\n`);
const digests = prebuild(env, tags);

const cfg = writeConfig(env, `verify:\n  enabled: false\nrollout:\n  batchSize: "100%"\n  retain: 1\n`, RW_PORT);

const sshArgs = (address) => sshTo(env, address);

function bareHost(host, tag, prevTag) {
  const image = `${env.LAB_REGISTRY}/demo@${digests[tag]}`;
  const script = [
    `docker login -u ${env.LAB_REGISTRY_USER} --password-stdin ${env.LAB_REGISTRY} >/dev/null`,
    `docker pull -q ${image} >/dev/null`,
    prevTag ? `(docker rm -f base-${prevTag} >/dev/null 2>&1 || true)` : 'true',
    `docker run -d --name base-${tag} --network host -e PORT=${BASE_PORT} ${image} >/dev/null`,
  ].join(' && ');
  return new Promise((resolve, reject) => {
    const c = spawn('ssh', [...sshArgs(host.address), script], { stdio: ['pipe', 'ignore', 'inherit'] });
    c.stdin.end(env.password + '\n');
    c.on('close', async (code) => {
      if (code !== 0) return reject(new Error(`bare deploy on ${host.name} exited ${code}`));
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        try {
          const r = await fetch(`http://${host.address}:${BASE_PORT}/health`, { signal: AbortSignal.timeout(2000) });
          if (r.ok) return resolve();
        } catch {
          /* not up yet */
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      reject(new Error(`${host.name}: bare container never healthy`));
    });
  });
}

async function bare(tag, prevTag) {
  const t0 = performance.now();
  await Promise.all(env.hosts.map((h) => bareHost(h, tag, prevTag)));
  return performance.now() - t0;
}

async function rollwatch(tag) {
  const r = await timed(process.execPath, [join(ROOT, 'dist/cli/index.js'), 'deploy', '--config', cfg, '--version', tag, '--json']);
  if (r.code !== 0) throw new Error(`rollwatch deploy ${tag} failed: ${r.err.split('\n').slice(-3).join(' ')}`);
  return { ms: r.ms, report: JSON.parse(r.out) };
}

const cleanUp = () => cleanHosts(env, { prefixes: ['bench-bench-', 'base-bench-'], apps: ['bench'], digests: Object.values(digests) });
let result;
try {
  // warm-up: one of each, not counted (first pulls of shared layers, SSH host caches)
  await rollwatch(tags[0]);
  await bare(tags[1], null);
  const rows = [];
  let prevBare = tags[1];
  for (let i = 0; i < pairs; i++) {
    const a = tags[2 + 2 * i];
    const b = tags[3 + 2 * i];
    const rw = await rollwatch(a);
    const base = await bare(b, prevBare);
    prevBare = b;
    rows.push({ rollwatchMs: rw.ms, baselineMs: base, ratio: rw.ms / base, phases: rw.report.phases, hostSteps: rw.report.hosts.map((h) => h.steps) });
    process.stderr.write(`pair ${i + 1}: rollwatch ${fmt(rw.ms / 1000)} s, baseline ${fmt(base / 1000)} s, ratio ${fmt(rw.ms / base)}\n`);
  }
  const ratios = rows.map((r) => r.ratio);
  result = {
    hosts,
    pairs,
    medianRollwatchMs: median(rows.map((r) => r.rollwatchMs)),
    medianBaselineMs: median(rows.map((r) => r.baselineMs)),
    minRollwatchMs: Math.min(...rows.map((r) => r.rollwatchMs)),
    maxRollwatchMs: Math.max(...rows.map((r) => r.rollwatchMs)),
    minBaselineMs: Math.min(...rows.map((r) => r.baselineMs)),
    maxBaselineMs: Math.max(...rows.map((r) => r.baselineMs)),
    medianRatio: median(ratios),
    minRatio: Math.min(...ratios),
    maxRatio: Math.max(...ratios),
    rows,
  };
} finally {
  cleanUp();
}
writeResult(`rollout-${hosts}`, result, startedAt);
console.log(JSON.stringify({ hosts, medianRatio: result.medianRatio, minRatio: result.minRatio, maxRatio: result.maxRatio, medianRollwatchMs: result.medianRollwatchMs, medianBaselineMs: result.medianBaselineMs }));
