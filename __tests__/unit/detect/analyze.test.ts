import { describe, expect, test } from '@jest/globals';
import { analyzeLine, createMetricTracker, decide, resolvePolicy } from '../../../src/detect';
import type { MetricSpec } from '../../../src/detect';
import { repeat, wobble } from './helpers';

const base = wobble(100, 30);
const metric = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'latency_p99',
  direction: 'increase',
  kind: 'gauge',
  baseline: base,
  candidate: [100, 101, 250, 260, 270, 99],
  ...extra,
});
const line = (obj: unknown) => analyzeLine(JSON.stringify(obj));
const parse = (s: string) => JSON.parse(s) as Record<string, unknown>;

describe('analyzeLine: valid lines', () => {
  test('a failing metric', () => {
    const out = parse(line({ id: 'deploy-1', metrics: [metric()] }));
    expect(out).toEqual({
      id: 'deploy-1',
      verdict: 'fail',
      decidedAt: 4,
      metrics: [{ name: 'latency_p99', verdict: 'fail', decidedAt: 4, reason: expect.stringMatching(/level-window \(held for 3 consecutive samples\)/) }],
    });
  });

  test('output keys in the documented order, one line', () => {
    const s = line({ id: 'x', metrics: [metric()] });
    expect(s).not.toMatch(/\n/);
    expect(Object.keys(parse(s))).toEqual(['id', 'verdict', 'decidedAt', 'metrics']);
  });

  test('several metrics, counts with totals, a policy override', () => {
    const out = parse(
      line({
        id: 7,
        metrics: [
          metric({ candidate: wobble(100, 20) }),
          {
            name: 'errors',
            direction: 'increase',
            kind: 'count',
            baseline: repeat(0, 30),
            candidate: [0, 0, 12, 0, 0, 0],
            baselineTotals: repeat(10_000, 30),
            candidateTotals: repeat(10_000, 6),
          },
        ],
        policy: { consecutive: 2 },
      }),
    );
    expect(out).toMatchObject({ id: 7, verdict: 'fail', decidedAt: 2 });
    expect((out.metrics as unknown[])[0]).toMatchObject({ verdict: 'pass', decidedAt: null });
  });

  test('null samples are missing data', () => {
    const out = parse(line({ id: 'm', metrics: [metric({ candidate: [100, null, null, null, null, null, null, 101] })] }));
    expect(out).toMatchObject({ verdict: 'inconclusive', decidedAt: null });
  });

  test('non-finite JSON numbers (1e999) count as missing, never as a value', () => {
    const s = `{"id":"inf","metrics":[{"name":"a","direction":"increase","kind":"gauge","baseline":${JSON.stringify(base)},"candidate":[1e999,1e999,1e999,1e999,100,101,99,100,100]}]}`;
    expect(parse(analyzeLine(s))).toMatchObject({ id: 'inf', verdict: 'pass' });
  });

  test('the classic method through the policy', () => {
    const out = parse(line({ id: 'c', metrics: [metric({ candidate: [100, 180, 100, 100, 100] })], policy: { method: 'classic' } }));
    expect(out).toMatchObject({ verdict: 'fail', decidedAt: 1 });
    const robust = parse(line({ id: 'r', metrics: [metric({ candidate: [100, 180, 100, 100, 100] })] }));
    expect(robust).toMatchObject({ verdict: 'pass', decidedAt: null });
  });

  test('per-metric extensions: critical, limit, limitCount, policy', () => {
    const out = parse(
      line({
        id: 'ext',
        metrics: [
          metric({ critical: false }),
          metric({ name: 'ratio', candidate: [0.1, 0.1, 0.9, 0.9], baseline: repeat(0.1, 30), limit: 0.5, limitCount: 2 }),
          metric({ name: 'strict', candidate: [100, 300], policy: { consecutive: 1, shiftMinSamples: 0 } }),
        ],
      }),
    );
    const ms = out.metrics as Array<Record<string, unknown>>;
    expect(ms.map((m) => [m.verdict, m.decidedAt])).toEqual([
      ['fail', 4],
      ['fail', 3],
      ['fail', 1],
    ]);
    expect(out).toMatchObject({ verdict: 'fail', decidedAt: 1 });
  });
});

