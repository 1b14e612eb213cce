import type { Host } from '../../config/types';
import { RollwatchError, errorMessage, hostMessage } from '../../errors';
import { HostConnection, loadEngineClient } from './connection';
import { HostAgent, LockedReadError, type LockHolder, type LockResult } from './host-agent';
import type { HostReleases } from './inspect';
import type { StepTiming } from '../../report/model';
import { settleLimit } from '../../util/clock';
import type { RunContext } from '../../engine/context';
import { HISTORY_KEEP, type HistoryEntry } from '../../engine/history';
import { appendHistory, appendHistoryAndReleaseLock, BOTH_FAILED_EXIT, RELEASE_FAILED_EXIT } from './commands';

export interface FleetMember {
  host: Host;
  connection: HostConnection;
  agent: HostAgent;
}

/** Parallelism for fleet-wide read-only steps (connect, inspect, lock). */
const FLEET_CONCURRENCY = 16;

/** The SSH connections of one run: one per host, opened once, closed at the end. */
export class Fleet {
  readonly members: FleetMember[];
  private locked = new Set<string>();
  /** Each host's containers as read under this run's lock, and when (clock ms). */
  private readings = new Map<string, { releases: HostReleases; at: number }>();
  /** Per host, how long preflight took: SSH connect, engine check, lock (with the read). */
  private readonly preflightTimes = new Map<string, StepTiming[]>();
  /** Warnings of the connections (e.g. a host key trusted on first use), for the report. */
  readonly warnings: string[] = [];

  constructor(private readonly ctx: RunContext) {
    this.members = ctx.config.hosts.map((host) => {
      const connection = new HostConnection(host, ctx.config.ssh, (m) => {
        ctx.log.warn(m);
        this.warnings.push(m);
      });
      return { host, connection, agent: new HostAgent(connection, ctx.config.app, { lockWaitMs: ctx.config.rollout.lockTimeoutMs, log: ctx.log, clock: ctx.clock, signal: ctx.signal }) };
    });
  }

  /** e.g. "3 hosts over SSH", as the report's target line says it. */
  describe(): string {
    return `${this.members.length} host${this.members.length === 1 ? '' : 's'} over SSH`;
  }

  get lockedHosts(): string[] {
    return [...this.locked];
  }

  /**
   * The host's containers as read when its lock was taken, if that was at most `maxAgeMs` ago;
   * else null (read again). Under the lock no other run changes the host.
   */
  readingUnderLock(name: string, maxAgeMs: number): HostReleases | null {
    const r = this.readings.get(name);
    return r && this.locked.has(name) && this.ctx.clock.now() - r.at <= maxAgeMs ? r.releases : null;
  }

  /** The preflight steps of one host, for its report (empty before preflight). */
  preflightSteps(name: string): StepTiming[] {
    return [...(this.preflightTimes.get(name) ?? [])];
  }

  private timed<T>(name: string, step: string, fn: () => Promise<T>): Promise<T> {
    const t = this.ctx.clock.now();
    return fn().finally(() => {
      const list = this.preflightTimes.get(name) ?? [];
      list.push({ step, ms: this.ctx.clock.now() - t });
      this.preflightTimes.set(name, list);
    });
  }

  member(name: string): FleetMember {
    const m = this.members.find((x) => x.host.name === name);
    if (!m) throw new RollwatchError('internal', `no host named ${name}`);
    return m;
  }

