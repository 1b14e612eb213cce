"use strict";
exports.id = 390;
exports.ids = [390];
exports.modules = {

/***/ 49460:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L0: () => (/* binding */ keptOutcome),
/* harmony export */   Ux: () => (/* binding */ finishReport),
/* harmony export */   bQ: () => (/* binding */ newReport)
/* harmony export */ });
function newReport(ctx, command, version) {
    return {
        tool: 'rollwatch',
        schemaVersion: 1,
        command,
        app: ctx.config.app,
        version,
        previousVersion: null,
        image: null,
        digest: null,
        outcome: 'failed',
        reason: '',
        runId: ctx.runId,
        startedAt: new Date(ctx.clock.now()).toISOString(),
        finishedAt: '',
        timings: { buildMs: null, deployServerMs: null, deployMs: null, detectMs: null, recoverMs: null, recoveryMs: null, totalMs: 0 },
        hosts: [],
        verification: null,
        warnings: [],
        phases: [],
    };
}
/** Fills the derived timings (T_deploy = T_build + T_deploy_server; Recovery = T_detect + T_recover). */
function finishReport(ctx, report) {
    const t = report.timings;
    if (t.buildMs !== null && t.deployServerMs !== null)
        t.deployMs = t.buildMs + t.deployServerMs;
    if (report.verification?.detectMs != null)
        t.detectMs = report.verification.detectMs;
    if (t.detectMs !== null && t.recoverMs !== null)
        t.recoveryMs = t.detectMs + t.recoverMs;
    t.totalMs = ctx.clock.now() - Date.parse(report.startedAt);
    report.finishedAt = new Date(ctx.clock.now()).toISOString();
    return report;
}
/** The outcome of a release that stays: compared and kept, undecided, or a first release with nothing to compare with. */
function keptOutcome(verification) {
    if (verification?.baselineKind === 'none' && verification.verdict !== 'fail')
        return 'deployed';
    return verification?.verdict === 'inconclusive' ? 'inconclusive' : 'promoted';
}


/***/ }),

/***/ 57345:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SV: () => (/* binding */ requestDeadline),
/* harmony export */   UN: () => (/* binding */ hostUrl),
/* harmony export */   lx: () => (/* binding */ httpGet)
/* harmony export */ });
/* unused harmony exports MAX_PROBE_RESPONSE_BYTES, requestError */
/* harmony import */ var axios__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(41542);

/** A probe or health answer larger than this is cut off and counts as failed. */
const MAX_PROBE_RESPONSE_BYTES = 1 << 20;
const client = axios__WEBPACK_IMPORTED_MODULE_0__/* ["default"] */ .A.create({
    proxy: false,
    maxRedirects: 0,
    maxContentLength: MAX_PROBE_RESPONSE_BYTES,
    responseType: 'text',
    transformResponse: (d) => d,
    validateStatus: () => true,
    headers: { 'User-Agent': 'rollwatch' },
});
/**
 * A deadline for one whole request (connect, headers and body), optionally tied to a caller's
 * signal. axios's `timeout` is a socket idle timeout: a peer that drips a byte now and then
 * would keep the request open for ever. AbortSignal.any registers no listener on the caller's
 * signal, so many requests under one caller signal do not pile up listeners on it.
 */
function requestDeadline(timeoutMs, signal) {
    const deadline = AbortSignal.timeout(timeoutMs);
    return { signal: signal ? AbortSignal.any([signal, deadline]) : deadline, expired: () => deadline.aborted };
}
/** Why a request failed, in words a user can act on. */
function requestError(err, timeoutMs, expired) {
    if (expired)
        return `no complete answer within ${timeoutMs} ms`;
    const e = err;
    if (/maxContentLength/.test(e.message ?? ''))
        return `answer larger than the ${Math.round(MAX_PROBE_RESPONSE_BYTES / 1024)} KiB limit`;
    return e.code ?? e.message ?? 'request failed';
}
/** One GET; never throws. 2xx counts as ok; anything else, resets and timeouts do not. */
async function httpGet(url, timeoutMs, signal) {
    const started = performance.now();
    const deadline = requestDeadline(timeoutMs, signal);
    try {
        const res = await client.get(url, { signal: deadline.signal });
        const ms = performance.now() - started;
        return { ok: res.status >= 200 && res.status < 300, status: res.status, ms, error: res.status >= 300 ? `HTTP ${res.status}` : null };
    }
    catch (err) {
        return { ok: false, status: null, ms: performance.now() - started, error: requestError(err, timeoutMs, deadline.expired()) };
    }
}
function hostUrl(scheme, address, port, path) {
    const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
    return `${scheme}://${host}:${port}${path}`;
}


/***/ }),

/***/ 54214:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  d_: () => (/* binding */ LABEL),
  LV: () => (/* binding */ LOCK_HELD_EXIT),
  $X: () => (/* binding */ LOCK_MTIME_MARK),
  wc: () => (/* binding */ LOCK_TAKEN_MARK),
  De: () => (/* binding */ LOGIN_FAILED_EXIT),
  v_: () => (/* binding */ LOGIN_TIMING_MARK),
  IZ: () => (/* binding */ acquireLock),
  Jx: () => (/* binding */ acquireLockAndInspect),
  b8: () => (/* binding */ appendHistory),
  BX: () => (/* binding */ containerLogs),
  xN: () => (/* binding */ containerName),
  V$: () => (/* binding */ containerSpecHash),
  Ew: () => (/* binding */ dockerServerVersion),
  ur: () => (/* binding */ execInContainer),
  VF: () => (/* binding */ followLogs),
  A_: () => (/* binding */ hook),
  RE: () => (/* binding */ imagePresent),
  Kd: () => (/* binding */ inspectApp),
  aH: () => (/* binding */ inspectContainer),
  JK: () => (/* binding */ lockDir),
  Xb: () => (/* binding */ pruneReleases),
  a$: () => (/* binding */ pull),
  J$: () => (/* binding */ pullWithLogin),
  Lu: () => (/* binding */ readHistory),
  mF: () => (/* binding */ readLock),
  ie: () => (/* binding */ readProcStats),
  x_: () => (/* binding */ releaseLock),
  od: () => (/* binding */ removeContainer),
  oH: () => (/* binding */ removeDockerConfigs),
  UQ: () => (/* binding */ renameContainer),
  ht: () => (/* binding */ restartContainer),
  YN: () => (/* binding */ restoreContainer),
  zR: () => (/* binding */ runContainer),
  aM: () => (/* binding */ serviceLogsCommand),
  YI: () => (/* binding */ startContainer),
  SI: () => (/* binding */ stopContainer),
  Jk: () => (/* binding */ writeEnvFile)
});

// UNUSED EXPORTS: envFile, historyFile, login, logout, removeEnvFile, removeImageIfUnused, stateDir

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./node_modules/shell-quote/index.js
var shell_quote = __webpack_require__(26591);
// EXTERNAL MODULE: ./src/config/values.ts
var values = __webpack_require__(73750);
// EXTERNAL MODULE: ./src/util/sanitize.ts
var sanitize = __webpack_require__(62701);
;// CONCATENATED MODULE: ./src/targets/ssh/shell.ts




/**
 * The one place that turns values into remote shell text. A `Shell` fragment is already safe;
 * plain strings are quoted as single words. Nothing else in rollwatch builds a remote command.
 */
class shell_Shell {
    text;
    constructor(text) {
        this.text = text;
    }
    /** Literal shell syntax written in rollwatch's own source (never user data). */
    static raw(text) {
        return new shell_Shell(text);
    }
    toString() {
        return this.text;
    }
}
function word(w) {
    if (w instanceof shell_Shell)
        return w.text;
    const s = String(w);
    if (s.includes('\0'))
        throw new errors/* RollwatchError */.vP('input', 'a value sent to a remote shell contains a NUL byte');
    return (0,shell_quote.quote)([s]);
}
/** Joins words into one command; every string is quoted. */
function shell_sh(...words) {
    return shell_Shell.raw(words.map(word).join(' '));
}
/** `a && b && c` */
const and = (...parts) => shell_Shell.raw(parts.map((p) => p.text).join(' && '));
/** Checks a value against its rule before it may reach a remote command. */
function safe(rule, value, field) {
    const problem = (0,values/* checkValue */.Su)(rule, value);
    if (problem)
        throw new errors/* RollwatchError */.vP('input', problem, field);
    return value;
}
/** Ends a command's options: every word after it is an operand, even one starting with "-". */
const END_OF_OPTIONS = shell_Shell.raw('--');
/**
 * A value that is a command's operand (a container name or ID, an image, a path): refused when
 * it could be read as an option, whatever checked it before. Commands also put END_OF_OPTIONS
 * before their operands, so a value read back from a host never becomes an option.
 */
function shell_operand(value, field) {
    if (typeof value !== 'string' || value.length === 0)
        throw new errors/* RollwatchError */.vP('input', 'must not be empty', field);
    if (value.startsWith('-'))
        throw new errors/* RollwatchError */.vP('input', `${JSON.stringify((0,sanitize/* oneLine */.T)(value, 60))} starts with "-" and would be read as an option`, field);
    return value;
}

;// CONCATENATED MODULE: ./src/targets/ssh/commands.ts



/**
 * Remote commands, built from validated values only. Pure: each returns shell text; the
 * connection runs it. Remote state lives under ~/.rollwatch/<app> of the deploy user.
 */
const LABEL = {
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
};
/** Exit status the lock command uses when the lock is held by someone else. */
const LOCK_HELD_EXIT = 75;
const stateDir = (app) => `.rollwatch/${safe('app', app, 'app')}`;
const lockDir = (app) => `${stateDir(app)}/lock`;
const envFile = (app, version) => `${stateDir(app)}/env/${safe('version', version, 'version')}.env`;
const containerName = (app, version) => `${safe('app', app, 'app')}-${safe('version', version, 'version')}`;
function dockerServerVersion() {
    return shell_sh('docker', 'version', '--format', '{{.Server.Version}}');
}
/** Prefix of the line the lock commands print with the lock directory's mtime (epoch seconds). */
const LOCK_MTIME_MARK = 'rollwatch-lock-mtime';
/** Prints the holder file, then LOCK_MTIME_MARK and when the lock was taken (for a holder that wrote nothing). */
function printHolder(dir) {
    return `${shell_sh('cat', `${dir}/holder.json`)} 2>/dev/null; echo; echo "${LOCK_MTIME_MARK} $(${shell_sh('stat', '-c', '%Y', dir)} 2>/dev/null)"`;
}
/**
 * Takes the lock. Once taken, removes the per-run Docker client configs a cut run may have
 * left (see pullWithLogin): no other run of this app can be pulling while we hold the lock.
 */
