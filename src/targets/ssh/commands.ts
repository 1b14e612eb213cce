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
  /** A hash of everything the container was created with besides the image: a rerun with the same one changes nothing. */
  spec: 'rollwatch.spec',
} as const;

/** Exit status the lock command uses when the lock is held by someone else. */
export const LOCK_HELD_EXIT = 75;

export const stateDir = (app: string): string => `.rollwatch/${safe('app', app, 'app')}`;
export const lockDir = (app: string): string => `${stateDir(app)}/lock`;
export const envFile = (app: string, version: string): string => `${stateDir(app)}/env/${safe('version', version, 'version')}.env`;
export const containerName = (app: string, version: string): string => `${safe('app', app, 'app')}-${safe('version', version, 'version')}`;

export function dockerServerVersion(): Shell {
  return sh('docker', 'version', '--format', '{{.Server.Version}}');
}

/** Prefix of the line the lock commands print with the lock directory's mtime (epoch seconds). */
export const LOCK_MTIME_MARK = 'rollwatch-lock-mtime';

/** Prints the holder file, then LOCK_MTIME_MARK and when the lock was taken (for a holder that wrote nothing). */
function printHolder(dir: string): string {
  return `${sh('cat', `${dir}/holder.json`)} 2>/dev/null; echo; echo "${LOCK_MTIME_MARK} $(${sh('stat', '-c', '%Y', dir)} 2>/dev/null)"`;
}

/**
 * Takes the lock. Once taken, removes the per-run Docker client configs a cut run may have
 * left (see pullWithLogin): no other run of this app can be pulling while we hold the lock.
 */
export function acquireLock(app: string, holderJson: string): Shell {
  const dir = lockDir(app);
  return Shell.raw(
    `${and(sh('mkdir', '-p', stateDir(app)), sh('mkdir', dir))} 2>/dev/null && ${sh('printf', '%s\\n', holderJson)} > ${sh(`${dir}/holder.json`)} && { ${removeDockerConfigs(app).text} 2>/dev/null; true; }` +
      // the holder writes holder.json right after its mkdir: give it a moment before reading
      ` || { i=0; while [ ! -s ${sh(`${dir}/holder.json`)} ] && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done; ${printHolder(dir)}; exit ${LOCK_HELD_EXIT}; }`,
  );
}

/** Printed by acquireLockAndInspect once the lock is taken, before the inspect output. */
export const LOCK_TAKEN_MARK = 'rollwatch-lock-taken';

/**
 * Takes the lock (as acquireLock) and, once it is held, prints LOCK_TAKEN_MARK and then what
 * inspectApp prints: the host's state read under the lock, in the same round trip.
 */
export function acquireLockAndInspect(app: string, holderJson: string): Shell {
  return Shell.raw(`${acquireLock(app, holderJson).text}; echo ${LOCK_TAKEN_MARK}; ${inspectApp(app).text}`);
}

export function readLock(app: string): Shell {
  const dir = lockDir(app);
  return Shell.raw(`if [ -d ${sh(dir)} ]; then ${printHolder(dir)}; else exit ${LOCK_HELD_EXIT + 1}; fi`);
}

/**
 * Removes the lock only when `runId` holds it (or unconditionally when runId is null), and with
 * it any Docker client config (registry credentials) a cut pull of the holder left behind.
 */
export function releaseLock(app: string, runId: string | null): Shell {
  const dir = lockDir(app);
  const release = `${sh('rm', '-rf', dir)} && { ${removeDockerConfigs(app).text} 2>/dev/null; true; }`;
  if (runId === null) return Shell.raw(release);
  return Shell.raw(`if ${sh('grep', '-qF', EOO, `"run":${JSON.stringify(runId)}`, `${dir}/holder.json`)} 2>/dev/null; then ${release}; fi`);
}

/** Prints `docker inspect` JSON of every container of the app ("[]" when none). */
export function inspectApp(app: string): Shell {
  return Shell.raw(
    `ids=$(${sh('docker', 'ps', '-aq', '--filter', `label=${LABEL.app}=${safe('app', app, 'app')}`)}) && if [ -n "$ids" ]; then docker inspect -- $ids; else echo '[]'; fi`,
  );
}

/**
 * Prints `docker inspect` JSON of one container ("[]" when there is none), with one docker call
 * in the usual case; any other failure (e.g. no engine) fails with docker's message.
 */
export function inspectContainer(name: string): Shell {
  const inspect = sh('docker', 'container', 'inspect', EOO, operand(name, 'container name'));
  return Shell.raw(
    `${inspect.text} 2>/dev/null || { err=$(${inspect.text} 2>&1 >/dev/null); case $err in *"No such container"*|*"No such object"*) echo '[]' ;; *) printf '%s\\n' "$err" >&2; exit 1 ;; esac; }`,
  );
}

export function login(server: string, username: string): Shell {
  return sh('docker', 'login', '--username', username, '--password-stdin', EOO, operand(server, 'registry.server'));
}

export function logout(server: string): Shell {
  return sh('docker', 'logout', EOO, operand(server, 'registry.server'));
}

