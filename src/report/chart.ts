/**
 * The verification chart of the job summary: the deciding metric over the window against the
 * baseline band, as a mermaid `xychart-beta` block. Pure: report in, markdown out.
 *
 * Lines, in this order (mermaid's xychart has no legend, so the caption under the block names
 * them and the palette fixes their colours):
 *   1. the band's upper edge, median + k·scale (grey)
 *   2. the baseline median (blue)
 *   3. the band's lower edge, median − k·scale (grey)
 *   4. the candidate's samples (red; last, so it is drawn on top)
 * Without a baseline only the candidate line is drawn (red).
 *
 * Choices the renderer has to make, and what it does:
 * - Missing samples (null): mermaid lines need a number at every category. A missing sample is
 *   DROPPED together with its x label (the x axis shows seconds into the window, so the gap is
 *   visible there) and the caption counts them. Carrying the previous value would draw data that
 *   was never observed.
 * - Magnitudes: mermaid reads numbers as `[+-]?digits[.digits]` (no exponent). Values are shown
 *   unscaled between 0.01 and 10^6; outside that they are divided by a power of 1000 and the
 *   y-axis title says so ("×1e-6"). Every number is rounded to about 4 significant digits of
 *   the plotted range.
 * - Text: mermaid strings cannot contain `"`, and the block sits in a markdown fence, so titles
 *   lose double quotes and backticks (to '), `%`, `;`, `#` and control characters; < > become ‹ ›.
 * - Long windows: more samples than the x axis has room for (about 24 labels of "120s"; at most
 *   `maxPoints`, 40) are grouped so the labels stay legible; each group shows its sample furthest
 *   from the baseline median (spikes stay visible). The caption says so.
 * - The band: the detector's own median and scale when they are on the sample scale; for count
 *   metrics (rate test: the detector's median is a cumulative expectation) or when the detector
 *   had none, the median ± k·1.4826·MAD of the baseline samples. k is the detector threshold read
 *   from the metric's reason ("threshold z > 3.5"), else `threshold`, else 3.5.
 */
import type { MetricReport, RunReport, VerificationReport } from './model';

export interface ChartOptions {
  /** z threshold of the band when the metric's reason does not state it (default 3.5). */
  threshold?: number;
  /** At most this many points per line (default 40; fewer when the x labels would not fit). */
  maxPoints?: number;
}

export interface MetricChart {
  metric: string;
  /** The mermaid source (without the markdown fence). */
  mermaid: string;
  /** One markdown line naming the lines and what was left out. */
  caption: string;
}

export const DEFAULT_THRESHOLD = 3.5;
const DEFAULT_MAX_POINTS = 40;
/** Chart size and x-label font: about 810 px for the x axis, digits ~6.6 px wide. */
const WIDTH = 900;
const HEIGHT = 450;
const X_LABEL_PX = 11;
const fitLabels = (chars: number) => Math.max(4, Math.floor((WIDTH - 90) / (chars * X_LABEL_PX * 0.6 + 6)));
/** Band upper edge, baseline median, band lower edge, candidate (drawn last, so on top). */
const PALETTE = ['#8c8c8c', '#1f77b4', '#8c8c8c', '#d62728'];

/** The metric to chart: the deciding one, else the critical metric with the worst z, else any metric with the worst z. */
export function chartMetric(v: VerificationReport): MetricReport | null {
  const plottable = v.metrics.filter((m) => m.candidate.some((x) => x !== null && Number.isFinite(x)));
  if (plottable.length === 0) return null;
  const deciding = v.deciding ? plottable.find((m) => m.name === v.deciding) : undefined;
  if (deciding) return deciding;
  const worst = (ms: MetricReport[]) =>
    ms.reduce<MetricReport | null>((best, m) => (best === null || (m.worstZ ?? -Infinity) > (best.worstZ ?? -Infinity) ? m : best), null);
  return worst(plottable.filter((m) => m.critical)) ?? worst(plottable);
}

