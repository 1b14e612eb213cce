// Start-up: the action's first log line, its post step with nothing to do and `rollwatch --help`,
// against a bare `node -e 0` on the same Node, interleaved (one of each per round, after a warm-up
// round), median of 9; each with Node's compile cache off, cold (empty) and warm. Then the sizes of
// the entry files and of dist/.
//   node bench/fleet/startup.mjs [node binary] [--rounds N] [--before DIR]
// --before DIR: also runs the tree in DIR (action.yml, package.json and dist/ of an earlier
// commit, e.g. from `git archive <commit> dist action.yml package.json`) in the same rounds.
import { spawn, spawnSync } from 'node:child_process';
import { statSync, mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { ROOT, median, writeResult } from './lib.mjs';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const ROUNDS = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 9;
const beforeAt = args.indexOf('--before');
const BEFORE = beforeAt >= 0 ? args.splice(beforeAt, 2)[1] : null;
const node = args[0] ?? process.execPath;

/** The action's main and post entries and the CLI's bin of a tree. */
function entriesOf(root) {
  const runs = YAML.parse(readFileSync(join(root, 'action.yml'), 'utf8')).runs;
  const bin = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.rollwatch;
  return { main: join(root, runs.main), post: join(root, runs.post), cli: join(root, bin) };
}
const action = YAML.parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')).runs;
const cliEntry = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin.rollwatch;

// Wall time on a machine shared with other work is noisy; the CPU time the process used (user +
// system, all threads, read at its exit by a preloaded hook) is the steadier figure.
const hookDir = mkdtempSync(join(tmpdir(), 'bench-start-hook-'));
const HOOK = join(hookDir, 'cpu.cjs');
writeFileSync(HOOK, "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeFileSync(process.env.BENCH_CPU_OUT, String((u.user + u.system) / 1000)); });\n");

/**
 * One run; resolves with { ms, cpuMs }: ms from spawn to the first byte on stdout (`firstOutput`)
 * or to exit, cpuMs the CPU time of the whole run.
 * `cache`: 'off' disables Node's compile cache, 'cold' gives the run an empty temp folder (where the
 * bundle keeps its cache), 'warm' a temp folder a previous run filled.
 */
function timed(argv, { env = {}, until, cache }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  for (const f of ['out', 'state', 'summary']) writeFileSync(join(dir, f), '');
  const cacheEnv = cache === 'off' ? { NODE_DISABLE_COMPILE_CACHE: '1', TMPDIR: dir } : cache === 'cold' ? { TMPDIR: dir } : { TMPDIR: warmDir };
  const cpuOut = join(dir, 'cpu');
  return new Promise((resolve) => {
    const t0 = performance.now();
    const c = spawn(node, argv, {
      env: { PATH: process.env.PATH, GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STATE: join(dir, 'state'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), NODE_OPTIONS: `--require ${HOOK}`, BENCH_CPU_OUT: cpuOut, ...cacheEnv, ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let ms = NaN;
    c.stdout.on('data', () => {
      if (until === 'firstOutput' && Number.isNaN(ms)) ms = performance.now() - t0;
    });
    c.on('close', (code) => {
      if (until === 'exit') ms = performance.now() - t0;
      let cpuMs = NaN;
      try {
        cpuMs = Number(readFileSync(cpuOut, 'utf8'));
      } catch {
        /* killed before its exit hook */
      }
      rmSync(dir, { recursive: true, force: true });
      resolve(code === null ? { ms: NaN, cpuMs: NaN } : { ms, cpuMs });
    });
  });
}

const warmDir = mkdtempSync(join(tmpdir(), 'bench-start-warm-'));
function casesOf(root) {
  const e = entriesOf(root);
  return {
    // mode status with no hosts: the action starts, logs, and fails on input at once
    firstLine: (cache) => timed([e.main], { env: { INPUT_MODE: 'status' }, until: 'firstOutput', cache }),
    // a post step after a main that left nothing to clean up
    postNothingToDo: (cache) => timed([e.post], { env: { INPUT_MODE: 'status', 'STATE_main-started': 'true' }, until: 'exit', cache }),
    help: (cache) => timed([e.cli, '--help'], { until: 'exit', cache }),
  };
}
const cases = casesOf(ROOT);
const beforeCases = BEFORE ? casesOf(BEFORE) : {};
const bare = () => timed(['-e', '0'], { until: 'exit', cache: 'off' });

// fill the warm cache: one run of each
for (const run of Object.values(cases)) await run('warm');

const samples = { bare: [] };
for (const cache of ['off', 'cold', 'warm']) for (const name of Object.keys(cases)) samples[`${name}.${cache}`] = [];
for (const name of Object.keys(beforeCases)) samples[`before.${name}`] = [];
const cpuSamples = Object.fromEntries(Object.keys(samples).map((k) => [k, []]));
for (let round = 0; round <= ROUNDS; round++) {
  const row = { bare: await bare() };
  for (const cache of ['off', 'cold', 'warm']) for (const [name, run] of Object.entries(cases)) row[`${name}.${cache}`] = await run(cache);
  // the earlier tree as a runner met it: a fresh temp folder each time
  for (const [name, run] of Object.entries(beforeCases)) row[`before.${name}`] = await run('cold');
  if (round === 0) continue; // warm-up round
  for (const [k, v] of Object.entries(row)) samples[k].push(v.ms), cpuSamples[k].push(v.cpuMs);
}
rmSync(warmDir, { recursive: true, force: true });
rmSync(hookDir, { recursive: true, force: true });

const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round(median(v))]));
const cpuMed = Object.fromEntries(Object.entries(cpuSamples).map(([k, v]) => [k, Math.round(median(v))]));
const ratio = (k) => +(med[k] / med.bare).toFixed(2);
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}
const distFiles = filesUnder(join(ROOT, 'dist'));
const size = (p) => statSync(join(ROOT, p)).size;
const entries = { [`main (${action.main})`]: action.main, [`post (${action.post})`]: action.post, [`cli (${cliEntry})`]: cliEntry };
const result = {
  node,
  nodeVersion: spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim(),
  rounds: ROUNDS,
  before: BEFORE,
  medianMs: med,
  medianCpuMs: cpuMed,
  ratioToBareNode: Object.fromEntries(Object.keys(med).filter((k) => k !== 'bare').map((k) => [k, ratio(k)])),
  // kept for the report's headline figure: the first log line as a runner meets it (no cache yet)
  medianFirstLineMs: med['firstLine.cold'],
  minMs: Math.min(...samples['firstLine.cold']),
  maxMs: Math.max(...samples['firstLine.cold']),
  // the report's table: the file each role starts from
  bundleBytes: { action: size(action.main), post: size(action.post), cli: size(cliEntry) },
  entryBytes: Object.fromEntries([...new Set(Object.values(entries))].map((p) => [p, size(p)])),
  dist: { files: distFiles.length, jsFiles: distFiles.filter((f) => /\.(c|m)?js$/.test(f)).length, jsBytes: distFiles.filter((f) => /\.(c|m)?js$/.test(f)).reduce((a, f) => a + statSync(f).size, 0) },
  samples,
  cpuSamples,
};
writeResult('startup', result);
console.log(JSON.stringify({ ...result, samples: undefined, cpuSamples: undefined }, null, 2));
