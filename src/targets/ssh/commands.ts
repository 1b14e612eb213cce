import { createHash } from 'node:crypto';
import { RollwatchError } from '../../errors';
import { and, END_OF_OPTIONS as EOO, operand, safe, sh, Shell } from './shell';

/**
 * Remote commands, built from validated values only. Pure: each returns shell text; the
 * connection runs it. Remote state lives under ~/.rollwatch/<app> of the deploy user.
 */
export const LABEL = {
  app: 'rollwatch.app',
  version: 'rollwatch.version',
  digest: 'rollwatch.digest',
  image: 'rollwatch.image',
  deployedAt: 'rollwatch.deployed-at',
  run: 'rollwatch.run',
  /** The health check this release was deployed with: a restore checks it the same way. */
  healthPort: 'rollwatch.health.port',
  healthPath: 'rollwatch.health.path',
  /** With rollout.strategy proxy: the port the release listens on (proxy.portEnv), where the proxy sends its traffic. */
  proxyPort: 'rollwatch.proxy.port',
  /** A hash of everything the container was created with besides the image: a rerun with the same one changes nothing. */
  spec: 'rollwatch.spec',
} as const;

/** What a release's container or service is labelled with: the user's labels, then rollwatch's own (which win). */
export function releaseLabels(user: Record<string, string>, r: { app: string; version: string; digest: string; imageRef: string; deployedAt: string; runId: string }): Record<string, string> {
  return {
    ...user,
    [LABEL.app]: r.app,
    [LABEL.version]: r.version,
    [LABEL.digest]: r.digest,
    [LABEL.image]: r.imageRef,
    [LABEL.deployedAt]: r.deployedAt,
    [LABEL.run]: r.runId,
  };
}

/** Exit status the lock command uses when the lock is held by someone else. */
export const LOCK_HELD_EXIT = 75;

export const stateDir = (app: string): string => `.rollwatch/${safe('app', app, 'app')}`;
export const lockDir = (app: string): string => `${stateDir(app)}/lock`;
export const containerName = (app: string, version: string): string => `${safe('app', app, 'app')}-${safe('version', version, 'version')}`;

/** Prefix of the line the lock commands print with the lock directory's mtime (epoch seconds). */
export const LOCK_MTIME_MARK = 'rollwatch-lock-mtime';

/** Prints the holder file, then LOCK_MTIME_MARK and when the lock was taken (for a holder that wrote nothing). */
function printHolder(dir: string): string {
  return `${sh('cat', `${dir}/holder.json`)} 2>/dev/null; echo; echo "${LOCK_MTIME_MARK} $(${sh('stat', '-c', '%Y', dir)} 2>/dev/null)"`;
}

/**
 * Removes what rollwatch versions before the Engine API left under the app's state directory:
 * env files (container environment, secrets included) and per-run Docker client configs
 * (registry credentials of a cut `docker login`). The containers keep their environment: Docker
 * copied it at create time.
 */
export function removeLegacyFiles(app: string): Shell {
  // the glob stays outside the quotes
  return Shell.raw(`rm -rf -- ${sh(`${stateDir(app)}/env`).text} ${sh(`${stateDir(app)}/docker-config.`).text}*`);
}

/** Takes the lock. Once taken, removes the legacy files (removeLegacyFiles) of the app. */
export function acquireLock(app: string, holderJson: string): Shell {
  const dir = lockDir(app);
  return Shell.raw(
    `${and(sh('mkdir', '-p', stateDir(app)), sh('mkdir', dir))} 2>/dev/null && ${sh('printf', '%s\\n', holderJson)} > ${sh(`${dir}/holder.json`)} && { ${removeLegacyFiles(app).text} 2>/dev/null; true; }` +
      // the holder writes holder.json right after its mkdir: give it a moment before reading
      ` || { i=0; while [ ! -s ${sh(`${dir}/holder.json`)} ] && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done; ${printHolder(dir)}; exit ${LOCK_HELD_EXIT}; }`,
  );
}

export function readLock(app: string): Shell {
  const dir = lockDir(app);
  return Shell.raw(`if [ -d ${sh(dir)} ]; then ${printHolder(dir)}; else exit ${LOCK_HELD_EXIT + 1}; fi`);
}

/** Removes the lock only when `runId` holds it (or unconditionally when runId is null), and with it the legacy files. */
export function releaseLock(app: string, runId: string | null): Shell {
  const dir = lockDir(app);
  const release = `${sh('rm', '-rf', dir)} && { ${removeLegacyFiles(app).text} 2>/dev/null; true; }`;
  if (runId === null) return Shell.raw(release);
  return Shell.raw(`if ${sh('grep', '-qF', EOO, `"run":${JSON.stringify(runId)}`, `${dir}/holder.json`)} 2>/dev/null; then ${release}; fi`);
}

export interface RunSpec {
  app: string;
  version: string;
  imageRef: string;
  digest: string;
  deployedAt: string;
  runId: string;
  network?: string;
  ports: string[];
  volumes: string[];
  labels: Record<string, string>;
  restart: string;
  stopTimeoutSec: number;
  /** Bytes, as a decimal string. */
  memory?: string;
  cpus?: number;
  /** The container's environment (goes in the create request, never in a file on the host). */
  env: { key: string; value: string }[];
  /** The HTTP health check of this release (port and path), recorded on the container. */
  healthCheck?: { port: number; path: string } | null;
  /** containerSpecHash of this spec and its environment, recorded on the container. */
  specHash?: string;
  /** With rollout.strategy proxy: the release's own port, recorded on the container. */
  proxyPort?: number;
}

