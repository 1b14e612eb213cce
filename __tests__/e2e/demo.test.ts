/**
 * The quick start (`bash scripts/demo`, the README's first command) tells its story and checks
 * it: v1 deployed, a healthy v2 promoted, a v3 300 ms slower rolled back by a latency rule. It
 * brings the lab up again itself (a fresh lab, as on a new machine) and leaves it up.
 * It runs with the demo's own shortened verification (30 s baseline and window at 1 s), which
 * its recap states.
 */
import { describe, it, expect } from '@jest/globals';
import { spawn } from 'node:child_process';
import { ROOT, running, HOSTS } from './support/lab';

function runDemo(): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn('bash', ['scripts/demo'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 330_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

describe('quick start: scripts/demo', () => {
  it('exits 0 after v1 deployed, v2 promoted and the slow v3 rolled back by latency, and says so in its recap', async () => {
    const r = await runDemo();
    if (r.code !== 0) throw new Error(`scripts/demo exited ${r.code}:\n${r.stderr.slice(-3000)}\n${r.stdout}`);
    const recap = r.stdout;
    expect(recap).toMatch(/^verification shortened for the demo: baseline 30 s and window 30 s/m);
    expect(recap).toMatch(/^v1 {2}deployed +first release on 3 hosts; deploy \d+\.\d s/m);
    expect(recap).toMatch(/^v2 {2}promoted +verdict pass over \d+ samples/m);
    const v3 = /^v3 {2}rolled-back by (\S*latency\S*): (\d+) ms vs (\d+) ms on v2 .*detected in (\d+\.\d) s, recovered in (\d+\.\d) s/m.exec(recap);
    expect(v3).not.toBeNull();
    // the deciding latency moved by about the 300 ms the release adds
    expect(Number(v3![2]) - Number(v3![3])).toBeGreaterThanOrEqual(200);
    expect(Number(v3![4])).toBeLessThan(30); // inside the 30 s window
    const story = /every host runs (demo-v2-\d+)\./.exec(recap);
    expect(story).not.toBeNull();
    // the lab stays up with v2 on every host, as the recap says
    for (const h of HOSTS()) expect(running(h, 'demo').map((c) => c.version)).toEqual([story![1]]);
  }, 360_000);
});
