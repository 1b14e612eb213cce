// Detector benchmark: seeded synthetic production-like series, regressions of
// known size injected at the deploy point, `robust` vs `classic` side by side.
// Every case goes through analyzeLine(), the same code path as `rollwatch analyze`.
//
// Build and run (see bench/README.md):
//   npx tsc -p bench/detector/tsconfig.json && node build/bench-detector/bench/detector/run.js [options]
// Options:
//   --seed N          base seed (default 20261101)
//   --untouched N     untouched series per family (default 400)
//   --per-effect N    series per family and injected effect (default 150)
//   --policy JSON     overrides for the robust run (default: none = DEFAULT_POLICY)
//   --families        also print the per-family table
//   --baseline-len N  keep only the last N baseline samples (a shorter pre-deploy
//                     window; the "detectable" marks still assume 30)

import { analyzeLine } from '../../src/detect/analyze';
import { DEFAULT_POLICY } from '../../src/detect/policy';
import { BASELINE_LEN, CANDIDATE_LEN, EFFECTS, FAMILIES, type BenchMetric, type Effect } from './generators';
import { Rng } from './prng';

interface Args {
  seed: number;
  untouched: number;
  perEffect: number;
  policy: Record<string, unknown>;
  families: boolean;
  explainFalse: number;
  classic: boolean;
  baselineLen: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { seed: 20261101, untouched: 400, perEffect: 150, policy: {}, families: false, explainFalse: 0, classic: true, baselineLen: BASELINE_LEN };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--seed') a.seed = Number(v), i++;
    else if (k === '--untouched') a.untouched = Number(v), i++;
    else if (k === '--per-effect') a.perEffect = Number(v), i++;
    else if (k === '--policy') a.policy = JSON.parse(v ?? '{}'), i++;
    else if (k === '--families') a.families = true;
    else if (k === '--baseline-len') a.baselineLen = Number(v), i++;
    else if (k === '--no-classic') a.classic = false;
    else if (k === '--explain-false') a.explainFalse = Number(v), i++;
    else throw new Error(`unknown option ${k}`);
  }
  return a;
}

