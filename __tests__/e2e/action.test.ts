/**
 * The bundled action run as a GitHub runner runs it (Node 24, INPUT_* variables, file
 * commands), deploying to the lab.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labEnv, resetApp, running, runTag, HOSTS } from './support/lab';
import { labActionInputs, node24, runStep } from './support/runner';
import { execFileSync } from 'node:child_process';

const APP = 'act';
const PORT = 8082;

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...labActionInputs(APP, PORT),
    dockerfile: 'Dockerfile',
    'health-path': '/health',
    'secret-env': `DEMO_SECRET=s3cr3t-${runTag}-value`,
    ...extra,
  };
}

describe('the action under Node 24, as a runner runs it', () => {
  beforeAll(() => resetApp(APP));
  afterAll(() => resetApp(APP));

  it('runs under the Node major that action.yml names', () => {
    const yml = readFileSync('action.yml', 'utf8');
    expect(yml).toMatch(/using: node24/);
    expect(execFileSync(node24(), ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
  });

  it('deploys from INPUT_* variables and writes outputs, summary and state', async () => {
    const version = `act-${runTag}`;
    const given = inputs({ version });
    // a partial YAML file; the inputs fill in the rest
    const dir = mkdtempSync(join(tmpdir(), 'rollwatch-action-'));
    writeFileSync(join(dir, 'rollwatch.yml'), 'verify:\n  enabled: false\nrollout:\n  batchSize: "100%"\n');
    const r = await runStep({ phase: 'main', inputs: { ...given, config: join(dir, 'rollwatch.yml') } });
    expect(r.stdout).not.toMatch(/::error::/);
    expect(r.code).toBe(0);
    expect(r.outputs.outcome).toBe('promoted');
    expect(r.outputs.version).toBe(version);
    expect(r.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(r.outputs.image).toBe(`${labEnv().LAB_REGISTRY}/demo:${version}`);
    expect(r.outputs['rolled-back']).toBe('false');
    expect(Number(r.outputs['t-deploy'])).toBeGreaterThan(0);
    expect(r.outputs.hosts.split(',')).toHaveLength(3);
    const report = JSON.parse(readFileSync(r.outputs.report, 'utf8'));
    expect(report.outcome).toBe('promoted');
    expect(r.summary).toMatch(/rollwatch deploy: promoted/);
    expect(r.summary).toMatch(/T_deploy/);
    expect(JSON.parse(r.state.checkpoint).phase).toBe('done');
    for (const h of HOSTS()) expect(running(h, APP).map((c) => c.version)).toEqual([version]);

    // secrets never appear in any output, log, summary or report
    const secrets = [given['ssh-key'].split('\n')[1], given['registry-password'], `s3cr3t-${runTag}-value`];
    // (::add-mask:: lines are consumed by the runner and never shown)
    const shown = r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    const everything = [shown, r.stderr, r.summary, JSON.stringify(r.outputs), readFileSync(r.outputs.report, 'utf8')].join('\n');
    for (const s of secrets) expect(everything).not.toContain(s);
    // the runner is told to mask them
    expect(r.stdout).toContain('::add-mask::');
  });

  it('the post step does nothing after a completed run', async () => {
    const r = await runStep({ phase: 'post', inputs: inputs(), state: { checkpoint: JSON.stringify({ runId: 'x', app: APP, command: 'deploy', version: null, phase: 'done', touched: {}, lockedHosts: [] }) } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/::warning::/);
    // the post step, not a second main step (same file): no deploy, so no outputs, state or summary
    expect(r.outputs).toEqual({});
    expect(r.state).toEqual({});
    expect(r.summary).toBe('');
  });
});