  /**
   * Connects to every host and checks its engine; with `lock`, takes the deploy lock on all.
   * Any failure releases what was taken and throws: nothing has changed on any host.
   */
  async preflight(options: { lock: boolean; version: string | null }): Promise<Map<string, string>> {
    const { log } = this.ctx;
    const engines = new Map<string, string>();
    const problems: string[] = [];
    const holder = options.lock ? this.holder(options.version) : null;
    const [first] = this.members;
    /** The first host's lock, tried once while its engine is checked (see lockAll). */
    let firstTry: Promise<LockResult> | null = null;
    const settled = settleLimit(this.members, FLEET_CONCURRENCY, async (m) => {
      await this.timed(m.host.name, 'ssh connect', () => m.connection.connect());
      if (m === first && holder) {
        firstTry = this.timed(m.host.name, 'lock', () => m.agent.tryLock({ ...holder, host: m.host.name }));
        firstTry.then((r) => r.acquired && this.locked.add(m.host.name)).catch(() => undefined);
      }
      engines.set(m.host.name, await this.timed(m.host.name, 'engine check', () => m.agent.dockerVersion()));
    });
    // Once the handshakes are under way (they wait on the hosts), load the Engine API client the
    // next step calls. Awaited with them: a load left running could outlive the run.
    const engineClient = new Promise((resolve) => setImmediate(resolve)).then(loadEngineClient).catch(() => undefined);
    const results = await settled;
    await engineClient;
    results.forEach((r, i) => {
      if (r.status === 'rejected') problems.push(hostMessage(this.members[i].host.name, r.reason));
    });
    if (problems.length > 0) {
      // a lock the first host gave meanwhile is handed back before the failure is told
      await (firstTry as Promise<LockResult> | null)?.catch(() => undefined);
      await this.releaseLocks();
      const failedHosts = this.members.filter((_, i) => results[i].status === 'rejected').map((m) => m.host.name);
      throw new RollwatchError('preflight', `preflight failed on ${failedHosts.join(', ')}; nothing was changed.\n  ${problems.join('\n  ')}`, undefined, 'fix the hosts listed and run again');
    }
    for (const m of this.members) log.info(`${m.host.name}: reachable, Docker ${engines.get(m.host.name)}`);
    if (holder) await this.lockAll(holder, firstTry);
    return engines;
  }

  private holder(version: string | null): Omit<LockHolder, 'host'> {
    const { ctx } = this;
    return { run: ctx.runId, commit: ctx.commit, version, actor: ctx.actor, command: ctx.command, since: new Date(ctx.clock.now()).toISOString() };
  }

  /**
   * Takes the deploy lock on every host, the first one first (see below). `firstTry` is the first
   * host's lock tried once during the engine checks: taken, it is kept; held by another run, the
   * first host is waited for as rollout.lockTimeout says, as if it had not been tried.
   */
  private async lockAll(holder: Omit<LockHolder, 'host'>, firstTry: Promise<LockResult> | null): Promise<void> {
    const { ctx } = this;
    const held: string[] = [];
    const failures: string[] = [];
    const note = (m: FleetMember, r: PromiseSettledResult<unknown>) => {
      if (r.status === 'rejected') failures.push(hostMessage(m.host.name, r.reason));
    };
    const read = (m: FleetMember, releases: HostReleases): void => {
      this.readings.set(m.host.name, { releases, at: ctx.clock.now() });
    };
    // The other hosts' locks come with their containers, read under the lock in the same round trip.
    const takeAndRead = async (m: FleetMember) => {
      let r;
      try {
        r = await this.timed(m.host.name, 'lock', () => m.agent.acquireLockAndRead({ ...holder, host: m.host.name }));
      } catch (err) {
        if (err instanceof LockedReadError) this.locked.add(m.host.name);
        throw err;
      }
      if (r.acquired) {
        this.locked.add(m.host.name);
        read(m, r.releases);
      } else held.push(`${m.host.name}: held by ${describeHolder(r.holder)}`);
    };
    // The first host (in config order) is taken alone, before the others: two runs that start
    // at once meet there, so exactly one of them goes on (taking all at once in parallel could
    // leave each run with part of the fleet, and both refused). Its containers are read while
    // the others are taken.
    const [first, ...rest] = this.members;
    const [firstTaken] = await settleLimit([first], 1, async (m) => {
      const tried = await firstTry;
      const r = tried?.acquired ? tried : await this.timed(m.host.name, 'lock', () => m.agent.acquireLock({ ...holder, host: m.host.name }));
      if (r.acquired) this.locked.add(m.host.name);
      else held.push(`${m.host.name}: held by ${describeHolder(r.holder)}`);
    });
    note(first, firstTaken);
    if (this.locked.has(first.host.name)) {
      const readFirst = async (m: FleetMember) => read(m, await this.timed(m.host.name, 'inspect', () => m.agent.releases()));
      const results = await settleLimit([first, ...rest], FLEET_CONCURRENCY, (m) => (m === first ? readFirst(m) : takeAndRead(m)));
      results.forEach((r, i) => note(i === 0 ? first : rest[i - 1], r));
    }
    this.checkpoint();
    if (held.length > 0 || failures.length > 0) {
      await this.releaseLocks();
      throw new RollwatchError(
        'lock',
        `the deploy lock of ${ctx.config.app} is held, nothing was changed:\n  ${[...held, ...failures].join('\n  ')}`,
        undefined,
        'wait for that run to finish, or if it is gone: rollwatch lock release --config FILE',
      );
    }
  }

