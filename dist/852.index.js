"use strict";
exports.id = 852;
exports.ids = [852];
exports.modules = {

/***/ 57345:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SV: () => (/* binding */ requestDeadline),
/* harmony export */   UN: () => (/* binding */ hostUrl),
/* harmony export */   lx: () => (/* binding */ httpGet)
/* harmony export */ });
/* unused harmony exports MAX_PROBE_RESPONSE_BYTES, requestError */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);


/** A probe or health answer larger than this is cut off and counts as failed. */
const MAX_PROBE_RESPONSE_BYTES = 1 << 20;
class AnswerTooLarge extends Error {
}
/**
 * One GET with Node's own client: no proxy, no redirect followed (a 3xx is its status), the
 * whole answer read but not kept, cut off past MAX_PROBE_RESPONSE_BYTES. Resolves with the
 * status once the answer has ended. Node's client, not axios: health checks run in every
 * deploy, and axios (with the fetch it sets up) is a large share of a deploy's start-up.
 */
function getStatus(url, signal) {
    return new Promise((resolve, reject) => {
        const u = new URL(url);
        const client = u.protocol === 'https:' ? (node_https__WEBPACK_IMPORTED_MODULE_1___default()) : (node_http__WEBPACK_IMPORTED_MODULE_0___default());
        // A connection of its own (agent: false): a kept-alive one could lead to a container that has since been replaced.
        const req = client.get(u, { headers: { 'User-Agent': 'rollwatch' }, signal, agent: false }, (res) => {
            let size = 0;
            res.on('data', (chunk) => {
                size += chunk.length;
                if (size > MAX_PROBE_RESPONSE_BYTES) {
                    reject(new AnswerTooLarge());
                    res.destroy();
                }
            });
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
            res.on('close', () => reject(new Error('the answer was cut off')));
        });
        req.on('error', reject);
    });
}
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
    if (err instanceof AnswerTooLarge || /maxContentLength/.test(e.message ?? ''))
        return `answer larger than the ${Math.round(MAX_PROBE_RESPONSE_BYTES / 1024)} KiB limit`;
    return e.code ?? e.message ?? 'request failed';
}
/** One GET; never throws. 2xx counts as ok; anything else, resets and timeouts do not. */
async function httpGet(url, timeoutMs, signal) {
    const started = performance.now();
    const deadline = requestDeadline(timeoutMs, signal);
    try {
        const status = await getStatus(url, deadline.signal);
        const ms = performance.now() - started;
        return { ok: status >= 200 && status < 300, status, ms, error: status >= 300 ? `HTTP ${status}` : null };
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

/***/ 80657:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $X: () => (/* binding */ LOCK_MTIME_MARK),
/* harmony export */   A_: () => (/* binding */ hook),
/* harmony export */   Gd: () => (/* binding */ appendHistoryAndReleaseLock),
/* harmony export */   IZ: () => (/* binding */ acquireLock),
/* harmony export */   JK: () => (/* binding */ lockDir),
/* harmony export */   LV: () => (/* binding */ LOCK_HELD_EXIT),
/* harmony export */   Lu: () => (/* binding */ readHistory),
/* harmony export */   TK: () => (/* binding */ BOTH_FAILED_EXIT),
/* harmony export */   V$: () => (/* binding */ containerSpecHash),
/* harmony export */   VF: () => (/* binding */ followLogs),
/* harmony export */   aM: () => (/* binding */ serviceLogsCommand),
/* harmony export */   b8: () => (/* binding */ appendHistory),
/* harmony export */   d_: () => (/* binding */ LABEL),
/* harmony export */   ie: () => (/* binding */ readProcStats),
/* harmony export */   lM: () => (/* binding */ releaseLabels),
/* harmony export */   mF: () => (/* binding */ readLock),
/* harmony export */   rS: () => (/* binding */ RELEASE_FAILED_EXIT),
/* harmony export */   ur: () => (/* binding */ execInContainer),
/* harmony export */   xN: () => (/* binding */ containerName),
/* harmony export */   x_: () => (/* binding */ releaseLock)
/* harmony export */ });
/* unused harmony exports stateDir, removeLegacyFiles, historyFile */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _shell__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(36725);



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
    /** With rollout.strategy proxy: the port the release listens on (proxy.portEnv), where the proxy sends its traffic. */
    proxyPort: 'rollwatch.proxy.port',
    /** A hash of everything the container was created with besides the image: a rerun with the same one changes nothing. */
    spec: 'rollwatch.spec',
};
/** What a release's container or service is labelled with: the user's labels, then rollwatch's own (which win). */
function releaseLabels(user, r) {
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
const LOCK_HELD_EXIT = 75;
const stateDir = (app) => `.rollwatch/${(0,_shell__WEBPACK_IMPORTED_MODULE_2__/* .safe */ .gB)('app', app, 'app')}`;
const lockDir = (app) => `${stateDir(app)}/lock`;
const containerName = (app, version) => `${(0,_shell__WEBPACK_IMPORTED_MODULE_2__/* .safe */ .gB)('app', app, 'app')}-${(0,_shell__WEBPACK_IMPORTED_MODULE_2__/* .safe */ .gB)('version', version, 'version')}`;
/** Prefix of the line the lock commands print with the lock directory's mtime (epoch seconds). */
const LOCK_MTIME_MARK = 'rollwatch-lock-mtime';
/** Prints the holder file, then LOCK_MTIME_MARK and when the lock was taken (for a holder that wrote nothing). */
function printHolder(dir) {
    return `${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('cat', `${dir}/holder.json`)} 2>/dev/null; echo; echo "${LOCK_MTIME_MARK} $(${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('stat', '-c', '%Y', dir)} 2>/dev/null)"`;
}
/**
 * Removes what rollwatch versions before the Engine API left under the app's state directory:
 * env files (container environment, secrets included) and per-run Docker client configs
 * (registry credentials of a cut `docker login`). The containers keep their environment: Docker
 * copied it at create time.
 */
function removeLegacyFiles(app) {
    // the glob stays outside the quotes
    return _shell__WEBPACK_IMPORTED_MODULE_2__/* .Shell */ .$f.raw(`rm -rf -- ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)(`${stateDir(app)}/env`).text} ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)(`${stateDir(app)}/docker-config.`).text}*`);
}
/** Takes the lock. Once taken, removes the legacy files (removeLegacyFiles) of the app. */
function acquireLock(app, holderJson) {
    const dir = lockDir(app);
    return _shell__WEBPACK_IMPORTED_MODULE_2__/* .Shell */ .$f.raw(`${(0,_shell__WEBPACK_IMPORTED_MODULE_2__/* .and */ .Uo)((0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('mkdir', '-p', stateDir(app)), (0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('mkdir', dir))} 2>/dev/null && ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('printf', '%s\\n', holderJson)} > ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)(`${dir}/holder.json`)} && { ${removeLegacyFiles(app).text} 2>/dev/null; true; }` +
        // the holder writes holder.json right after its mkdir: give it a moment before reading
        ` || { i=0; while [ ! -s ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)(`${dir}/holder.json`)} ] && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done; ${printHolder(dir)}; exit ${LOCK_HELD_EXIT}; }`);
}
function readLock(app) {
    const dir = lockDir(app);
    return _shell__WEBPACK_IMPORTED_MODULE_2__/* .Shell */ .$f.raw(`if [ -d ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)(dir)} ]; then ${printHolder(dir)}; else exit ${LOCK_HELD_EXIT + 1}; fi`);
}
/** Removes the lock only when `runId` holds it (or unconditionally when runId is null), and with it the legacy files. */
function releaseLock(app, runId) {
    const dir = lockDir(app);
    const release = `${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('rm', '-rf', dir)} && { ${removeLegacyFiles(app).text} 2>/dev/null; true; }`;
    if (runId === null)
        return _shell__WEBPACK_IMPORTED_MODULE_2__/* .Shell */ .$f.raw(release);
    return _shell__WEBPACK_IMPORTED_MODULE_2__/* .Shell */ .$f.raw(`if ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('grep', '-qF', _shell__WEBPACK_IMPORTED_MODULE_2__/* .END_OF_OPTIONS */ .d5, `"run":${JSON.stringify(runId)}`, `${dir}/holder.json`)} 2>/dev/null; then ${release}; fi`);
}
/**
 * A hash of what a container is created with, besides the run's own bookkeeping (when, which
 * run): two deploys of one image with the same hash would create the same container.
 */
function containerSpecHash(spec) {
    // the environment as the env files of earlier versions held it: a container they made keeps its hash
    const envContent = spec.env.map((e) => `${e.key}=${e.value}`).join('\n') + (spec.env.length ? '\n' : '');
    const settings = { digest: spec.digest, network: spec.network ?? null, ports: spec.ports, volumes: spec.volumes, labels: spec.labels, restart: spec.restart, stopTimeoutSec: spec.stopTimeoutSec, memory: spec.memory ?? null, cpus: spec.cpus ?? null, healthCheck: spec.healthCheck ?? null, env: envContent };
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(JSON.stringify(settings)).digest('hex')}`;
}
const historyFile = (app) => `${stateDir(app)}/history.jsonl`;
/** Appends stdin (one JSON line) to the app's deploy history; keeps the newest `keep` lines once it holds twice that. */
function appendHistory(app, keep) {
    const file = historyFile(app);
    const tmp = `${file}.tmp`;
    return _shell__WEBPACK_IMPORTED_MODULE_2__/* .Shell */ .$f.raw(`umask 077 && ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('mkdir', '-p', stateDir(app))} && ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('cat')} >> ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)(file)} && ` +
        `if [ "$(wc -l < ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)(file)})" -gt ${2 * keep} ]; then ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('tail', '-n', keep, file)} > ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)(tmp)} && ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('mv', _shell__WEBPACK_IMPORTED_MODULE_2__/* .END_OF_OPTIONS */ .d5, tmp, file)}; fi`);
}
/** Exit of appendHistoryAndReleaseLock: the entry was appended but the lock could not be removed. */
const RELEASE_FAILED_EXIT = 77;
/** Exit of appendHistoryAndReleaseLock: neither the entry was appended nor the lock removed. */
const BOTH_FAILED_EXIT = 78;
/**
 * A run's last write in one round trip: appends the history entry (stdin) while the lock is
 * still held, then releases the lock of `runId` (as releaseLock). Exits 0 when both happened,
 * the append's own status when only the release did, RELEASE_FAILED_EXIT or BOTH_FAILED_EXIT.
 */
function appendHistoryAndReleaseLock(app, keep, runId) {
    return _shell__WEBPACK_IMPORTED_MODULE_2__/* .Shell */ .$f.raw(`( ${appendHistory(app, keep).text} ); h=$?; if ${releaseLock(app, runId).text}; then exit $h; fi; [ $h -eq 0 ] && exit ${RELEASE_FAILED_EXIT}; exit ${BOTH_FAILED_EXIT}`);
}
/** The last `lines` lines of the app's deploy history (nothing when there is none yet). */
function readHistory(app, lines) {
    const file = historyFile(app);
    return _shell__WEBPACK_IMPORTED_MODULE_2__/* .Shell */ .$f.raw(`if [ -f ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)(file)} ]; then ${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('tail', '-n', lines, file)}; fi`);
}
/** `--since`, `--tail` and `--follow` as `docker logs` and `docker service logs` both take them. */
function logOptionWords(options) {
    return [...(options.since ? ['--since', (0,_shell__WEBPACK_IMPORTED_MODULE_2__/* .safe */ .gB)('logSince', options.since, '--since')] : []), ...(options.tail !== undefined ? ['--tail', options.tail] : []), ...(options.follow ? ['--follow'] : [])];
}
/** `docker logs` of one container, timestamps on, stderr merged; `since` is Docker's form (10m, 2h, an RFC 3339 time). */
function followLogs(name, options) {
    const words = ['docker', 'logs', '--timestamps', ...logOptionWords(options)];
    return _shell__WEBPACK_IMPORTED_MODULE_2__/* .Shell */ .$f.raw(`${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)(...words, _shell__WEBPACK_IMPORTED_MODULE_2__/* .END_OF_OPTIONS */ .d5, (0,_shell__WEBPACK_IMPORTED_MODULE_2__/* .operand */ .id)(name, 'container name'))} 2>&1`);
}
/** `docker service logs` of a Swarm service on its manager, with task and node names. */
function serviceLogsCommand(service, options) {
    const words = ['docker', 'service', 'logs', '--timestamps', '--no-trunc', ...logOptionWords(options)];
    return _shell__WEBPACK_IMPORTED_MODULE_2__/* .Shell */ .$f.raw(`${(0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)(...words, _shell__WEBPACK_IMPORTED_MODULE_2__/* .END_OF_OPTIONS */ .d5, (0,_shell__WEBPACK_IMPORTED_MODULE_2__/* .operand */ .id)(service, 'service'))} 2>&1`);
}
/** Runs argv inside a running container (no TTY, no stdin). */
function execInContainer(name, argv) {
    if (argv.length === 0)
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .RollwatchError */ .vP('input', 'nothing to run: give the command after --', 'command');
    return (0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('docker', 'exec', _shell__WEBPACK_IMPORTED_MODULE_2__/* .END_OF_OPTIONS */ .d5, (0,_shell__WEBPACK_IMPORTED_MODULE_2__/* .operand */ .id)(name, 'container name'), ...argv);
}
function hook(argv, vars) {
    const assignments = Object.entries(vars).map(([k, v]) => `${(0,_shell__WEBPACK_IMPORTED_MODULE_2__/* .safe */ .gB)('envKey', k, 'hook variable')}=${v}`);
    return (0,_shell__WEBPACK_IMPORTED_MODULE_2__.sh)('env', ...assignments, ...argv);
}
/** Two /proc/stat readings and /proc/meminfo in one round trip, for host metrics. */
function readProcStats() {
    return _shell__WEBPACK_IMPORTED_MODULE_2__/* .Shell */ .$f.raw('cat /proc/stat | head -1; echo ---; cat /proc/meminfo | head -5');
}


/***/ }),

/***/ 31863:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Vh: () => (/* binding */ isEngineUnreachable),
/* harmony export */   aS: () => (/* binding */ engineAgent),
/* harmony export */   bG: () => (/* binding */ ENGINE_API_VERSION)
/* harmony export */ });
/* unused harmony exports DOCKER_SOCKET, ENGINE_UNREACHABLE, openEngineSocket */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);



/** Where the engine listens when nothing (DOCKER_HOST, a context) says otherwise. */
const DOCKER_SOCKET = '/var/run/docker.sock';
/** The Engine API version rollwatch speaks: Docker 20.10 and every later engine serve it. */
const ENGINE_API_VERSION = 'v1.41';
/** SSH_OPEN_ADMINISTRATIVELY_PROHIBITED: sshd does not allow the forward (AllowStreamLocalForwarding no). */
const OPEN_ADMINISTRATIVELY_PROHIBITED = 1;
/** SSH_OPEN_CONNECT_FAILED: sshd allows the forward but could not connect to the socket. */
const OPEN_CONNECT_FAILED = 2;
/** SSH_OPEN_UNKNOWN_CHANNEL_TYPE: a server that does not know OpenSSH's socket forward. */
const OPEN_UNKNOWN_CHANNEL_TYPE = 3;
/** Marks an error of reaching the engine (nothing was sent to it): retrying is safe. */
const ENGINE_UNREACHABLE = Symbol('engine unreachable');
function isEngineUnreachable(err) {
    return typeof err === 'object' && err !== null && err[ENGINE_UNREACHABLE] === true;
}
const unreachable = (message) => Object.assign(new Error(message), { [ENGINE_UNREACHABLE]: true });
/**
 * http's agent calls these on a socket: a no-op is right for an SSH channel. A channel the
 * engine ended (it restarted, or closed an idle connection) is closed at once: sshd keeps its
 * side half open, and a kept-alive channel that only ended would be handed to the next request.
 */
function socketLike(stream) {
    const s = stream;
    for (const m of ['setKeepAlive', 'setNoDelay', 'setTimeout', 'ref', 'unref'])
        if (typeof s[m] !== 'function')
            s[m] = () => s;
    stream.once('end', () => stream.destroy());
    return s;
}
/**
 * A `docker system dial-stdio` channel as a socket. Its end waits for the channel to close, so a
 * dial-stdio that could not reach the engine (it exits non-zero having sent nothing) fails the
 * request with what it printed, instead of an anonymous "socket hang up".
 */
class DialStdioSocket extends node_stream__WEBPACK_IMPORTED_MODULE_2__.Duplex {
    channel;
    forwardRefused;
    received = false;
    stderr = '';
    exitCode = null;
    constructor(channel, forwardRefused) {
        super();
        this.channel = channel;
        this.forwardRefused = forwardRefused;
        channel.on('data', (d) => {
            this.received = true;
            if (!this.push(d))
                channel.pause();
        });
        channel.stderr.on('data', (d) => (this.stderr = (this.stderr + d.toString('utf8')).slice(-2000)));
        channel.on('exit', (code) => (this.exitCode = code));
        channel.on('error', (err) => this.destroy(err));
        channel.on('close', () => {
            if (!this.received && (this.exitCode !== 0 || this.stderr.trim())) {
                const said = this.stderr.trim() || `docker system dial-stdio exited ${this.exitCode ?? 'without a status'}`;
                const why = this.forwardRefused ? `${DOCKER_SOCKET}: ${this.forwardRefused}; docker system dial-stdio: ${said}` : `docker system dial-stdio: ${said}`;
                this.destroy(unreachable(`Cannot connect to the Docker daemon (${why})`));
            }
            else
                this.push(null);
        });
    }
    _read() {
        this.channel.resume();
    }
    _write(chunk, _enc, cb) {
        this.channel.write(chunk) ? cb() : this.channel.once('drain', () => cb());
    }
    _final(cb) {
        this.channel.end();
        cb();
    }
    _destroy(err, cb) {
        try {
            this.channel.close();
        }
        catch {
            /* already closed */
        }
        cb(err);
    }
}
function dialStdio(client, forwardRefused, cb) {
    try {
        client.exec('docker system dial-stdio', (err, channel) => (err ? cb(err) : cb(null, socketLike(new DialStdioSocket(channel, forwardRefused)))));
    }
    catch (err) {
        cb(err);
    }
}
/**
 * Opens one HTTP connection to the engine over `client`: a `direct-streamlocal@openssh.com`
 * forward to the engine's socket (sshd connects to it; nothing is started on the host), else a
 * `docker system dial-stdio` channel. A forward sshd refuses (AllowStreamLocalForwarding no, not
 * OpenSSH) switches `route` to dial-stdio for good; any other failed forward (a socket sshd cannot
 * connect to because the engine is down or listens elsewhere, a passing shortage) is tried
 * through dial-stdio for this connection only.
 */
function openEngineSocket(client, route, cb) {
    if (route.mode === 'dial-stdio')
        return dialStdio(client, null, cb);
    try {
        client.openssh_forwardOutStreamLocal(DOCKER_SOCKET, (err, channel) => {
            if (!err)
                return cb(null, socketLike(channel));
            const reason = err.reason;
            // Only a server that will never forward switches the connection for good; anything else
            // (the socket unreachable, a passing shortage) goes through dial-stdio for this request.
            const never = reason === OPEN_ADMINISTRATIVELY_PROHIBITED || reason === OPEN_UNKNOWN_CHANNEL_TYPE;
            if (never)
                route.mode = 'dial-stdio';
            dialStdio(client, never ? null : err.message.replace(/^\(SSH\) Channel open failure: /, '') || 'the forward failed', cb);
        });
    }
    catch (err) {
        cb(err);
    }
}
/**
 * A keep-alive http.Agent whose connections are engine channels of the SSH connection
 * `client()` returns at the time (null: closed, the request fails).
 */
function engineAgent(client, closedMessage, route = { mode: 'forward' }) {
    const agent = new (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent)({ keepAlive: true, maxSockets: 8 });
    // docker-modem describes every request for its debug log with util.inspect (showHidden, no
    // depth limit) whether or not that log is on, and the request's options hold this agent: walking
    // its sockets (SSH channels, the SSH client behind them) cost more CPU than the request itself.
    Object.defineProperty(agent, node_util__WEBPACK_IMPORTED_MODULE_1__.inspect.custom, { value: () => `[engine agent over SSH: ${route.mode}]` });
    agent.createConnection = (_options, cb) => {
        const c = client();
        if (!c)
            cb(new Error(closedMessage()));
        else
            openEngineSocket(c, route, cb);
        return undefined;
    };
    return agent;
}


/***/ }),

/***/ 36725:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $f: () => (/* binding */ Shell),
/* harmony export */   Uo: () => (/* binding */ and),
/* harmony export */   d5: () => (/* binding */ END_OF_OPTIONS),
/* harmony export */   gB: () => (/* binding */ safe),
/* harmony export */   id: () => (/* binding */ operand),
/* harmony export */   sh: () => (/* binding */ sh)
/* harmony export */ });
/* harmony import */ var shell_quote__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(26591);
/* harmony import */ var _config_values__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73750);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _util_sanitize__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(62701);




/**
 * The one place that turns values into remote shell text. A `Shell` fragment is already safe;
 * plain strings are quoted as single words. Nothing else in rollwatch builds a remote command.
 */
class Shell {
    text;
    constructor(text) {
        this.text = text;
    }
    /** Literal shell syntax written in rollwatch's own source (never user data). */
    static raw(text) {
        return new Shell(text);
    }
    toString() {
        return this.text;
    }
}
function word(w) {
    if (w instanceof Shell)
        return w.text;
    const s = String(w);
    if (s.includes('\0'))
        throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .RollwatchError */ .vP('input', 'a value sent to a remote shell contains a NUL byte');
    return (0,shell_quote__WEBPACK_IMPORTED_MODULE_0__.quote)([s]);
}
/** Joins words into one command; every string is quoted. */
function sh(...words) {
    return Shell.raw(words.map(word).join(' '));
}
/** `a && b && c` */
const and = (...parts) => Shell.raw(parts.map((p) => p.text).join(' && '));
/** Checks a value against its rule before it may reach a remote command. */
function safe(rule, value, field) {
    const problem = (0,_config_values__WEBPACK_IMPORTED_MODULE_1__/* .checkValue */ .Su)(rule, value);
    if (problem)
        throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .RollwatchError */ .vP('input', problem, field);
    return value;
}
/** Ends a command's options: every word after it is an operand, even one starting with "-". */
const END_OF_OPTIONS = Shell.raw('--');
/**
 * A value that is a command's operand (a container name or ID, an image, a path): refused when
 * it could be read as an option, whatever checked it before. Commands also put END_OF_OPTIONS
 * before their operands, so a value read back from a host never becomes an option.
 */
function operand(value, field) {
    if (typeof value !== 'string' || value.length === 0)
        throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .RollwatchError */ .vP('input', 'must not be empty', field);
    if (value.startsWith('-'))
        throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .RollwatchError */ .vP('input', `${JSON.stringify((0,_util_sanitize__WEBPACK_IMPORTED_MODULE_3__/* .oneLine */ .T)(value, 60))} starts with "-" and would be read as an option`, field);
    return value;
}


/***/ })

};
;