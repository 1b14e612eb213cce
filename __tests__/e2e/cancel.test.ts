/**
 * Cancel and crash safety, as a runner does it: the bundled action (Node 24) is interrupted in
 * the middle of a lab rollout, then the post entry runs with the saved STATE_* values.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpText, labEnv, onHost, resetApp, running, runTag, HOSTS } from './support/lab';
import { killWhen, labActionInputs, runStep } from './support/runner';

const APP = 'cancel';
const PORT = 8083;
let n = 0;

function inputs(version: string, slowStart: boolean): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'rollwatch-cancel-'));
  // batches of one host; the new release takes ~3 s to answer so there is a middle to cut into
  writeFileSync(join(dir, 'rollwatch.yml'), `verify:\n  enabled: false\nrollout:\n  batchSize: 1\nhealth:\n  path: /health\n  timeout: 30s\n  interval: 300ms\n`);
  const base = labActionInputs(APP, PORT);
  return { ...base, config: join(dir, 'rollwatch.yml'), version, env: `${base.env}${slowStart ? '\nDEMO_START_DELAY=3' : ''}` };
}

const lockFree = (h: string) => onHost(h, `[ -d /root/.rollwatch/${APP}/lock ] && echo held || echo free`).trim() === 'free';

async function expectAllOn(version: string) {
  for (const h of HOSTS()) {
    expect(running(h, APP).map((c) => c.version)).toEqual([version]);
    expect((await httpText(`http://${labEnv()[`LAB_ADDR_${h}`]}:${PORT}/`)).body).toContain(version);
    expect(lockFree(h)).toBe(true);
  }
}

describe('cancel and crash safety of the action', () => {
  const v1 = `c1-${runTag}`;
  beforeAll(async () => {
    resetApp(APP);
    const r = await runStep({ phase: 'main', inputs: inputs(v1, false) });
    expect(r.outputs.outcome).toBe('promoted');
  });
  afterAll(() => resetApp(APP));

  it('SIGINT then SIGTERM mid-rollout: the main step returns touched hosts; the post step finds nothing left to do', async () => {
    const v2 = `c2-${runTag}-${++n}`;
    const main = await runStep({
      phase: 'main',
      inputs: inputs(v2, true),
      onStart: (child, out) => {
        const poll = setInterval(() => {
          if (/::group::rollout batch 2\/3/.test(out())) {
            clearInterval(poll);
            child.kill('SIGINT');
            setTimeout(() => child.exitCode === null && child.kill('SIGTERM'), 7500);
            setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 10_000);
          }
        }, 50);
      },
    });
    expect(main.signal).toBeNull(); // it finished by itself before the runner's SIGKILL
    expect(main.outputs.outcome).toBe('failed');
    expect(main.stdout).toMatch(/SIGINT received/);
    const checkpoint = JSON.parse(main.state.checkpoint);
    expect(checkpoint.phase).toBe('done');
    await expectAllOn(v1);

    const post = await runStep({ phase: 'post', inputs: inputs(v2, true), state: main.state });
    expect(post.code).toBe(0);
    expect(post.stdout).not.toMatch(/returning/);
    await expectAllOn(v1);
  });

  it('main step killed mid-rollout (SIGKILL): the post step restores every touched host and releases the lock', async () => {
    const v3 = `c3-${runTag}-${++n}`;
    const main = await runStep({
      phase: 'main',
      inputs: inputs(v3, true),
      onStart: killWhen(/::group::rollout batch 2\/3/, 800),
    });
    expect(main.signal).toBe('SIGKILL');
    const checkpoint = JSON.parse(main.state.checkpoint);
    expect(checkpoint.phase).toBe('rollout');
    expect(Object.keys(checkpoint.touched)).toContain(labEnv().LAB_ADDR_h1);
    // h1 already runs the new release; the lock is still held
    expect(running('h1', APP).map((c) => c.version)).toEqual([v3]);
    expect(lockFree('h1')).toBe(false);

    const post = await runStep({ phase: 'post', inputs: inputs(v3, true), state: main.state });
    expect(post.stdout).toMatch(/::warning::the main step stopped during rollout/);
    expect(post.code).toBe(0);
    expect(post.summary).toMatch(/rollwatch recover: ok/);
    await expectAllOn(v1);
  });
});