/** Text that is safe inside a mermaid double-quoted string inside a markdown code fence. */
export function mermaidText(s: string, max = 100): string {
  let t = s
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/["`]/g, "'")
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/[%;#]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (t.length > max) t = t.slice(0, max - 1).trimEnd() + '…';
  return t;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** The detector threshold stated in a reason ("threshold z > 3.5"), if any. */
export function thresholdIn(reason: string): number | null {
  const m = /threshold z > ([0-9]+(?:\.[0-9]+)?)/.exec(reason);
  return m ? Number(m[1]) : null;
}

interface Band {
  center: number;
  scale: number;
  from: 'detector' | 'samples';
}

function bandOf(m: MetricReport): Band | null {
  const isCount = /^poisson/.test(m.rule ?? '') || /rate test|expected at the baseline rate/.test(m.reason);
  if (!isCount && m.median !== null && m.scale !== null && Number.isFinite(m.median) && Number.isFinite(m.scale) && m.scale > 0) {
    return { center: m.median, scale: m.scale, from: 'detector' };
  }
  const base = m.baseline.filter((x) => Number.isFinite(x));
  if (base.length === 0) return null;
  const c = median(base);
  const mad = 1.4826 * median(base.map((x) => Math.abs(x - c)));
  // Same floors as the detector (scaleFloorRelative 1 %, scaleFloorAbsolute 1e-9).
  return { center: c, scale: Math.max(mad, 0.01 * Math.abs(c), 1e-9), from: 'samples' };
}

/** Power of 10 (a multiple of 3) the values are divided by, 0 when they read well as they are. */
function exponentFor(maxAbs: number): number {
  if (!(maxAbs > 0) || (maxAbs >= 0.01 && maxAbs < 1e6)) return 0;
  return 3 * Math.floor(Math.log10(maxAbs) / 3);
}

/** A number as mermaid's xychart parses it: no exponent, no "-0", about 4 significant digits of `span`. */
function formatter(span: number, maxAbs: number): (x: number) => string {
  const ref = span > 0 ? span : maxAbs > 0 ? maxAbs : 1;
  const decimals = Math.min(12, Math.max(0, 3 - Math.floor(Math.log10(ref))));
  return (x) => {
    let s = x.toFixed(decimals);
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
    return s === '-0' ? '0' : s;
  };
}

const secondsLabel = (ms: number) => {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(1))}s`;
};

/** The chart of one metric, or null when it has no candidate value to draw. */
export function metricChart(m: MetricReport, v: Pick<VerificationReport, 'intervalMs'>, opts: ChartOptions & { title?: string } = {}): MetricChart | null {
  const k = thresholdIn(m.reason) ?? opts.threshold ?? DEFAULT_THRESHOLD;
  const interval = v.intervalMs > 0 ? v.intervalMs : 0;
  const label = (i: number) => (interval > 0 ? secondsLabel((i + 1) * interval) : `#${i}`);
  const maxPoints = Math.max(2, Math.min(opts.maxPoints ?? DEFAULT_MAX_POINTS, fitLabels(label(Math.max(0, m.candidate.length - 1)).length)));

  let points = m.candidate.flatMap((x, i) => (x !== null && Number.isFinite(x) ? [{ i, x }] : []));
  if (points.length === 0) return null;
  const missing = m.candidate.length - points.length;
  let band = bandOf(m);
  if (band && !Number.isFinite(band.center + k * band.scale + (band.center - k * band.scale))) band = null;

  let grouped = 0;
  if (points.length > maxPoints) {
    grouped = Math.ceil(points.length / maxPoints);
    const ref = band?.center ?? median(points.map((p) => p.x));
    const out: typeof points = [];
    for (let g = 0; g < points.length; g += grouped) {
      const group = points.slice(g, g + grouped);
      out.push(group.reduce((a, b) => (Math.abs(b.x - ref) > Math.abs(a.x - ref) ? b : a)));
    }
    points = out;
  }

  const observed = [...m.baseline.filter((x) => Number.isFinite(x)), ...points.map((p) => p.x)];
  const nonNegative = observed.every((x) => x >= 0);
  let upper: number | null = null;
  let lower: number | null = null;
  let clipped = false;
  if (band) {
    upper = band.center + k * band.scale;
    lower = band.center - k * band.scale;
    if (nonNegative && lower < 0) {
      lower = 0;
      clipped = true;
    }
  }

  const all = [...points.map((p) => p.x), ...(band ? [upper!, band.center, lower!] : [])];
  const maxAbs = Math.max(...all.map(Math.abs));
  const e = exponentFor(maxAbs);
  const div = 10 ** e;
  const scaled = (x: number) => x / div;
  let lo = Math.min(...all) / div;
  let hi = Math.max(...all) / div;
  const span = hi - lo;
  const pad = span > 0 ? span * 0.05 : Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
  lo -= pad;
  hi += pad;
  if (nonNegative && lo < 0) lo = 0;
  const fmt = formatter(hi - lo, maxAbs / div);
  const list = (xs: number[]) => `[${xs.map(fmt).join(', ')}]`;

  const how = [m.rule && m.rule !== 'none' ? m.rule : null, m.decidedAt !== null ? `decided at ${label(m.decidedAt)}` : null].filter(Boolean).join(', ');
  const title = mermaidText(opts.title ?? `${mermaidText(m.name, 40)}: ${m.verdict}${how ? ` (${how})` : ''}`, 72);
  const yTitle = mermaidText(e === 0 ? m.name : `${m.name} (×1e${e})`, 60);
  const init = {
    themeVariables: { xyChart: { plotColorPalette: (band ? PALETTE : PALETTE.slice(-1)).join(', ') } },
    xyChart: { width: WIDTH, height: HEIGHT, titleFontSize: 16, xAxis: { labelFontSize: X_LABEL_PX }, yAxis: { labelFontSize: 12 } },
  };
  const lines = [
    `%%{init: ${JSON.stringify(init)}}%%`,
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis "${interval > 0 ? 'seconds into the window' : 'sample'}" [${points.map((p) => `"${label(p.i)}"`).join(', ')}]`,
    `  y-axis "${yTitle}" ${fmt(lo)} --> ${fmt(hi)}`,
  ];
  if (band) {
    const flat = (x: number) => list(points.map(() => scaled(x)));
    lines.push(`  line ${flat(upper!)}`, `  line ${flat(band.center)}`, `  line ${flat(lower!)}`);
  }
  lines.push(`  line ${list(points.map((p) => scaled(p.x)))}`);

  const fmtPlain = (x: number) => Number(x.toPrecision(4)).toString();
  const name = m.name.replace(/[`|\r\n]/g, ' ');
  const notes: string[] = [];
  if (band) {
    const how = band.from === 'detector' ? `the detector's baseline median ${fmtPlain(band.center)} ± ${k} × scale ${fmtPlain(band.scale)}` : `the baseline samples' median ${fmtPlain(band.center)} ± ${k} × 1.4826·MAD (${fmtPlain(band.scale)})`;
    notes.push(`**red**: \`${name}\` of the watched release per sample; **grey**: the band, ${how}${clipped ? ' (lower edge clipped at 0)' : ''}; **blue**: the baseline median.`);
  } else notes.push(`**red**: \`${name}\` of the watched release per sample (no baseline, so no band).`);
  if (missing > 0) notes.push(missing === 1 ? '1 missing sample left out (its time is absent from the x axis).' : `${missing} missing samples left out (their times are absent from the x axis).`);
  if (grouped > 0) notes.push(`${m.candidate.length - missing} samples shown as ${points.length}: the one furthest from the median in each group of ${grouped}.`);
  return { metric: m.name, mermaid: lines.join('\n'), caption: notes.join(' ') };
}

/** The markdown for the summary (fenced mermaid block + caption), or null when there is nothing to draw. */
export function renderChart(r: Pick<RunReport, 'verification'>, opts: ChartOptions = {}): string | null {
  const v = r.verification;
  if (!v) return null;
  const m = chartMetric(v);
  if (!m) return null;
  const c = metricChart(m, v, opts);
  if (!c) return null;
  return ['```mermaid', c.mermaid, '```', '', c.caption].join('\n');
}
