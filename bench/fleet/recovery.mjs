// Recovery benchmark: injected regressions (latency, errors, crash after start) with probe
// metrics only; T_detect and T_recover from rollwatch's own report, and one container start
// on a host for comparison.
// Usage: node bench/fleet/recovery.mjs --runs 10
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { ROOT, labEnv, labUp, prebuild, writeConfig, timed, median, fmt, writeResult, sh, sshArgs, cleanHosts } from './lib.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' }, rate: { type: 'string', default: '10' }, 'no-lab': { type: 'boolean' } } });
// probe requests per second per host: 10, the rate a user would pick (the demo app carries
// thousands per second, see docs/lab.md)
const RATE = Number(values.rate);
const runs = Number(values.runs);
const env = values['no-lab'] ? labEnv() : labUp(3);
const PORT = 8303; // clear of the ports the e2e tests use (8080, 8090–8099)
const INTERVAL_MS = 1000;
const startedAt = new Date().toISOString();
const run = Date.now().toString(36);
const good = `rec-${run}-good`;
const faults = [
  { kind: 'latency', env: 'DEMO_LATENCY_MS: "150"' },
  { kind: 'errors', env: 'DEMO_ERROR_RATIO: "0.2"' },
  { kind: 'crash', env: 'DEMO_CRASH_AFTER: "3"' },
];
const tags = [good, ...Array.from({ length: runs }, (_, i) => `rec-${run}-${i}`)];
process.stderr.write(`bench: prebuilding ${tags.length} images\n`);
const digests = prebuild(env, tags);

const verify = `verify:\n  interval: 1s\n  baseline: 12s\n  window: 20s\n  probe:\n    rate: ${RATE}\n  host:\n    enabled: false\nrollout:\n  batchSize: "100%"\n  retain: 2\n`;
const base = writeConfig(env, verify, PORT, 'bench-recovery');
/** The same config with one more container env line (the injected fault). */
const withEnv = (line) => {
  const file = writeConfig(env, verify, PORT, 'bench-recovery');
  writeFileSync(file, readFileSync(file, 'utf8').replace(`    PORT: "${PORT}"`, `    PORT: "${PORT}"\n    ${line}`));
  return file;
};

async function deploy(cfg, tag) {
  const r = await timed(process.execPath, [join(ROOT, 'dist/cli/index.js'), 'deploy', '--config', cfg, '--version', tag, '--json']);
  try {
    return JSON.parse(r.out);
  } catch {
    throw new Error(`deploy ${tag}: no report (exit ${r.code}): ${r.err.split('\n').slice(-3).join(' ')}`);
  }
}

const rows = [];
const starts = [];
try {
  const first = await deploy(base, good);
  if (!['promoted', 'deployed', 'inconclusive'].includes(first.outcome)) throw new Error(`good release: ${first.outcome} ${first.reason}`);

  for (let i = 0; i < runs; i++) {
    const f = faults[i % faults.length];
    const r = await deploy(withEnv(f.env), tags[1 + i]);
    const v = r.verification;
    const deciding = v?.metrics.find((m) => m.name === v.deciding);
    // onset: first candidate sample where the deciding metric left the baseline band (crash: first restart)
    let onset = 0;
    if (deciding && f.kind === 'crash') onset = Math.max(0, deciding.candidate.findIndex((x) => x !== null && x > 0));
    const delayIntervals = deciding && deciding.decidedAt !== null ? deciding.decidedAt - onset + 1 : null;
    rows.push({ kind: f.kind, outcome: r.outcome, deciding: v?.deciding ?? null, detectMs: r.timings.detectMs, recoverMs: r.timings.recoverMs, delayIntervals, reason: r.reason.slice(0, 200), hostRollbackMs: r.hosts.map((hr) => hr.steps.find((s) => s.step === 'rollback')?.ms ?? null) });
    process.stderr.write(`${f.kind}: ${r.outcome}, deciding ${v?.deciding}, T_detect ${fmt(r.timings.detectMs / 1000)} s (${delayIntervals} intervals after onset), T_recover ${fmt(r.timings.recoverMs / 1000)} s\n`);
  }

  // One container start on a host: docker start of a stopped container until it answers.
  const h = env.hosts[0];
  const ssh = sshArgs(env, h.address);
  // the release running now (a bad one the detector missed may have been promoted)
  const name = sh('ssh', [...ssh, "docker ps --filter label=rollwatch.app=bench-recovery --format '{{.Names}}' | head -1"]).trim();
  if (!name) throw new Error(`${h.name}: no running container of bench-recovery to time a start`);
  for (let i = 0; i < 5; i++) {
    sh('ssh', [...ssh, `docker stop -t 10 ${name} >/dev/null`]);
    const t0 = performance.now();
    sh('ssh', [...ssh, `docker start ${name} >/dev/null`]);
    for (;;) {
      try {
        const res = await fetch(`http://${h.address}:${PORT}/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) break;
      } catch {
        /* not yet */
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    starts.push(performance.now() - t0);
  }
} finally {
  cleanHosts(env, { prefixes: ['bench-recovery-'], apps: ['bench-recovery'], digests: Object.values(digests) });
}

const ok = rows.filter((r) => r.outcome === 'rolled-back');
const result = {
  runs,
  rolledBack: ok.length,
  medianDetectMs: median(ok.map((r) => r.detectMs)),
  worstDetectMs: Math.max(...ok.map((r) => r.detectMs)),
  medianDelayIntervals: median(ok.map((r) => r.delayIntervals)),
  worstDelayIntervals: Math.max(...ok.map((r) => r.delayIntervals)),
  medianRecoverMs: median(ok.map((r) => r.recoverMs)),
  worstRecoverMs: Math.max(...ok.map((r) => r.recoverMs)),
  containerStartMs: median(starts),
  intervalMs: INTERVAL_MS,
  probeRate: RATE,
  rows,
};
writeResult('recovery', result, startedAt);
console.log(JSON.stringify({ ...result, rows: undefined }));
