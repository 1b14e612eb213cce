// Test helpers for the detector (not a test file: no .test suffix).
import { createMetricTracker } from '../../../src/detect';
import type { DetectorPolicy, MetricSpec, MetricStatus, Sample } from '../../../src/detect';

export const vals = (xs: ReadonlyArray<number | null>, totals?: ReadonlyArray<number | null>): Sample[] =>
  xs.map((value, i) => (totals ? { value, total: totals[i] ?? null } : { value }));

export const repeat = <T>(x: T, n: number): T[] => Array.from({ length: n }, () => x);

/** Deterministic, mildly noisy baseline around `level` (relative amplitude `cv`). */
export function wobble(level: number, n: number, cv = 0.05): number[] {
  const pattern = [0, 0.8, -0.6, 0.3, -1, 0.5, -0.2, 1, -0.8, 0.1];
  return Array.from({ length: n }, (_, i) => level * (1 + cv * pattern[i % pattern.length]!));
}

export interface RunResult {
  statuses: MetricStatus[];
  final: MetricStatus;
}

/** Feed a baseline and candidate samples one by one, then finish. */
export function run(spec: MetricSpec, policy: DetectorPolicy, baseline: Sample[], candidate: Sample[]): RunResult {
  const t = createMetricTracker(spec, policy);
  t.addBaseline(baseline);
  const statuses = candidate.map((s) => t.push(s));
  return { statuses, final: t.finish() };
}

export function gauge(direction: MetricSpec['direction'] = 'increase', extra: Partial<MetricSpec> = {}): MetricSpec {
  return { name: 'latency', direction, kind: 'gauge', ...extra };
}

export function count(extra: Partial<MetricSpec> = {}): MetricSpec {
  return { name: 'errors', direction: 'increase', kind: 'count', ...extra };
}