describe('analyzeLine: malformed lines', () => {
  const err = (s: string) => parse(analyzeLine(s));

  test('not JSON', () => {
    expect(err('not json')).toEqual({ id: null, error: expect.stringMatching(/^field \(line\): accepted form one JSON object per line/) });
    expect(err('')).toMatchObject({ id: null });
  });

  test('not an object', () => {
    expect(err('[1,2]')).toEqual({ id: null, error: expect.stringMatching(/^field \(line\): accepted form a JSON object/) });
    expect(err('null').id).toBeNull();
    expect(err('42').error).toMatch(/accepted form/);
  });

  test('missing and unknown fields', () => {
    expect(err('{"id":"a"}')).toEqual({ id: 'a', error: expect.stringMatching(/^field metrics: accepted form an array of 1 to 1000 metric objects/) });
    expect(err(JSON.stringify({ id: 'a', metrics: [metric()], extra: 1 })).error).toMatch(/^field extra: accepted form one of the keys id, metrics, policy/);
    expect(err(JSON.stringify({ id: 'a', metrics: [metric({ colour: 'red' })] })).error).toMatch(/^field metrics\[0\]\.colour: accepted form one of the keys name/);
    expect(err(JSON.stringify({ id: 'a', metrics: [] })).error).toMatch(/^field metrics: accepted form an array of 1 to 1000/);
  });

  test('wrong types name the path and the accepted form', () => {
    expect(err(JSON.stringify({ id: 'a', metrics: [metric({ direction: 'up' })] }))).toEqual({
      id: 'a',
      error: 'field metrics[0].direction: accepted form "increase", "decrease" or "either"',
    });
    expect(err(JSON.stringify({ id: 'a', metrics: [metric({ kind: 'histogram' })] })).error).toBe('field metrics[0].kind: accepted form "gauge" or "count"');
    expect(err(JSON.stringify({ id: 'a', metrics: [metric({ candidate: [1, '2', 3] })] })).error).toBe(
      'field metrics[0].candidate[1]: accepted form a number or null (null = missing sample)',
    );
    expect(err(JSON.stringify({ id: 'a', metrics: [metric({ baseline: 'NaN' })] })).error).toMatch(/^field metrics\[0\]\.baseline: accepted form an array of at most 100000/);
    expect(err(JSON.stringify({ id: 'a', metrics: [metric({ name: '' })] })).error).toMatch(/^field metrics\[0\]\.name: accepted form a non-empty string/);
    expect(err(JSON.stringify({ id: { x: 1 }, metrics: [metric()] }))).toEqual({
      id: null,
      error: expect.stringMatching(/^field id: accepted form a string of at most 1000 characters or a finite number/),
    });
  });

  test('policy errors', () => {
    expect(err(JSON.stringify({ id: 'p', metrics: [metric()], policy: { threshold: 'high' } }))).toEqual({
      id: 'p',
      error: 'field policy.threshold: accepted form a number > 0 and ≤ 1000000 (z threshold)',
    });
    expect(err(JSON.stringify({ id: 'p', metrics: [metric()], policy: { foo: 1 } })).error).toMatch(/^field policy\.foo: accepted form one of the keys/);
    expect(err(JSON.stringify({ id: 'p', metrics: [metric({ policy: { consecutive: 0 } })] })).error).toBe(
      'field metrics[0].policy.consecutive: accepted form an integer from 1 to 1000',
    );
  });

  test('totals: both or neither, same length, not negative', () => {
    expect(err(JSON.stringify({ id: 't', metrics: [metric({ kind: 'count', baselineTotals: repeat(1, 30) })] })).error).toMatch(
      /^field metrics\[0\]\.candidateTotals: accepted form an array of totals: give baselineTotals and candidateTotals both or neither/,
    );
    expect(err(JSON.stringify({ id: 't', metrics: [metric({ kind: 'count', baselineTotals: [1], candidateTotals: repeat(1, 6) })] })).error).toMatch(
      /^field metrics\[0\]\.baselineTotals: accepted form an array as long as baseline \(30\)/,
    );
    expect(err(JSON.stringify({ id: 't', metrics: [metric({ kind: 'count', baselineTotals: repeat(1, 30), candidateTotals: [1, 1, -1, 1, 1, 1] })] })).error).toBe(
      'field metrics[0].candidateTotals[2]: accepted form a number ≥ 0 or null (events in that interval)',
    );
  });

  test('duplicate metric names', () => {
    expect(err(JSON.stringify({ id: 'd', metrics: [metric(), metric()] })).error).toMatch(/^field metrics\[1\]\.name: accepted form a name not used by another metric/);
  });
});

