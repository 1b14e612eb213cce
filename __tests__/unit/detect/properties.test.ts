import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_POLICY, analyzeLine, createMetricTracker, decide, resolvePolicy } from '../../../src/detect';
import type { MetricSpec, MetricStatus, Sample } from '../../../src/detect';

const RUNS = { numRuns: 200, seed: 4242 };

const direction = fc.constantFrom<MetricSpec['direction']>('increase', 'decrease', 'either');
const kind = fc.constantFrom<MetricSpec['kind']>('gauge', 'count');
/** Plausible positive metric values. */
const level = fc.double({ min: 0.1, max: 1000, noNaN: true });
const series = (min: number, max: number) => fc.array(level, { minLength: min, maxLength: max });
/** Anything a broken exporter might send. */
const anyValue = fc.oneof(
  fc.double(), // includes NaN, ±Infinity, ±0, subnormals
  fc.constant(null),
  fc.integer({ min: -5, max: 1_000_000 }),
  fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE),
);
const anySample: fc.Arbitrary<Sample> = fc.record({ value: anyValue, total: fc.option(anyValue, { nil: undefined }) }, { requiredKeys: ['value'] });

function feed(spec: MetricSpec, baseline: number[], candidate: number[], policy = DEFAULT_POLICY): MetricStatus {
  const t = createMetricTracker(spec, policy);
  t.addBaseline(baseline.map((value) => ({ value })));
  candidate.forEach((value) => t.push({ value }));
  return t.finish();
}

function numbersOf(s: MetricStatus): Array<number | null> {
  return [s.decidedAt, s.explain.value, s.explain.median, s.explain.scale, s.explain.z, s.explain.index, s.worstZ, s.samples];
}