function acquireLock(app, holderJson) {
    const dir = lockDir(app);
    return shell_Shell.raw(`${and(shell_sh('mkdir', '-p', stateDir(app)), shell_sh('mkdir', dir))} 2>/dev/null && ${shell_sh('printf', '%s\\n', holderJson)} > ${shell_sh(`${dir}/holder.json`)} && { ${removeDockerConfigs(app).text} 2>/dev/null; true; }` +
        // the holder writes holder.json right after its mkdir: give it a moment before reading
        ` || { i=0; while [ ! -s ${shell_sh(`${dir}/holder.json`)} ] && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done; ${printHolder(dir)}; exit ${LOCK_HELD_EXIT}; }`);
}
/** Printed by acquireLockAndInspect once the lock is taken, before the inspect output. */
const LOCK_TAKEN_MARK = 'rollwatch-lock-taken';
/**
 * Takes the lock (as acquireLock) and, once it is held, prints LOCK_TAKEN_MARK and then what
 * inspectApp prints: the host's state read under the lock, in the same round trip.
 */
function acquireLockAndInspect(app, holderJson) {
    return shell_Shell.raw(`${acquireLock(app, holderJson).text}; echo ${LOCK_TAKEN_MARK}; ${inspectApp(app).text}`);
}
function readLock(app) {
    const dir = lockDir(app);
    return shell_Shell.raw(`if [ -d ${shell_sh(dir)} ]; then ${printHolder(dir)}; else exit ${LOCK_HELD_EXIT + 1}; fi`);
}
/**
 * Removes the lock only when `runId` holds it (or unconditionally when runId is null), and with
 * it any Docker client config (registry credentials) a cut pull of the holder left behind.
 */
function releaseLock(app, runId) {
    const dir = lockDir(app);
    const release = `${shell_sh('rm', '-rf', dir)} && { ${removeDockerConfigs(app).text} 2>/dev/null; true; }`;
    if (runId === null)
        return shell_Shell.raw(release);
    return shell_Shell.raw(`if ${shell_sh('grep', '-qF', END_OF_OPTIONS, `"run":${JSON.stringify(runId)}`, `${dir}/holder.json`)} 2>/dev/null; then ${release}; fi`);
}
/** Prints `docker inspect` JSON of every container of the app ("[]" when none). */
function inspectApp(app) {
    return shell_Shell.raw(`ids=$(${shell_sh('docker', 'ps', '-aq', '--filter', `label=${LABEL.app}=${safe('app', app, 'app')}`)}) && if [ -n "$ids" ]; then docker inspect -- $ids; else echo '[]'; fi`);
}
/**
 * Prints `docker inspect` JSON of one container ("[]" when there is none), with one docker call
 * in the usual case; any other failure (e.g. no engine) fails with docker's message.
 */
function inspectContainer(name) {
    const inspect = shell_sh('docker', 'container', 'inspect', END_OF_OPTIONS, shell_operand(name, 'container name'));
    return shell_Shell.raw(`${inspect.text} 2>/dev/null || { err=$(${inspect.text} 2>&1 >/dev/null); case $err in *"No such container"*|*"No such object"*) echo '[]' ;; *) printf '%s\\n' "$err" >&2; exit 1 ;; esac; }`);
}
function login(server, username) {
    return shell_sh('docker', 'login', '--username', username, '--password-stdin', END_OF_OPTIONS, shell_operand(server, 'registry.server'));
}
function logout(server) {
    return shell_sh('docker', 'logout', END_OF_OPTIONS, shell_operand(server, 'registry.server'));
}
/** Exit status of pullWithLogin when the registry login failed (nothing was pulled). */
const LOGIN_FAILED_EXIT = 97;
/** Prefix of the line pullWithLogin prints with how long the login took (ms). */
const LOGIN_TIMING_MARK = 'rollwatch-login-ms';
/** Where pullWithLogin keeps its per-run Docker client config (mktemp suffix appended). */
const dockerConfigPrefix = (app) => `${stateDir(app)}/docker-config.`;
/** Removes every per-run Docker client config of the app (and the credentials in it). */
function removeDockerConfigs(app) {
    // the glob stays outside the quotes
    return shell_Shell.raw(`rm -rf -- ${shell_sh(dockerConfigPrefix(app)).text}*`);
}
/**
 * Registry login (password on stdin), pull and logout in one round trip. `docker login` writes
 * to a fresh DOCKER_CONFIG directory (mode 700) of this run, never to ~/.docker, so two apps do
 * not share credentials; the directory is removed after the pull, on a signal (the link was
 * cut), and, when the shell was killed outright, by the next run that takes the lock.
 * Exits LOGIN_FAILED_EXIT when the login fails, else with the pull's status.
 * Prints how long the login took (when the host's `date` has nanoseconds) for the timing report.
 */
function pullWithLogin(app, server, username, imageRef) {
    const now = 'date +%s%N 2>/dev/null';
    const cleanup = `rm -rf -- "$rwcfg"`;
    return shell_Shell.raw(`umask 077 && ${shell_sh('mkdir', '-p', stateDir(app))} && ${removeDockerConfigs(app).text} && rwcfg=$(${shell_sh('mktemp', '-d', `${dockerConfigPrefix(app)}XXXXXXXX`)}) && chmod 700 "$rwcfg" || exit ${LOGIN_FAILED_EXIT}; ` +
        `trap '${cleanup}' EXIT; trap '${cleanup}; exit 129' HUP; trap '${cleanup}; exit 130' INT; trap '${cleanup}; exit 141' PIPE; trap '${cleanup}; exit 143' TERM; ` +
        `export DOCKER_CONFIG="$rwcfg"; ` +
        `t0=$(${now}); ${login(server, username).text} >/dev/null || exit ${LOGIN_FAILED_EXIT}; t1=$(${now}); ` +
        `${pull(imageRef).text}; rc=$?; ${logout(server).text} >/dev/null 2>&1; ${cleanup}; ` +
        `case "$t0$t1" in '' | *[!0-9]*) ;; *) echo "${LOGIN_TIMING_MARK} $(( (t1 - t0) / 1000000 ))" ;; esac; exit $rc`);
}
function pull(imageRef) {
    return shell_sh('docker', 'pull', '--quiet', END_OF_OPTIONS, shell_operand(imageRef, 'image'));
}
function imagePresent(imageRef) {
    return shell_sh('docker', 'image', 'inspect', '--format', '{{.Id}}', END_OF_OPTIONS, shell_operand(imageRef, 'image'));
}
/** Writes stdin to the env file with mode 0600 (umask first, then chmod for an existing file). */
function writeEnvFile(app, version) {
    const file = envFile(app, version);
    return shell_Shell.raw(`umask 077 && ${shell_sh('mkdir', '-p', `${stateDir(app)}/env`)} && ${shell_sh('cat')} > ${shell_sh(file)} && ${shell_sh('chmod', '600', file)}`);
}
/**
 * A hash of what a container is created with, besides the run's own bookkeeping (when, which
 * run): two deploys of one image with the same hash would create the same container.
 */
