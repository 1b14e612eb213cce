/**
 * The CLI entry, run in-process: what reaches stdout and stderr, and the exit code, when the
 * command line or the files around it are wrong. The one host is a closed local port, so a run
 * that got as far as the host would fail its preflight (exit 1) instead.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach, jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { main } from '../../../src/cli/main';
import { minimalRaw } from '../../fixtures/core/config';

let dir: string;
let config: string;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rollwatch-cli-'));
  config = join(dir, 'rollwatch.yml');
  writeFileSync(config, YAML.stringify({ ...minimalRaw(), hosts: [{ name: 'web-1', address: '127.0.0.1', port: await closedPort() }], ssh: { ...minimalRaw().ssh, connectTimeout: '2s' } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  jest.restoreAllMocks();
});

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = await main(argv);
  jest.restoreAllMocks();
  return { code, stdout, stderr };
}

describe('with --json, an error before any report is JSON on stdout too', () => {
  it('a config file that is not there', async () => {
    const r = await run(['status', '--config', join(dir, 'missing.yml'), '--json']);
    expect(r.code).toBe(2);
    const error = JSON.parse(r.stdout);
    expect(error).toMatchObject({ tool: 'rollwatch', outcome: 'error' });
    expect(error.reason).toMatch(/cannot read .*missing\.yml/);
    expect(r.stderr).toMatch(/^rollwatch: .*cannot read .*missing\.yml/);
  });

  it('an unknown flag', async () => {
    const r = await run(['deploy', '--jsn', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ tool: 'rollwatch', outcome: 'error', reason: 'unknown option --jsn; did you mean --json? (rollwatch --help lists the options)' });
    expect(r.stderr).toBe('rollwatch: unknown option --jsn; did you mean --json? (rollwatch --help lists the options)\n');
  });

  it('without --json stdout stays empty', async () => {
    const r = await run(['deploy', '--jsn']);
    expect([r.code, r.stdout]).toEqual([2, '']);
  });
});

describe('--report is checked before the run starts', () => {
  it('a directory that does not exist: exit 2 naming --report and the path, no host contacted', async () => {
    const path = join(dir, 'nowhere', 'report.json');
    const r = await run(['status', '--config', config, '--report', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rollwatch: --report: cannot write ${path}: the directory ${join(dir, 'nowhere')} does not exist\n`);
  });

  it('a path that is a directory', async () => {
    mkdirSync(join(dir, 'taken'));
    const r = await run(['status', '--config', config, '--report', join(dir, 'taken'), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).reason).toBe(`--report: cannot write ${join(dir, 'taken')}: it is a directory`);
  });

  it('a writable path lets the run go on to the host', async () => {
    const r = await run(['status', '--config', config, '--report', join(dir, 'report.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/--report/);
    expect(r.stdout).toMatch(/^  web-1 +failed +– — 127\.0\.0\.1:\d+: cannot connect over SSH/m);
  });
});

describe('version and help', () => {
  it('print on stdout and exit 0', async () => {
    expect(await run(['--version'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^rollwatch \d+\.\d+\.\d+\n$/), stderr: '' });
    expect(await run(['deploy', '--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: rollwatch deploy/), stderr: '' });
  });
});
