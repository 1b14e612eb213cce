import { describe, it, expect } from '@jest/globals';
import type { RunReport, HostReport } from '../../../src/report/model';
import { renderText } from '../../../src/report/text';
import { renderSummary } from '../../../src/report/summary';
import { keptOutcome } from '../../../src/engine/report-builder';
import { exitCodeOf } from '../../../src/engine/run';
import { finalStatus } from '../../../src/github/deployments';

function host(over: Partial<HostReport>): HostReport {
  return { name: 'web-1', address: '10.0.0.1', previous: 'v1', final: 'v1', result: 'rolled-back', healthy: true, detail: '', retained: [], steps: [], ...over };
}

/** A deploy of v2 that regressed on latency and was rolled back on both hosts. */
function rolledBack(over: Partial<RunReport> = {}): RunReport {
  return {
    tool: 'rollwatch',
    schemaVersion: 1,
    command: 'deploy',
    app: 'web',
    version: 'v2',
    previousVersion: 'v1',
    image: 'ghcr.io/acme/web:v2',
    digest: 'sha256:' + 'd'.repeat(64),
    outcome: 'rolled-back',
    reason: 'p95 latency regressed on the canary: z 9.8 > 3.5',
    runId: 'run-77',
    startedAt: '2024-05-01T10:00:00.000Z',
    finishedAt: '2024-05-01T10:03:00.000Z',
    timings: { buildMs: 41_200, deployServerMs: 18_300, deployMs: 59_500, detectMs: 45_000, recoverMs: 9_000, recoveryMs: 54_000, totalMs: 180_000 },
    hosts: [
      host({ name: 'web-1', address: '10.0.0.1', previous: 'v1', final: 'v1', result: 'rolled-back', healthy: true, detail: 'returned to v1', retained: ['v2'] }),
      host({ name: 'web-2', address: '10.0.0.2', previous: 'v1', final: 'v1', result: 'untouched', healthy: null, detail: '' }),
    ],
    verification: {
      verdict: 'fail',
      reason: 'p95_latency regressed',
      deciding: 'p95_latency',
      windowMs: 60_000,
      intervalMs: 5_000,
      samples: 12,
      baselineKind: 'concurrent',
      onInconclusive: 'keep',
      detectMs: 45_000,
      metrics: [
        { name: 'p95_latency', source: 'prometheus', verdict: 'fail', reason: 'z 9.8 > 3.5', median: 0.1234567, scale: 0.01, worstZ: 9.8123, rule: 'z > 3.5 for 3 of 3', decidedAt: 9, critical: false, baseline: [0.12, 0.13, 0.12, 0.11, 0.12, 0.125, 0.12, 0.13, 0.12, 0.12, 0.118, 0.122, 0.12, 0.121], candidate: [] },
        { name: 'error_rate', source: 'prometheus', verdict: 'pass', reason: 'no change', median: 0, scale: null, worstZ: null, rule: null, decidedAt: null, critical: true, baseline: [], candidate: [] },
      ],
      warnings: [],
    },
    warnings: ['web-2: 2 containers of web were running'],
    phases: [],
    ...over,
  };
}

/** The cells of a markdown table row (GFM: split on pipes that are not escaped). */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** The rows of the first markdown table whose header starts with `header`. */
function tableRows(md: string, header: string): string[] {
  const lines = md.split(/\r\n|\r|\n/);
  const start = lines.findIndex((l) => l.startsWith(`| ${header} |`));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[] = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i]);
  return rows;
}