function containerSpecHash(spec, envContent) {
    const settings = { digest: spec.digest, network: spec.network ?? null, ports: spec.ports, volumes: spec.volumes, labels: spec.labels, restart: spec.restart, stopTimeoutSec: spec.stopTimeoutSec, memory: spec.memory ?? null, cpus: spec.cpus ?? null, healthCheck: spec.healthCheck ?? null, env: envContent };
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(JSON.stringify(settings)).digest('hex')}`;
}
function runContainer(spec) {
    const name = containerName(spec.app, spec.version);
    const words = ['docker', 'run', '--detach', '--name', name, '--restart', spec.restart, '--stop-timeout', spec.stopTimeoutSec];
    const labels = {
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
    for (const [k, v] of Object.entries(labels))
        words.push('--label', `${safe('labelKey', k, `container.labels.${k}`)}=${v}`);
    if (spec.network)
        words.push('--network', safe('network', spec.network, 'container.network'));
    spec.ports.forEach((p, i) => words.push('--publish', safe('portMapping', p, `container.ports[${i}]`)));
    spec.volumes.forEach((v, i) => words.push('--volume', safe('volume', v, `container.volumes[${i}]`)));
    if (spec.memory)
        words.push('--memory', spec.memory);
    if (spec.cpus)
        words.push('--cpus', spec.cpus);
    if (spec.hasEnvFile)
        words.push('--env-file', envFile(spec.app, spec.version));
    words.push('--env', `ROLLWATCH_APP=${spec.app}`, '--env', `ROLLWATCH_VERSION=${spec.version}`);
    return shell_sh(...words, END_OF_OPTIONS, shell_operand(spec.imageRef, 'image'));
}
function startContainer(name, restart) {
    shell_operand(name, 'container name');
    return and(shell_sh('docker', 'update', '--restart', restart, END_OF_OPTIONS, name), shell_sh('docker', 'start', END_OF_OPTIONS, name));
}
/**
 * Clears the restart policy (so a daemon restart cannot revive the container), then stops it.
 * Not both at once: `docker update` of a container that is stopping fails in runc.
 */
function stopContainer(name, timeoutSec) {
    shell_operand(name, 'container name');
    return shell_Shell.raw(`${shell_sh('docker', 'update', '--restart', 'no', END_OF_OPTIONS, name)} >/dev/null && ${shell_sh('docker', 'stop', '--time', timeoutSec, END_OF_OPTIONS, name)}`);
}
/**
 * Puts a host back on `previous` in one round trip: removes `failed` (when given; a container
 * that does not exist counts as removed), then restores the restart policy of `previous` and
 * starts it. Fails, starting nothing, when `failed` is still there.
 */
function restoreContainer(failed, previous, restart) {
    if (failed)
        shell_operand(failed, 'container name');
    shell_operand(previous, 'container name');
    const remove = failed
        ? `{ ${shell_sh('docker', 'rm', '--force', END_OF_OPTIONS, failed).text} >/dev/null 2>&1 || ! ${shell_sh('docker', 'container', 'inspect', END_OF_OPTIONS, failed).text} >/dev/null 2>&1; } && `
        : '';
    return shell_Shell.raw(`${remove}${shell_sh('docker', 'update', '--restart', restart, END_OF_OPTIONS, previous).text} >/dev/null && ${shell_sh('docker', 'start', END_OF_OPTIONS, previous).text} >/dev/null`);
}
function restartContainer(name, timeoutSec) {
    return shell_sh('docker', 'restart', '--time', timeoutSec, END_OF_OPTIONS, shell_operand(name, 'container name'));
}
function removeContainer(name) {
    return shell_sh('docker', 'rm', '--force', END_OF_OPTIONS, shell_operand(name, 'container name'));
}
/** Removes an image unless another container still uses it; never fails the caller. */
function removeImageIfUnused(imageRef) {
    return Shell.raw(`${sh('docker', 'image', 'rm', EOO, operand(imageRef, 'image'))} >/dev/null 2>&1 || true`);
}
/**
 * Removes old releases in one round trip: their containers (IDs or names), without force (Docker refuses
 * a running one), then (only when that worked) the env files of `envVersions`, then the images
 * no kept container uses (an image still in use stays; never fails).
 */
function pruneReleases(app, containers, envVersions, unusedImages) {
    if (containers.length === 0)
        return shell_Shell.raw('true');
    const removeContainers = shell_sh('docker', 'rm', END_OF_OPTIONS, ...containers.map((c) => shell_operand(c, 'container')));
    const removeEnvFiles = envVersions.length > 0 ? ` && ${shell_sh('rm', '-f', END_OF_OPTIONS, ...envVersions.map((v) => envFile(app, v))).text}` : '';
    const images = unusedImages.length > 0 ? ` && { ${shell_sh('docker', 'image', 'rm', END_OF_OPTIONS, ...unusedImages.map((i) => shell_operand(i, 'image'))).text} >/dev/null 2>&1 || true; }` : '';
    return shell_Shell.raw(`${removeContainers.text} >/dev/null${removeEnvFiles}${images}`);
}
function removeEnvFile(app, version) {
    return sh('rm', '-f', EOO, envFile(app, version));
}
const historyFile = (app) => `${stateDir(app)}/history.jsonl`;
/** Appends stdin (one JSON line) to the app's deploy history; keeps the newest `keep` lines once it holds twice that. */
function appendHistory(app, keep) {
    const file = historyFile(app);
    const tmp = `${file}.tmp`;
    return shell_Shell.raw(`umask 077 && ${shell_sh('mkdir', '-p', stateDir(app))} && ${shell_sh('cat')} >> ${shell_sh(file)} && ` +
        `if [ "$(wc -l < ${shell_sh(file)})" -gt ${2 * keep} ]; then ${shell_sh('tail', '-n', keep, file)} > ${shell_sh(tmp)} && ${shell_sh('mv', END_OF_OPTIONS, tmp, file)}; fi`);
}
/** The last `lines` lines of the app's deploy history (nothing when there is none yet). */
function readHistory(app, lines) {
    const file = historyFile(app);
    return shell_Shell.raw(`if [ -f ${shell_sh(file)} ]; then ${shell_sh('tail', '-n', lines, file)}; fi`);
}
/** `--since`, `--tail` and `--follow` as `docker logs` and `docker service logs` both take them. */
function logOptionWords(options) {
    return [...(options.since ? ['--since', safe('logSince', options.since, '--since')] : []), ...(options.tail !== undefined ? ['--tail', options.tail] : []), ...(options.follow ? ['--follow'] : [])];
}
/** `docker logs` of one container, timestamps on, stderr merged; `since` is Docker's form (10m, 2h, an RFC 3339 time). */
function followLogs(name, options) {
    const words = ['docker', 'logs', '--timestamps', ...logOptionWords(options)];
    return shell_Shell.raw(`${shell_sh(...words, END_OF_OPTIONS, shell_operand(name, 'container name'))} 2>&1`);
}
/** `docker service logs` of a Swarm service on its manager, with task and node names. */
function serviceLogsCommand(service, options) {
    const words = ['docker', 'service', 'logs', '--timestamps', '--no-trunc', ...logOptionWords(options)];
    return shell_Shell.raw(`${shell_sh(...words, END_OF_OPTIONS, shell_operand(service, 'service'))} 2>&1`);
}
/** Runs argv inside a running container (no TTY, no stdin). */
function execInContainer(name, argv) {
    if (argv.length === 0)
        throw new errors/* RollwatchError */.vP('input', 'nothing to run: give the command after --', 'command');
    return shell_sh('docker', 'exec', END_OF_OPTIONS, shell_operand(name, 'container name'), ...argv);
}
function containerLogs(name, lines) {
    return shell_Shell.raw(`${shell_sh('docker', 'logs', '--tail', lines, END_OF_OPTIONS, shell_operand(name, 'container name'))} 2>&1`);
}
function hook(argv, vars) {
    const assignments = Object.entries(vars).map(([k, v]) => `${safe('envKey', k, 'hook variable')}=${v}`);
    return shell_sh('env', ...assignments, ...argv);
}
/** Two /proc/stat readings and /proc/meminfo in one round trip, for host metrics. */
function readProcStats() {
    return shell_Shell.raw('cat /proc/stat | head -1; echo ---; cat /proc/meminfo | head -5');
}
function renameContainer(name, to) {
    return shell_sh('docker', 'rename', END_OF_OPTIONS, shell_operand(name, 'container name'), shell_operand(to, 'container name'));
}


/***/ }),

/***/ 87163:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  P: () => (/* binding */ Fleet),
  s: () => (/* binding */ describeHolder)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./node_modules/node-ssh/lib/esm/index.mjs + 2 modules
var esm = __webpack_require__(19487);
// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(74995);
// EXTERNAL MODULE: ./src/targets/ssh/hostkeys.ts
var hostkeys = __webpack_require__(26313);
;// CONCATENATED MODULE: ./src/targets/ssh/connection.ts




const TRANSIENT = /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|Timed out while waiting for handshake|EAI_AGAIN|socket hang up/i;
function hostKeyAlgorithms(types) {
    if (!types)
        return undefined;
    return types.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]));
}
/** One SSH connection per host per run, reused by every step. */
class HostConnection {
    host;
    settings;
    onWarning;
    ssh = null;
    jump = null;
    lastHostKey = null;
    /** Why the connection broke (keepalive timeout, reset, closed by the server); null while fine. */
    broken = null;
    /** Rejecters of commands in flight, called when the connection breaks under them. */
    inFlight = new Set();
    constructor(host, settings, onWarning = () => { }) {
        this.host = host;
        this.settings = settings;
        this.onWarning = onWarning;
    }
    get connected() {
        return this.broken === null && (this.ssh?.isConnected() ?? false);
    }
    /**
     * ssh2 reports a dead connection (keepalive timeout, reset) as an 'error' event on the client:
     * without a listener that event would crash the process, and a command in flight would wait
     * for its own timeout. Both now end at once; the next command reconnects. The jump host's
     * connection gets the same listeners: when it dies, the host behind it is lost too. Listeners
     * stay on a disposed client, so a late error from it cannot crash the process either.
     */
    watch(ssh, role) {
        const label = role === 'jump' ? `jump host ${this.settings.jumpHost?.address}:${this.settings.jumpHost?.port}: ` : '';
        const lost = (reason) => {
            if ((role === 'target' ? this.ssh : this.jump) !== ssh || this.broken !== null)
                return;
            this.broken = label + reason;
            for (const reject of this.inFlight)
                reject(new errors/* RollwatchError */.vP('deploy', `${this.host.name}: SSH connection lost: ${label}${reason}`));
        };
        ssh.connection?.on('error', (err) => lost((0,errors/* errorMessage */.gJ)(err)));
        ssh.connection?.on('close', () => lost('connection closed'));
    }
    async connect() {
        if (this.connected)
            return;
        await (0,p_retry/* default */.Ay)(() => this.connectOnce(), {
            retries: 2,
            minTimeout: 500,
            factor: 2,
            shouldRetry: ({ error }) => TRANSIENT.test(error.message),
        });
    }
    verifier(label, address, port, fingerprint, sink) {
        const listed = this.settings.knownHosts ? (0,hostkeys/* knownKeysFor */.De)(this.settings.knownHosts, address, port) : [];
        // accept-new trusts the first key a host offers in this run, not a new one on every reconnect
        const known = this.settings.hostKeys === 'accept-new' && listed.length === 0 && !fingerprint ? (0,hostkeys/* rememberedKeys */.$Q)(address, port) : listed;
        return {
            known,
            hostVerifier: (key) => {
                const decision = (0,hostkeys/* decideHostKey */["if"])(key, { hostLabel: label, fingerprint, known, mode: this.settings.hostKeys });
                sink(decision);
                if (decision.accept && decision.trustedOnFirstUse) {
                    (0,hostkeys/* rememberFirstKey */.Jt)(address, port, key);
                    this.onWarning(`${label}: trusting host key ${decision.offered.type} ${decision.offered.fingerprint} on first use (ssh.hostKeys: accept-new)`);
                }
                return decision.accept;
            },
        };
    }
    async connectOnce() {
        const { host, settings } = this;
        let decision = null;
        const label = `${host.name} (${host.address}:${host.port})`;
        const v = this.verifier(label, host.address, host.port, host.fingerprint, (d) => (decision = d));
        const config = {
            username: host.user,
            privateKey: settings.privateKey,
            passphrase: settings.passphrase,
            readyTimeout: settings.connectTimeoutMs,
            keepaliveInterval: 5000,
            keepaliveCountMax: 3,
            hostVerifier: v.hostVerifier,
            tryKeyboard: false,
        };
        const algos = hostKeyAlgorithms(host.fingerprint ? undefined : (0,hostkeys/* preferredKeyTypes */.o4)(v.known));
        if (algos)
            config.algorithms = { serverHostKey: algos };
        // a connection (jump or target) left by an earlier, failed attempt never outlives it
        this.closeLinks();
        let target = null;
        try {
            if (settings.jumpHost) {
                const j = settings.jumpHost;
                let jumpDecision = null;
                const jv = this.verifier(`jump host ${j.address}:${j.port}`, j.address, j.port, j.fingerprint, (d) => (jumpDecision = d));
                const jump = new esm/* NodeSSH */.H();
                this.jump = jump;
                try {
                    await jump.connect({ host: j.address, port: j.port, username: j.user, privateKey: settings.privateKey, passphrase: settings.passphrase, readyTimeout: settings.connectTimeoutMs, keepaliveInterval: 5000, keepaliveCountMax: 3, hostVerifier: jv.hostVerifier });
                }
                catch (err) {
                    const d = jumpDecision;
                    if (d && !d.accept)
                        throw new p_retry/* AbortError */.lc(new errors/* RollwatchError */.vP('preflight', d.reason, 'ssh.jumpHost'));
                    throw err;
                }
                this.watch(jump, 'jump');
                const stream = await new Promise((resolve, reject) => {
                    if (!jump.connection)
                        return reject(new Error(`jump host ${j.address}:${j.port}: connection closed`));
                    jump.connection.forwardOut('127.0.0.1', 0, host.address, host.port, (err, ch) => (err ? reject(err) : resolve(ch)));
                });
                config.sock = stream;
            }
            else {
                config.host = host.address;
                config.port = host.port;
            }
            const ssh = (target = new esm/* NodeSSH */.H());
            await ssh.connect(config);
            this.ssh = ssh;
            this.broken = null;
            this.watch(ssh, 'target');
            this.lastHostKey = decision;
        }
        catch (err) {
            try {
                target?.dispose();
            }
            catch {
                /* never connected */
            }
            this.closeLinks();
            this.lastHostKey = decision;
            const d = decision;
            if (d && !d.accept)
                throw new p_retry/* AbortError */.lc(new errors/* RollwatchError */.vP('preflight', d.reason, `hosts.${host.name}`));
            if (err instanceof p_retry/* AbortError */.lc)
                throw err;
            const msg = (0,errors/* errorMessage */.gJ)(err);
            if (/authentication methods failed|All configured authentication/i.test(msg)) {
                throw new p_retry/* AbortError */.lc(new errors/* RollwatchError */.vP('preflight', `${label}: SSH authentication failed for user ${host.user} (key refused)`, 'ssh.privateKey', 'check that the public key is in ~/.ssh/authorized_keys of that user'));
            }
            if (/passphrase|Encrypted private key/i.test(msg)) {
                throw new p_retry/* AbortError */.lc(new errors/* RollwatchError */.vP('input', 'the SSH private key is encrypted and the passphrase is missing or wrong', 'ssh.passphrase'));
            }
            throw new errors/* RollwatchError */.vP('preflight', `${label}: cannot connect over SSH: ${msg || 'the connection failed without a reason'}`);
        }
    }
    async run(command, options = {}) {
        if (!this.ssh || !this.connected) {
            if (this.ssh)
                this.dispose();
            await this.connect();
        }
        const ssh = this.ssh;
        const timeoutMs = options.timeoutMs ?? this.settings.commandTimeoutMs;
        let channel = null;
        let timer;
        const timeout = new Promise((_, reject) => {
            if (!Number.isFinite(timeoutMs))
                return;
            timer = setTimeout(() => {
                try {
                    channel?.signal?.('KILL');
                    channel?.close();
                }
                catch {
                    /* the channel may be gone already */
                }
                reject(new errors/* RollwatchError */.vP('deploy', `${this.host.name}: command timed out after ${Math.round(timeoutMs / 1000)}s: ${command.text.slice(0, 120)}`));
            }, timeoutMs);
        });
        let onLost;
        const lost = new Promise((_, reject) => (onLost = reject));
        // Aborted: run() returns at once whatever the remote command does; the connection is not
        // reused (its channel may still be open), so dispose() ends the remote command with it.
        let onAbort;
        const aborted = new Promise((_, reject) => {
            if (!options.signal)
                return;
            onAbort = () => {
                this.broken ??= 'a command on it was interrupted';
                reject(new errors/* RollwatchError */.vP('deploy', `${this.host.name}: interrupted: ${command.text.slice(0, 120)}`));
            };
            if (options.signal.aborted)
                onAbort();
            else
                options.signal.addEventListener('abort', onAbort, { once: true });
        });
        this.inFlight.add(onLost);
        try {
            const result = await Promise.race([
                ssh.execCommand(command.text, {
                    stdin: options.stdin,
                    onStdout: options.onStdout,
                    onStderr: options.onStderr,
                    onChannel: (ch) => {
                        channel = ch;
                        // The remote command may be blocked (docker logs -f with nothing new): kill it, then close.
                        const cut = () => {
                            try {
                                ch.signal?.('KILL');
                                ch.close();
                            }
                            catch {
                                /* the channel may be gone already */
                            }
                        };
                        if (options.signal?.aborted)
                            cut();
                        else
                            options.signal?.addEventListener('abort', cut, { once: true });
                    },
                }),
                timeout,
                lost,
                aborted,
            ]);
            return { code: result.code ?? (result.signal ? 128 : 255), stdout: result.stdout, stderr: result.stderr };
        }
        catch (err) {
            if (err instanceof errors/* RollwatchError */.vP)
                throw err;
            this.broken ??= (0,errors/* errorMessage */.gJ)(err); // reconnect for the next command
            throw new errors/* RollwatchError */.vP('deploy', `${this.host.name}: SSH command failed: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
        finally {
            clearTimeout(timer);
            if (onAbort)
                options.signal?.removeEventListener('abort', onAbort);
            this.inFlight.delete(onLost);
        }
    }
    /** Closes the target and jump connections of this host (each at most once). */
    closeLinks() {
        for (const link of [this.ssh, this.jump]) {
            try {
                link?.dispose();
            }
            catch {
                /* already closed */
            }
        }
        this.ssh = null;
        this.jump = null;
    }
    dispose() {
        this.closeLinks();
        this.broken = null;
    }
}

