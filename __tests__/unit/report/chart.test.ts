import { describe, it, expect } from '@jest/globals';
import { chartMetric, mermaidText, metricChart, renderChart, thresholdIn } from '../../../src/report/chart';
import { renderSummary } from '../../../src/report/summary';
import type { MetricReport } from '../../../src/report/model';
import { metric, rolledBackReport } from './fixtures';

/** The parts of an xychart-beta source, parsed the way mermaid's grammar reads them. */
function parse(src: string) {
  const body = src.split('\n').filter((l) => !l.startsWith('%%'));
  expect(body[0]).toBe('xychart-beta');
  const title = /^ {2}title "([^"]*)"$/.exec(body[1])?.[1];
  const x = /^ {2}x-axis "([^"]*)" \[(.*)\]$/.exec(body[2]);
  const y = /^ {2}y-axis "([^"]*)" (\S+) --> (\S+)$/.exec(body[3]);
  const num = (s: string) => {
    // mermaid's number token: no exponent, no "Infinity"
    expect(s).toMatch(/^[+-]?(\d+(\.\d+)?|\.\d+)$/);
    return Number(s);
  };
  const lines = body.slice(4).map((l) => {
    const m = /^ {2}line \[(.*)\]$/.exec(l);
    expect(m).not.toBeNull();
    return m![1].split(', ').map(num);
  });
  expect(x).not.toBeNull();
  expect(y).not.toBeNull();
  const labels = x![2].split(', ').map((s) => /^"([^"]*)"$/.exec(s)![1]);
  return { title, xTitle: x![1], labels, yTitle: y![1], yMin: num(y![2]), yMax: num(y![3]), lines, init: JSON.parse(/^%%\{init: (.*)\}%%$/.exec(src.split('\n')[0])![1]) };
}

const V = { intervalMs: 5_000 };

describe('chartMetric', () => {
  const m = (over: Partial<MetricReport>) => metric({ candidate: [1, 2], ...over });
  it('is the deciding metric', () => {
    const v = { ...rolledBackReport().verification!, deciding: 'b', metrics: [m({ name: 'a', worstZ: 50 }), m({ name: 'b', worstZ: 5 })] };
    expect(chartMetric(v)?.name).toBe('b');
  });
  it('without a deciding metric: the critical metric with the worst z, then any metric with the worst z', () => {
    const base = { ...rolledBackReport().verification!, deciding: null };
    expect(chartMetric({ ...base, metrics: [m({ name: 'a', worstZ: 9, critical: false }), m({ name: 'b', worstZ: 2 }), m({ name: 'c', worstZ: 3 }), m({ name: 'd', worstZ: null })] })?.name).toBe('c');
    expect(chartMetric({ ...base, metrics: [m({ name: 'a', worstZ: 1, critical: false }), m({ name: 'b', worstZ: 4, critical: false })] })?.name).toBe('b');
  });
  it('skips metrics without a candidate value; none → null', () => {
    const base = { ...rolledBackReport().verification!, deciding: 'a' };
    expect(chartMetric({ ...base, metrics: [m({ name: 'a', candidate: [null, null] }), m({ name: 'b', worstZ: 1 })] })?.name).toBe('b');
    expect(chartMetric({ ...base, metrics: [m({ name: 'a', candidate: [] })] })).toBeNull();
    expect(renderChart({ verification: null })).toBeNull();
  });
});