  /** Releases locks this run holds; failures are reported, never thrown. */
  async releaseLocks(): Promise<string[]> {
    const failed: string[] = [];
    await settleLimit([...this.locked], FLEET_CONCURRENCY, async (name) => {
      try {
        await this.member(name).agent.releaseLock(this.ctx.runId);
        this.locked.delete(name);
      } catch (err) {
        failed.push(hostMessage(name, err));
      }
    });
    for (const f of failed) this.ctx.log.warn(`could not release the lock on ${f}`);
    return failed;
  }

  /**
   * The run's last write: appends `entry` to the deploy history of each of `members` and, on a
   * host whose lock this run holds, releases the lock in the same round trip (after the append,
   * so the entry is written under the lock). Problems come back as warnings, never thrown; a lock
   * not released here stays for releaseLocks().
   */
  async recordAndRelease(members: FleetMember[], entry: HistoryEntry): Promise<string[]> {
    const warnings: string[] = [];
    const notWritten = (m: FleetMember, why: string) => warnings.push(`${m.host.name}: the deploy history was not written${why}`);
    await settleLimit(members, FLEET_CONCURRENCY, async (m) => {
      const locked = this.locked.has(m.host.name);
      const command = locked ? appendHistoryAndReleaseLock(entry.app, HISTORY_KEEP, this.ctx.runId) : appendHistory(entry.app, HISTORY_KEEP);
      try {
        const r = await m.connection.run(command, { stdin: JSON.stringify(entry) + '\n', timeoutMs: 15_000 });
        const released = locked && r.code !== RELEASE_FAILED_EXIT && r.code !== BOTH_FAILED_EXIT;
        if (released) this.locked.delete(m.host.name);
        const appended = r.code === 0 || r.code === RELEASE_FAILED_EXIT;
        if (!appended) notWritten(m, ` (exit ${r.code}): ${r.stderr.trim().slice(0, 200)}`);
      } catch (err) {
        notWritten(m, `: ${errorMessage(err)}`);
      }
    });
    return warnings;
  }

  checkpoint(extra: Partial<Parameters<NonNullable<RunContext['onCheckpoint']>>[0]> = {}): void {
    this.ctx.onCheckpoint?.({
      runId: this.ctx.runId,
      app: this.ctx.config.app,
      command: this.ctx.command === 'rollback' ? 'rollback' : 'deploy',
      version: null,
      phase: 'preflight',
      touched: {},
      lockedHosts: this.lockedHosts,
      ...extra,
    });
  }

  close(): void {
    for (const m of this.members) m.connection.dispose();
  }
}

export function describeHolder(holder: Record<string, unknown>): string {
  const parts = [
    holder.run ? `run ${holder.run}` : null,
    holder.actor ? `by ${holder.actor}` : null,
    holder.commit ? `commit ${String(holder.commit).slice(0, 12)}` : null,
    holder.version ? `version ${holder.version}` : null,
    holder.command ? `(${holder.command})` : null,
    holder.since ? `since ${holder.since}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'an unknown holder (no details written)';
}
