/**
 * A deploy prints no process warning: the verification probe and the health checks keep many
 * requests in flight at once (a slow app, a high rate), and none of them may pile listeners on
 * a shared signal (MaxListenersExceededWarning reads like a leak to a user).
 *
 * The probe runs in a plain node child process: jest's sandbox gives tests a copy of `process`
 * that never sees the warnings node emits. The child loads src/metrics/*.ts transpiled as is.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(process.cwd());
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollwatch-probe-'));
  for (const name of ['probe', 'http', 'aggregate']) {
    const source = readFileSync(join(ROOT, 'src/metrics', `${name}.ts`), 'utf8');
    const out = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    writeFileSync(join(dir, `${name}.js`), out.outputText);
  }
});

/** Runs `body` (with Prober, probeTargets, httpGet and `port` of an app answering in 1.5 s) in a child node; returns what it printed and every warning. */
function inChild(body: string): Promise<{ warnings: string[]; result: any }> {
  const script = `
    const http = require('node:http');
    const { Prober, probeTargets } = require(${JSON.stringify(join(dir, 'probe.js'))});
    const { httpGet } = require(${JSON.stringify(join(dir, 'http.js'))});
    const warnings = [];
    process.on('warning', (w) => warnings.push(w.name + ': ' + w.message));
    let requests = 0;
    const server = http.createServer((req, res) => { requests++; setTimeout(() => res.end('ok'), 1500); });
    server.listen(0, '127.0.0.1', async () => {
      const port = server.address().port;
      const result = await (async () => { ${body} })();
      await new Promise((r) => setTimeout(r, 50));
      server.closeAllConnections(); server.close();
      console.log(JSON.stringify({ warnings, result }));
    });`;
  return new Promise((ok, fail) =>
    execFile(process.execPath, ['-e', script], { env: { ...process.env, NODE_OPTIONS: '', NODE_PATH: join(ROOT, 'node_modules') }, timeout: 20_000 }, (err, stdout, stderr) =>
      err ? fail(new Error(`${err.message}\n${stderr}`)) : ok(JSON.parse(stdout.trim().split('\n').pop()!)),
    ),
  );
}

describe('no process warning with many requests in flight', () => {
  it('the probe at 50 requests/s against an app answering in 1.5 s (~40 in flight), then stopped mid-flight', async () => {
    const { warnings, result } = await inChild(`
      const host = { name: 'h1', address: '127.0.0.1', port: 22, user: 'root' };
      const prober = new Prober(probeTargets([host], 'http', port, ['/'], '/health', port), 50, 3000, 50);
      prober.start();
      await new Promise((r) => setTimeout(r, 1000));
      const inFlight = requests;
      await prober.stop();
      return { inFlight };`);
    expect(result.inFlight).toBeGreaterThan(20);
    expect(warnings).toEqual([]);
  });

  it("health checks of 30 hosts at once under the run's one cancel signal", async () => {
    const { warnings, result } = await inChild(`
      const run = new AbortController();
      const results = await Promise.all(Array.from({ length: 30 }, () => httpGet('http://127.0.0.1:' + port + '/health', 3000, run.signal)));
      return { ok: results.filter((r) => r.ok).length };`);
    expect(result.ok).toBe(30);
    expect(warnings).toEqual([]);
  });
});