/**
 * A hash of what a container is created with, besides the run's own bookkeeping (when, which
 * run): two deploys of one image with the same hash would create the same container.
 */
export function containerSpecHash(spec: RunSpec): string {
  // the environment as the env files of earlier versions held it: a container they made keeps its hash
  const envContent = spec.env.map((e) => `${e.key}=${e.value}`).join('\n') + (spec.env.length ? '\n' : '');
  const settings = { digest: spec.digest, network: spec.network ?? null, ports: spec.ports, volumes: spec.volumes, labels: spec.labels, restart: spec.restart, stopTimeoutSec: spec.stopTimeoutSec, memory: spec.memory ?? null, cpus: spec.cpus ?? null, healthCheck: spec.healthCheck ?? null, env: envContent };
  return `sha256:${createHash('sha256').update(JSON.stringify(settings)).digest('hex')}`;
}

export const historyFile = (app: string): string => `${stateDir(app)}/history.jsonl`;

/** Appends stdin (one JSON line) to the app's deploy history; keeps the newest `keep` lines once it holds twice that. */
export function appendHistory(app: string, keep: number): Shell {
  const file = historyFile(app);
  const tmp = `${file}.tmp`;
  return Shell.raw(
    `umask 077 && ${sh('mkdir', '-p', stateDir(app))} && ${sh('cat')} >> ${sh(file)} && ` +
      `if [ "$(wc -l < ${sh(file)})" -gt ${2 * keep} ]; then ${sh('tail', '-n', keep, file)} > ${sh(tmp)} && ${sh('mv', EOO, tmp, file)}; fi`,
  );
}

/** Exit of appendHistoryAndReleaseLock: the entry was appended but the lock could not be removed. */
export const RELEASE_FAILED_EXIT = 77;
/** Exit of appendHistoryAndReleaseLock: neither the entry was appended nor the lock removed. */
export const BOTH_FAILED_EXIT = 78;

/**
 * A run's last write in one round trip: appends the history entry (stdin) while the lock is
 * still held, then releases the lock of `runId` (as releaseLock). Exits 0 when both happened,
 * the append's own status when only the release did, RELEASE_FAILED_EXIT or BOTH_FAILED_EXIT.
 */
export function appendHistoryAndReleaseLock(app: string, keep: number, runId: string): Shell {
  return Shell.raw(`( ${appendHistory(app, keep).text} ); h=$?; if ${releaseLock(app, runId).text}; then exit $h; fi; [ $h -eq 0 ] && exit ${RELEASE_FAILED_EXIT}; exit ${BOTH_FAILED_EXIT}`);
}

/** The last `lines` lines of the app's deploy history (nothing when there is none yet). */
export function readHistory(app: string, lines: number): Shell {
  const file = historyFile(app);
  return Shell.raw(`if [ -f ${sh(file)} ]; then ${sh('tail', '-n', lines, file)}; fi`);
}

/** `--since`, `--tail` and `--follow` as `docker logs` and `docker service logs` both take them. */
function logOptionWords(options: { since?: string; tail?: number; follow?: boolean }): (string | number)[] {
  return [...(options.since ? ['--since', safe('logSince', options.since, '--since')] : []), ...(options.tail !== undefined ? ['--tail', options.tail] : []), ...(options.follow ? ['--follow'] : [])];
}

/** `docker logs` of one container, timestamps on, stderr merged; `since` is Docker's form (10m, 2h, an RFC 3339 time). */
export function followLogs(name: string, options: { since?: string; tail?: number; follow?: boolean }): Shell {
  const words: (string | number)[] = ['docker', 'logs', '--timestamps', ...logOptionWords(options)];
  return Shell.raw(`${sh(...words, EOO, operand(name, 'container name'))} 2>&1`);
}

/** `docker service logs` of a Swarm service on its manager, with task and node names. */
export function serviceLogsCommand(service: string, options: { since?: string; tail?: number; follow?: boolean }): Shell {
  const words: (string | number)[] = ['docker', 'service', 'logs', '--timestamps', '--no-trunc', ...logOptionWords(options)];
  return Shell.raw(`${sh(...words, EOO, operand(service, 'service'))} 2>&1`);
}

/** Runs argv inside a running container (no TTY, no stdin). */
export function execInContainer(name: string, argv: string[]): Shell {
  if (argv.length === 0) throw new RollwatchError('input', 'nothing to run: give the command after --', 'command');
  return sh('docker', 'exec', EOO, operand(name, 'container name'), ...argv);
}

export function hook(argv: string[], vars: Record<string, string>): Shell {
  const assignments = Object.entries(vars).map(([k, v]) => `${safe('envKey', k, 'hook variable')}=${v}`);
  return sh('env', ...assignments, ...argv);
}

/** Two /proc/stat readings and /proc/meminfo in one round trip, for host metrics. */
export function readProcStats(): Shell {
  return Shell.raw('cat /proc/stat | head -1; echo ---; cat /proc/meminfo | head -5');
}
