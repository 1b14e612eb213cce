// Offline analysis: one JSON line in, one JSON line out, through exactly the
// code path of the live window (createMetricTracker → push sample by sample →
// finish → decide). Pure: no I/O; never throws.

import { z } from 'zod';
import { decide } from './decide';
import { detectorPolicySchema, formatZodError, resolvePolicy, type PolicyOverrides } from './policy';
import { createMetricTracker } from './tracker';
import type { Direction, MetricKind, MetricSpec, Sample } from './types';

/** Limits that keep a hostile line from exhausting memory or time. */
export const ANALYZE_LIMITS = Object.freeze({
  maxLineLength: 64 * 1024 * 1024,
  maxMetrics: 1000,
  maxSeriesLength: 100_000,
  maxSamplesPerLine: 2_000_000,
  maxIdLength: 1000,
  maxNameLength: 200,
});

const L = ANALYZE_LIMITS;

/** A sample value: any JSON number (non-finite ones, e.g. 1e999, count as missing) or null. */
const sampleValue = z.custom<number | null>((v) => v === null || typeof v === 'number', {
  error: 'a number or null (null = missing sample)',
});
const totalValue = z.custom<number | null>(
  (v) => v === null || (typeof v === 'number' && !(v < 0)),
  { error: 'a number ≥ 0 or null (events in that interval)' },
);

function series<T extends z.ZodType>(item: T, what: string) {
  const form = `an array of at most ${L.maxSeriesLength} ${what}, in time order`;
  return z.array(item, { error: form }).max(L.maxSeriesLength, { error: form });
}

const metricSchema = z
  .strictObject(
    {
      name: z
        .string({ error: `a non-empty string of at most ${L.maxNameLength} characters` })
        .min(1, { error: `a non-empty string of at most ${L.maxNameLength} characters` })
        .max(L.maxNameLength, { error: `a non-empty string of at most ${L.maxNameLength} characters` }),
      direction: z.enum(['increase', 'decrease', 'either'], { error: '"increase", "decrease" or "either"' }),
      kind: z.enum(['gauge', 'count'], { error: '"gauge" or "count"' }),
      baseline: series(sampleValue, 'numbers or nulls'),
      candidate: series(sampleValue, 'numbers or nulls'),
      baselineTotals: series(totalValue, 'numbers ≥ 0 or nulls').optional(),
      candidateTotals: series(totalValue, 'numbers ≥ 0 or nulls').optional(),
      critical: z.boolean({ error: 'true or false' }).optional(),
      limit: z.number({ error: 'a finite number' }).optional(),
      limitCount: z
        .number({ error: 'an integer from 1 to 1000' })
        .int({ error: 'an integer from 1 to 1000' })
        .min(1, { error: 'an integer from 1 to 1000' })
        .max(1000, { error: 'an integer from 1 to 1000' })
        .optional(),
      policy: detectorPolicySchema.optional(),
    },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? 'one of the keys name, direction, kind, baseline, candidate, baselineTotals, candidateTotals, critical, limit, limitCount, policy (unknown key rejected)'
          : 'an object {"name", "direction", "kind", "baseline": [...], "candidate": [...]}',
    },
  )
  .superRefine((m, ctx) => {
    if ((m.baselineTotals === undefined) !== (m.candidateTotals === undefined)) {
      const missing = m.baselineTotals === undefined ? 'baselineTotals' : 'candidateTotals';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'an array of totals: give baselineTotals and candidateTotals both or neither' });
    }
    if (m.baselineTotals && m.baselineTotals.length !== m.baseline.length) {
      ctx.addIssue({ code: 'custom', path: ['baselineTotals'], message: `an array as long as baseline (${m.baseline.length})` });
    }
    if (m.candidateTotals && m.candidateTotals.length !== m.candidate.length) {
      ctx.addIssue({ code: 'custom', path: ['candidateTotals'], message: `an array as long as candidate (${m.candidate.length})` });
    }
  });

