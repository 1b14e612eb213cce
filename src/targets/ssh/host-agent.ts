import type Docker from 'dockerode';
import pRetry from 'p-retry';
import * as cmd from './commands';
import { LABEL, type RunSpec } from './commands';
import { ENGINE_API_VERSION, isEngineUnreachable } from './engine-channel';
import { createContainerRequest, demuxLogs, restartPolicy } from './engine-spec';
import { classifyReleases, parseInspectEntries, type ContainerInfo, type HostReleases } from './inspect';
import type { RemoteShell, ExecResult } from './connection';
import { safe, type Shell } from './shell';
import { RollwatchError, errorMessage, type ErrorKind } from '../../errors';
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

/** The HTTP status of an Engine API error (undefined: the request got no answer). */
const statusOf = (err: unknown): number | undefined => {
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
};

/** The engine's own words for a failed call: its JSON message, else the error's. */
export function engineErrorText(err: unknown): string {
  const json = (err as { json?: unknown } | null)?.json;
  if (json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string') return (json as { message: string }).message;
  if (typeof json === 'string' && json.trim()) return json;
  // a streamed answer's error has no JSON: dockerode put the engine's words after its own prefix
  return errorMessage(err).replace(/^\(HTTP code \d+\) [^-]*?- /, '').trim();
}

/** Settles a call the engine answered with 404 (no such container or image) as `value`. */
const unless404 =
  <T>(value: T) =>
  (err: unknown): T => {
    if (statusOf(err) === 404) return value;
    throw err;
  };

/** 304: already started / already stopped, which `docker start` and `docker stop` took as done. */
const unless304 = (err: unknown): void => {
  if (statusOf(err) !== 304) throw err;
};

/** A container name or ID that goes into a request path: one path segment, as Docker names are. */
const pathName = (name: string): string => safe('containerName', name, 'container name');

/** An image reference that goes into a request path: a valid reference with no "." or ".." segment. */
function imagePath(ref: string): string {
  safe('imageRef', ref, 'image');
  if (ref.startsWith('.') || ref.includes('..') || ref.includes('/.')) throw new RollwatchError('input', `${JSON.stringify(oneLine(ref, 80))} has a "." or ".." path segment`, 'image');
  return ref;
}

/**
 * Pulls `ref` and follows the engine's progress stream to its end: an error in the stream fails
 * the pull, and so does a stream that ends before the engine says the image is there.
 */
async function pullImage(docker: Docker, ref: string, auth: { username: string; password: string; serveraddress: string } | undefined, signal: AbortSignal): Promise<void> {
  const stream = await docker.pull(ref, { ...(auth ? { authconfig: auth } : {}), abortSignal: signal });
  const events = await new Promise<{ status?: string; error?: string; errorDetail?: { message?: string } }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, out: unknown[]) => (err ? reject(err) : resolve(out as never))),
  );
  const failed = events.find((e) => e.error || e.errorDetail);
  if (failed) throw new Error(failed.errorDetail?.message || failed.error || 'the engine reported an error');
  if (!events.some((e) => typeof e.status === 'string' && /^Status: /.test(e.status))) throw new Error('the progress stream ended before the engine said the image was there');
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

  private parse(entries: unknown[]): ContainerInfo[] {
    return parseInspectEntries(entries, (why) => {
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

  /** Runs a shell command (the lock, hooks, /proc), failing with its output when it fails. */
  private async must(command: Shell, what: string, kind: ErrorKind = 'deploy', timeoutMs?: number): Promise<ExecResult> {
    const r = await this.shell.run(command, { timeoutMs });
    if (r.code !== 0) throw new RollwatchError(kind, `${this.host.name}: ${what} failed (exit ${r.code})${outputTail(r.stderr || r.stdout)}`);
    return r;
  }

  /**
   * Calls the host's engine through the Engine API. An engine that cannot be reached (e.g. it
   * is restarting) did nothing, so the call is tried again: bounded backoff, ~25 s in all. A
   * read whose kept-alive channel was closed under it is tried once more. With `again` (a call
   * that is safe to repeat), so is the call, and one the engine failed with a server error (an
   * engine just restarted fails some calls while it sets itself up). Engine errors become RollwatchErrors naming the host and what failed;
   * connection errors keep their own message.
   */
  private async api<T>(what: string, fn: (docker: Docker, signal: AbortSignal) => Promise<T>, options: { kind?: ErrorKind; timeoutMs?: number; read?: boolean; again?: boolean } = {}): Promise<T> {
    for (let attempt = 0, rereads = 0; ; attempt++) {
      try {
        return await this.shell.engine(fn, { what, timeoutMs: options.timeoutMs });
      } catch (err) {
        if (err instanceof RollwatchError) throw err;
        if ((isEngineUnreachable(err) || (options.again && (statusOf(err) ?? 0) >= 500)) && attempt < DAEMON_RETRIES.length) {
          await new Promise((resolve) => setTimeout(resolve, DAEMON_RETRIES[attempt]));
          continue;
        }
        if ((options.read || options.again) && rereads++ === 0 && statusOf(err) === undefined && /socket hang up|ECONNRESET/.test(errorMessage(err))) continue;
        throw new RollwatchError(options.kind ?? 'deploy', `${this.host.name}: ${what} failed: ${firstLine(engineErrorText(err))}`);
      }
    }
  }

  async dockerVersion(): Promise<string> {
    const answer = await this.api('asking the Docker engine for its version', (d, signal) => d.version({ abortSignal: signal } as never) as unknown as Promise<Docker.DockerVersion>, { kind: 'preflight', timeoutMs: 20_000, read: true }).catch((err: unknown) => {
      if (err instanceof RollwatchError && /client version .* is too new/i.test(err.message)) {
        throw new RollwatchError('preflight', `${err.message} (rollwatch speaks the Engine API ${ENGINE_API_VERSION}: Docker Engine 20.10 or later)`);
      }
      throw err;
    });
    const version = (answer as { Version?: unknown } | null)?.Version;
    if (typeof version !== 'string' || checkValue('engineVersion', version) !== null) {
      throw new RollwatchError('preflight', `${this.host.name}: the Docker engine answered an unexpected version ${JSON.stringify(oneLine(String(typeof version === 'string' ? version : JSON.stringify(version ?? null)), 80))} (expected e.g. "20.10.24")`);
    }
    return version;
  }

  async acquireLock(holder: LockHolder): Promise<LockResult> {
    return this.waitForLock(() => this.acquireLockOnce(holder));
  }

  /** Tries to take the lock once, without waiting for a holder to let it go. */
  tryLock(holder: LockHolder): Promise<LockResult> {
    return this.acquireLockOnce(holder);
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
    const r = await this.acquireLockOnce(holder);
    if (!r.acquired) return r;
    try {
      return { acquired: true, releases: await this.releases() };
    } catch (err) {
      throw new LockedReadError(err instanceof RollwatchError ? err.message : `${this.host.name}: listing containers failed: ${errorMessage(err)}`);
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

  /** The app's containers, as `docker inspect` describes them (one inspect per container listed). */
  async containers(): Promise<ContainerInfo[]> {
    const app = safe('app', this.app, 'app');
    const entries = await this.api(
      'listing containers',
      async (d, signal) => {
        const listed = await d.listContainers({ all: true, filters: { label: [`${LABEL.app}=${app}`] }, abortSignal: signal });
        // an ID is read back from the host: it reaches a request path only when it is one
        const ids = listed.map((c) => c.Id).filter((id) => typeof id === 'string' && checkValue('containerId', id) === null);
        return Promise.all(ids.map((id) => d.getContainer(id).inspect({ abortSignal: signal }).catch(unless404(null))));
      },
      { read: true },
    );
    return this.parse(entries.filter((e) => e !== null));
  }

  async releases(): Promise<HostReleases> {
    return classifyReleases(await this.containers());
  }

  async container(name: string): Promise<ContainerInfo | null> {
    const id = pathName(name);
    const entry = await this.api(`inspecting container ${name}`, (d, signal) => d.getContainer(id).inspect({ abortSignal: signal }).catch(unless404(null)), { read: true });
    return entry ? (this.parse([entry]).find((c) => c.name === name) ?? null) : null;
  }

  /**
   * Pulls by digest. Registry credentials travel with the request (X-Registry-Auth) to the
   * engine, which uses them for this pull only: nothing is logged in, nothing written on the host.
   */
  async pull(imageRef: string, registry: { server: string; username?: string; password?: string } | undefined): Promise<void> {
    const ref = imagePath(imageRef);
    const auth = registry?.username && registry.password !== undefined ? { username: registry.username, password: registry.password, serveraddress: registry.server } : undefined;
    await pRetry(() => this.api(`pulling ${imageRef}`, (d, signal) => pullImage(d, ref, auth, signal)), { retries: 2, minTimeout: 1000, factor: 2 });
  }

  async imagePresent(imageRef: string): Promise<boolean> {
    const ref = imagePath(imageRef);
    try {
      await this.shell.engine((d) => d.getImage(ref).inspect(), { what: `inspecting image ${imageRef}` });
      return true;
    } catch (err) {
      if (err instanceof RollwatchError) throw err;
      return false;
    }
  }

  /** Creates the release's container (environment in the request) and starts it, as `docker run --detach` did. */
  async run(spec: RunSpec): Promise<void> {
    await this.startCreated(await this.create(spec));
  }

  /**
   * Creates the release's container without starting it (environment in the request). Gives what
   * starts exactly that container: its ID, or its name when the engine answered no usable ID.
   */
  async create(spec: RunSpec): Promise<{ name: string; id: string }> {
    const { name, body } = createContainerRequest(spec);
    const id = await this.api(`creating container ${name}`, async (d, signal) => {
      // name in the query, settings (the environment among them) in the body only: never in a URL a debug log prints
      const c = await d.createContainer({ _query: { name }, _body: body, abortSignal: signal } as unknown as Docker.ContainerCreateOptions);
      return c.id;
    });
    return { name, id: typeof id === 'string' && checkValue('containerId', id) === null ? id : name };
  }

  /** Starts a container `create` made. */
  async startCreated(created: { name: string; id: string }): Promise<void> {
    const id = pathName(created.id);
    await this.api(`starting container ${created.name}`, (d, signal) => d.getContainer(id).start({ abortSignal: signal }));
  }

  /** Restores the restart policy, then starts the container; both safe to repeat, so a server error is tried again. */
  async start(name: string, restart: string): Promise<void> {
    const id = pathName(name);
    const policy = restartPolicy(restart);
    await this.api(
      `starting container ${name}`,
      async (d, signal) => {
        const c = d.getContainer(id);
        await c.update({ RestartPolicy: policy, abortSignal: signal });
        await c.start({ abortSignal: signal }).catch(unless304);
      },
      { again: true },
    );
  }

  /**
   * Clears the restart policy (so a daemon restart cannot revive the container), then stops it.
   * Not both at once: an update of a container that is stopping fails in runc. Safe to repeat.
   */
  async stop(name: string, timeoutSec: number): Promise<void> {
    const id = pathName(name);
    await this.api(
      `stopping container ${name}`,
      async (d, signal) => {
        const c = d.getContainer(id);
        await c.update({ RestartPolicy: restartPolicy('no'), abortSignal: signal });
        await c.stop({ t: timeoutSec, abortSignal: signal }).catch(unless304);
      },
      { timeoutMs: (timeoutSec + 30) * 1000, again: true },
    );
  }

  async restart(name: string, timeoutSec: number): Promise<void> {
    const id = pathName(name);
    await this.api(`restarting container ${name}`, (d, signal) => d.getContainer(id).restart({ t: timeoutSec, abortSignal: signal }), { timeoutMs: (timeoutSec + 30) * 1000 });
  }

  async rename(name: string, to: string): Promise<void> {
    const id = pathName(name);
    const newName = pathName(to);
    await this.api(`renaming container ${name}`, (d, signal) => d.getContainer(id).rename({ name: newName, abortSignal: signal }));
  }

  /** Removes a container, running or not; one that does not exist counts as removed (so it is safe to repeat). */
  async remove(name: string): Promise<void> {
    const id = pathName(name);
    await this.api(`removing container ${name}`, (d, signal) => d.getContainer(id).remove({ force: true, abortSignal: signal }).catch(unless404(undefined)), { again: true });
  }

  /**
   * Removes old releases (by ID), without force: the engine refuses a running one. Only when
   * every one is gone, the given images (one still in use stays; never fails).
   */
  async prune(releases: ContainerInfo[], unusedImages: string[]): Promise<void> {
    if (releases.length === 0) return;
    const ids = releases.map((c) => pathName(c.id || c.name));
    const images = unusedImages.map(imagePath);
    await this.api(`removing ${releases.map((c) => c.name).join(', ')}`, async (d, signal) => {
      const results = await Promise.allSettled(ids.map((id) => d.getContainer(id).remove({ abortSignal: signal }).catch(unless404(undefined))));
      const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (refused) throw refused.reason;
      for (const image of images) await d.getImage(image).remove({ abortSignal: signal }).catch(() => undefined);
    });
  }

  /**
   * Puts the host back on `previous`: removes `failed` (when given; one that does not exist
   * counts as removed), then restores the restart policy of `previous` and starts it. False,
   * starting nothing, when `failed` could not be removed or any step failed.
   */
  async restoreFast(failed: string | null, previous: string, restart: string): Promise<boolean> {
    const failedId = failed === null ? null : pathName(failed);
    const previousId = pathName(previous);
    const policy = restartPolicy(restart);
    try {
      await this.shell.engine(
        async (d, signal) => {
          if (failedId) await d.getContainer(failedId).remove({ force: true, abortSignal: signal }).catch(unless404(undefined));
          const c = d.getContainer(previousId);
          await c.update({ RestartPolicy: policy, abortSignal: signal });
          await c.start({ abortSignal: signal }).catch(unless304);
        },
        { what: `restoring container ${previous}` },
      );
      return true;
    } catch (err) {
      if (err instanceof RollwatchError) throw err;
      return false;
    }
  }

  /** The last `lines` lines of the container's output, stdout and stderr merged; '' when they cannot be read. */
  async logs(name: string, lines = 20): Promise<string> {
    try {
      const id = pathName(name);
      const raw = await this.shell.engine((d, signal) => d.getContainer(id).logs({ stdout: true, stderr: true, tail: lines, follow: false, abortSignal: signal }), { what: `reading the logs of ${name}`, timeoutMs: 15_000 });
      return demuxLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))).trim();
    } catch {
      return '';
    }
  }

  async hook(argv: string[], vars: Record<string, string>, phase: string): Promise<void> {
    await this.must(cmd.hook(argv, vars), `${phase} hook ${argv[0]}`);
  }

  async procStats(): Promise<string> {
    return (await this.must(cmd.readProcStats(), 'reading /proc', 'verify', 15_000)).stdout;
  }
}
