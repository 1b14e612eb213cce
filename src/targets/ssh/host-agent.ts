import pRetry from 'p-retry';
import * as cmd from './commands';
import { classifyReleases, parseInspect, type ContainerInfo, type HostReleases } from './inspect';
import type { RemoteShell, ExecResult } from './connection';
import type { Shell } from './shell';
import { RollwatchError, type ErrorKind } from '../../errors';
import { checkValue, type RuleName } from '../../config/values';
import { oneLine } from '../../util/sanitize';
import { silentLogger, type Logger } from '../../util/log';
import { systemClock, type Clock } from '../../util/clock';

export interface LockHolder {
  run: string;
  commit?: string | null;
  version?: string | null;
  actor?: string | null;
  command: string;
  since: string;
  host?: string;
}

export type LockResult = { acquired: true } | { acquired: false; holder: Record<string, unknown> };

/** A lock result; when acquired, also the host's containers as read under the lock. */
export type LockAndReadResult = { acquired: true; releases: HostReleases } | { acquired: false; holder: Record<string, unknown> };

const DAEMON_DOWN = /Cannot connect to the Docker daemon/;
const DAEMON_RETRIES = [500, 1000, 2000, 4000, 8000, 10_000];

const firstLine = (s: string) => oneLine(s.trim().split('\n').slice(-3).join(' | '), 400);
const outputTail = (s: string) => (s.trim() ? `: ${firstLine(s)}` : ', printing nothing');

/** The lock was taken, but reading the host's containers under it failed. */
export class LockedReadError extends RollwatchError {
  constructor(message: string) {
    super('lock', message);
  }
}

/** Holder fields with the rule each value must fit (null: free text, made printable). */
const HOLDER_FIELDS: [key: keyof LockHolder, rule: RuleName | null][] = [
  ['run', 'runId'],
  ['commit', 'commit'],
  ['version', 'version'],
  ['actor', null],
  ['command', null],
  ['since', 'time'],
  ['host', 'hostName'],
];

/**
 * Reads what the lock commands print (the holder file, then the lock directory's mtime) into a
 * holder whose every value fits its rule or is marked unreadable, all of it printable. `since`
 * falls back to the directory's mtime, so a holder that wrote nothing still says since when.
 */
export function parseHolder(stdout: string): Record<string, unknown> {
  const mark = new RegExp(`^${cmd.LOCK_MTIME_MARK} ?([0-9]*)\\s*$`, 'm');
  const m = mark.exec(stdout);
  const body = (m ? stdout.slice(0, m.index) : stdout).trim();
  let raw: unknown = {};
  let unreadable: string | null = null;
  try {
    raw = JSON.parse(body || '{}');
  } catch {
    unreadable = body;
  }
  const holder: Record<string, unknown> = {};
  if (unreadable !== null || raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    holder.raw = oneLine(unreadable ?? JSON.stringify(raw), 200);
    raw = {};
  }
  for (const [key, rule] of HOLDER_FIELDS) {
    const v = (raw as Record<string, unknown>)[key];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') holder[key] = `(unreadable: ${oneLine(JSON.stringify(v), 60)})`;
    else if (rule === null) holder[key] = oneLine(v, 100);
    else holder[key] = checkValue(rule, v) === null ? v : `(unreadable: ${oneLine(v, 60)})`;
  }
  const mtime = m && m[1] ? Number(m[1]) : NaN;
  if ((typeof holder.since !== 'string' || checkValue('time', holder.since) !== null) && Number.isFinite(mtime) && mtime > 0) {
    holder.since = new Date(mtime * 1000).toISOString();
  }
  return holder;
}

/** "run X (deploy by alice, version v2, commit abc) since T, for 2 h 5 min" */
export function describeLockHolder(holder: Record<string, unknown>, nowMs: number): string {
  const about = [holder.command, holder.actor ? `by ${holder.actor}` : null, holder.version ? `version ${holder.version}` : null, holder.commit ? `commit ${String(holder.commit).slice(0, 12)}` : null].filter(Boolean);
  const who = holder.run ? `run ${holder.run}` : holder.raw ? `an unreadable holder file (${holder.raw})` : 'a run that wrote no details';
  const since = typeof holder.since === 'string' && checkValue('time', holder.since) === null ? ` since ${holder.since}, for ${ago(nowMs - Date.parse(holder.since))}` : ' since an unknown time';
  return `${who}${about.length ? ` (${about.join(', ')})` : ''}${since}`;
}