const lineSchema = z
  .strictObject(
    {
      id: z.union([z.string().max(L.maxIdLength), z.number()], {
        error: `a string of at most ${L.maxIdLength} characters or a finite number`,
      }),
      metrics: z
        .array(metricSchema, { error: `an array of 1 to ${L.maxMetrics} metric objects` })
        .min(1, { error: `an array of 1 to ${L.maxMetrics} metric objects` })
        .max(L.maxMetrics, { error: `an array of 1 to ${L.maxMetrics} metric objects` }),
      policy: detectorPolicySchema.optional(),
    },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? 'one of the keys id, metrics, policy (unknown key rejected)'
          : 'a JSON object {"id", "metrics": [...], "policy"?: {...}}',
    },
  )
  .superRefine((v, ctx) => {
    const seen = new Map<string, number>();
    let total = 0;
    v.metrics.forEach((m, i) => {
      if (seen.has(m.name)) {
        ctx.addIssue({ code: 'custom', path: ['metrics', i, 'name'], message: `a name not used by another metric of the line (metrics[${seen.get(m.name)}] has it)` });
      } else seen.set(m.name, i);
      total += m.baseline.length + m.candidate.length;
    });
    if (total > L.maxSamplesPerLine) {
      ctx.addIssue({ code: 'custom', path: ['metrics'], message: `at most ${L.maxSamplesPerLine} samples in all per line (got ${total})` });
    }
  });

type LineInput = z.infer<typeof lineSchema>;

export interface AnalyzeResult {
  id: string | number | null;
  verdict: 'pass' | 'fail' | 'inconclusive';
  decidedAt: number | null;
  metrics: Array<{ name: string; verdict: 'pending' | 'pass' | 'fail' | 'inconclusive'; decidedAt: number | null; reason: string }>;
}

export interface AnalyzeError {
  id: string | number | null;
  error: string;
}

function readableId(v: unknown): string | number | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const id = (v as { id?: unknown }).id;
  if (typeof id === 'string') return id.length <= L.maxIdLength ? id : null;
  if (typeof id === 'number' && Number.isFinite(id)) return id;
  return null;
}

function toSamples(values: ReadonlyArray<number | null>, totals?: ReadonlyArray<number | null>): Sample[] {
  return values.map((value, i) => (totals ? { value, total: totals[i] ?? null } : { value }));
}

/** Run one parsed and validated request through the live code path. */
export function analyze(input: LineInput): AnalyzeResult {
  const top = input.policy as PolicyOverrides | undefined;
  const specs: MetricSpec[] = input.metrics.map((m) => ({
    name: m.name,
    direction: m.direction as Direction,
    kind: m.kind as MetricKind,
    ...(m.critical !== undefined ? { critical: m.critical } : {}),
    ...(m.limit !== undefined ? { limit: m.limit } : {}),
    ...(m.limitCount !== undefined ? { limitCount: m.limitCount } : {}),
    ...(m.policy?.onInconclusive ? { policy: { onInconclusive: m.policy.onInconclusive } } : {}),
  }));
  const trackers = input.metrics.map((m, i) => {
    const policy = resolvePolicy(top, m.policy as PolicyOverrides | undefined);
    const t = createMetricTracker(specs[i]!, policy);
    t.addBaseline(toSamples(m.baseline, m.baselineTotals));
    return t;
  });
  const candidates = input.metrics.map((m) => toSamples(m.candidate, m.candidateTotals));
  const longest = Math.max(0, ...candidates.map((c) => c.length));
  // Sample by sample, all metrics in step, as the live window does.
  for (let i = 0; i < longest; i++) {
    for (let k = 0; k < trackers.length; k++) {
      const c = candidates[k]!;
      if (i < c.length) trackers[k]!.push(c[i]!);
    }
  }
  const statuses = trackers.map((t) => t.finish());
  const d = decide(statuses, specs, resolvePolicy(top));
  return {
    id: input.id,
    verdict: d.verdict,
    decidedAt: d.decidedAt,
    metrics: statuses.map((s) => ({ name: s.name, verdict: s.verdict, decidedAt: s.decidedAt, reason: s.reason })),
  };
}

/**
 * One input line → one output line (JSON, no trailing newline). A malformed
 * line gives `{"id": <id or null>, "error": "field …: accepted form …"}`.
 */
export function analyzeLine(line: string): string {
  let id: string | number | null = null;
  try {
    if (typeof line !== 'string') return JSON.stringify({ id, error: 'field (line): accepted form a string holding one JSON object' });
    if (line.length > L.maxLineLength) {
      return JSON.stringify({ id, error: `field (line): accepted form a JSON object of at most ${L.maxLineLength} characters` });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      const msg = e instanceof Error ? e.message.slice(0, 200) : 'parse error';
      return JSON.stringify({ id, error: `field (line): accepted form one JSON object per line (${msg})` });
    }
    id = readableId(parsed);
    const r = lineSchema.safeParse(parsed);
    if (!r.success) return JSON.stringify({ id, error: formatZodError(r.error) });
    return JSON.stringify(analyze(r.data));
  } catch (e) {
    const msg = e instanceof Error ? e.message.slice(0, 200) : String(e).slice(0, 200);
    return JSON.stringify({ id, error: `internal error: ${msg}` });
  }
}