// EXTERNAL MODULE: ./src/targets/ssh/commands.ts + 1 modules
var commands = __webpack_require__(54214);
// EXTERNAL MODULE: ./src/targets/ssh/inspect.ts
var inspect = __webpack_require__(42511);
// EXTERNAL MODULE: ./src/config/values.ts
var values = __webpack_require__(73750);
// EXTERNAL MODULE: ./src/util/sanitize.ts
var sanitize = __webpack_require__(62701);
// EXTERNAL MODULE: ./src/util/log.ts
var log = __webpack_require__(29906);
// EXTERNAL MODULE: ./src/util/clock.ts
var clock = __webpack_require__(97110);
;// CONCATENATED MODULE: ./src/targets/ssh/host-agent.ts








const DAEMON_DOWN = /Cannot connect to the Docker daemon/;
const DAEMON_RETRIES = [500, 1000, 2000, 4000, 8000, 10_000];
const firstLine = (s) => (0,sanitize/* oneLine */.T)(s.trim().split('\n').slice(-3).join(' | '), 400);
const outputTail = (s) => (s.trim() ? `: ${firstLine(s)}` : ', printing nothing');
/** The lock was taken, but reading the host's containers under it failed. */
class LockedReadError extends errors/* RollwatchError */.vP {
    constructor(message) {
        super('lock', message);
    }
}
/** Holder fields with the rule each value must fit (null: free text, made printable). */
const HOLDER_FIELDS = [
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
function parseHolder(stdout) {
    const mark = new RegExp(`^${commands/* LOCK_MTIME_MARK */.$X} ?([0-9]*)\\s*$`, 'm');
    const m = mark.exec(stdout);
    const body = (m ? stdout.slice(0, m.index) : stdout).trim();
    let raw = {};
    let unreadable = null;
    try {
        raw = JSON.parse(body || '{}');
    }
    catch {
        unreadable = body;
    }
    const holder = {};
    if (unreadable !== null || raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        holder.raw = (0,sanitize/* oneLine */.T)(unreadable ?? JSON.stringify(raw), 200);
        raw = {};
    }
    for (const [key, rule] of HOLDER_FIELDS) {
        const v = raw[key];
        if (v === undefined || v === null || v === '')
            continue;
        if (typeof v !== 'string')
            holder[key] = `(unreadable: ${(0,sanitize/* oneLine */.T)(JSON.stringify(v), 60)})`;
        else if (rule === null)
            holder[key] = (0,sanitize/* oneLine */.T)(v, 100);
        else
            holder[key] = (0,values/* checkValue */.Su)(rule, v) === null ? v : `(unreadable: ${(0,sanitize/* oneLine */.T)(v, 60)})`;
    }
    const mtime = m && m[1] ? Number(m[1]) : NaN;
    if ((typeof holder.since !== 'string' || (0,values/* checkValue */.Su)('time', holder.since) !== null) && Number.isFinite(mtime) && mtime > 0) {
        holder.since = new Date(mtime * 1000).toISOString();
    }
    return holder;
}
/** "run X (deploy by alice, version v2, commit abc) since T, for 2 h 5 min" */
function describeLockHolder(holder, nowMs) {
    const about = [holder.command, holder.actor ? `by ${holder.actor}` : null, holder.version ? `version ${holder.version}` : null, holder.commit ? `commit ${String(holder.commit).slice(0, 12)}` : null].filter(Boolean);
    const who = holder.run ? `run ${holder.run}` : holder.raw ? `an unreadable holder file (${holder.raw})` : 'a run that wrote no details';
    const since = typeof holder.since === 'string' && (0,values/* checkValue */.Su)('time', holder.since) === null ? ` since ${holder.since}, for ${ago(nowMs - Date.parse(holder.since))}` : ' since an unknown time';
    return `${who}${about.length ? ` (${about.join(', ')})` : ''}${since}`;
}
function ago(ms) {
    if (!Number.isFinite(ms) || ms < 0)
        return 'an unknown time';
    const s = Math.floor(ms / 1000);
    if (s < 60)
        return `${s} s`;
    const min = Math.floor(s / 60);
    if (min < 60)
        return `${min} min ${s % 60} s`;
    const h = Math.floor(min / 60);
    return h < 48 ? `${h} h ${min % 60} min` : `${Math.floor(h / 24)} days ${h % 24} h`;
}
/** Between two tries of a held lock, and between two progress lines while waiting. */
const LOCK_POLL_MS = 2000;
const LOCK_PROGRESS_MS = 10_000;
/** Operations on one host's Docker engine for one app, over a reused SSH connection. */
class HostAgent {
    shell;
    app;
    options;
    log;
    clock;
    /** Why containers were left out of a listing, each said once per run. */
    ignoredSaid = new Set();
    constructor(shell, app, options = {}) {
        this.shell = shell;
        this.app = app;
        this.options = options;
        this.log = options.log ?? log/* silentLogger */.qq;
        this.clock = options.clock ?? clock/* systemClock */.ml;
    }
    parse(json) {
        return (0,inspect/* parseInspect */.E7)(json, (why) => {
            if (this.ignoredSaid.has(why))
                return;
            this.ignoredSaid.add(why);
            this.log.warn(`${this.host.name}: ${why}`);
        });
    }
    /**
     * Tries `take` until the lock is taken or rollout.lockTimeout has passed, saying every ~10 s
     * who holds it and since when. A refusal says how to release a lock whose run is gone.
     */
    async waitForLock(take) {
        const waitMs = this.options.lockWaitMs ?? 0;
        const start = this.clock.now();
        let r = await take();
        if (r.acquired)
            return r;
        const where = `${this.host.name}: the deploy lock of ${this.app}`;
        if (waitMs > 0) {
            this.log.info(`${where} is held by ${describeLockHolder(r.holder, this.clock.now())}; waiting up to ${Math.round(waitMs / 1000)} s for it (rollout.lockTimeout)`);
            let nextNote = start + LOCK_PROGRESS_MS;
            while (!r.acquired && !this.options.signal?.aborted) {
                const left = start + waitMs - this.clock.now();
                if (left <= 0)
                    break;
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
            this.log.warn(`${where} is held by ${describeLockHolder(r.holder, this.clock.now())}${waited}. ` +
                'If that run is gone (cancelled or crashed), release the lock: rollwatch lock release --config <your rollwatch config>');
        }
        return r;
    }
    get host() {
        return this.shell.host;
    }
    async must(command, what, kind = 'deploy', stdin, timeoutMs) {
        let r = await this.shell.run(command, { stdin, timeoutMs });
        // The docker CLI could not reach the engine (e.g. it is restarting): the engine did nothing,
        // so running the same command again is safe. Bounded backoff: ~25 s in all.
        for (let attempt = 0; r.code !== 0 && DAEMON_DOWN.test(r.stderr) && attempt < DAEMON_RETRIES.length; attempt++) {
            await new Promise((resolve) => setTimeout(resolve, DAEMON_RETRIES[attempt]));
            r = await this.shell.run(command, { stdin, timeoutMs });
        }
        if (r.code !== 0)
            throw new errors/* RollwatchError */.vP(kind, `${this.host.name}: ${typeof what === 'string' ? what : what(r)} failed (exit ${r.code})${outputTail(r.stderr || r.stdout)}`);
        return r;
    }
    async dockerVersion() {
        const r = await this.must(commands/* dockerServerVersion */.Ew(), 'asking the Docker engine for its version', 'preflight', undefined, 20_000);
        const version = r.stdout.trim();
        if ((0,values/* checkValue */.Su)('engineVersion', version) !== null) {
            throw new errors/* RollwatchError */.vP('preflight', `${this.host.name}: the Docker engine answered an unexpected version ${JSON.stringify((0,sanitize/* oneLine */.T)(version, 80))} (expected e.g. "20.10.24")`);
        }
        return version;
    }
    async acquireLock(holder) {
        return this.waitForLock(() => this.acquireLockOnce(holder));
    }
    async acquireLockOnce(holder) {
        const r = await this.shell.run(commands/* acquireLock */.IZ(this.app, JSON.stringify(holder)));
        if (r.code === 0)
            return { acquired: true };
        if (r.code === commands/* LOCK_HELD_EXIT */.LV)
            return { acquired: false, holder: parseHolder(r.stdout) };
        throw new errors/* RollwatchError */.vP('lock', `${this.host.name}: taking the deploy lock failed (exit ${r.code})${outputTail(r.stderr)}`);
    }
    /**
     * Takes the lock and reads the app's containers in one round trip. When the lock was taken
     * but the read failed, throws a LockedReadError: the caller holds the lock and must release it.
     */
    async acquireLockAndRead(holder) {
        return this.waitForLock(() => this.acquireLockAndReadOnce(holder));
    }
    async acquireLockAndReadOnce(holder) {
        const r = await this.shell.run(commands/* acquireLockAndInspect */.Jx(this.app, JSON.stringify(holder)));
        if (r.code === commands/* LOCK_HELD_EXIT */.LV)
            return { acquired: false, holder: parseHolder(r.stdout) };
        const marked = r.stdout.startsWith(commands/* LOCK_TAKEN_MARK */.wc + '\n');
        if (!marked)
            throw new errors/* RollwatchError */.vP('lock', `${this.host.name}: taking the deploy lock failed (exit ${r.code})${outputTail(r.stderr)}`);
        const inspectJson = r.stdout.slice(commands/* LOCK_TAKEN_MARK */.wc.length + 1);
        if (r.code !== 0)
            throw new LockedReadError(`${this.host.name}: listing containers failed (exit ${r.code}): ${firstLine(r.stderr || inspectJson)}`);
        try {
            return { acquired: true, releases: (0,inspect/* classifyReleases */.xC)(this.parse(inspectJson)) };
        }
        catch (err) {
            throw new LockedReadError(`${this.host.name}: listing containers failed: ${err instanceof Error ? err.message : String(err)}`);
        }
    }
    async readLock() {
        const r = await this.shell.run(commands/* readLock */.mF(this.app));
        if (r.code === commands/* LOCK_HELD_EXIT */.LV + 1)
            return null;
        if (r.code !== 0)
            throw new errors/* RollwatchError */.vP('lock', `${this.host.name}: reading the lock failed: ${firstLine(r.stderr)}`);
        return parseHolder(r.stdout);
    }
    async releaseLock(runId) {
        await this.must(commands/* releaseLock */.x_(this.app, runId), 'releasing the deploy lock', 'lock');
    }
    async containers() {
        const r = await this.must(commands/* inspectApp */.Kd(this.app), 'listing containers');
        return this.parse(r.stdout);
    }
    async releases() {
        return (0,inspect/* classifyReleases */.xC)(await this.containers());
    }
    async container(name) {
        const r = await this.must(commands/* inspectContainer */.aH(name), `inspecting container ${name}`);
        return this.parse(r.stdout).find((c) => c.name === name) ?? null;
    }
    /**
     * Pulls by digest. With registry credentials: login (password on stdin, never in argv), pull
     * and logout in one round trip; a failed login is told apart from a failed pull.
     */
    async pull(imageRef, registry) {
        if (!registry?.username || registry.password === undefined) {
            await (0,p_retry/* default */.Ay)(() => this.must(commands/* pull */.a$(imageRef), `pulling ${imageRef}`), { retries: 2, minTimeout: 1000, factor: 2 });
            return { loginMs: null };
        }
        const { server, username, password } = registry;
        const what = (r) => (r.code === commands/* LOGIN_FAILED_EXIT */.De ? 'registry login' : `pulling ${imageRef}`);
        const attempt = () => this.must(commands/* pullWithLogin */.J$(this.app, server, username, imageRef), what, 'deploy', password + '\n');
        try {
            const r = await (0,p_retry/* default */.Ay)(attempt, { retries: 2, minTimeout: 1000, factor: 2 });
            const m = new RegExp(`^${commands/* LOGIN_TIMING_MARK */.v_} (\\d+)$`, 'm').exec(r.stdout);
            return { loginMs: m ? Number(m[1]) : null };
        }
        catch (err) {
            // The round trip may have been cut before it removed its Docker config (and the credentials in it).
            await this.shell.run(commands/* removeDockerConfigs */.oH(this.app)).catch(() => undefined);
            throw err;
        }
    }
    async imagePresent(imageRef) {
        return (await this.shell.run(commands/* imagePresent */.RE(imageRef))).code === 0;
    }
    async writeEnvFile(version, content) {
        await this.must(commands/* writeEnvFile */.Jk(this.app, version), 'writing the env file', 'deploy', content);
    }
    async run(spec) {
        await this.must(commands/* runContainer */.zR(spec), `starting container ${commands/* containerName */.xN(spec.app, spec.version)}`);
    }
    async start(name, restart) {
        await this.must(commands/* startContainer */.YI(name, restart), `starting container ${name}`);
    }
    async stop(name, timeoutSec) {
        await this.must(commands/* stopContainer */.SI(name, timeoutSec), `stopping container ${name}`, 'deploy', undefined, (timeoutSec + 30) * 1000);
    }
    async restart(name, timeoutSec) {
        await this.must(commands/* restartContainer */.ht(name, timeoutSec), `restarting container ${name}`, 'deploy', undefined, (timeoutSec + 30) * 1000);
    }
    async rename(name, to) {
        await this.must(commands/* renameContainer */.UQ(name, to), `renaming container ${name}`);
    }
    async remove(name) {
        await this.must(commands/* removeContainer */.od(name), `removing container ${name}`);
    }
    /** Removes old releases (containers by ID, env files of `envVersions`) and the given images, in one round trip. */
    async prune(releases, envVersions, unusedImages) {
        if (releases.length === 0)
            return;
        await this.must(commands/* pruneReleases */.Xb(this.app, releases.map((c) => c.id || c.name), envVersions, unusedImages), `removing ${releases.map((c) => c.name).join(', ')}`);
    }
    /** restoreContainer in one round trip; false (nothing started) when it did not work. */
    async restoreFast(failed, previous, restart) {
        const r = await this.shell.run(commands/* restoreContainer */.YN(failed, previous, restart));
        return r.code === 0;
    }
    async logs(name, lines = 20) {
        const r = await this.shell.run(commands/* containerLogs */.BX(name, lines), { timeoutMs: 15_000 }).catch(() => null);
        return r ? r.stdout.trim() : '';
    }
    async hook(argv, vars, phase) {
        await this.must(commands/* hook */.A_(argv, vars), `${phase} hook ${argv[0]}`);
    }
    async procStats() {
        return (await this.must(commands/* readProcStats */.ie(), 'reading /proc', 'verify', undefined, 15_000)).stdout;
    }
}

;// CONCATENATED MODULE: ./src/targets/ssh/fleet.ts




/** Parallelism for fleet-wide read-only steps (connect, inspect, lock). */
const FLEET_CONCURRENCY = 16;
/** The SSH connections of one run: one per host, opened once, closed at the end. */
class Fleet {
    ctx;
    members;
    locked = new Set();
    /** Each host's containers as read under this run's lock, and when (clock ms). */
    readings = new Map();
    /** Per host, how long preflight took: SSH connect, engine check, lock (with the read). */
    preflightTimes = new Map();
    /** Warnings of the connections (e.g. a host key trusted on first use), for the report. */
    warnings = [];
    constructor(ctx) {
        this.ctx = ctx;
        this.members = ctx.config.hosts.map((host) => {
            const connection = new HostConnection(host, ctx.config.ssh, (m) => {
                ctx.log.warn(m);
                this.warnings.push(m);
            });
            return { host, connection, agent: new HostAgent(connection, ctx.config.app, { lockWaitMs: ctx.config.rollout.lockTimeoutMs, log: ctx.log, clock: ctx.clock, signal: ctx.signal }) };
        });
    }
    /** e.g. "3 hosts over SSH", as the report's target line says it. */
    describe() {
        return `${this.members.length} host${this.members.length === 1 ? '' : 's'} over SSH`;
    }
    get lockedHosts() {
        return [...this.locked];
    }
    /**
     * The host's containers as read when its lock was taken, if that was at most `maxAgeMs` ago;
     * else null (read again). Under the lock no other run changes the host.
     */
    readingUnderLock(name, maxAgeMs) {
        const r = this.readings.get(name);
        return r && this.locked.has(name) && this.ctx.clock.now() - r.at <= maxAgeMs ? r.releases : null;
    }
    /** The preflight steps of one host, for its report (empty before preflight). */
    preflightSteps(name) {
        return [...(this.preflightTimes.get(name) ?? [])];
    }
    timed(name, step, fn) {
        const t = this.ctx.clock.now();
        return fn().finally(() => {
            const list = this.preflightTimes.get(name) ?? [];
            list.push({ step, ms: this.ctx.clock.now() - t });
            this.preflightTimes.set(name, list);
        });
    }
    member(name) {
        const m = this.members.find((x) => x.host.name === name);
        if (!m)
            throw new errors/* RollwatchError */.vP('internal', `no host named ${name}`);
        return m;
    }
    /**
     * Connects to every host and checks its engine; with `lock`, takes the deploy lock on all.
     * Any failure releases what was taken and throws: nothing has changed on any host.
     */
    async preflight(options) {
        const { log } = this.ctx;
        const engines = new Map();
        const problems = [];
        const results = await (0,clock/* settleLimit */.X$)(this.members, FLEET_CONCURRENCY, async (m) => {
            await this.timed(m.host.name, 'ssh connect', () => m.connection.connect());
            engines.set(m.host.name, await this.timed(m.host.name, 'engine check', () => m.agent.dockerVersion()));
        });
        results.forEach((r, i) => {
            if (r.status === 'rejected')
                problems.push((0,errors/* hostMessage */.yd)(this.members[i].host.name, r.reason));
        });
        if (problems.length > 0) {
            const failedHosts = this.members.filter((_, i) => results[i].status === 'rejected').map((m) => m.host.name);
            throw new errors/* RollwatchError */.vP('preflight', `preflight failed on ${failedHosts.join(', ')}; nothing was changed.\n  ${problems.join('\n  ')}`, undefined, 'fix the hosts listed and run again');
        }
        for (const m of this.members)
            log.info(`${m.host.name}: reachable, Docker ${engines.get(m.host.name)}`);
        if (options.lock)
            await this.lockAll(options.version);
        return engines;
    }
    async lockAll(version) {
        const { ctx } = this;
        const holder = {
            run: ctx.runId,
            commit: ctx.commit,
            version,
            actor: ctx.actor,
            command: ctx.command,
            since: new Date(ctx.clock.now()).toISOString(),
        };
        const held = [];
        const failures = [];
        const note = (m, r) => {
            if (r.status === 'rejected')
                failures.push((0,errors/* hostMessage */.yd)(m.host.name, r.reason));
        };
        const read = (m, releases) => {
            this.readings.set(m.host.name, { releases, at: ctx.clock.now() });
        };
        // The other hosts' locks come with their containers, read under the lock in the same round trip.
        const takeAndRead = async (m) => {
            let r;
            try {
                r = await this.timed(m.host.name, 'lock', () => m.agent.acquireLockAndRead({ ...holder, host: m.host.name }));
            }
            catch (err) {
                if (err instanceof LockedReadError)
                    this.locked.add(m.host.name);
                throw err;
            }
            if (r.acquired) {
                this.locked.add(m.host.name);
                read(m, r.releases);
            }
            else
                held.push(`${m.host.name}: held by ${describeHolder(r.holder)}`);
        };
        // The first host (in config order) is taken alone, before the others: two runs that start
        // at once meet there, so exactly one of them goes on (taking all at once in parallel could
        // leave each run with part of the fleet, and both refused). Its containers are read while
        // the others are taken.
        const [first, ...rest] = this.members;
        const [firstTaken] = await (0,clock/* settleLimit */.X$)([first], 1, async (m) => {
            const r = await this.timed(m.host.name, 'lock', () => m.agent.acquireLock({ ...holder, host: m.host.name }));
            if (r.acquired)
                this.locked.add(m.host.name);
            else
                held.push(`${m.host.name}: held by ${describeHolder(r.holder)}`);
        });
        note(first, firstTaken);
        if (this.locked.has(first.host.name)) {
            const readFirst = async (m) => read(m, await this.timed(m.host.name, 'inspect', () => m.agent.releases()));
            const results = await (0,clock/* settleLimit */.X$)([first, ...rest], FLEET_CONCURRENCY, (m) => (m === first ? readFirst(m) : takeAndRead(m)));
            results.forEach((r, i) => note(i === 0 ? first : rest[i - 1], r));
        }
        this.checkpoint();
        if (held.length > 0 || failures.length > 0) {
            await this.releaseLocks();
            throw new errors/* RollwatchError */.vP('lock', `the deploy lock of ${ctx.config.app} is held, nothing was changed:\n  ${[...held, ...failures].join('\n  ')}`, undefined, 'wait for that run to finish, or if it is gone: rollwatch lock release --config FILE');
        }
    }
    /** Releases locks this run holds; failures are reported, never thrown. */
    async releaseLocks() {
        const failed = [];
        await (0,clock/* settleLimit */.X$)([...this.locked], FLEET_CONCURRENCY, async (name) => {
            try {
                await this.member(name).agent.releaseLock(this.ctx.runId);
                this.locked.delete(name);
            }
            catch (err) {
                failed.push((0,errors/* hostMessage */.yd)(name, err));
            }
        });
        for (const f of failed)
            this.ctx.log.warn(`could not release the lock on ${f}`);
        return failed;
    }
    checkpoint(extra = {}) {
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
    close() {
        for (const m of this.members)
            m.connection.dispose();
    }
}
function describeHolder(holder) {
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


/***/ }),

/***/ 61913:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K$: () => (/* binding */ releaseHealthConfig),
/* harmony export */   hq: () => (/* binding */ waitHealthy)
/* harmony export */ });
/* unused harmony exports healthUrl, FIRST_RECHECK_MS, recheckDelay, judgeContainer */
/* harmony import */ var _metrics_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57345);

