/**
 * Hostile input against a real lab sshd and Docker engine. Every value that reaches a remote
 * command goes through one validation and quoting layer (src/targets/ssh/shell.ts +
 * commands.ts), every value that reaches an Engine API request through the engine operations'
 * checks (host-agent.ts, engine-spec.ts): validated fields refuse hostile strings with a clear
 * error naming the field, free-text fields arrive byte for byte, and a marker file that every
 * hostile payload tries to create never appears.
 *
 * Many fast runs go through one SSH connection (HostConnection, its shell commands and its
 * engine channel); a handful of full CLI runs carry hostile free text (env values, label
 * values, hook arguments) and hostile config files.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fc from 'fast-check';
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { loadConfigFile } from '../../src/config/file';
import type { Config } from '../../src/config/types';
import { RollwatchError } from '../../src/errors';
import { HostConnection } from '../../src/targets/ssh/connection';
import * as cmd from '../../src/targets/ssh/commands';
import { HostAgent } from '../../src/targets/ssh/host-agent';
import { sh, type Shell } from '../../src/targets/ssh/shell';
import { runSpec } from '../fixtures/core/run-spec';
import { cli, containers, labEnv, onHost, resetApp, running, runTag, writeConfig, HOSTS } from './support/lab';

const MARKER = '/root/rw-hostile-marker';
const markerExists = (h: string) => onHost(h, `[ -e ${MARKER} ] && echo yes || echo no`).trim() === 'yes';

/** Pieces that would run `touch MARKER` if any layer let them reach a shell unquoted. */
const ATTACKS = [
  `; touch ${MARKER}`,
  `$(touch ${MARKER})`,
  `\`touch ${MARKER}\``,
  `\ntouch ${MARKER}\n`,
  `'; touch ${MARKER}; '`,
  `"; touch ${MARKER}; "`,
  `| touch ${MARKER}`,
  `&& touch ${MARKER}`,
  `\${IFS}touch\${IFS}${MARKER}`,
  `'$(touch ${MARKER})'`,
  `\\'; touch ${MARKER} #`,
  '\0',
  '\r',
  '-oProxyCommand=touch',
  'wéb-ü\u202e\u{1F600}',
  ' ',
  '*',
  '~root',
];

/** Hostile strings: at least one attack, mixed with options and arbitrary (well-formed) unicode; sometimes very long. */
const piece = fc.oneof(fc.constantFrom(...ATTACKS), fc.constantFrom('--help', '-x', 'a', '.'), fc.string({ unit: 'grapheme', maxLength: 8 }));
const hostile = fc
  .tuple(fc.array(piece, { maxLength: 4 }), fc.constantFrom(...ATTACKS), fc.nat(), fc.boolean())
  .map(([parts, attack, at, long]) => {
    parts.splice(at % (parts.length + 1), 0, attack);
    return long ? parts.join('') + 'x'.repeat(5000) : parts.join('');
  });

/** Free text the config accepts for env values (one line, no NUL) */
const oneLine = hostile.map((s) => s.replace(/[\0\r\n]/g, '_'));

let config: Config;
let conn: HostConnection;
let agent: HostAgent;

beforeAll(async () => {
  config = loadConfigFile(labEnv().LAB_CONFIG);
  conn = new HostConnection(config.hosts[0], config.ssh);
  await conn.connect();
  agent = new HostAgent(conn, 'rw-hostile');
  onHost('h1', `rm -f ${MARKER}`);
});
afterAll(() => {
  conn?.dispose();
});

/** Builds a command from a hostile value: either it refuses (input error) or runs without effect. */
async function refusedOrHarmless(build: () => Shell): Promise<'refused' | 'ran'> {
  let command: Shell;
  try {
    command = build();
  } catch (err) {
    expect(err).toBeInstanceOf(RollwatchError);
    expect((err as RollwatchError).kind).toBe('input');
    expect((err as RollwatchError).message.length).toBeGreaterThan(10);
    return 'refused';
  }
  await conn.run(command, { timeoutMs: 20_000 });
  return 'ran';
}

const NO_IMAGE = '10.213.0.1:5001/rw-hostile-none@sha256:' + '0'.repeat(64);
const spec = (over: Partial<cmd.RunSpec>) => runSpec({ app: 'rw-hostile', imageRef: NO_IMAGE, digest: 'sha256:' + '0'.repeat(64), runId: 'hostile', ...over });

/** [field, command built from the value]: values the command layer validates itself. */
const VALIDATED: [string, (v: string) => Shell][] = [
  ['app', (v) => cmd.readLock(v)],
  ['app (legacy files)', (v) => cmd.removeLegacyFiles(v)],
  ['app and version (container name)', (v) => cmd.followLogs(cmd.containerName('rw-hostile', v), { tail: 1 })],
  ['hook variable name', (v) => cmd.hook(['true'], { [v]: 'x' })],
];

