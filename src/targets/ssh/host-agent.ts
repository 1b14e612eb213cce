import pRetry from 'p-retry';
import * as cmd from './commands';
import { classifyReleases, parseInspect, type ContainerInfo, type HostReleases } from './inspect';
import type { RemoteShell, ExecResult } from './connection';
import type { Shell } from './shell';
import { RollwatchError, type ErrorKind } from '../../errors';

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

const firstLine = (s: string) => s.trim().split('\n').slice(-3).join(' | ').slice(0, 400);

/** The lock was taken, but reading the host's containers under it failed. */
export class LockedReadError extends RollwatchError {
  constructor(message: string) {
    super('lock', message);
  }
}

function parseHolder(stdout: string): Record<string, unknown> {
  try {
    return JSON.parse(stdout.trim() || '{}');
  } catch {
    return { raw: stdout.trim().slice(0, 200) };
  }
}

/** Operations on one host's Docker engine for one app, over a reused SSH connection. */
export class HostAgent {
  constructor(
    readonly shell: RemoteShell,
    readonly app: string,
  ) {}

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
    if (r.code !== 0) throw new RollwatchError(kind, `${this.host.name}: ${typeof what === 'string' ? what : what(r)} failed (exit ${r.code}): ${firstLine(r.stderr || r.stdout)}`);
    return r;
  }

  async dockerVersion(): Promise<string> {
    const r = await this.must(cmd.dockerServerVersion(), 'asking the Docker engine for its version', 'preflight', undefined, 20_000);
    return r.stdout.trim();
  }

  async acquireLock(holder: LockHolder): Promise<LockResult> {
    const r = await this.shell.run(cmd.acquireLock(this.app, JSON.stringify(holder)));
    if (r.code === 0) return { acquired: true };
    if (r.code === cmd.LOCK_HELD_EXIT) return { acquired: false, holder: parseHolder(r.stdout) };
    throw new RollwatchError('lock', `${this.host.name}: taking the deploy lock failed (exit ${r.code}): ${firstLine(r.stderr)}`);
  }

  /**
   * Takes the lock and reads the app's containers in one round trip. When the lock was taken
   * but the read failed, throws a LockedReadError: the caller holds the lock and must release it.
   */
  async acquireLockAndRead(holder: LockHolder): Promise<LockAndReadResult> {
    const r = await this.shell.run(cmd.acquireLockAndInspect(this.app, JSON.stringify(holder)));
    if (r.code === cmd.LOCK_HELD_EXIT) return { acquired: false, holder: parseHolder(r.stdout) };
    const marked = r.stdout.startsWith(cmd.LOCK_TAKEN_MARK + '\n');
    if (!marked) throw new RollwatchError('lock', `${this.host.name}: taking the deploy lock failed (exit ${r.code}): ${firstLine(r.stderr)}`);
    const inspectJson = r.stdout.slice(cmd.LOCK_TAKEN_MARK.length + 1);
    if (r.code !== 0) throw new LockedReadError(`${this.host.name}: listing containers failed (exit ${r.code}): ${firstLine(r.stderr || inspectJson)}`);
    try {
      return { acquired: true, releases: classifyReleases(parseInspect(inspectJson)) };
    } catch (err) {
      throw new LockedReadError(`${this.host.name}: listing containers failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async readLock(): Promise<Record<string, unknown> | null> {
    const r = await this.shell.run(cmd.readLock(this.app));
    if (r.code === cmd.LOCK_HELD_EXIT + 1) return null;
    if (r.code !== 0) throw new RollwatchError('lock', `${this.host.name}: reading the lock failed: ${firstLine(r.stderr)}`);
    try {
      return JSON.parse(r.stdout.trim() || '{}');
    } catch {
      return { raw: r.stdout.trim().slice(0, 200) };
    }
  }

  async releaseLock(runId: string | null): Promise<void> {
    await this.must(cmd.releaseLock(this.app, runId), 'releasing the deploy lock', 'lock');
  }

  async containers(): Promise<ContainerInfo[]> {
    const r = await this.must(cmd.inspectApp(this.app), 'listing containers');
    return parseInspect(r.stdout);
  }

  async releases(): Promise<HostReleases> {
    return classifyReleases(await this.containers());
  }

  async container(name: string): Promise<ContainerInfo | null> {
    const r = await this.must(cmd.inspectContainer(name), `inspecting container ${name}`);
    return parseInspect(r.stdout).find((c) => c.name === name) ?? null;
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
    const attempt = () => this.must(cmd.pullWithLogin(server, username, imageRef), what, 'deploy', password + '\n');
    try {
      const r = await pRetry(attempt, { retries: 2, minTimeout: 1000, factor: 2 });
      const m = new RegExp(`^${cmd.LOGIN_TIMING_MARK} (\\d+)$`, 'm').exec(r.stdout);
      return { loginMs: m ? Number(m[1]) : null };
    } catch (err) {
      // The round trip may have been cut before its logout ran: log out on its own.
      await this.shell.run(cmd.logout(server)).catch(() => undefined);
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