/** Exit status of pullWithLogin when the registry login failed (nothing was pulled). */
export const LOGIN_FAILED_EXIT = 97;

/** Prefix of the line pullWithLogin prints with how long the login took (ms). */
export const LOGIN_TIMING_MARK = 'rollwatch-login-ms';

/** Where pullWithLogin keeps its per-run Docker client config (mktemp suffix appended). */
const dockerConfigPrefix = (app: string): string => `${stateDir(app)}/docker-config.`;

/** Removes every per-run Docker client config of the app (and the credentials in it). */
export function removeDockerConfigs(app: string): Shell {
  // the glob stays outside the quotes
  return Shell.raw(`rm -rf -- ${sh(dockerConfigPrefix(app)).text}*`);
}

/**
 * Registry login (password on stdin), pull and logout in one round trip. `docker login` writes
 * to a fresh DOCKER_CONFIG directory (mode 700) of this run, never to ~/.docker, so two apps do
 * not share credentials; the directory is removed after the pull, on a signal (the link was
 * cut), and, when the shell was killed outright, by the next run that takes the lock.
 * Exits LOGIN_FAILED_EXIT when the login fails, else with the pull's status.
 * Prints how long the login took (when the host's `date` has nanoseconds) for the timing report.
 */
export function pullWithLogin(app: string, server: string, username: string, imageRef: string): Shell {
  const now = 'date +%s%N 2>/dev/null';
  const cleanup = `rm -rf -- "$rwcfg"`;
  return Shell.raw(
    `umask 077 && ${sh('mkdir', '-p', stateDir(app))} && ${removeDockerConfigs(app).text} && rwcfg=$(${sh('mktemp', '-d', `${dockerConfigPrefix(app)}XXXXXXXX`)}) && chmod 700 "$rwcfg" || exit ${LOGIN_FAILED_EXIT}; ` +
      `trap '${cleanup}' EXIT; trap '${cleanup}; exit 129' HUP; trap '${cleanup}; exit 130' INT; trap '${cleanup}; exit 141' PIPE; trap '${cleanup}; exit 143' TERM; ` +
      `export DOCKER_CONFIG="$rwcfg"; ` +
      `t0=$(${now}); ${login(server, username).text} >/dev/null || exit ${LOGIN_FAILED_EXIT}; t1=$(${now}); ` +
      `${pull(imageRef).text}; rc=$?; ${logout(server).text} >/dev/null 2>&1; ${cleanup}; ` +
      `case "$t0$t1" in '' | *[!0-9]*) ;; *) echo "${LOGIN_TIMING_MARK} $(( (t1 - t0) / 1000000 ))" ;; esac; exit $rc`,
  );
}

export function pull(imageRef: string): Shell {
  return sh('docker', 'pull', '--quiet', EOO, operand(imageRef, 'image'));
}

export function imagePresent(imageRef: string): Shell {
  return sh('docker', 'image', 'inspect', '--format', '{{.Id}}', EOO, operand(imageRef, 'image'));
}

/** Writes stdin to the env file with mode 0600 (umask first, then chmod for an existing file). */
export function writeEnvFile(app: string, version: string): Shell {
  const file = envFile(app, version);
  return Shell.raw(`umask 077 && ${sh('mkdir', '-p', `${stateDir(app)}/env`)} && ${sh('cat')} > ${sh(file)} && ${sh('chmod', '600', file)}`);
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
  memory?: string;
  cpus?: number;
  hasEnvFile: boolean;
  /** The HTTP health check of this release (port and path), recorded on the container. */
  healthCheck?: { port: number; path: string } | null;
  /** containerSpecHash of this spec and its environment, recorded on the container. */
  specHash?: string;
}

/**
 * A hash of what a container is created with, besides the run's own bookkeeping (when, which
 * run): two deploys of one image with the same hash would create the same container.
 */
export function containerSpecHash(spec: RunSpec, envContent: string): string {
  const settings = { digest: spec.digest, network: spec.network ?? null, ports: spec.ports, volumes: spec.volumes, labels: spec.labels, restart: spec.restart, stopTimeoutSec: spec.stopTimeoutSec, memory: spec.memory ?? null, cpus: spec.cpus ?? null, healthCheck: spec.healthCheck ?? null, env: envContent };
  return `sha256:${createHash('sha256').update(JSON.stringify(settings)).digest('hex')}`;
}