describe('properties', () => {
  test('no NaN or Infinity ever in a status, whatever the samples', () => {
    fc.assert(
      fc.property(direction, kind, fc.array(anySample, { maxLength: 40 }), fc.array(anySample, { maxLength: 30 }), fc.boolean(), (dir, k, base, cand, classic) => {
        const policy = classic ? resolvePolicy({ method: 'classic' }) : DEFAULT_POLICY;
        const t = createMetricTracker({ name: 'm', direction: dir, kind: k, limit: 500 }, policy);
        t.addBaseline(base);
        const statuses = cand.map((s) => t.push(s));
        statuses.push(t.finish());
        for (const s of statuses) {
          for (const x of numbersOf(s)) if (x !== null) expect(Number.isFinite(x)).toBe(true);
          expect(typeof s.reason).toBe('string');
          expect(s.reason).not.toMatch(/NaN/);
        }
      }),
      RUNS,
    );
  });

  test('scaling every value by c > 0 changes no verdict and no decidedAt (gauges)', () => {
    fc.assert(
      fc.property(direction, series(10, 40), series(0, 25), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (dir, base, cand, c) => {
        const spec: MetricSpec = { name: 'm', direction: dir, kind: 'gauge' };
        const a = feed(spec, base, cand);
        const b = feed(spec, base.map((x) => x * c), cand.map((x) => x * c));
        // ties at a threshold can flip by one rounding step; such samples are vanishingly rare
        expect([b.verdict, b.decidedAt]).toEqual([a.verdict, a.decidedAt]);
      }),
      RUNS,
    );
  });

  test('a worse candidate never fails later (monotone in the bad direction)', () => {
    fc.assert(
      fc.property(series(10, 40), series(1, 25), fc.double({ min: 1, max: 10, noNaN: true }), (base, cand, f) => {
        const spec: MetricSpec = { name: 'm', direction: 'increase', kind: 'gauge' };
        const a = feed(spec, base, cand);
        const b = feed(spec, base, cand.map((x) => x * f));
        if (a.verdict === 'fail') {
          expect(b.verdict).toBe('fail');
          expect(b.decidedAt!).toBeLessThanOrEqual(a.decidedAt!);
        }
      }),
      RUNS,
    );
  });

  test('a candidate drawn from the baseline values with no change never fails by statistics', () => {
    fc.assert(
      fc.property(direction, series(10, 40), fc.array(fc.nat(), { maxLength: 25 }), (dir, base, picks) => {
        // only values between the baseline's quartiles
        const sorted = [...base].sort((x, y) => x - y);
        const mid = sorted.slice(Math.floor(sorted.length / 4), Math.ceil((3 * sorted.length) / 4));
        const cand = picks.map((p) => mid[p % mid.length]!);
        expect(feed({ name: 'm', direction: dir, kind: 'gauge' }, base, cand).verdict).not.toBe('fail');
      }),
      RUNS,
    );
  });

  test('missing samples interleaved change nothing but the indices', () => {
    fc.assert(
      fc.property(series(10, 30), series(1, 15), (base, cand) => {
        const spec: MetricSpec = { name: 'm', direction: 'increase', kind: 'gauge' };
        const policy = resolvePolicy({ maxMissingFraction: 1 });
        const plain = feed(spec, base, cand, policy);
        const t = createMetricTracker(spec, policy);
        t.addBaseline(base.map((value) => ({ value })));
        cand.forEach((value) => {
          t.push({ value: null });
          t.push({ value });
        });
        const holey = t.finish();
        expect(holey.verdict).toBe(plain.verdict);
        if (plain.decidedAt !== null) expect(holey.decidedAt).toBe(2 * plain.decidedAt + 1);
      }),
      RUNS,
    );
  });

  test('analyzeLine never throws and always answers one JSON object, for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), (s) => {
        const out = analyzeLine(s);
        expect(out).not.toMatch(/\n/);
        const o = JSON.parse(out) as Record<string, unknown>;
        expect('error' in o || 'verdict' in o).toBe(true);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  test('analyzeLine equals feeding the trackers sample by sample (random lines)', () => {
    const metricArb = fc.record({
      direction,
      kind,
      baseline: fc.array(fc.option(fc.integer({ min: 0, max: 200 }), { nil: null, freq: 10 }), { minLength: 0, maxLength: 40 }),
      candidate: fc.array(fc.option(fc.integer({ min: 0, max: 600 }), { nil: null, freq: 10 }), { maxLength: 25 }),
    });
    const policyArb = fc.record(
      { threshold: fc.double({ min: 1, max: 6, noNaN: true }), consecutive: fc.integer({ min: 1, max: 4 }), method: fc.constantFrom('robust', 'classic') },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(metricArb, { minLength: 1, maxLength: 4 }), policyArb, (ms, pol) => {
        const metrics = ms.map((m, i) => ({ name: `m${i}`, ...m }));
        const out = JSON.parse(analyzeLine(JSON.stringify({ id: 'p', metrics, policy: pol }))) as {
          verdict: string;
          decidedAt: number | null;
          metrics: Array<{ verdict: string; decidedAt: number | null }>;
        };
        const full = resolvePolicy(pol as Record<string, unknown>);
        const specs: MetricSpec[] = metrics.map((m) => ({ name: m.name, direction: m.direction, kind: m.kind }));
        const trackers = specs.map((s, k) => {
          const t = createMetricTracker(s, full);
          t.addBaseline(metrics[k]!.baseline.map((value) => ({ value })));
          return t;
        });
        const longest = Math.max(...metrics.map((m) => m.candidate.length));
        for (let i = 0; i < longest; i++) metrics.forEach((m, k) => i < m.candidate.length && trackers[k]!.push({ value: m.candidate[i]! }));
        const statuses = trackers.map((t) => t.finish());
        const d = decide(statuses, specs, full);
        expect([out.verdict, out.decidedAt]).toEqual([d.verdict, d.decidedAt]);
        expect(out.metrics.map((m) => [m.verdict, m.decidedAt])).toEqual(statuses.map((s) => [s.verdict, s.decidedAt]));
      }),
      RUNS,
    );
  });
});
