/**
 * Day two against the lab: a rerun that changes nothing, a changed setting that redeploys the
 * same version, and history / logs / exec through the bundled CLI, as an on-call engineer runs them.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { cli, containers, resetApp, running, runTag, writeConfig, HOSTS } from './support/lab';

const APP = 'days';
const PORT = 8130;
const v1 = `d1-${runTag}`;
const v2 = `d2-${runTag}`;

/** DEMO_LATENCY_JITTER_MS=x makes the demo app write one line at start: something to read in its log. */
function config(marker = 'first', extra: (c: Record<string, any>) => void = () => {}): string {
  return writeConfig((c) => {
    c.app = APP;
    c.container = { ...c.container, port: PORT, env: { PORT: String(PORT), DEMO_LATENCY_JITTER_MS: `not-a-number-${marker}` } };
    c.health = { path: '/health', timeout: '20s', interval: '300ms' };
    c.verify = { enabled: false };
    c.rollout = { ...c.rollout, batchSize: 3 };
    extra(c);
  });
}

let v1Digest = '';
const ids = () => HOSTS().map((h) => running(h, APP).map((c) => c.id).join(','));

describe('day two: rerun, history, logs, exec', () => {
  beforeAll(async () => {
    resetApp(APP);
    for (const v of [v1, v2]) {
      const r = await cli(['deploy', '--config', config(), '--version', v, '--json']);
      expect(r.report.outcome).toBe('promoted');
      if (v === v1) v1Digest = r.report.digest;
    }
  });
  afterAll(() => resetApp(APP));

  it('a rerun of the version every host runs, with the same settings, changes nothing and says so', async () => {
    const before = ids();
    const r = await cli(['deploy', '--config', config(), '--version', v2, '--json']);
    expect([r.code, r.report.outcome]).toEqual([0, 'ok']);
    expect(r.report.reason).toBe(`every node already runs ${v2} with the same settings, healthy; nothing was changed`);
    expect(r.report.hosts.map((h: { result: string }) => h.result)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(ids()).toEqual(before);
  });

  it('a changed setting redeploys the same version: new containers, the old ones kept', async () => {
    const before = ids();
    const r = await cli(['deploy', '--config', config('second'), '--version', v2, '--json']);
    expect([r.code, r.report.outcome]).toEqual([0, 'promoted']);
    expect(r.report.hosts.map((h: { result: string }) => h.result)).toEqual(['deployed', 'deployed', 'deployed']);
    const after = ids();
    HOSTS().forEach((_, i) => expect(after[i]).not.toBe(before[i]));
    for (const h of HOSTS()) expect(running(h, APP).map((c) => c.version)).toEqual([v2]);
  });

  it('history: every deploy, newest first, recorded on every host', async () => {
    const r = await cli(['history', '--config', config('second'), '--json']);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as { version: string; outcome: string; previousVersion: string | null; hosts: string[] }[];
    expect(entries.map((e) => [e.version, e.outcome])).toEqual([
      [v2, 'promoted'],
      [v2, 'ok'],
      [v2, 'promoted'],
      [v1, 'promoted'],
    ]);
    expect(entries[2].previousVersion).toBe(v1);
    for (const e of entries) expect(e.hosts).toEqual(HOSTS());
    const text = await cli(['history', '--config', config('second'), '--limit', '1']);
    expect(text.stdout.trim().split('\n')).toHaveLength(1);
    expect(text.stdout).toMatch(new RegExp(`deploy +${v2} +promoted +from ${v2}`));
  });

  it('logs: the running release’s lines from every host, or one, each with its host', async () => {
    const r = await cli(['logs', '--config', config('second'), '--tail', '20']);
    expect(r.code).toBe(0);
    for (const h of HOSTS()) expect(r.stdout).toMatch(new RegExp(`^${h} +\\| \\S+ demo: DEMO_LATENCY_JITTER_MS=not-a-number-second is not a number`, 'm'));
    expect(r.stdout).not.toContain('not-a-number-first'); // the replaced container's log is not the running one's
    const one = await cli(['logs', '--config', config('second'), '--host', HOSTS()[1]]);
    expect(new Set(one.stdout.trim().split('\n').map((l) => l.split(' ')[0]))).toEqual(new Set([HOSTS()[1]]));
  });

  it('logs -f follows until Ctrl-C, then exits 0', async () => {
    const r = await cli(['logs', '--config', config('second'), '--host', HOSTS()[0], '-f'], {
      onSpawn: (pid) => setTimeout(() => process.kill(pid, 'SIGINT'), 3000),
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('not-a-number-second');
  });

  it('exec: runs in the running container on every host or one; exit codes come back', async () => {
    const all = await cli(['exec', '--config', config('second'), '--', '/app', 'getenv', 'ROLLWATCH_VERSION']);
    expect(all.code).toBe(0);
    for (const h of HOSTS()) expect(all.stdout).toMatch(new RegExp(`^${h} +\\| ${v2}$`, 'm'));
    const failing = await cli(['exec', '--config', config('second'), '--host', HOSTS()[2], '--', '/app', 'healthcheck', 'ftp://nowhere']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toBe('');
    expect(failing.stderr).toMatch(new RegExp(`${HOSTS()[2]} +\\| healthcheck: only http:// URLs`));
    expect(failing.stderr).toMatch(new RegExp(`${HOSTS()[2]}: exit 2`));
    const unknown = await cli(['exec', '--config', config('second'), '--host', 'nope', '--', 'true']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--host: "nope" is not a host of this config/);
  });

  it('a prebuilt image pinned by digest (image.digest) is deployed under a new version, nothing built', async () => {
    const pinned = `pin-${runTag}`;
    const prebuilt = (digest: string) => config('second', (c) => (c.image = { repository: c.image.repository, digest }));
    const r = await cli(['deploy', '--config', prebuilt(v1Digest), '--version', pinned, '--json']);
    expect([r.code, r.report.outcome, r.report.digest]).toEqual([0, 'promoted', v1Digest]);
    expect(r.report.image).toMatch(new RegExp(`@${v1Digest}$`));
    expect(r.stderr).not.toMatch(/building|pushing/i);
    for (const h of HOSTS()) expect(running(h, APP).map((c) => c.version)).toEqual([pinned]);
    const missing = await cli(['deploy', '--config', prebuilt(`sha256:${'0'.repeat(64)}`), '--version', `${pinned}-x`, '--json']);
    expect([missing.code, missing.report.outcome]).toEqual([1, 'failed']);
    expect(missing.report.reason).toMatch(/^image\.digest: .*@sha256:0{64} is not in the registry; nothing was changed$/);
    for (const h of HOSTS()) expect(running(h, APP).map((c) => c.version)).toEqual([pinned]);
  });

  it('containers of the replaced settings stay retained, not running', () => {
    for (const h of HOSTS()) expect(containers(h, APP).filter((c) => c.running)).toHaveLength(1);
  });
});