describe('metricChart', () => {
  it('the rolled-back p95: band from the detector, missing sample dropped with its label, threshold from the reason', () => {
    const c = metricChart(metric(), V)!;
    const p = parse(c.mermaid);
    expect(p.title).toBe('http_p95_seconds: fail (z-consecutive, decided at 35s)');
    expect(p.xTitle).toBe('seconds into the window');
    expect(p.labels).toEqual(['5s', '10s', '15s', '25s', '30s', '35s']);
    expect(p.yTitle).toBe('http_p95_seconds');
    const [upper, med, lower, cand] = p.lines;
    expect(cand).toEqual([0.1241, 0.1228, 0.1262, 0.2417, 0.2623, 0.2704]);
    expect(new Set(med)).toEqual(new Set([0.1235]));
    expect(upper[0]).toBeCloseTo(0.12345 + 3.5 * 0.004118, 4);
    expect(lower[0]).toBeCloseTo(0.12345 - 3.5 * 0.004118, 4);
    for (const l of [upper, med, lower]) expect(l).toHaveLength(6);
    expect(p.yMin).toBeLessThan(lower[0]);
    expect(p.yMax).toBeGreaterThan(0.2704);
    expect(p.init.themeVariables.xyChart.plotColorPalette).toBe('#8c8c8c, #1f77b4, #8c8c8c, #d62728');
    expect(c.caption).toContain("the detector's baseline median 0.1235 ± 3.5 × scale 0.004118");
    expect(c.caption).toContain('1 missing sample left out');
  });

  it('threshold: the reason wins, then the option, then 3.5', () => {
    expect(thresholdIn('3 consecutive breaches (robust, threshold z > 4.25); at sample 2')).toBe(4.25);
    expect(thresholdIn('no rule fired')).toBeNull();
    const band = (over: Partial<MetricReport>, opts = {}) => parse(metricChart(metric({ median: 10, scale: 1, baseline: [10], candidate: [10, 11], ...over }), V, opts)!.mermaid).lines[0][0];
    expect(band({ reason: 'x (robust, threshold z > 5); y' })).toBe(15);
    expect(band({ reason: 'no rule fired' }, { threshold: 3 })).toBe(13);
    expect(band({ reason: 'no rule fired' })).toBe(13.5);
  });

  it('huge and tiny magnitudes are divided by a power of 1000 and never use an exponent', () => {
    const huge = parse(metricChart(metric({ median: 3.2e12, scale: 4e9, candidate: [3.2e12, 9.87654e12] }), V)!.mermaid);
    expect(huge.yTitle).toBe('http_p95_seconds (×1e12)');
    expect(huge.lines[3]).toEqual([3.2, 9.877]);
    const tiny = parse(metricChart(metric({ median: 2.5e-9, scale: 1e-10, candidate: [2.5e-9, 8.123e-9] }), V)!.mermaid);
    expect(tiny.yTitle).toBe('http_p95_seconds (×1e-9)');
    expect(tiny.lines[3]).toEqual([2.5, 8.123]);
    const mid = parse(metricChart(metric({ median: 4200, scale: 30, candidate: [4210.123456, 5000] }), V)!.mermaid);
    expect(mid.yTitle).toBe('http_p95_seconds');
    expect(mid.lines[3]).toEqual([4210.1, 5000]);
  });

  it('negative values keep their sign; a non-negative series clips the lower band edge at 0 and says so', () => {
    const neg = parse(metricChart(metric({ median: -40, scale: 2, baseline: [-41, -39], candidate: [-40, -10] }), V)!.mermaid);
    expect(neg.lines[3]).toEqual([-40, -10]);
    expect(neg.lines[2][0]).toBe(-47);
    const c = metricChart(metric({ median: 0.001, scale: 0.002, baseline: [0, 0.001, 0.002], candidate: [0, 0.03] }), V)!;
    expect(parse(c.mermaid).lines[2][0]).toBe(0);
    expect(parse(c.mermaid).yMin).toBe(0);
    expect(c.caption).toContain('lower edge clipped at 0');
  });

  it('counts (rate test) and a missing detector scale take the band from the baseline samples', () => {
    const c = metricChart(metric({ rule: 'poisson-consecutive', median: 812, scale: 28.5, baseline: [10, 12, 8, 10, 11, 9], candidate: [10, 30] }), V)!;
    const p = parse(c.mermaid);
    expect(p.lines[1][0]).toBe(10);
    expect(p.lines[0][0]).toBeCloseTo(10 + 3.5 * 1.4826, 2);
    expect(c.caption).toContain("the baseline samples' median 10");
    const none = parse(metricChart(metric({ median: null, scale: null, baseline: [5, 5, 5], candidate: [5, 6] }), V)!.mermaid);
    expect(none.lines[1][0]).toBe(5);
    expect(none.lines[0][0]).toBeCloseTo(5 + 3.5 * 0.05, 4); // MAD 0 → the 1 % scale floor
  });

  it('no baseline: only the candidate line, in red', () => {
    const c = metricChart(metric({ median: null, scale: null, baseline: [], candidate: [1, 2, 3] }), V)!;
    const p = parse(c.mermaid);
    expect(p.lines).toEqual([[1, 2, 3]]);
    expect(p.init.themeVariables.xyChart.plotColorPalette).toBe('#d62728');
    expect(c.caption).toContain('no baseline, so no band');
  });

  it('all samples missing → no chart; several missing are counted', () => {
    expect(metricChart(metric({ candidate: [null, null] }), V)).toBeNull();
    const c = metricChart(metric({ candidate: [null, 0.12, null, Number.NaN, 0.13] }), V)!;
    expect(parse(c.mermaid).labels).toEqual(['10s', '25s']);
    expect(c.caption).toContain('3 missing samples left out');
  });

  it('a long window is grouped to fit the axis, keeping the most extreme sample of each group', () => {
    const candidate = Array.from({ length: 500 }, (_, i) => (i === 333 ? 0.9 : 0.123));
    const c = metricChart(metric({ candidate }), V)!;
    const p = parse(c.mermaid);
    expect(p.labels.length).toBeLessThanOrEqual(40);
    expect(p.labels.length).toBeGreaterThanOrEqual(10);
    expect(p.lines[3]).toContain(0.9);
    expect(p.labels).toContain('1670s'); // the spike's own time
    expect(new Set(p.labels).size).toBe(p.labels.length); // mermaid collapses duplicate categories
    expect(c.caption).toMatch(/500 samples shown as \d+: the one furthest from the median in each group of \d+/);
    // a 2-minute window at 5 s is drawn whole
    expect(parse(metricChart(metric({ candidate: Array(24).fill(0.12) }), V)!.mermaid).labels).toHaveLength(24);
  });

  it('titles with special characters stay one mermaid string inside the markdown fence', () => {
    const nasty = 'p95 "lat"\n`x` <b>#1;</b> %% 50%\u0007' + 'y'.repeat(200);
    expect(mermaidText(nasty)).not.toMatch(/["`<>%;#\n\u0007]/);
    expect(mermaidText(nasty).length).toBeLessThanOrEqual(100);
    const src = metricChart(metric({ name: nasty }), V)!.mermaid;
    const p = parse(src);
    expect(p.title!.length).toBeLessThanOrEqual(72);
    expect(p.title).toMatch(/^p95 'lat' 'x' ‹b› 1 ‹\/b› 50 y+…: fail/);
    expect(src).not.toContain('```');
  });

  it('x labels fall back to sample numbers without an interval', () => {
    expect(parse(metricChart(metric({ candidate: [1, 2] }), { intervalMs: 0 })!.mermaid)).toMatchObject({ xTitle: 'sample', labels: ['#0', '#1'] });
  });
});

describe('renderSummary with the chart', () => {
  it('puts the fenced chart and its caption after the metric table, with the deciding reason', () => {
    const md = renderSummary(rolledBackReport());
    const table = md.indexOf('| Metric |');
    const fence = md.indexOf('```mermaid\n%%{init:');
    expect(table).toBeGreaterThan(0);
    expect(fence).toBeGreaterThan(table);
    expect(md).toContain('**http_p95_seconds**: 3 consecutive breaches (robust, threshold z > 3.5)');
    expect(md.slice(fence)).toMatch(/^```mermaid\n[\s\S]*?\n```\n\n\*\*red\*\*: `http_p95_seconds`/);
    expect(md.match(/```mermaid/g)).toHaveLength(1);
  });
  it('no chart without verification, or when switched off', () => {
    expect(renderSummary(rolledBackReport({ verification: null }))).not.toContain('```');
    expect(renderSummary(rolledBackReport(), { chart: false })).not.toContain('```');
  });
});