export function runContainer(spec: RunSpec): Shell {
  const name = containerName(spec.app, spec.version);
  const words: (string | number)[] = ['docker', 'run', '--detach', '--name', name, '--restart', spec.restart, '--stop-timeout', spec.stopTimeoutSec];
  const labels: Record<string, string> = {
    ...spec.labels,
    [LABEL.app]: spec.app,
    [LABEL.version]: spec.version,
    [LABEL.digest]: spec.digest,
    [LABEL.image]: spec.imageRef,
    [LABEL.deployedAt]: spec.deployedAt,
    [LABEL.run]: spec.runId,
    ...(spec.healthCheck ? { [LABEL.healthPort]: String(spec.healthCheck.port), [LABEL.healthPath]: safe('httpPath', spec.healthCheck.path, 'health.path') } : {}),
    ...(spec.specHash ? { [LABEL.spec]: safe('digest', spec.specHash, 'container spec hash') } : {}),
  };
  for (const [k, v] of Object.entries(labels)) words.push('--label', `${safe('labelKey', k, `container.labels.${k}`)}=${v}`);
  if (spec.network) words.push('--network', safe('network', spec.network, 'container.network'));
  spec.ports.forEach((p, i) => words.push('--publish', safe('portMapping', p, `container.ports[${i}]`)));
  spec.volumes.forEach((v, i) => words.push('--volume', safe('volume', v, `container.volumes[${i}]`)));
  if (spec.memory) words.push('--memory', spec.memory);
  if (spec.cpus) words.push('--cpus', spec.cpus);
  if (spec.hasEnvFile) words.push('--env-file', envFile(spec.app, spec.version));
  words.push('--env', `ROLLWATCH_APP=${spec.app}`, '--env', `ROLLWATCH_VERSION=${spec.version}`);
  return sh(...words, EOO, operand(spec.imageRef, 'image'));
}

export function startContainer(name: string, restart: string): Shell {
  operand(name, 'container name');
  return and(sh('docker', 'update', '--restart', restart, EOO, name), sh('docker', 'start', EOO, name));
}

/**
 * Clears the restart policy (so a daemon restart cannot revive the container), then stops it.
 * Not both at once: `docker update` of a container that is stopping fails in runc.
 */
export function stopContainer(name: string, timeoutSec: number): Shell {
  operand(name, 'container name');
  return Shell.raw(`${sh('docker', 'update', '--restart', 'no', EOO, name)} >/dev/null && ${sh('docker', 'stop', '--time', timeoutSec, EOO, name)}`);
}

/**
 * Puts a host back on `previous` in one round trip: removes `failed` (when given; a container
 * that does not exist counts as removed), then restores the restart policy of `previous` and
 * starts it. Fails, starting nothing, when `failed` is still there.
 */
export function restoreContainer(failed: string | null, previous: string, restart: string): Shell {
  if (failed) operand(failed, 'container name');
  operand(previous, 'container name');
  const remove = failed
    ? `{ ${sh('docker', 'rm', '--force', EOO, failed).text} >/dev/null 2>&1 || ! ${sh('docker', 'container', 'inspect', EOO, failed).text} >/dev/null 2>&1; } && `
    : '';
  return Shell.raw(`${remove}${sh('docker', 'update', '--restart', restart, EOO, previous).text} >/dev/null && ${sh('docker', 'start', EOO, previous).text} >/dev/null`);
}

export function restartContainer(name: string, timeoutSec: number): Shell {
  return sh('docker', 'restart', '--time', timeoutSec, EOO, operand(name, 'container name'));
}

export function removeContainer(name: string): Shell {
  return sh('docker', 'rm', '--force', EOO, operand(name, 'container name'));
}

/** Removes an image unless another container still uses it; never fails the caller. */
export function removeImageIfUnused(imageRef: string): Shell {
  return Shell.raw(`${sh('docker', 'image', 'rm', EOO, operand(imageRef, 'image'))} >/dev/null 2>&1 || true`);
}

/**
 * Removes old releases in one round trip: their containers (IDs or names), without force (Docker refuses
 * a running one), then (only when that worked) the env files of `envVersions`, then the images
 * no kept container uses (an image still in use stays; never fails).
 */
export function pruneReleases(app: string, containers: string[], envVersions: string[], unusedImages: string[]): Shell {
  if (containers.length === 0) return Shell.raw('true');
  const removeContainers = sh('docker', 'rm', EOO, ...containers.map((c) => operand(c, 'container')));
  const removeEnvFiles = envVersions.length > 0 ? ` && ${sh('rm', '-f', EOO, ...envVersions.map((v) => envFile(app, v))).text}` : '';
  const images = unusedImages.length > 0 ? ` && { ${sh('docker', 'image', 'rm', EOO, ...unusedImages.map((i) => operand(i, 'image'))).text} >/dev/null 2>&1 || true; }` : '';
  return Shell.raw(`${removeContainers.text} >/dev/null${removeEnvFiles}${images}`);
}

export function removeEnvFile(app: string, version: string): Shell {
  return sh('rm', '-f', EOO, envFile(app, version));
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

export function containerLogs(name: string, lines: number): Shell {
  return Shell.raw(`${sh('docker', 'logs', '--tail', lines, EOO, operand(name, 'container name'))} 2>&1`);
}

export function hook(argv: string[], vars: Record<string, string>): Shell {
  const assignments = Object.entries(vars).map(([k, v]) => `${safe('envKey', k, 'hook variable')}=${v}`);
  return sh('env', ...assignments, ...argv);
}

/** Two /proc/stat readings and /proc/meminfo in one round trip, for host metrics. */
export function readProcStats(): Shell {
  return Shell.raw('cat /proc/stat | head -1; echo ---; cat /proc/meminfo | head -5');
}

export function renameContainer(name: string, to: string): Shell {
  return sh('docker', 'rename', EOO, operand(name, 'container name'), operand(to, 'container name'));
}