describe('analyzeLine: hostile input', () => {
  test('huge arrays are refused with a message, not processed', () => {
    const big = `{"id":"big","metrics":[{"name":"a","direction":"increase","kind":"gauge","baseline":[${'1,'.repeat(100_000)}1],"candidate":[1]}]}`;
    expect(parse(analyzeLine(big))).toEqual({ id: 'big', error: expect.stringMatching(/^field metrics\[0\]\.baseline: accepted form an array of at most 100000/) });
  });

  test('a long but allowed series is processed quickly', () => {
    const n = 100_000;
    const cand = Array.from({ length: n }, (_, i) => 100 + (i % 7));
    const started = performance.now();
    const out = parse(line({ id: 'long', metrics: [metric({ candidate: cand })] }));
    expect(out.verdict).toBe('pass');
    // a guard against work that grows with the square of the series (minutes here), not a speed goal:
    // the speed is in bench/detector (about 5 s for this series in plain node on a busy 2-core machine)
    expect(performance.now() - started).toBeLessThan(90_000);
  });

  test('deep nesting', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(parse(analyzeLine(deep)).error).toMatch(/accepted form a JSON object/);
    expect(parse(analyzeLine(`{"id":"n","metrics":${deep}}`))).toMatchObject({ id: 'n', error: expect.stringMatching(/^field metrics\[0\]: accepted form an object/) });
    expect(parse(analyzeLine(`{"id":"n","metrics":[${JSON.stringify(metric())}],"policy":{"window":${deep}}}`)).error).toMatch(/^field policy\.window/);
  });

  test('strings, NaN and Infinity where numbers are', () => {
    expect(parse(analyzeLine('{"id":"x","metrics":[{"name":"a","direction":"increase","kind":"gauge","baseline":[NaN],"candidate":[]}]}'))).toMatchObject({
      id: null,
      error: expect.stringMatching(/^field \(line\)/),
    });
    expect(parse(line({ id: 'x', metrics: [metric({ baseline: ['Infinity'] })] })).error).toMatch(/baseline\[0\]: accepted form a number or null/);
  });

  test('extreme values give finite output', () => {
    const out = analyzeLine(
      JSON.stringify({
        id: 'ext',
        metrics: [
          metric({ baseline: repeat(1.7e308, 30), candidate: repeat(-1.7e308, 10), direction: 'either' }),
          metric({ name: 'b', baseline: repeat(5e-324, 30), candidate: repeat(1e308, 10) }),
          metric({ name: 'c', kind: 'count', baseline: repeat(1e308, 30), candidate: repeat(1e308, 10), baselineTotals: repeat(1e308, 30), candidateTotals: repeat(1e308, 10) }),
        ],
      }),
    );
    expect(out).not.toMatch(/null,"error"|NaN|Infinity/);
    const o = parse(out);
    expect(o.verdict).toBe('fail');
  });

  test('a very long id is not echoed back', () => {
    expect(parse(line({ id: 'x'.repeat(5000), metrics: [metric()] })).id).toBeNull();
  });

  test('a non-string argument does not throw', () => {
    expect(parse(analyzeLine(undefined as unknown as string)).error).toMatch(/accepted form/);
  });
});

describe('equivalence with the live tracker', () => {
  test('analyzeLine and feeding trackers sample by sample give identical verdicts and decidedAt', () => {
    const metrics = [
      metric(),
      metric({ name: 'down', direction: 'decrease', candidate: [100, 99, 40, 41, 42, 100] }),
      metric({ name: 'err', kind: 'count', baseline: repeat(1, 30), candidate: [1, 0, 9, 9, 9, 9], baselineTotals: repeat(1000, 30), candidateTotals: repeat(1000, 6) }),
    ];
    const policy = { threshold: 3, consecutive: 2 };
    const out = parse(line({ id: 'eq', metrics, policy }));

    const specs: MetricSpec[] = metrics.map((m) => ({ name: m.name as string, direction: m.direction as MetricSpec['direction'], kind: m.kind as MetricSpec['kind'] }));
    const full = resolvePolicy(policy);
    const trackers = specs.map((s) => createMetricTracker(s, full));
    trackers.forEach((t, k) => {
      const m = metrics[k]!;
      const totals = m.baselineTotals as number[] | undefined;
      t.addBaseline((m.baseline as number[]).map((value, i) => (totals ? { value, total: totals[i]! } : { value })));
    });
    for (let i = 0; i < 6; i++) {
      trackers.forEach((t, k) => {
        const m = metrics[k]!;
        const totals = m.candidateTotals as number[] | undefined;
        t.push({ value: (m.candidate as number[])[i]!, ...(totals ? { total: totals[i]! } : {}) });
      });
    }
    const statuses = trackers.map((t) => t.finish());
    const d = decide(statuses, specs, full);
    expect(out.verdict).toBe(d.verdict);
    expect(out.decidedAt).toBe(d.decidedAt);
    expect((out.metrics as Array<Record<string, unknown>>).map((m) => [m.name, m.verdict, m.decidedAt, m.reason])).toEqual(
      statuses.map((s) => [s.name, s.verdict, s.decidedAt, s.reason]),
    );
  });
});