/** [field, engine operation with the value]: refused before any request (input error naming the field). */
const ENGINE_VALIDATED: [string, (v: string) => Promise<unknown>][] = [
  ['network', (v) => agent.run(spec({ network: v }))],
  ['port mapping', (v) => agent.run(spec({ ports: [v] }))],
  ['volume', (v) => agent.run(spec({ volumes: [v] }))],
  ['label key', (v) => agent.run(spec({ labels: { [v]: 'x' } }))],
  ['env key', (v) => agent.run(spec({ env: [{ key: v, value: 'x' }] }))],
  ['container name (stop)', (v) => agent.stop(v, 1)],
  ['container name (start)', (v) => agent.start(v, 'no')],
  ['container name (rename)', (v) => agent.rename('rw-hostile-none', v)],
  ['container name (remove)', (v) => agent.remove(v)],
  ['image reference (pull)', (v) => agent.pull(v, undefined)],
  ['image reference (inspect)', (v) => agent.imagePresent(v)],
];

describe('hostile values through one SSH connection to a real sshd', () => {
  it.each(VALIDATED)('%s: hostile values are refused with an input error; the marker never appears', async (_field, build) => {
    const seen = { refused: 0, ran: 0 };
    await fc.assert(
      fc.asyncProperty(hostile, async (v) => {
        seen[await refusedOrHarmless(() => build(v))]++;
      }),
      { numRuns: 25, endOnFailure: true },
    );
    // every generated value carries an attack or unicode: all must have been refused
    expect(seen.ran).toBe(0);
    expect(markerExists('h1')).toBe(false);
  });

  it.each(ENGINE_VALIDATED)('%s: hostile values are refused before reaching the engine; the marker never appears', async (_field, op) => {
    await fc.assert(
      fc.asyncProperty(hostile, async (v) => {
        const err = await op(v).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(RollwatchError);
        expect((err as RollwatchError).kind).toBe('input');
        expect((err as RollwatchError).message.length).toBeGreaterThan(10);
      }),
      { numRuns: 15, endOnFailure: true },
    );
    expect(markerExists('h1')).toBe(false);
  });

  it('free text as a command argument arrives verbatim (printf %s round trip)', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (v) => {
        if (v.includes('\0')) {
          expect(() => sh('printf', '%s', v)).toThrow(/NUL/);
          return;
        }
        // framed: the SSH library trims leading and trailing whitespace of the output
        const r = await conn.run(sh('printf', '<%s>', v));
        expect(r.code).toBe(0);
        expect(r.stdout).toBe(`<${v}>`);
      }),
      { numRuns: 60, endOnFailure: true },
    );
    expect(markerExists('h1')).toBe(false);
  });

  it('hook arguments and hook variable values arrive verbatim', async () => {
    await fc.assert(
      fc.asyncProperty(oneLine, oneLine, async (arg, value) => {
        const r = await conn.run(cmd.hook(['sh', '-c', 'printf "<%s>\\n<%s>" "$1" "$ROLLWATCH_HOST"', 'hook', arg], { ROLLWATCH_HOST: value }));
        expect(r.code).toBe(0);
        expect(r.stdout).toBe(`<${arg}>\n<${value}>`);
      }),
      { numRuns: 30, endOnFailure: true },
    );
    expect(markerExists('h1')).toBe(false);
  });

  it('the lock holder (actor, commit from the CI environment) is written and read back verbatim', async () => {
    const app = 'rw-hostile-lock';
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (actor, commit) => {
        const holder = JSON.stringify({ run: 'hostile-run', actor, commit });
        expect((await conn.run(cmd.acquireLock(app, holder))).code).toBe(0);
        const r = await conn.run(cmd.readLock(app));
        // the holder file, verbatim, then the lock's mtime on a line of its own
        expect(JSON.parse(r.stdout.slice(0, r.stdout.lastIndexOf(`\n${cmd.LOCK_MTIME_MARK}`)))).toEqual({ run: 'hostile-run', actor, commit });
        expect((await conn.run(cmd.releaseLock(app, 'hostile-run'))).code).toBe(0);
      }),
      { numRuns: 20, endOnFailure: true },
    );
    expect(onHost('h1', `[ -d /root/.rollwatch/${app}/lock ] && echo held || echo free`).trim()).toBe('free');
    onHost('h1', `rm -rf /root/.rollwatch/${app}`);
    expect(markerExists('h1')).toBe(false);
  });
});

