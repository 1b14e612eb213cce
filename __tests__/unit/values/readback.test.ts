/**
 * Values read back from hosts (container labels, lock holder files, `docker version`) are held to
 * the config's value rules and cleaned before any log, report or summary: a label with a newline
 * and `::error::` must not become a workflow command in the runner log.
 */
import { describe, it, expect, jest, afterEach } from '@jest/globals';
import { cleanLog, oneLine } from '../../../src/util/sanitize';
import { maskedLogger, createMasker, type Logger } from '../../../src/util/log';
import { actionLogger } from '../../../src/github/logger';
import { parseInspect } from '../../../src/targets/ssh/inspect';
import { HostAgent, parseHolder, describeLockHolder } from '../../../src/targets/ssh/host-agent';
import { fakeEngine, fakeHost, type EngineAnswer, type EngineRequest } from '../../fixtures/core/fake-engine';
import { renderText } from '../../../src/report/text';
import { renderSummary } from '../../../src/report/summary';
import { rolledBackReport } from '../report/fixtures';
import { RollwatchError } from '../../../src/errors';

const EVIL = 'v1\n::error title=pwned::injected\r\n::add-mask::hunter2\n  ::stop-commands::tok\n##[error]legacy\u001b[31mred\u0007';

/** Lines the GitHub runner would run as workflow commands (it trims leading blanks; `##[` matches anywhere). */
function workflowCommands(stdout: string): string[] {
  return stdout.split(/\r\n|\r|\n/).filter((l) => l.trimStart().startsWith('::') || l.includes('##['));
}

/** Asserts `text` carries no workflow command, control character or line break of its own. */
function expectInert(text: string, multiLine = false): void {
  expect(workflowCommands(text)).toEqual([]);
  expect(text).not.toMatch(multiLine ? /[\u0000-\u0008\u000b-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/);
}

describe('the sanitizer', () => {
  it('oneLine: one printable line, no workflow command, bounded', () => {
    const s = oneLine(EVIL);
    expectInert(s);
    expect(s).toContain('injected');
    expect(oneLine('x'.repeat(500), 50)).toHaveLength(51);
    expect(oneLine(undefined)).toBe('');
    expect(oneLine(42)).toBe('42');
  });

  it('cleanLog keeps lines and text but no line starts a workflow command', () => {
    const s = cleanLog(`deploy of web:\n  h1: ${EVIL}\n::warning::x`);
    expectInert(s, true);
    expect(s.split('\n').length).toBeGreaterThanOrEqual(5);
    expect(s).toContain('deploy of web:');
    expect(cleanLog('plain line\n  indented')).toBe('plain line\n  indented');
  });
});

describe('the action logger (last line of defence)', () => {
  let written: string[];
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('a value with newline + ::error:: printed through every level issues no command of its own', async () => {
    written = [];
    jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write);
    const log = maskedLogger(actionLogger, createMasker(['hunter2']));
    log.info(`h1: running ${EVIL}`);
    log.warn(`h1: ${EVIL}`);
    log.error(`h1: ${EVIL}`);
    log.debug(`h1: ${EVIL}`);
    await log.group(`h1 ${EVIL}`, async () => undefined);
    jest.restoreAllMocks();
    const out = written.join('');
    // only the commands rollwatch meant: one of each, and none carries the injected text as a command
    const commands = workflowCommands(out).map((l) => l.trimStart().split('::')[1].split(' ')[0]);
    expect(commands.sort()).toEqual(['debug', 'endgroup', 'error', 'group', 'warning']);
    expect(out).not.toMatch(/^\s*::(add-mask|stop-commands)/m);
    expect(out).not.toMatch(/^\s*::error title=pwned/m);
    expect(out).not.toContain('hunter2');
  });
});

describe('docker inspect read back', () => {
  const container = (labels: Record<string, string>, over: Record<string, unknown> = {}) => ({
    Id: 'a'.repeat(64),
    Name: '/web-v1',
    State: { Status: 'exited', Running: false, StartedAt: '2024-05-01T10:00:00Z', FinishedAt: '2024-05-01T11:00:00Z' },
    Config: { Labels: { 'rollwatch.app': 'web', ...labels }, Image: 'ghcr.io/acme/web:v1' },
    ...over,
  });

  it('a container whose labels break the value rules is left out, and why is said on one clean line', () => {
    const why: string[] = [];
    const list = parseInspect(
      JSON.stringify([
        container({ 'rollwatch.version': 'v1' }),
        container({ 'rollwatch.version': EVIL }, { Name: '/web-evil', Id: 'b'.repeat(64) }),
        container({ 'rollwatch.version': 'v2', 'rollwatch.image': '--force' }, { Name: '/web-v2', Id: 'c'.repeat(64) }),
        container({ 'rollwatch.version': 'v3', 'rollwatch.deployed-at': 'now\n::error::x' }, { Name: '/web-v3', Id: 'd'.repeat(64) }),
        container({ 'rollwatch.version': 'v4' }, { Name: '/-f', Id: 'e'.repeat(64) }),
      ]),
      (w) => why.push(w),
    );
    expect(list.map((c) => c.version)).toEqual(['v1']);
    expect(why).toHaveLength(4);
    for (const w of why) expectInert(w);
    expect(why[0]).toMatch(/rollwatch\.version/);
    expect(why[1]).toMatch(/rollwatch\.image "--force"/);
  });

  it('free-form fields fall back to neutral values', () => {
    const [c] = parseInspect(JSON.stringify([container({ 'rollwatch.version': 'v1' }, { State: { Status: 'exited\n::error::x', StartedAt: 'soon\n::x', RestartCount: 'many' } })]));
    expect(c).toMatchObject({ status: 'unknown', startedAt: '0001-01-01T00:00:00Z', restartCount: 0 });
  });
});