function healthUrl(config, host) {
    const h = config.health;
    if (!h.path || !h.port)
        return null;
    return (0,_metrics_http__WEBPACK_IMPORTED_MODULE_0__/* .hostUrl */ .UN)(h.scheme, host.address, h.port, h.path);
}
/**
 * The config to health-check a release with: its own recorded port and path when it has them
 * (a release deployed with other health settings than today's config), else the config's.
 */
function releaseHealthConfig(config, release) {
    const recorded = release?.healthCheck;
    if (!recorded || !config.health.path || !config.health.port)
        return config;
    if (recorded.port === config.health.port && recorded.path === config.health.path)
        return config;
    return { ...config, health: { ...config.health, port: recorded.port, path: recorded.path } };
}
/** First re-check soon after a start (an app often answers within tens of ms), then back off. */
const FIRST_RECHECK_MS = 50;
/** Pause before check number `attempt` (1-based): 50 ms, doubling up to the configured interval. */
function recheckDelay(attempt, intervalMs) {
    return Math.min(intervalMs, FIRST_RECHECK_MS * 2 ** Math.max(0, attempt - 1));
}
/**
 * What the container's own state says, by `health.container`:
 * - `require`: the image's HEALTHCHECK must report healthy (no HEALTHCHECK is an error);
 * - `auto` with an HTTP check: the HTTP check decides; the HEALTHCHECK only must not say
 *   unhealthy (its first run comes one HEALTHCHECK interval after the start, so waiting for
 *   "healthy" would only add that interval);
 * - `auto` without an HTTP check: a HEALTHCHECK, when the image has one, must report healthy;
 * - `ignore`: only running counts.
 * A container that is gone, exited or unhealthy is final: waiting longer cannot help.
 */