/** Seed per case, so that every policy sees exactly the same series. */
function caseSeed(base: number, f: number, e: number, i: number): number {
  let h = base ^ 0x85ebca6b;
  for (const x of [f, e, i]) {
    h = Math.imul(h ^ x, 0x9e3779b1);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

interface Tally {
  n: number;
  fail: number;
  inconclusive: number;
  delays: number[];
}

const newTally = (): Tally => ({ n: 0, fail: 0, inconclusive: 0, delays: [] });

const falseReasons: string[] = [];

function run(metric: BenchMetric, policy: Record<string, unknown>, ...tallies: Tally[]): string | undefined {
  const line = JSON.stringify({ id: metric.name, metrics: [metric], policy });
  const out = JSON.parse(analyzeLine(line)) as { verdict?: string; decidedAt?: number | null; error?: string };
  if (out.error) throw new Error(`bench case rejected: ${out.error}`);
  for (const t of tallies) {
    t.n++;
    if (out.verdict === 'fail') {
      t.fail++;
      t.delays.push(out.decidedAt ?? 0); // onset is candidate sample 0
    } else if (out.verdict === 'inconclusive') t.inconclusive++;
  }
  return out.verdict === 'fail' ? (out as { metrics: Array<{ reason: string }> }).metrics[0]?.reason : undefined;
}

/** The last n baseline samples (and totals): a shorter pre-deploy window. */
function trimBaseline(m: BenchMetric, n: number): BenchMetric {
  if (!(n < m.baseline.length)) return m;
  const cut = m.baseline.length - n;
  return { ...m, baseline: m.baseline.slice(cut), ...(m.baselineTotals ? { baselineTotals: m.baselineTotals.slice(cut) } : {}) };
}

function medianOf(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

const rate = (t: Tally) => (t.n ? t.fail / t.n : 0);
const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);
const pctS = (x: number) => `${(x * 100).toFixed(1)} %`;

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const robustPolicy = { ...args.policy };
  const classicPolicy = { method: 'classic' };
  const started = process.hrtime.bigint();

  // [method][effect] overall and [method][effect][family]
  const overall = { robust: EFFECTS.map(newTally), classic: EFFECTS.map(newTally) };
  // Only the cases whose regression an oracle could detect (see BenchCase.detectable).
  const detectable = { robust: EFFECTS.map(newTally), classic: EFFECTS.map(newTally) };
  const perFamily = {
    robust: FAMILIES.map(() => EFFECTS.map(newTally)),
    classic: FAMILIES.map(() => EFFECTS.map(newTally)),
  };
  const perFamilyDet = FAMILIES.map(() => EFFECTS.map(newTally));

  FAMILIES.forEach((fam, fi) => {
    EFFECTS.forEach((eff: Effect, ei) => {
      const count = eff.type === 'none' ? args.untouched : args.perEffect;
      for (let i = 0; i < count; i++) {
        const rng = new Rng(caseSeed(args.seed, fi, ei, i));
        const { metric: made, detectable: det } = fam.make(rng, eff);
        const metric = trimBaseline(made, args.baselineLen);
        const rt = det ? [detectable.robust[ei]!, perFamilyDet[fi]![ei]!] : [];
        const ct = det ? [detectable.classic[ei]!] : [];
        const why = run(metric, robustPolicy, overall.robust[ei]!, perFamily.robust[fi]![ei]!, ...rt);
        if (why && eff.type === 'none' && falseReasons.length < args.explainFalse) falseReasons.push(`${fam.name} #${i}: ${why}`);
        if (args.classic) run(metric, classicPolicy, overall.classic[ei]!, perFamily.classic[fi]![ei]!, ...ct);
      }
    });
  });

  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const lines: string[] = [];
  lines.push(`Detector benchmark — seed ${args.seed}, ${FAMILIES.length} families, baseline ${args.baselineLen} samples, candidate ${CANDIDATE_LEN} samples, regression from candidate sample 0.`);
  lines.push(`robust policy: ${JSON.stringify({ ...DEFAULT_POLICY, ...args.policy })}`);
  lines.push(`classic policy: {"method":"classic"} (mean/sd, |z| > 3, first breach fails)`);
  lines.push('');
  lines.push('| injected effect | series | robust: rollbacks | robust: median delay | robust: inconclusive | detectable series | robust: recall on detectable | classic: rollbacks | classic: median delay |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  EFFECTS.forEach((eff, ei) => {
    const r = overall.robust[ei]!;
    const c = overall.classic[ei]!;
    const dr = medianOf(r.delays);
    const dc = medianOf(c.delays);
    const what = eff.type === 'none' ? (x: Tally) => `**${pctS(rate(x))}** (false)` : (x: Tally) => `${f3(rate(x))} (recall)`;
    const d = detectable.robust[ei]!;
    const dcell = eff.type === 'none' ? '–' : `${d.n}`;
    const dval = eff.type === 'none' ? '–' : f3(rate(d));
    lines.push(
      `| ${eff.label} | ${r.n} | ${what(r)} | ${dr === null ? '–' : f2(dr)} | ${pctS(r.inconclusive / r.n)} | ${dcell} | ${dval} | ${what(c)} | ${dc === null ? '–' : f2(dc)} |`,
    );
  });
  if (args.families) {
    const pick = (label: string) => EFFECTS.findIndex((e) => e.label === label);
    const cols = ['none (untouched)', 'step ×1.5', 'step ×2', 'step ×3', 'ramp to ×2 over 10 samples', 'variance ×3'].map(pick);
    lines.push('');
    lines.push('Per family: false-rollback rate on untouched series, recall on injected ones (robust / classic).');
    lines.push('');
    lines.push(`| family | ${cols.map((c) => EFFECTS[c]!.label).join(' | ')} |`);
    lines.push(`|---|${cols.map(() => '---:').join('|')}|`);
    FAMILIES.forEach((fam, fi) => {
      const cells = cols.map((ei) => {
        const r = perFamily.robust[fi]![ei]!;
        const c = perFamily.classic[fi]![ei]!;
        return ei === 0 ? `${pctS(rate(r))} / ${pctS(rate(c))}` : `${f2(rate(r))} / ${f2(rate(c))}`;
      });
      lines.push(`| ${fam.name} | ${cells.join(' | ')} |`);
    });
  }
  {
    const idle = FAMILIES.findIndex((f) => f.name.includes('mostly idle'));
    const u = (fi: number) => perFamily.robust[fi]![0]!;
    const others = FAMILIES.map((_, fi) => fi).filter((fi) => fi !== idle);
    const fails = others.reduce((a, fi) => a + u(fi).fail, 0);
    const n = others.reduce((a, fi) => a + u(fi).n, 0);
    if (idle >= 0) lines.push('', `False rollbacks without the mostly-idle on/off family: ${pctS(n ? fails / n : 0)} of ${n} untouched series.`);
  }
  if (args.families) {
    const cols = ['step ×1.5', 'step ×2', 'step ×3', 'ramp to ×2 over 10 samples'].map((l) => EFFECTS.findIndex((e) => e.label === l));
    const partial = FAMILIES.map((_, fi) => fi).filter((fi) => cols.some((ei) => perFamilyDet[fi]![ei]!.n < perFamily.robust[fi]![ei]!.n));
    if (partial.length) {
      lines.push('');
      lines.push('Families where some regressions are undetectable even for an oracle: detectable share, robust recall on the detectable cases.');
      lines.push('');
      lines.push(`| family | ${cols.map((c) => EFFECTS[c]!.label).join(' | ')} |`);
      lines.push(`|---|${cols.map(() => '---:').join('|')}|`);
      for (const fi of partial) {
        const cells = cols.map((ei) => {
          const d = perFamilyDet[fi]![ei]!;
          const all = perFamily.robust[fi]![ei]!;
          return `${pctS(d.n / all.n)}: ${d.n ? f2(rate(d)) : '–'}`;
        });
        lines.push(`| ${FAMILIES[fi]!.name} | ${cells.join(' | ')} |`);
      }
    }
  }
  if (falseReasons.length) lines.push('', 'False rollbacks (robust):', ...falseReasons.map((r) => `- ${r}`));
  lines.push('');
  lines.push(`${overall.robust.reduce((n, t) => n + t.n, 0) * 2} analyses in ${(ms / 1000).toFixed(1)} s.`);
  process.stdout.write(lines.join('\n') + '\n');
}

main();