function ago(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'an unknown time';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${s % 60} s`;
  const h = Math.floor(min / 60);
  return h < 48 ? `${h} h ${min % 60} min` : `${Math.floor(h / 24)} days ${h % 24} h`;
}

/** What a HostAgent needs beyond its connection; all optional (tests and read-only commands). */
export interface HostAgentOptions {
  /** How long to wait for a lock another run holds before refusing (rollout.lockTimeout). */
  lockWaitMs?: number;
  log?: Logger;
  clock?: Clock;
  /** Stops a lock wait (the run was cancelled). */
  signal?: AbortSignal;
}

/** Between two tries of a held lock, and between two progress lines while waiting. */
const LOCK_POLL_MS = 2000;
const LOCK_PROGRESS_MS = 10_000;

/** Operations on one host's Docker engine for one app, over a reused SSH connection. */
export class HostAgent {
  private readonly log: Logger;
  private readonly clock: Clock;
  /** Why containers were left out of a listing, each said once per run. */
  private readonly ignoredSaid = new Set<string>();

  constructor(
    readonly shell: RemoteShell,
    readonly app: string,
    private readonly options: HostAgentOptions = {},
  ) {
    this.log = options.log ?? silentLogger;
    this.clock = options.clock ?? systemClock;
  }

  private parse(json: string): ContainerInfo[] {
    return parseInspect(json, (why) => {
      if (this.ignoredSaid.has(why)) return;
      this.ignoredSaid.add(why);
      this.log.warn(`${this.host.name}: ${why}`);
    });
  }

  /**
   * Tries `take` until the lock is taken or rollout.lockTimeout has passed, saying every ~10 s
   * who holds it and since when. A refusal says how to release a lock whose run is gone.
   */
  private async waitForLock<R extends { acquired: true } | { acquired: false; holder: Record<string, unknown> }>(take: () => Promise<R>): Promise<R> {
    const waitMs = this.options.lockWaitMs ?? 0;
    const start = this.clock.now();
    let r = await take();
    if (r.acquired) return r;
    const where = `${this.host.name}: the deploy lock of ${this.app}`;
    if (waitMs > 0) {
      this.log.info(`${where} is held by ${describeLockHolder(r.holder, this.clock.now())}; waiting up to ${Math.round(waitMs / 1000)} s for it (rollout.lockTimeout)`);
      let nextNote = start + LOCK_PROGRESS_MS;
      while (!r.acquired && !this.options.signal?.aborted) {
        const left = start + waitMs - this.clock.now();
        if (left <= 0) break;
        await this.clock.sleep(Math.min(LOCK_POLL_MS, left), this.options.signal);
        r = await take();
        if (r.acquired) {
          this.log.info(`${this.host.name}: took the deploy lock after waiting ${ago(this.clock.now() - start)}`);
          return r;
        }
        if (this.clock.now() >= nextNote) {
          const remaining = Math.max(0, start + waitMs - this.clock.now());
          this.log.info(`${where}: still held by ${describeLockHolder(r.holder, this.clock.now())}; waiting ${Math.ceil(remaining / 1000)} s more`);
          nextNote += LOCK_PROGRESS_MS;
        }
      }
    }
    if (!r.acquired) {
      const waited = waitMs > 0 ? ` after waiting ${ago(this.clock.now() - start)} (rollout.lockTimeout)` : '';
      this.log.warn(
        `${where} is held by ${describeLockHolder(r.holder, this.clock.now())}${waited}. ` +
          'If that run is gone (cancelled or crashed), release the lock: rollwatch lock release --config <your rollwatch config>',
      );
    }
    return r;
  }

  get host() {
    return this.shell.host;
  }

  private async must(command: Shell, what: string | ((r: ExecResult) => string), kind: ErrorKind = 'deploy', stdin?: string, timeoutMs?: number): Promise<ExecResult> {
    let r = await this.shell.run(command, { stdin, timeoutMs });
    // The docker CLI could not reach the engine (e.g. it is restarting): the engine did nothing,
    // so running the same command again is safe. Bounded backoff: ~25 s in all.
    for (let attempt = 0; r.code !== 0 && DAEMON_DOWN.test(r.stderr) && attempt < DAEMON_RETRIES.length; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, DAEMON_RETRIES[attempt]));
      r = await this.shell.run(command, { stdin, timeoutMs });
    }
    if (r.code !== 0) throw new RollwatchError(kind, `${this.host.name}: ${typeof what === 'string' ? what : what(r)} failed (exit ${r.code})${outputTail(r.stderr || r.stdout)}`);
    return r;
  }

  async dockerVersion(): Promise<string> {
    const r = await this.must(cmd.dockerServerVersion(), 'asking the Docker engine for its version', 'preflight', undefined, 20_000);
    const version = r.stdout.trim();
    if (checkValue('engineVersion', version) !== null) {
      throw new RollwatchError('preflight', `${this.host.name}: the Docker engine answered an unexpected version ${JSON.stringify(oneLine(version, 80))} (expected e.g. "20.10.24")`);
    }
    return version;
  }

  async acquireLock(holder: LockHolder): Promise<LockResult> {
    return this.waitForLock(() => this.acquireLockOnce(holder));
  }

  private async acquireLockOnce(holder: LockHolder): Promise<LockResult> {
    const r = await this.shell.run(cmd.acquireLock(this.app, JSON.stringify(holder)));
    if (r.code === 0) return { acquired: true };
    if (r.code === cmd.LOCK_HELD_EXIT) return { acquired: false, holder: parseHolder(r.stdout) };
    throw new RollwatchError('lock', `${this.host.name}: taking the deploy lock failed (exit ${r.code})${outputTail(r.stderr)}`);
  }

  /**
   * Takes the lock and reads the app's containers in one round trip. When the lock was taken
   * but the read failed, throws a LockedReadError: the caller holds the lock and must release it.
   */
  async acquireLockAndRead(holder: LockHolder): Promise<LockAndReadResult> {
    return this.waitForLock(() => this.acquireLockAndReadOnce(holder));
  }

  private async acquireLockAndReadOnce(holder: LockHolder): Promise<LockAndReadResult> {
    const r = await this.shell.run(cmd.acquireLockAndInspect(this.app, JSON.stringify(holder)));
    if (r.code === cmd.LOCK_HELD_EXIT) return { acquired: false, holder: parseHolder(r.stdout) };
    const marked = r.stdout.startsWith(cmd.LOCK_TAKEN_MARK + '\n');
    if (!marked) throw new RollwatchError('lock', `${this.host.name}: taking the deploy lock failed (exit ${r.code})${outputTail(r.stderr)}`);
    const inspectJson = r.stdout.slice(cmd.LOCK_TAKEN_MARK.length + 1);
    if (r.code !== 0) throw new LockedReadError(`${this.host.name}: listing containers failed (exit ${r.code}): ${firstLine(r.stderr || inspectJson)}`);
    try {
      return { acquired: true, releases: classifyReleases(this.parse(inspectJson)) };
    } catch (err) {
      throw new LockedReadError(`${this.host.name}: listing containers failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async readLock(): Promise<Record<string, unknown> | null> {
    const r = await this.shell.run(cmd.readLock(this.app));
    if (r.code === cmd.LOCK_HELD_EXIT + 1) return null;
    if (r.code !== 0) throw new RollwatchError('lock', `${this.host.name}: reading the lock failed: ${firstLine(r.stderr)}`);
    return parseHolder(r.stdout);
  }

  async releaseLock(runId: string | null): Promise<void> {
    await this.must(cmd.releaseLock(this.app, runId), 'releasing the deploy lock', 'lock');
  }

  async containers(): Promise<ContainerInfo[]> {
    const r = await this.must(cmd.inspectApp(this.app), 'listing containers');
    return this.parse(r.stdout);
  }

  async releases(): Promise<HostReleases> {
    return classifyReleases(await this.containers());
  }

  async container(name: string): Promise<ContainerInfo | null> {
    const r = await this.must(cmd.inspectContainer(name), `inspecting container ${name}`);
    return this.parse(r.stdout).find((c) => c.name === name) ?? null;
  }

  /**
   * Pulls by digest. With registry credentials: login (password on stdin, never in argv), pull
   * and logout in one round trip; a failed login is told apart from a failed pull.
   */
  async pull(imageRef: string, registry: { server: string; username?: string; password?: string } | undefined): Promise<{ loginMs: number | null }> {
    if (!registry?.username || registry.password === undefined) {
      await pRetry(() => this.must(cmd.pull(imageRef), `pulling ${imageRef}`), { retries: 2, minTimeout: 1000, factor: 2 });
      return { loginMs: null };
    }
    const { server, username, password } = registry;
    const what = (r: ExecResult) => (r.code === cmd.LOGIN_FAILED_EXIT ? 'registry login' : `pulling ${imageRef}`);
    const attempt = () => this.must(cmd.pullWithLogin(this.app, server, username, imageRef), what, 'deploy', password + '\n');
    try {
      const r = await pRetry(attempt, { retries: 2, minTimeout: 1000, factor: 2 });
      const m = new RegExp(`^${cmd.LOGIN_TIMING_MARK} (\\d+)$`, 'm').exec(r.stdout);
      return { loginMs: m ? Number(m[1]) : null };
    } catch (err) {
      // The round trip may have been cut before it removed its Docker config (and the credentials in it).
      await this.shell.run(cmd.removeDockerConfigs(this.app)).catch(() => undefined);
      throw err;
    }
  }

  async imagePresent(imageRef: string): Promise<boolean> {
    return (await this.shell.run(cmd.imagePresent(imageRef))).code === 0;
  }

  async writeEnvFile(version: string, content: string): Promise<void> {
    await this.must(cmd.writeEnvFile(this.app, version), 'writing the env file', 'deploy', content);
  }

  async run(spec: cmd.RunSpec): Promise<void> {
    await this.must(cmd.runContainer(spec), `starting container ${cmd.containerName(spec.app, spec.version)}`);
  }

  async start(name: string, restart: string): Promise<void> {
    await this.must(cmd.startContainer(name, restart), `starting container ${name}`);
  }

  async stop(name: string, timeoutSec: number): Promise<void> {
    await this.must(cmd.stopContainer(name, timeoutSec), `stopping container ${name}`, 'deploy', undefined, (timeoutSec + 30) * 1000);
  }

  async restart(name: string, timeoutSec: number): Promise<void> {
    await this.must(cmd.restartContainer(name, timeoutSec), `restarting container ${name}`, 'deploy', undefined, (timeoutSec + 30) * 1000);
  }

  async rename(name: string, to: string): Promise<void> {
    await this.must(cmd.renameContainer(name, to), `renaming container ${name}`);
  }

  async remove(name: string): Promise<void> {
    await this.must(cmd.removeContainer(name), `removing container ${name}`);
  }

  /** Removes old releases (containers by ID, env files of `envVersions`) and the given images, in one round trip. */
  async prune(releases: ContainerInfo[], envVersions: string[], unusedImages: string[]): Promise<void> {
    if (releases.length === 0) return;
    await this.must(cmd.pruneReleases(this.app, releases.map((c) => c.id || c.name), envVersions, unusedImages), `removing ${releases.map((c) => c.name).join(', ')}`);
  }

  /** restoreContainer in one round trip; false (nothing started) when it did not work. */
  async restoreFast(failed: string | null, previous: string, restart: string): Promise<boolean> {
    const r = await this.shell.run(cmd.restoreContainer(failed, previous, restart));
    return r.code === 0;
  }

  async logs(name: string, lines = 20): Promise<string> {
    const r = await this.shell.run(cmd.containerLogs(name, lines), { timeoutMs: 15_000 }).catch(() => null);
    return r ? r.stdout.trim() : '';
  }

  async hook(argv: string[], vars: Record<string, string>, phase: string): Promise<void> {
    await this.must(cmd.hook(argv, vars), `${phase} hook ${argv[0]}`);
  }

  async procStats(): Promise<string> {
    return (await this.must(cmd.readProcStats(), 'reading /proc', 'verify', undefined, 15_000)).stdout;
  }
}