function judgeContainer(c, name, mode, hasHttpCheck) {
    if (!c)
        return { ok: false, final: true, detail: `container ${name} is gone` };
    if (!c.running)
        return { ok: false, final: true, detail: `container ${name} is ${c.status} (exit code ${c.exitCode}${c.oomKilled ? ', OOM killed' : ''})` };
    if (mode === 'ignore')
        return { ok: true };
    if (c.health === 'none') {
        return mode === 'require' ? { ok: false, final: true, detail: `the image of ${name} has no HEALTHCHECK but health.container is "require"` } : { ok: true };
    }
    // Docker says unhealthy only after its own retries: no point waiting further.
    if (c.health === 'unhealthy')
        return { ok: false, final: true, detail: 'container health is unhealthy' };
    if (c.health === 'healthy' || (mode === 'auto' && hasHttpCheck))
        return { ok: true };
    return { ok: false, final: false, detail: `container health is ${c.health}` };
}
/** True when `p` settles within `ms` (no bound for Infinity); the timer is cleared either way. */
async function settledWithin(p, ms, clock) {
    if (ms === Number.POSITIVE_INFINITY)
        return p.then(() => true);
    const stop = new AbortController();
    let settled = false;
    await Promise.race([p.then(() => void (settled = true)), clock.sleep(ms, stop.signal)]);
    stop.abort();
    return settled;
}
/**
 * Waits until a container is running and healthy (see judgeContainer) and the HTTP health URL
 * (when configured) answers 2xx. The container state is read in the background (a docker call
 * on the host, often slower than the HTTP check): the HTTP check does not wait for it, except
 * that a success counts only with a state reading that says running and not unhealthy.
 * Fails fast when the container exits or turns unhealthy.
 */