describe('lock holder files read back', () => {
  it('every field fits its rule or is marked unreadable, all on one line', () => {
    const raw = JSON.stringify({ run: 'r1\n::error::pwned', actor: 'eve\n::add-mask::x', command: 'deploy', version: 'v2', since: 'yesterday', host: 'h1', extra: '::error::unused' });
    const holder = parseHolder(`${raw}\nrollwatch-lock-mtime 1700000000\n`);
    expect(holder.run).toMatch(/^\(unreadable: /);
    expect(holder.version).toBe('v2');
    expect(holder.since).toBe('2023-11-14T22:13:20.000Z');
    expect(holder).not.toHaveProperty('extra');
    for (const v of Object.values(holder)) expectInert(String(v));
    const said = describeLockHolder(holder, Date.parse('2023-11-15T00:13:20Z'));
    expectInert(said);
    expect(said).toMatch(/since 2023-11-14T22:13:20.000Z, for 2 h 0 min/);
  });

  it('a holder file that is not JSON is shown, cleaned and cut', () => {
    const holder = parseHolder(`${EVIL.repeat(40)}\nrollwatch-lock-mtime \n`);
    expectInert(String(holder.raw));
    expect(String(holder.raw).length).toBeLessThanOrEqual(201);
    expect(describeLockHolder(holder, Date.now())).toMatch(/unreadable holder file .* since an unknown time/);
  });
});

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(`WARN ${m}`), error: (m) => lines.push(`ERROR ${m}`), debug: () => {}, group: (_n, fn) => fn() };
}

describe('HostAgent', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });
  async function engineAnswering(answer: (r: EngineRequest) => EngineAnswer) {
    const engine = await fakeEngine(answer);
    closers.push(engine.close);
    return fakeHost(engine.docker);
  }

  it('refuses an engine version that is not a version, on one clean line', async () => {
    const agent = new HostAgent(await engineAnswering(() => ({ status: 200, json: { Version: `20.10.24\n::error::pwned\n` } })), 'web');
    const err = await agent.dockerVersion().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RollwatchError);
    expect((err as RollwatchError).kind).toBe('preflight');
    expectInert((err as Error).message);
    const ok = new HostAgent(await engineAnswering(() => ({ status: 200, json: { Version: '20.10.24+dfsg1' } })), 'web');
    expect(await ok.dockerVersion()).toBe('20.10.24+dfsg1');
  });

  it('says once, cleanly, which containers it ignored; the others are listed', async () => {
    const entries = [
      { Id: 'a'.repeat(64), Name: '/web-v1', State: { Running: true }, Config: { Labels: { 'rollwatch.app': 'web', 'rollwatch.version': 'v1' } } },
      { Id: 'b'.repeat(64), Name: '/web-x', State: { Running: false }, Config: { Labels: { 'rollwatch.app': 'web', 'rollwatch.version': EVIL } } },
    ];
    const log = recordingLogger();
    const host = await engineAnswering((r) => (r.path === '/containers/json' ? { status: 200, json: entries.map((e) => ({ Id: e.Id })) } : { status: 200, json: entries.find((e) => r.path.includes(e.Id)) }));
    const agent = new HostAgent(host, 'web', { log });
    expect((await agent.containers()).map((c) => c.version)).toEqual(['v1']);
    expect((await agent.releases()).current?.version).toBe('v1');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/^WARN h1: ignoring container "web-x"/);
    expectInert(log.lines[0]);
  });

  it('an engine error from the host reaches the message on one clean line', async () => {
    const agent = new HostAgent(await engineAnswering(() => ({ status: 500, json: { message: `Error: boom\n::error::pwned\u001b[2J` } })), 'web');
    const err = (await agent.containers().catch((e: unknown) => e)) as Error;
    expectInert(err.message);
  });
});

describe('reports', () => {
  it('text report and job summary carry no workflow command from a host value', () => {
    const r = rolledBackReport();
    r.warnings.push(`h1: ${EVIL}`);
    r.reason = `h1 said ${EVIL}`;
    r.lock = [{ host: 'h1', held: true, holder: { actor: EVIL } }];
    expectInert(renderText(r), true);
    expectInert(renderSummary(r, { chart: false }), true);
  });
});
