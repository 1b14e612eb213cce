import type { HostReport, MetricReport, RunReport } from '../../../src/report/model';

/** 24 baseline p95 latencies (seconds) of v41, as Prometheus returned them every 5 s. */
export const P95_BASELINE = [
  0.1212, 0.1248, 0.1231, 0.1189, 0.1265, 0.1227, 0.1254, 0.1203, 0.1238, 0.1271, 0.1219, 0.1244, 0.1196, 0.1236, 0.1259, 0.1224, 0.1208, 0.1247, 0.1233,
  0.1262, 0.1215, 0.1241, 0.1229, 0.1252,
];

export function metric(over: Partial<MetricReport> = {}): MetricReport {
  return {
    name: 'http_p95_seconds',
    source: 'prometheus',
    verdict: 'fail',
    reason: '3 consecutive breaches (robust, threshold z > 3.5); at sample 6: value 0.2704 vs median 0.1235 (scale 0.004118): z 35.67, change +119 %',
    median: 0.12345,
    scale: 0.004118,
    worstZ: 35.67,
    rule: 'z-consecutive',
    decidedAt: 6,
    critical: true,
    baseline: P95_BASELINE,
    candidate: [0.1241, 0.1228, 0.1262, null, 0.2417, 0.2623, 0.2704],
    ...over,
  };
}

function host(over: Partial<HostReport>): HostReport {
  return { name: 'web-1', address: '10.20.0.11', previous: 'v41', final: 'v41', result: 'rolled-back', healthy: true, detail: '', retained: ['v42', 'v40'], steps: [], ...over };
}

/** A deploy of v42 whose p95 latency doubled 20 s into the window; rolled back on both hosts. */
export function rolledBackReport(over: Partial<RunReport> = {}): RunReport {
  return {
    tool: 'rollwatch',
    schemaVersion: 1,
    command: 'deploy',
    app: 'shop-api',
    version: 'v42',
    previousVersion: 'v41',
    image: 'ghcr.io/acme/shop-api:v42',
    digest: 'sha256:5f1c0a9e3b7d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e',
    outcome: 'rolled-back',
    reason: 'http_p95_seconds regressed on v42: 3 consecutive breaches (z 35.67 > 3.5)',
    runId: 'gh-9123456789-1',
    startedAt: '2025-03-14T09:26:53.000Z',
    finishedAt: '2025-03-14T09:29:41.000Z',
    timings: { buildMs: 38_400, deployServerMs: 21_700, deployMs: 60_100, detectMs: 16_200, recoverMs: 11_900, recoveryMs: 28_100, totalMs: 168_000 },
    hosts: [
      host({ name: 'web-1', address: '10.20.0.11', detail: 'returned to v41' }),
      host({ name: 'web-2', address: '10.20.0.12', detail: 'returned to v41' }),
    ],
    verification: {
      verdict: 'fail',
      reason: 'http_p95_seconds regressed: 3 consecutive breaches (z 35.67 > 3.5)',
      deciding: 'http_p95_seconds',
      windowMs: 120_000,
      intervalMs: 5_000,
      samples: 7,
      baselineKind: 'pre-deploy',
      onInconclusive: 'keep',
      detectMs: 16_200,
      metrics: [
        metric(),
        {
          name: 'probe_error_ratio',
          source: 'probe',
          verdict: 'pass',
          reason: 'no rule fired over 7 scored samples (worst z 0.8)',
          median: 0,
          scale: 0.001,
          worstZ: 0.8,
          rule: 'none',
          decidedAt: null,
          critical: true,
          baseline: Array(24).fill(0),
          candidate: [0, 0, 0, 0.0008, 0, 0, 0],
        },
        {
          name: 'cpu_seconds',
          source: 'host',
          verdict: 'pass',
          reason: 'no rule fired over 7 scored samples (worst z 2.1)',
          median: 0.31,
          scale: 0.04,
          worstZ: 2.1,
          rule: 'none',
          decidedAt: null,
          critical: false,
          baseline: [0.29, 0.31, 0.33, 0.3, 0.32, 0.28, 0.31, 0.34, 0.3, 0.31, 0.29, 0.33],
          candidate: [0.32, 0.35, 0.37, 0.36, 0.38, 0.39, 0.4],
        },
      ],
      warnings: [],
    },
    warnings: [],
    phases: [],
    ...over,
  };
}