async function waitHealthy(agent, containerName, config, clock, signal) {
    const started = clock.now();
    const deadline = started + config.health.timeoutMs;
    const url = healthUrl(config, agent.host);
    let last = 'no check ran yet';
    let seen = null;
    let readFailed = null;
    let reading = null;
    const readState = () => (reading ??= agent
        .container(containerName)
        .then((c) => void (seen = { verdict: judgeContainer(c, containerName, config.health.container, url !== null), health: c?.health, version: c?.version || undefined }), (error) => void (readFailed = { error }))
        .finally(() => (reading = null)));
    const outcome = (healthy, detail) => ({ healthy, detail, ms: clock.now() - started, version: seen?.version });
    try {
        for (let attempt = 1;; attempt++) {
            const state = readState();
            // Every wait inside ends by the deadline, so a restore or rollback that waits for health
            // is bounded by health.timeout even when the endpoint drips or the docker read hangs.
            // A timeout of 0 asks for one check (status, heal): that one runs to its end, the HTTP
            // request bounded by health.requestTimeout, the docker read by ssh.commandTimeout.
            const single = config.health.timeoutMs === 0 && attempt === 1;
            const left = () => (single ? Number.POSITIVE_INFINITY : Math.max(0, deadline - clock.now()));
            const http = url ? await (0,_metrics_http__WEBPACK_IMPORTED_MODULE_0__/* .httpGet */ .lx)(url, Math.max(50, Math.min(config.health.requestTimeoutMs, left())), signal) : null;
            if ((!http || http.ok) && !(await settledWithin(state, left(), clock))) {
                const verdict = seen?.verdict;
                const known = verdict && !verdict.ok ? verdict.detail : last !== 'no check ran yet' ? last : 'the container state could not be read in time';
                return outcome(false, `not healthy within ${Math.round(config.health.timeoutMs / 1000)}s: ${known}`);
            }
            if (readFailed)
                throw readFailed.error;
            const verdict = seen?.verdict ?? null;
            if (verdict && !verdict.ok && verdict.final)
                return outcome(false, verdict.detail);
            if (verdict && !verdict.ok)
                last = verdict.detail;
            if (http && !http.ok)
                last = `GET ${url}: ${http.error ?? `HTTP ${http.status}`}`;
            if (verdict?.ok && (!http || http.ok)) {
                return outcome(true, url ? `GET ${url} answered 2xx` : seen?.health === 'healthy' ? 'container healthy' : 'container running');
            }
            if (clock.now() >= deadline)
                return outcome(false, `not healthy within ${Math.round(config.health.timeoutMs / 1000)}s: ${last}`);
            if (signal?.aborted)
                return outcome(false, `interrupted while waiting: ${last}`);
            await clock.sleep(Math.min(recheckDelay(attempt, config.health.intervalMs), Math.max(0, deadline - clock.now())), signal);
        }
    }
    finally {
        // no docker call of this wait outlives it, unless it hangs past the deadline (then it ends
        // by ssh.commandTimeout on its own, and its answer is dropped)
        const pending = reading;
        if (pending)
            await settledWithin(pending.catch(() => undefined), config.health.timeoutMs === 0 ? Number.POSITIVE_INFINITY : Math.max(0, deadline - clock.now()), clock);
    }
}


/***/ }),

/***/ 21649:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wj: () => (/* binding */ HostRolloutError),
/* harmony export */   fA: () => (/* binding */ restoreHost),
/* harmony export */   gJ: () => (/* binding */ deployHost)
/* harmony export */ });
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _commands__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(54214);
/* harmony import */ var _health__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(61913);



class HostRolloutError extends _errors__WEBPACK_IMPORTED_MODULE_0__/* .RollwatchError */ .vP {
    report;
    constructor(message, report) {
        super('deploy', message);
        this.report = report;
    }
}
function envFileContent(config) {
    return config.container.env.map((e) => `${e.key}=${e.value}`).join('\n') + (config.container.env.length ? '\n' : '');
}
async function timed(steps, step, ctx, fn) {
    const t = ctx.clock.now();
    try {
        return await fn();
    }
    finally {
        steps.push({ step, ms: ctx.clock.now() - t });
    }
}
function hookVars(ctx, agent, version, phase) {
    return { ROLLWATCH_APP: ctx.config.app, ROLLWATCH_VERSION: version, ROLLWATCH_HOST: agent.host.name, ROLLWATCH_HOST_ADDRESS: agent.host.address, ROLLWATCH_PHASE: phase, ROLLWATCH_RUN: ctx.runId };
}
/**
 * Puts `release` on one host: pull by digest, start it (stopping the old one first or after,
 * by strategy), gate on health. On any failure the host is returned to its previous container
 * before this throws a HostRolloutError carrying what happened. `known` is the host's state
 * read moments ago under this run's lock (then not read again).
 */
async function deployHost(ctx, agent, release, onTouched, known) {
    const { config, log } = ctx;
    const steps = [];
    const host = agent.host;
    const name = (0,_commands__WEBPACK_IMPORTED_MODULE_1__/* .containerName */ .xN)(config.app, release.version);
    const before = known ?? (await timed(steps, 'inspect', ctx, () => agent.releases()));
    const previous = before.current;
    const runSpec = {
        app: config.app,
        version: release.version,
        imageRef: release.imageRef,
        digest: release.digest,
        deployedAt: new Date(ctx.clock.now()).toISOString(),
        runId: ctx.runId,
        network: config.container.network,
        ports: config.container.ports,
        volumes: config.container.volumes,
        labels: config.container.labels,
        restart: config.container.restart,
        stopTimeoutSec: Math.ceil(config.container.stopTimeoutMs / 1000),
        memory: config.container.memory,
        cpus: config.container.cpus,
        hasEnvFile: true,
        healthCheck: config.health.path && config.health.port ? { port: config.health.port, path: config.health.path } : null,
    };
    const specHash = (0,_commands__WEBPACK_IMPORTED_MODULE_1__/* .containerSpecHash */ .V$)(runSpec, envFileContent(config));
    if (previous && previous.name === name && previous.digest === release.digest) {
        if (previous.specHash === specHash) {
            const health = await timed(steps, 'health', ctx, () => (0,_health__WEBPACK_IMPORTED_MODULE_2__/* .waitHealthy */ .hq)(agent, name, config, ctx.clock, ctx.signal));
            if (health.healthy) {
                log.info(`${host.name}: already runs ${release.version} with the same settings, healthy; nothing to do`);
                return { previous, current: name, changed: false, steps, after: before };
            }
        }
        else {
            log.info(`${host.name}: runs ${release.version} already, but with other container settings (env, ports, volumes, limits…): replacing it`);
        }
    }
    // Two channels of the one connection: the env file is written while the image is pulled.
    await Promise.all([
        (async () => {
            const t = ctx.clock.now();
            let loginMs = null;
            try {
                ({ loginMs } = await agent.pull(release.imageRef, config.registry));
            }
            finally {
                const total = ctx.clock.now() - t;
                // login, pull and logout are one round trip: the host says how long the login took
                if (loginMs !== null && loginMs <= total)
                    steps.push({ step: 'registry login', ms: loginMs }, { step: 'pull', ms: total - loginMs });
                else
                    steps.push({ step: 'pull', ms: total });
            }
        })(),
        timed(steps, 'env', ctx, () => agent.writeEnvFile(release.version, envFileContent(config))),
    ]);
    // A container with the target name may exist: an old copy of this version (stopped) or the
    // running one when the same version is redeployed with a new digest.
    const sameName = [previous, ...before.retained].find((c) => c?.name === name) ?? null;
    let previousName = previous?.name ?? null;
    if (sameName && !sameName.running)
        await agent.remove(name);
    if (sameName?.running) {
        previousName = `${name}_replaced_${Math.floor(ctx.clock.now() / 1000)}`;
        await agent.rename(name, previousName);
    }
    onTouched(previousName);
    const hooks = config.rollout.hooks;
    const stopSec = runSpec.stopTimeoutSec;
    let started = false;
    let lastKnown = `${previousName ?? 'nothing'} running, ${name} not started`;
    try {
        if (hooks.preHost)
            await timed(steps, 'pre-hook', ctx, () => agent.hook(hooks.preHost, hookVars(ctx, agent, release.version, 'pre'), 'pre-host'));
        if (config.rollout.strategy === 'stop-start' && previousName) {
            lastKnown = `stopping ${previousName}, ${name} not started`;
            await timed(steps, 'stop-old', ctx, () => agent.stop(previousName, stopSec));
        }
        started = true;
        lastKnown = `starting ${name}${config.rollout.strategy === 'stop-start' && previousName ? `, ${previousName} stopped` : ''}`;
        await timed(steps, 'start', ctx, () => agent.run({ ...runSpec, specHash }));
        lastKnown = `${name} started, waiting for its health gate${config.rollout.strategy === 'stop-start' && previousName ? `, ${previousName} stopped` : ''}`;
        const health = await timed(steps, 'health', ctx, () => (0,_health__WEBPACK_IMPORTED_MODULE_2__/* .waitHealthy */ .hq)(agent, name, config, ctx.clock, ctx.signal));
        if (!health.healthy) {
            const logs = await agent.logs(name);
            throw Object.assign(new _errors__WEBPACK_IMPORTED_MODULE_0__/* .RollwatchError */ .vP('deploy', `${host.name}: ${release.version} failed its health gate: ${health.detail}`), { logs });
        }
        if (config.rollout.strategy === 'start-stop' && previousName)
            await timed(steps, 'stop-old', ctx, () => agent.stop(previousName, stopSec));
        if (hooks.postHost)
            await timed(steps, 'post-hook', ctx, () => agent.hook(hooks.postHost, hookVars(ctx, agent, release.version, 'post'), 'post-host'));
        log.info(`${host.name}: ${previous?.version ?? '(nothing)'} → ${release.version}, healthy (${health.detail})`);
        const now = new Date(ctx.clock.now()).toISOString();
        const stoppedPrevious = previous ? [{ ...previous, name: previousName, running: false, status: 'exited', finishedAt: now }] : [];
        const after = {
            current: { id: '', name, version: release.version, digest: release.digest, image: release.imageRef, deployedAt: runSpec.deployedAt, running: true, status: 'running', health: 'none', startedAt: now, finishedAt: '', restartCount: 0, oomKilled: false, exitCode: 0, healthCheck: runSpec.healthCheck, specHash },
            extraRunning: before.extraRunning,
            retained: [...stoppedPrevious, ...before.retained.filter((c) => c.name !== name)],
        };
        return { previous: previous ? { ...previous, name: previousName } : null, current: name, changed: true, steps, after };
    }
    catch (err) {
        const logs = err.logs;
        log.error((0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err));
        const restore = await restoreHost(ctx, agent, started ? name : null, previousName, { removeFailed: true });
        throw new HostRolloutError((0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err), {
            name: host.name,
            address: host.address,
            previous: previous?.version ?? null,
            final: restore.healthy ? (previous?.version ?? null) : null,
            result: restore.healthy || !previousName ? 'restored' : 'failed',
            healthy: previousName ? restore.healthy : null,
            detail: `${(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}; ${restore.detail}${restore.healthy ? '' : `; last known state: ${lastKnown}`}`,
            retained: [],
            steps,
            logs,
            manual: restore.manual,
        });
    }
}
/**
 * Returns a host to `previousName`: stops (and optionally removes) `failedName`, starts the
 * previous container and waits until it is healthy. Never throws.
 */
