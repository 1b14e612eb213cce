// Public surface of the regression detector (pure: no I/O, no clock, no randomness).
export type {
  Decision,
  DetectorPolicy,
  Direction,
  Explanation,
  MetricKind,
  MetricSpec,
  MetricStatus,
  MetricTracker,
  Sample,
  Verdict,
} from './types';
export {
  CLASSIC_POLICY,
  DEFAULT_POLICY,
  checkPolicy,
  detectorPolicySchema,
  formatZodError,
  resolvePolicy,
  type PolicyOverrides,
} from './policy';
export { createMetricTracker, SHORT_BASELINE } from './tracker';
export { decide } from './decide';
export { analyze, analyzeLine, ANALYZE_LIMITS, type AnalyzeError, type AnalyzeResult } from './analyze';
