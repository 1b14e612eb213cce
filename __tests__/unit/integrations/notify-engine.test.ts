/**
 * `notify:` through the engine entry both the CLI and the action call (runCommand), with the
 * target mocked and real receivers on 127.0.0.1: a failing webhook changes neither the report
 * nor the exit code, and the webhook URL never reaches a log line.
 */
import { jest, describe, it, expect, afterEach } from '@jest/globals';
import type { Config } from '../../../src/config/types';
import type { RunReport } from '../../../src/report/model';
import type { Target } from '../../../src/engine/target';
import { buildConfig } from '../../../src/config/load';
import { EXIT } from '../../../src/errors';
import { createMasker, maskedLogger, streamLogger } from '../../../src/util/log';
import { fakeSources, minimalRaw } from '../../fixtures/core/config';
import { rolledBackReport } from '../report/fixtures';
import { startRecorder, type Handler } from '../github/recorder';

let next: RunReport = rolledBackReport();
const fakeTarget = {
  kind: 'ssh',
  rollback: async () => next,
  status: async () => next,
  plan: async () => next,
  lock: async () => next,
  record: async () => [],
} as unknown as Target;
const target = async () => fakeTarget;
jest.unstable_mockModule('../../../src/engine/pipeline', () => ({ deploy: async () => next, verifyDeployed: async () => next, resolveVersion: (_ctx: unknown, v?: string) => v ?? 'v1' }));
const { runCommand, exitCodeOf } = await import('../../../src/engine/run');

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

const TOKEN = 'xoxsecrettoken42';

async function setup(handler: Handler, notify: Record<string, unknown>[] = [{ url: { fromEnv: 'SLACK_WEBHOOK_URL' }, format: 'slack' }]) {
  const srv = await startRecorder(handler);
  closers.push(srv.close);
  const config: Config = buildConfig({ ...minimalRaw(), notify }, fakeSources({ SLACK_WEBHOOK_URL: `${srv.url}/services/T0/B0/${TOKEN}` }));
  const lines: string[] = [];
  // as the CLI builds it: every line masked
  const log = maskedLogger(
    streamLogger((l) => lines.push(l), { verbose: true }),
    createMasker(config.secrets),
  );
  return { srv, config, lines, env: { config, target, log, signal: new AbortController().signal, commit: null, actor: null, runId: 'run-1' } };
}

describe('runCommand with notify:', () => {
  it('a webhook failing 3 times: the same report, the same exit code, one warning without the URL', async () => {
    const { srv, lines, env } = await setup(() => ({ status: 500, body: `boom at /services/T0/B0/${TOKEN}` }));
    next = rolledBackReport();
    const before = JSON.stringify(next);
    const started = Date.now();
    const report = await runCommand({ name: 'deploy', version: 'v42' }, env);
    expect(Date.now() - started).toBeLessThan(5_000); // 3 attempts, 0.5 s + 1 s between them
    expect(report).toBe(next);
    expect(JSON.stringify(report)).toBe(before);
    expect(exitCodeOf(report)).toBe(EXIT.rolledBack);
    expect(srv.requests).toHaveLength(3);
    expect(srv.requests[0].path).toBe(`/services/T0/B0/${TOKEN}`);
    expect((srv.requests[0].body as { text: string }).text).toMatch(/^:leftwards_arrow_with_hook: \*rollwatch deploy: shop-api v42 rolled back to v41\*/);
    const warnings = lines.filter((l) => / WARN /.test(l));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/WARN notify slack http:\/\/127\.0\.0\.1:\d+\/\*\*\*: failed after 3 attempts: HTTP 500: "boom at \*\*\*" \(the deploy is not affected\)$/);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('sent once; read-only commands and outcomes outside on: send nothing', async () => {
    const { srv, lines, env } = await setup(() => ({ status: 200, body: 'ok' }), [
      { url: { fromEnv: 'SLACK_WEBHOOK_URL' }, format: 'json', on: ['rolled-back', 'failed'] },
    ]);
    next = rolledBackReport();
    await runCommand({ name: 'deploy' }, env);
    expect(srv.requests.map((r) => (r.body as { event: string }).event)).toEqual(['rolled-back']);
    expect(lines.filter((l) => / notify /.test(l))).toEqual([expect.stringMatching(/notify json http:\/\/127\.0\.0\.1:\d+\/\*\*\*: sent$/)]);
    next = rolledBackReport({ outcome: 'promoted' });
    await runCommand({ name: 'deploy' }, env);
    next = rolledBackReport({ command: 'status', outcome: 'failed' });
    await runCommand({ name: 'status' }, env);
    expect(srv.requests).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('no notify: configured: runCommand is what it was', async () => {
    next = rolledBackReport({ outcome: 'promoted' });
    const config = buildConfig(minimalRaw(), fakeSources());
    const report = await runCommand({ name: 'deploy' }, { config, target, log: streamLogger(() => undefined), signal: new AbortController().signal, commit: null, actor: null });
    expect(report).toBe(next);
  });
});