async function restoreHost(ctx, agent, failedName, previousName, options) {
    const { config, log, clock } = ctx;
    const t0 = clock.now();
    const stopSec = Math.ceil(config.container.stopTimeoutMs / 1000);
    // The exact command that finishes the job by hand, whatever step fails below.
    const byHand = [
        failedName ? (options.removeFailed ? `docker rm -f ${failedName}` : `docker update --restart no ${failedName}; docker stop ${failedName}`) : null,
        previousName ? `docker update --restart ${config.container.restart} ${previousName} && docker start ${previousName}` : null,
    ].filter(Boolean);
    const manual = byHand.length ? `ssh ${agent.host.user}@${agent.host.address} '${byHand.join('; ')}'` : undefined;
    try {
        // One round trip does it in the usual case; only when that fails is the host looked at.
        const fast = previousName !== null && options.removeFailed && (await agent.restoreFast(failedName, previousName, config.container.restart));
        let prev = null;
        if (!fast) {
            if (failedName) {
                const c = await agent.container(failedName);
                if (c && options.removeFailed)
                    await agent.remove(failedName);
                else if (c?.running)
                    await agent.stop(failedName, stopSec);
            }
            if (!previousName) {
                return { healthy: false, detail: 'no previous release on this host; it runs nothing of this app now', ms: clock.now() - t0 };
            }
            prev = await agent.container(previousName);
            if (!prev) {
                return { healthy: false, detail: `previous container ${previousName} is gone; cannot restore it`, manual: `redeploy a retained version: rollwatch rollback --version <v>`, ms: clock.now() - t0 };
            }
            if (!prev.running)
                await agent.start(previousName, config.container.restart);
        }
        // Restoring must not be cut short by the interrupt that may have caused it. The release is
        // checked the way it was deployed (its recorded port and path), not with today's config.
        const recorded = prev ?? (options.previous?.name === previousName ? options.previous : await agent.container(previousName).catch(() => null));
        const health = await (0,_health__WEBPACK_IMPORTED_MODULE_2__/* .waitHealthy */ .hq)(agent, previousName, (0,_health__WEBPACK_IMPORTED_MODULE_2__/* .releaseHealthConfig */ .K$)(config, recorded), clock);
        const version = prev?.version ?? health.version ?? previousName;
        log.info(`${agent.host.name}: restored ${version}: ${health.healthy ? 'healthy' : health.detail}`);
        return { healthy: health.healthy, detail: health.healthy ? `restored ${version}, healthy` : `restored ${version} but it is not healthy: ${health.detail}`, ms: clock.now() - t0, manual: health.healthy ? undefined : manual };
    }
    catch (err) {
        log.error(`${agent.host.name}: restore failed: ${(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`);
        return { healthy: false, detail: `restore failed: ${(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`, manual, ms: clock.now() - t0 };
    }
}


/***/ }),

/***/ 42511:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E7: () => (/* binding */ parseInspect),
/* harmony export */   kH: () => (/* binding */ prunePlan),
/* harmony export */   xC: () => (/* binding */ classifyReleases)
/* harmony export */ });
/* unused harmony exports recordedHealthCheck, timeKey, releasesToPrune */
/* harmony import */ var _commands__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(54214);
/* harmony import */ var _config_values__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73750);
/* harmony import */ var _util_sanitize__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(62701);



const ZERO_TIME = '0001-01-01T00:00:00Z';
/** The health check a release was deployed with, from its labels; null when absent or not valid. */
function recordedHealthCheck(labels) {
    const port = Number(labels[_commands__WEBPACK_IMPORTED_MODULE_0__/* .LABEL */ .d_.healthPort]);
    const path = labels[_commands__WEBPACK_IMPORTED_MODULE_0__/* .LABEL */ .d_.healthPath];
    if (!Number.isInteger(port) || port < 1 || port > 65535 || typeof path !== 'string' || (0,_config_values__WEBPACK_IMPORTED_MODULE_1__/* .checkValue */ .Su)('httpPath', path) !== null)
        return null;
    return { port, path };
}
const STATUSES = new Set(['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead']);
/**
 * Parses `docker inspect` JSON. Every value read back is held to the rule its kind has in the
 * config (src/config/values.ts): a container whose rollwatch labels break those rules was not
 * written by rollwatch, so it is left out and `onIgnored` says why (with the offending value
 * made printable). Free-form fields (status, times) fall back to neutral values.
 */
function parseInspect(json, onIgnored = () => { }) {
    const entries = JSON.parse(json);
    if (!Array.isArray(entries))
        throw new Error('docker inspect did not return a list');
    const out = [];
    for (const e of entries) {
        if (e === null || typeof e !== 'object')
            continue;
        const labels = e.Config?.Labels && typeof e.Config.Labels === 'object' ? e.Config.Labels : {};
        const name = typeof e.Name === 'string' ? e.Name.replace(/^\//, '') : '';
        const problems = [];
        // Absent values read as '' (a container rollwatch did not label); present ones must fit their rule.
        const read = (rule, what, value) => {
            if (value === undefined || value === null || value === '')
                return '';
            const problem = typeof value === 'string' ? (0,_config_values__WEBPACK_IMPORTED_MODULE_1__/* .checkValue */ .Su)(rule, value) : 'expected a string';
            if (problem)
                problems.push(`${what} ${JSON.stringify((0,_util_sanitize__WEBPACK_IMPORTED_MODULE_2__/* .oneLine */ .T)(value, 80))}: ${problem}`);
            return problem ? '' : value;
        };
        const id = read('containerId', 'ID', e.Id);
        read('containerName', 'name', name);
        const version = read('version', `label ${_commands__WEBPACK_IMPORTED_MODULE_0__/* .LABEL */ .d_.version}`, labels[_commands__WEBPACK_IMPORTED_MODULE_0__/* .LABEL */ .d_.version]);
        const digest = read('digest', `label ${_commands__WEBPACK_IMPORTED_MODULE_0__/* .LABEL */ .d_.digest}`, labels[_commands__WEBPACK_IMPORTED_MODULE_0__/* .LABEL */ .d_.digest]);
        const image = read('imageRef', `label ${_commands__WEBPACK_IMPORTED_MODULE_0__/* .LABEL */ .d_.image}`, labels[_commands__WEBPACK_IMPORTED_MODULE_0__/* .LABEL */ .d_.image] ?? e.Config?.Image);
        const deployedAt = read('time', `label ${_commands__WEBPACK_IMPORTED_MODULE_0__/* .LABEL */ .d_.deployedAt}`, labels[_commands__WEBPACK_IMPORTED_MODULE_0__/* .LABEL */ .d_.deployedAt]);
        const specHash = read('digest', `label ${_commands__WEBPACK_IMPORTED_MODULE_0__/* .LABEL */ .d_.spec}`, labels[_commands__WEBPACK_IMPORTED_MODULE_0__/* .LABEL */ .d_.spec]);
        if (problems.length > 0) {
            onIgnored(`ignoring container ${JSON.stringify((0,_util_sanitize__WEBPACK_IMPORTED_MODULE_2__/* .oneLine */ .T)(name || id || e.Id, 80))}: it is not one rollwatch wrote: ${problems.join('; ')}`);
            continue;
        }
        const time = (t) => (typeof t === 'string' && (0,_config_values__WEBPACK_IMPORTED_MODULE_1__/* .checkValue */ .Su)('time', t) === null ? t : ZERO_TIME);
        const status = typeof e.State?.Status === 'string' && STATUSES.has(e.State.Status) ? e.State.Status : 'unknown';
        const h = e.State?.Health?.Status;
        const count = (n) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);
        out.push({
            id,
            name,
            version,
            digest,
            image,
            deployedAt,
            running: e.State?.Running === true,
            status,
            health: h === 'healthy' || h === 'unhealthy' || h === 'starting' ? h : 'none',
            startedAt: time(e.State?.StartedAt),
            finishedAt: time(e.State?.FinishedAt),
            restartCount: count(e.RestartCount),
            oomKilled: e.State?.OOMKilled === true,
            exitCode: count(e.State?.ExitCode),
            healthCheck: recordedHealthCheck(labels),
            specHash,
        });
    }
    return out;
}
/** Splits a host's containers into the running release and the retained ones, newest first. */
/** Docker prints RFC 3339 times with trailing zeros of the fraction trimmed: pad before comparing. */
function timeKey(t) {
    const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(t);
    if (!m)
        return t;
    return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}${m[3]}`;
}
const newestFirst = (key) => (a, b) => timeKey(key(b)).localeCompare(timeKey(key(a)));
function classifyReleases(containers) {
    const running = containers.filter((c) => c.running).sort(newestFirst((c) => c.startedAt));
    const retained = containers.filter((c) => !c.running).sort(newestFirst((c) => c.finishedAt));
    return { current: running[0] ?? null, extraRunning: running.slice(1), retained };
}
/**
 * Containers to prune so that `retain` previous releases stay (most recently stopped first).
 * Never returns the running release.
 */
function releasesToPrune(releases, retain) {
    const seen = new Set();
    if (releases.current)
        seen.add(releases.current.version);
    const kept = [];
    const pruned = [];
    for (const c of releases.retained) {
        if (!seen.has(c.version) && kept.length < retain) {
            kept.push(c);
            seen.add(c.version);
        }
        else
            pruned.push(c);
    }
    return pruned;
}
/** What pruning to `retain` previous releases removes: containers, env files, images. */
function prunePlan(releases, retain) {
    const containers = releasesToPrune(releases, retain);
    const kept = [releases.current, ...releases.extraRunning, ...releases.retained].filter((c) => c !== null && !containers.includes(c));
    const keptImages = new Set(kept.map((c) => c.image));
    const keptVersions = new Set(kept.map((c) => c.version));
    return {
        containers,
        envVersions: [...new Set(containers.map((c) => c.version).filter((v) => !keptVersions.has(v)))],
        unusedImages: [...new Set(containers.map((c) => c.image).filter((image) => image && !keptImages.has(image)))],
    };
}


/***/ })

};
;