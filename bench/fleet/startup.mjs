// Start-up: time from `node dist/index.js` to its first log line, and the bundle sizes.
import { spawn } from 'node:child_process';
import { statSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, median, writeResult } from './lib.mjs';

const node = process.argv[2] ?? process.execPath;
function firstLine() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  for (const f of ['out', 'state', 'summary']) writeFileSync(join(dir, f), '');
  return new Promise((resolve) => {
    const t0 = performance.now();
    // mode status with no hosts: the action starts, logs, and fails on input at once
    const c = spawn(node, [join(ROOT, 'dist/index.js')], {
      env: { PATH: process.env.PATH, INPUT_MODE: 'status', GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STATE: join(dir, 'state'), GITHUB_STEP_SUMMARY: join(dir, 'summary') },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let done = false;
    c.stdout.on('data', () => {
      if (!done) (done = true), resolve(performance.now() - t0);
    });
    c.on('close', () => !done && resolve(NaN));
  });
}
const times = [];
for (let i = 0; i < 15; i++) times.push(await firstLine());
const size = (p) => statSync(join(ROOT, p)).size;
const result = { node, medianFirstLineMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), bundleBytes: { action: size('dist/index.js'), post: size('dist/post/index.js'), cli: size('dist/cli/index.js') } };
writeResult('startup', result);
console.log(JSON.stringify(result));
