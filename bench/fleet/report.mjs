// Writes docs/benchmarks.md from bench/results/*.json (and the detector table).
import { readFileSync, existsSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join } from 'node:path';
import { ROOT, fmt } from './lib.mjs';

const read = (n) => {
  const p = join(ROOT, 'bench/results', n);
  return existsSync(p) ? (n.endsWith('.json') ? JSON.parse(readFileSync(p, 'utf8')) : readFileSync(p, 'utf8')) : null;
};
const r3 = read('rollout-3.json');
const r9 = read('rollout-9.json');
const rec = read('recovery.json');
const st = read('startup.json');
const det = read('detector.md');
const s = (ms) => fmt(ms / 1000, 2);
const out = [];
out.push('# Benchmarks', '');
out.push(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.version}, against the lab (network namespaces with their own sshd and Docker 20.10 engine on this one machine). Reproduce: \`npm run bench\` (brings the lab up itself, about 10 minutes).`, '');
out.push('## Rollout: rollwatch against a bare script doing the same work', '');
out.push('Interleaved pairs (rollwatch, bare, rollwatch, bare …), each deploying a freshly built image (distinct digest) to every host in parallel. Bare script per host: `ssh` → `docker login` (password on stdin), `docker pull` by digest, remove the old container, `docker run`, then poll the health URL. rollwatch: the CLI from the bundle with `batchSize: 100%`, verification off (measured separately below), so it adds its lock, inspection, env file, restart-policy handling and pruning.', '');
out.push('| hosts | pairs | rollwatch (median) | bare (median) | ratio median | ratio min–max | target |', '|---|---|---|---|---|---|---|');
for (const r of [r3, r9].filter(Boolean)) out.push(`| ${r.hosts} | ${r.pairs} | ${s(r.medianRollwatchMs)} s | ${s(r.medianBaselineMs)} s | **${fmt(r.medianRatio)}** | ${fmt(r.minRatio)}–${fmt(r.maxRatio)} | ≤ 1.15 |`);
if (r3 && r9) out.push('', `9 hosts vs 3 hosts (rollwatch medians): **${fmt(r9.medianRollwatchMs / r3.medianRollwatchMs)}×** (target ≤ 1.3×).`);
out.push('');
if (r3) {
  out.push('### Where the time goes (3 hosts, median over pairs)', '');
  const phaseNames = [...new Set(r3.rows.flatMap((row) => row.phases.map((p) => p.step.replace(/: .*$/, ''))))];
  out.push('| phase | median |', '|---|---|');
  for (const n of phaseNames) {
    const vals = r3.rows.map((row) => row.phases.filter((p) => p.step.replace(/: .*$/, '') === n).reduce((a, p) => a + p.ms, 0)).sort((a, b) => a - b);
    out.push(`| ${n} | ${s(vals[Math.floor(vals.length / 2)])} s |`);
  }
  const stepNames = [...new Set(r3.rows.flatMap((row) => row.hostSteps.flat().map((x) => x.step)))];
  out.push('', '| per-host step (slowest host, median) | median |', '|---|---|');
  for (const n of stepNames) {
    const vals = r3.rows.map((row) => Math.max(...row.hostSteps.map((steps) => steps.filter((x) => x.step === n).reduce((a, x) => a + x.ms, 0)))).sort((a, b) => a - b);
    out.push(`| ${n} | ${s(vals[Math.floor(vals.length / 2)])} s |`);
  }
  out.push('');
}
if (rec) {
  out.push('## Recovery: injected regressions, probe metrics only', '');
  out.push(`${rec.runs} deploys of a bad release (latency +150 ms, 20 % errors, crash 3 s after start, in turn) to 3 hosts after a good one; probe every ${rec.intervalMs / 1000} s at 10 requests/s per host, baseline 12 s. T_detect = window start → verdict; "intervals after onset" counts samples from the first one that shows the regression to the verdict. T_recover = verdict → every host healthy on the old release. One container start = \`docker start\` until the app answers its health URL (median of 5).`, '');
  out.push('| | median | worst | target |', '|---|---|---|---|');
  out.push(`| rolled back | ${rec.rolledBack} / ${rec.runs} | | all |`);
  out.push(`| T_detect | ${s(rec.medianDetectMs)} s | ${s(rec.worstDetectMs)} s | |`);
  out.push(`| detection, intervals after onset | ${rec.medianDelayIntervals} | ${rec.worstDelayIntervals} | ≤ 3 |`);
  out.push(`| T_recover | ${s(rec.medianRecoverMs)} s | ${s(rec.worstRecoverMs)} s | ≤ 1.5 × one start = ${s(1.5 * rec.containerStartMs)} s |`);
  out.push(`| one container start | ${s(rec.containerStartMs)} s | | |`, '');
  out.push('| run | fault | outcome | deciding metric | T_detect | intervals after onset | T_recover |', '|---|---|---|---|---|---|---|');
  rec.rows.forEach((r, i) => out.push(`| ${i + 1} | ${r.kind} | ${r.outcome} | ${r.deciding ?? '–'} | ${s(r.detectMs)} s | ${r.delayIntervals ?? '–'} | ${s(r.recoverMs)} s |`));
  out.push('');
}
if (st) {
  out.push('## Start-up and bundle size', '');
  out.push(`\`node dist/index.js\` to its first log line under ${st.node.includes('node24') ? 'Node 24' : 'Node'}: median **${fmt(st.medianFirstLineMs, 0)} ms** (min ${fmt(st.minMs, 0)}, max ${fmt(st.maxMs, 0)}, 15 runs).`, '');
  out.push('| bundle | size |', '|---|---|');
  for (const [k, v] of Object.entries(st.bundleBytes)) out.push(`| ${k} | ${(v / 2 ** 20).toFixed(2)} MiB |`);
  out.push('');
}
if (det) out.push('## Detector (synthetic series, see docs/detector.md)', '', det.trim(), '');
console.log(out.join('\n'));