describe('renderText', () => {
  it('says what happened: outcome, reason, image, timings, versions per host, verification', () => {
    const text = renderText(rolledBack());
    const lines = text.split('\n');
    expect(lines[0]).toBe('rollwatch deploy: ROLLED-BACK — web v2');
    expect(lines[1]).toBe('  p95 latency regressed on the canary: z 9.8 > 3.5');
    expect(text).toContain(`image ghcr.io/acme/web:v2 (sha256:${'d'.repeat(64)})`);
    expect(text).toContain('T_deploy 59.5s = T_build 41.2s + T_deploy_server 18.3s');
    expect(text).toContain('Recovery 54.0s = T_detect 45.0s + T_recover 9.0s');
    const web1 = lines.find((l) => l.trimStart().startsWith('web-1'));
    expect(web1).toMatch(/web-1\s+rolled-back\s+v1 → v2 → v1 healthy \[retained: v2\] — returned to v1$/);
    const web2 = lines.find((l) => l.trimStart().startsWith('web-2'));
    expect(web2).toMatch(/web-2\s+untouched\s+v1 → v1$/);
    expect(text).toContain('verification: fail (p95_latency regressed)');
    expect(text).toContain('p95_latency: fail — z 9.8 > 3.5');
    expect(text).not.toContain('error_rate');
    expect(text).toContain('warning: web-2: 2 containers of web were running');
  });

  it('tells the reader what to do next after a rollback', () => {
    const text = renderText(rolledBack());
    expect(text).toMatch(/rolled back automatically|what to do next|next:/i);
  });

  it('missing timings print a dash; recovery is only shown when something was detected or recovered', () => {
    const text = renderText(rolledBack({ outcome: 'promoted', timings: { buildMs: null, deployServerMs: 1000, deployMs: 1000, detectMs: null, recoverMs: null, recoveryMs: null, totalMs: 2000 } }));
    expect(text).toContain('T_deploy 1.0s = T_build – + T_deploy_server 1.0s');
    expect(text).not.toContain('Recovery');
  });

  it('status output shows the running version only, and lock holders', () => {
    const text = renderText(rolledBack({ command: 'status', outcome: 'ok', version: null, timings: { ...rolledBack().timings }, verification: null, warnings: [], lock: [{ host: 'web-1', held: true, holder: { run: 'run-9' } }, { host: 'web-2', held: false, holder: null }] }));
    expect(text.split('\n')[0]).toBe('rollwatch status: OK — web');
    expect(text).not.toContain('T_deploy');
    expect(text).not.toContain('→');
    expect(text).toContain('lock web-1: held {"run":"run-9"}');
    expect(text).toContain('lock web-2: free');
  });

  it('a failed host shows the commands to finish by hand', () => {
    const text = renderText(rolledBack({ outcome: 'failed', hosts: [host({ result: 'failed', final: null, manual: 'docker start web-v1' })] }));
    expect(text).toMatch(/web-1\s+failed\s+v1 → –/);
    expect(text).toContain('to finish by hand: docker start web-v1');
  });
});