describe('full CLI runs with hostile input', () => {
  const APP = 'hostile';
  const PORT = 8110;
  const values = [`a'b"c; touch ${MARKER}`, `$(touch ${MARKER}) \`touch ${MARKER}\``, `wéb-ü\u202e\u{1F600} | && ; \\ * ~ $HOME`, '  spaces around  ', 'x'.repeat(3000), '#not a comment', 'K=V=W'];
  beforeAll(() => resetApp(APP));
  afterAll(() => {
    resetApp(APP);
    for (const h of HOSTS()) onHost(h, `rm -f ${MARKER} /root/rw-hook-${APP}`);
  });

  it('hostile env values, label values and hook arguments reach the host verbatim; nothing else runs', async () => {
    const env: Record<string, string> = { PORT: String(PORT) };
    const labels: Record<string, string> = {};
    values.forEach((v, i) => {
      env[`HOSTILE_${i}`] = v;
      labels[`hostile.${i}`] = v;
    });
    const cfg = writeConfig((c) => {
      c.app = APP;
      c.container = { ...c.container, port: PORT, env, labels };
      c.health = { path: '/health', timeout: '20s', interval: '300ms' };
      c.verify = { enabled: false };
      c.rollout = { batchSize: 3, hooks: { preHost: ['/bin/sh', '-c', `printf '%s\\0' "$@" > /root/rw-hook-${APP}`, 'hook', ...values] } };
    });
    const version = `hostile-${runTag}`;
    const r = await cli(['deploy', '--config', cfg, '--version', version, '--json']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    for (const h of HOSTS()) {
      const [c] = running(h, APP);
      const inspect = JSON.parse(onHost(h, `docker inspect ${c.name}`))[0];
      for (let i = 0; i < values.length; i++) {
        expect(inspect.Config.Env).toContain(`HOSTILE_${i}=${values[i]}`);
        expect(inspect.Config.Labels[`hostile.${i}`]).toBe(values[i]);
      }
      expect(onHost(h, `cat /root/rw-hook-${APP}`)).toBe(values.map((v) => v + '\0').join(''));
      expect(markerExists(h)).toBe(false);
      // the environment went in the create request: no env file (or anything else but the history) under the app's state
      expect(onHost(h, `ls -A /root/.rollwatch/${APP}`).trim().split('\n')).toEqual(['history.jsonl']);
    }
  });

  /** Writes a config file (raw YAML text) and runs a deploy with it. */
  async function badConfig(yamlText: string) {
    const dir = mkdtempSync(join(tmpdir(), 'rollwatch-hostile-'));
    const file = join(dir, 'rollwatch.yml');
    writeFileSync(file, yamlText);
    return cli(['deploy', '--config', file, '--version', `never-${runTag}`]);
  }
  const base = () => YAML.parse(YAML.stringify(YAML.parse(readFileSync(labEnv().LAB_CONFIG, 'utf8'))));

  it.each([
    ['wrong type: app is a number', (c: any) => (c.app = 42), /^rollwatch: invalid configuration:\napp: expected a string/m],
    ['wrong type: hosts is a string map', (c: any) => (c.hosts = { a: 1 }), /hosts: expected a list of hosts/],
    ['wrong type: port is a string', (c: any) => (c.container.port = '80; touch x'), /container\.port: expected a port number/],
    ['unknown key at the top', (c: any) => (c.imagee = {}), /unknown key\(s\) "imagee"/],
    ['unknown key inside', (c: any) => (c.container.evn = { A: 'b' }), /container: unknown key\(s\) "evn"/],
    ['huge value: app of 100k chars', (c: any) => (c.app = 'a'.repeat(100_000)), /app: is 100000 characters long, at most 63 allowed/],
    ['huge value: 600 hosts', (c: any) => (c.hosts = Array.from({ length: 600 }, (_, i) => `10.213.1.${i % 250}`)), /hosts: at most 500 hosts per config/],
    ['hostile host address', (c: any) => (c.hosts[0].address = `10.213.0.11; touch ${MARKER}`), /hosts\[0\]\.address: expected a host name or an IP address/],
    ['hostile ssh user', (c: any) => (c.ssh.user = 'root$(touch x)'), /ssh\.user: expected a Unix user name/],
    ['hostile volume', (c: any) => (c.container.volumes = [`/a:/b;touch ${MARKER}`]), /container\.volumes\[0\]: expected a volume/],
    ['hostile env key', (c: any) => (c.container.env = { 'A;touch x': '1' }), /container\.env\.A;touch x/],
    ['env value with a newline', (c: any) => (c.container.env = { A: 'x\ntouch y' }), /container\.env\.A: must be one line/],
  ])('%s: exit 2, the field named, nothing touched', async (_name, change, message) => {
    const c = base();
    c.app = APP;
    change(c);
    const before = HOSTS().map((h) => containers(h, APP).map((x) => x.id).join());
    const r = await badConfig(YAML.stringify(c));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(HOSTS().map((h) => containers(h, APP).map((x) => x.id).join())).toEqual(before);
    for (const h of HOSTS()) expect(markerExists(h)).toBe(false);
  });

  it('a YAML bomb and a 2 MB file are refused with a clear error', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]},*${i === 0 ? 'a' : 'bcdefghi'[i - 1]}]`)].join('\n');
    const r1 = await badConfig(bomb);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/cannot be expanded|alias/i);
    const r2 = await badConfig('app: web\n# ' + 'x'.repeat(2_000_000) + '\n');
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/larger than 1 MB/);
  });
});
