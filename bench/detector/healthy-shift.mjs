#!/usr/bin/env node
// How far do healthy windows of the real series move on their own? For every gauge case of the
// shared training half: the median of the last 8 candidate samples (after the onset for a
// regression), in robust baseline sigmas (1.4826·MAD) from the baseline median, on the bad side.
// Prints the quantiles over the healthy cases and, for a threshold set at a given false-rollback
// rate, the share of step and ramp regressions per σ-size bin above it: what a detector that only
// knew the size of the shift could reach.
//   node bench/detector/healthy-shift.mjs [path/to/detector-train]
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '../../../shared/detector-train');
if (!fs.existsSync(path.join(dir, 'cases.jsonl'))) {
  console.error(`no ${dir}/cases.jsonl: this needs the shared training half`);
  process.exit(0);
}
const readJsonl = (f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const truth = new Map(readJsonl('truth.jsonl').map((t) => [t.id, t]));
const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

const healthy = [];
const regressions = [];
for (const c of readJsonl('cases.jsonl')) {
  const t = truth.get(c.id);
  const m = c.metrics[0];
  if (m.kind === 'count' || t.family === 'variance') continue;
  const b = m.baseline.filter((x) => x !== null);
  const centre = median(b);
  const sigma = 1.4826 * median(b.map((x) => Math.abs(x - centre))) || Number.MIN_VALUE;
  const side = t.badDirection === 'increase' ? 1 : -1;
  const shift = (side * (median(m.candidate.slice(t.onset ?? 0).slice(-8)) - centre)) / sigma;
  if (t.expected === 'pass') healthy.push(shift);
  else regressions.push({ shift, size: t.effectSigmas });
}
healthy.sort((a, b) => a - b);
const quantile = (p) => healthy[Math.min(healthy.length - 1, Math.floor(p * healthy.length))];
console.log(`healthy gauge cases: ${healthy.length}; shift of the last 8 samples, robust sigmas, bad side`);
console.log('| false-rollback rate | threshold | 1–3σ above | 3–6σ above | ≥ 6σ above |');
console.log('|---|---|---|---|---|');
for (const rate of [0.1, 0.05, 0.02, 0.01]) {
  const threshold = quantile(1 - rate);
  const share = (lo, hi) => {
    const bin = regressions.filter((r) => r.size >= lo && r.size < hi);
    return `${((100 * bin.filter((r) => r.shift > threshold).length) / bin.length).toFixed(0)} %`;
  };
  console.log(`| ${rate * 100} % | ${threshold.toFixed(2)} | ${share(1, 3)} | ${share(3, 6)} | ${share(6, Infinity)} |`);
}