describe('renderSummary', () => {
  it('headline, reason, next step, image, timing table, host table, verification', () => {
    const md = renderSummary(rolledBack());
    expect(md.split('\n')[0]).toBe('## ↩️ rollwatch deploy: rolled-back — `web` `v2` in 180.0 s');
    expect(md).toContain('> p95 latency regressed on the canary: z 9.8 > 3.5');
    expect(md).toContain('**What to do next:** The new release was rolled back automatically');
    expect(md).toContain(`Image: \`ghcr.io/acme/web:v2\` (\`sha256:${'d'.repeat(64)}\`)`);
    expect(md).toContain('| **T_deploy** = T_build + T_deploy_server | **59.5 s** = 41.2 s + 18.3 s |');
    expect(md).toContain('| **Recovery** = T_detect + T_recover | **54.0 s** = 45.0 s + 9.0 s |');
    const rows = tableRows(md, 'Host').map(cells);
    expect(rows).toEqual([
      ['web-1', 'v1 → v2 → v1', 'healthy', 'rolled-back', 'returned to v1'],
      ['web-2', 'v1 → v1', '–', 'untouched', ''],
    ]);
    expect(md).toContain('### Verification: fail');
    expect(md).toContain('(concurrent baseline of 14 samples; window of 12 samples every 5.0 s)');
    const metrics = tableRows(md, 'Metric').map(cells);
    expect(metrics).toEqual([
      ['**p95_latency**', '0.1235', '0.01', '9.812', 'fail', 'z > 3.5 for 3 of 3'],
      ['error_rate', '0', '–', '–', 'pass', 'no change'],
    ]);
    expect(md).toContain('> [!WARNING]\n> web-2: 2 containers of web were running');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('a window that ended early on one failing metric shows the others as not decided; no baseline is said so', () => {
    const r = rolledBack();
    const undecided = { ...r.verification!.metrics[1], verdict: 'inconclusive' as const, reason: 'window ended before a decision' };
    const md = renderSummary({ ...r, verification: { ...r.verification!, metrics: [r.verification!.metrics[0], undecided] } }, { chart: false });
    expect(tableRows(md, 'Metric').map(cells)[1][4]).toBe('not decided (window ended early)');
    const first = renderSummary({ ...r, verification: { ...r.verification!, verdict: 'inconclusive', baselineKind: 'none', metrics: [undecided] } }, { chart: false });
    expect(tableRows(first, 'Metric').map(cells)[0][4]).toBe('inconclusive');
    expect(first).toContain('(no baseline; window of 12 samples every 5.0 s)');
  });

  it.each([
    ['inconclusive', {}, /could not decide/],
    ['failed', { reason: 'preflight: docker missing on web-2' }, /Nothing was changed/],
    ['failed', { reason: 'deploy lock held by run-5' }, /Another run holds the deploy lock/],
    ['failed', { reason: 'health gate failed' }, /Every touched host was returned/],
  ] as const)('next step for %s %j', (outcome, over, expected) => {
    expect(renderSummary(rolledBack({ outcome, ...over }))).toMatch(new RegExp(`\\*\\*What to do next:\\*\\* .*${expected.source}`));
  });

  it('no next step after a promotion; a host needing a hand wins over the reason', () => {
    expect(renderSummary(rolledBack({ outcome: 'promoted' }))).not.toContain('What to do next');
    const md = renderSummary(rolledBack({ outcome: 'failed', reason: 'lock', hosts: [host({ result: 'failed', manual: 'docker start web-v1' })] }));
    expect(md).toContain('**What to do next:** Some hosts need a hand');
    expect(tableRows(md, 'Host').map(cells)[0][4]).toBe('to finish by hand: `docker start web-v1`');
  });

  it('rollback headline says "back to"', () => {
    expect(renderSummary(rolledBack({ command: 'rollback', outcome: 'ok' })).split('\n')[0]).toContain('`web` back to `v2`');
  });

  it.each([
    ['a pipe', 'exit 1 | grep failed'],
    ['a newline', 'line one\nline two'],
    ['CRLF', 'line one\r\nline two'],
    ['a lone CR', 'line one\rline two'],
    ['pipes and newlines', 'a|b\n|c|\n'],
  ])('%s inside a detail stays in its cell and the row keeps 5 cells', (_label, detail) => {
    const md = renderSummary(rolledBack({ hosts: [host({ detail }), host({ name: 'web-2', detail: 'ok' })] }));
    const rows = tableRows(md, 'Host');
    expect(rows).toHaveLength(2);
    expect(cells(rows[0])).toHaveLength(5);
    expect(cells(rows[0])[0]).toBe('web-1');
    expect(cells(rows[1])[0]).toBe('web-2');
  });

  it('a pipe or newline in the reason, a warning or a metric rule does not break the layout', () => {
    const md = renderSummary(
      rolledBack({
        reason: 'first | second\nthird',
        warnings: ['w1 | x\nw2'],
        verification: { ...rolledBack().verification!, metrics: [{ ...rolledBack().verification!.metrics[0], rule: 'a | b\nc' }] },
      }),
    );
    expect(md).toContain('> first \\| second<br>third');
    expect(md).toContain('> [!WARNING]\n> w1 \\| x<br>w2');
    const m = tableRows(md, 'Metric').map(cells);
    expect(m).toHaveLength(1);
    expect(m[0]).toHaveLength(6);
  });

  it('lock table for status', () => {
    const md = renderSummary(rolledBack({ command: 'status', outcome: 'ok', lock: [{ host: 'web-1', held: true, holder: { run: 'a|b' } }, { host: 'web-2', held: false, holder: null }] }));
    const rows = tableRows(md, 'Host').length; // the host table
    expect(rows).toBe(2);
    expect(md).toContain('| web-1 | {"run":"a\\|b"} |');
    expect(md).toContain('| web-2 | free |');
    expect(md).not.toContain('T_deploy');
  });
});

describe('a first release (outcome deployed)', () => {
  const verification = (over: Partial<NonNullable<RunReport['verification']>>) => ({ ...rolledBack().verification!, detectMs: null, ...over });

  it('is deployed when nothing ran before and the guards passed; promoted or inconclusive only after a comparison', () => {
    expect(keptOutcome(verification({ verdict: 'inconclusive', baselineKind: 'none' }))).toBe('deployed');
    expect(keptOutcome(verification({ verdict: 'pass', baselineKind: 'none' }))).toBe('deployed');
    expect(keptOutcome(verification({ verdict: 'inconclusive', baselineKind: 'pre-deploy' }))).toBe('inconclusive');
    expect(keptOutcome(verification({ verdict: 'pass', baselineKind: 'concurrent' }))).toBe('promoted');
    expect(keptOutcome(null)).toBe('promoted');
  });

  it('headlines the first release, exits 0 and marks the GitHub deployment a success', () => {
    const r = rolledBack({ outcome: 'deployed', version: 'v1', previousVersion: null, verification: verification({ verdict: 'inconclusive', baselineKind: 'none' }) });
    expect(renderText(r).split('\n')[0]).toBe('rollwatch deploy: DEPLOYED — first release, no baseline to compare with (web v1)');
    expect(exitCodeOf(r)).toBe(0);
    expect(finalStatus(r).state).toBe('success');
    expect(renderSummary(r, { chart: false }).split('\n')[0]).toMatch(/^## ✅ rollwatch deploy: deployed/);
  });
});
