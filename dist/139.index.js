"use strict";
exports.id = 139;
exports.ids = [139];
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

/***/ 13640:
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
// EXTERNAL MODULE: ./src/targets/ssh/engine-channel.ts
var engine_channel = __webpack_require__(31863);
;// CONCATENATED MODULE: ./src/targets/ssh/connection.ts





const TRANSIENT = /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|Timed out while waiting for handshake|EAI_AGAIN|socket hang up/i;
function hostKeyAlgorithms(types) {
    if (!types)
        return undefined;
    return types.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]));
}
/**
 * Loads the Engine API client (dockerode) ahead of its first use: a run calls this while its
 * SSH handshakes wait on the hosts, so the load does not add to the time before the first call.
 */
function loadEngineClient() {
    return Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(40), __webpack_require__.e(326)]).then(__webpack_require__.bind(__webpack_require__, 68417));
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
    /** The Engine API client over this connection's channels (made on first use, dropped with the link). */
    engineLink = null;
    /** Whether engine channels are SSH socket forwards or dial-stdio: kept across reconnects. */
    engineRoute = { mode: 'forward' };
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
    async ready() {
        if (!this.ssh || !this.connected) {
            if (this.ssh)
                this.dispose();
            await this.connect();
        }
        return this.ssh;
    }
    /**
     * The Docker Engine API of this host over this SSH connection (no second connection): each
     * HTTP connection is a channel of it (see engine-channel.ts), kept alive between requests.
     */
    async docker() {
        await this.ready();
        const { engineClient } = await loadEngineClient();
        if (!this.engineLink) {
            const agent = (0,engine_channel/* engineAgent */.aS)(() => (this.connected ? (this.ssh?.connection ?? null) : null), () => `${this.host.name}: SSH connection lost: ${this.broken ?? 'connection closed'}`, this.engineRoute);
            this.engineLink = { agent, docker: engineClient(agent) };
        }
        return this.engineLink.docker;
    }
    async engine(fn, options) {
        const docker = await this.docker();
        const timeoutMs = options.timeoutMs ?? this.settings.commandTimeoutMs;
        const abort = new AbortController();
        let timer;
        const timeout = new Promise((_, reject) => {
            if (!Number.isFinite(timeoutMs))
                return;
            timer = setTimeout(() => {
                abort.abort();
                reject(new errors/* RollwatchError */.vP('deploy', `${this.host.name}: ${options.what} timed out after ${Math.round(timeoutMs / 1000)}s`));
            }, timeoutMs);
        });
        let onLost;
        const lost = new Promise((_, reject) => (onLost = reject));
        const lostAndAbort = (err) => {
            abort.abort();
            onLost(err);
        };
        this.inFlight.add(lostAndAbort);
        try {
            return await Promise.race([fn(docker, abort.signal), timeout, lost]);
        }
        catch (err) {
            if (err instanceof errors/* RollwatchError */.vP)
                throw err;
            // the channel closed under the request because the connection did
            if (this.broken !== null)
                throw new errors/* RollwatchError */.vP('deploy', `${this.host.name}: SSH connection lost: ${this.broken}`);
            throw err;
        }
        finally {
            clearTimeout(timer);
            this.inFlight.delete(lostAndAbort);
        }
    }
    async run(command, options = {}) {
        const ssh = await this.ready();
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
    /** Closes the target and jump connections of this host (each at most once), and the engine channels on them. */
    closeLinks() {
        this.engineLink?.agent.destroy();
        this.engineLink = null;
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

// EXTERNAL MODULE: ./src/targets/ssh/commands.ts
var commands = __webpack_require__(80657);
// EXTERNAL MODULE: ./src/targets/ssh/shell.ts
var shell = __webpack_require__(36725);
;// CONCATENATED MODULE: ./src/targets/ssh/engine-spec.ts



/** `docker run --publish` forms the config accepts: "[IP:][HOST_PORT:]PORT[/proto]". */
function portBinding(mapping, field) {
    const [ports, proto = 'tcp'] = (0,shell/* safe */.gB)('portMapping', mapping, field).split('/');
    const parts = ports.split(':');
    const containerPort = parts[parts.length - 1];
    const hostPort = parts.length >= 2 ? parts[parts.length - 2] : '';
    const hostIp = parts.length === 3 ? parts[0] : '';
    return { key: `${containerPort}/${proto}`, binding: { HostIp: hostIp, HostPort: hostPort } };
}
function portNumber(port) {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new errors/* RollwatchError */.vP('internal', `${port} is not a port number`);
    return port;
}
/** The labels a release's container carries: the user's, then rollwatch's own (which win). */
function containerLabels(spec) {
    const labels = {
        ...(0,commands/* releaseLabels */.lM)(spec.labels, spec),
        ...(spec.healthCheck ? { [commands/* LABEL */.d_.healthPort]: String(spec.healthCheck.port), [commands/* LABEL */.d_.healthPath]: (0,shell/* safe */.gB)('httpPath', spec.healthCheck.path, 'health.path') } : {}),
        ...(spec.proxyPort !== undefined ? { [commands/* LABEL */.d_.proxyPort]: String(portNumber(spec.proxyPort)) } : {}),
        ...(spec.specHash ? { [commands/* LABEL */.d_.spec]: (0,shell/* safe */.gB)('digest', spec.specHash, 'container spec hash') } : {}),
    };
    for (const k of Object.keys(labels))
        (0,shell/* safe */.gB)('labelKey', k, `container.labels.${k}`);
    return labels;
}
/**
 * The Engine API create request of a release's container: what `docker run --detach` made of
 * the same spec (name, labels, restart policy, stop timeout, network, published ports, volumes,
 * memory and CPU limits, environment), flag by flag. The environment goes in the request
 * itself: nothing of it is written on the host. Pure; every value checked as the config does.
 */
function createContainerRequest(spec) {
    const name = (0,commands/* containerName */.xN)(spec.app, spec.version);
    if (!Number.isInteger(spec.stopTimeoutSec) || spec.stopTimeoutSec < 0)
        throw new errors/* RollwatchError */.vP('input', `expected a whole number of seconds, got ${spec.stopTimeoutSec}`, 'container.stopTimeout');
    if (spec.cpus !== undefined && !(spec.cpus > 0))
        throw new errors/* RollwatchError */.vP('input', `expected a positive number of CPUs, got ${spec.cpus}`, 'container.cpus');
    if (spec.memory !== undefined && !/^[1-9][0-9]*$/.test(spec.memory))
        throw new errors/* RollwatchError */.vP('input', `expected a number of bytes, got ${JSON.stringify(spec.memory)}`, 'container.memory');
    const network = spec.network === undefined ? undefined : (0,shell/* safe */.gB)('network', spec.network, 'container.network');
    const exposed = {};
    const bindings = {};
    spec.ports.forEach((p, i) => {
        const { key, binding } = portBinding(p, `container.ports[${i}]`);
        exposed[key] = {};
        (bindings[key] ??= []).push(binding);
    });
    const binds = spec.volumes.map((v, i) => (0,shell/* safe */.gB)('volume', v, `container.volumes[${i}]`));
    const env = spec.env.map((e) => `${(0,shell/* safe */.gB)('envKey', e.key, `container.env.${e.key}`)}=${e.value}`);
    return {
        name,
        body: {
            Image: spec.imageRef,
            Labels: containerLabels(spec),
            Env: [...env, `ROLLWATCH_APP=${spec.app}`, `ROLLWATCH_VERSION=${spec.version}`],
            StopTimeout: spec.stopTimeoutSec,
            ...(spec.ports.length > 0 ? { ExposedPorts: exposed } : {}),
            HostConfig: {
                RestartPolicy: restartPolicy(spec.restart),
                NetworkMode: network ?? 'default',
                ...(spec.ports.length > 0 ? { PortBindings: bindings } : {}),
                ...(binds.length > 0 ? { Binds: binds } : {}),
                ...(spec.memory !== undefined ? { Memory: Number(spec.memory) } : {}),
                ...(spec.cpus !== undefined ? { NanoCpus: Math.round(spec.cpus * 1e9) } : {}),
            },
            ...(network !== undefined ? { NetworkingConfig: { EndpointsConfig: { [network]: {} } } } : {}),
        },
    };
}
const RESTART = new Set(['no', 'always', 'unless-stopped', 'on-failure']);
/** `--restart` as the API takes it. */
function restartPolicy(restart) {
    if (!RESTART.has(restart))
        throw new errors/* RollwatchError */.vP('input', `expected "no", "always", "unless-stopped" or "on-failure", got ${JSON.stringify(restart.slice(0, 40))}`, 'container.restart');
    return { Name: restart, MaximumRetryCount: 0 };
}
/**
 * The text of a `docker logs` answer of a container without a TTY: frames of an 8-byte header
 * (stream, 3 zero bytes, big-endian length) and their payload, stdout and stderr in the order
 * they came, as `docker logs … 2>&1` prints them. A cut last frame keeps what arrived of it.
 */
function demuxLogs(raw) {
    const parts = [];
    let at = 0;
    while (at + 8 <= raw.length) {
        const stream = raw[at];
        if (stream > 2 || raw[at + 1] !== 0 || raw[at + 2] !== 0 || raw[at + 3] !== 0)
            return Buffer.concat([...parts, raw.subarray(at)]).toString('utf8');
        const size = raw.readUInt32BE(at + 4);
        parts.push(raw.subarray(at + 8, Math.min(raw.length, at + 8 + size)));
        at += 8 + size;
    }
    return Buffer.concat(parts).toString('utf8');
}

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
/** The HTTP status of an Engine API error (undefined: the request got no answer). */
const statusOf = (err) => {
    const code = err?.statusCode;
    return typeof code === 'number' ? code : undefined;
};
/** The engine's own words for a failed call: its JSON message, else the error's. */
function engineErrorText(err) {
    const json = err?.json;
    if (json && typeof json === 'object' && typeof json.message === 'string')
        return json.message;
    if (typeof json === 'string' && json.trim())
        return json;
    // a streamed answer's error has no JSON: dockerode put the engine's words after its own prefix
    return (0,errors/* errorMessage */.gJ)(err).replace(/^\(HTTP code \d+\) [^-]*?- /, '').trim();
}
/** Settles a call the engine answered with 404 (no such container or image) as `value`. */
const unless404 = (value) => (err) => {
    if (statusOf(err) === 404)
        return value;
    throw err;
};
/** 304: already started / already stopped, which `docker start` and `docker stop` took as done. */
const unless304 = (err) => {
    if (statusOf(err) !== 304)
        throw err;
};
/** A container name or ID that goes into a request path: one path segment, as Docker names are. */
const pathName = (name) => (0,shell/* safe */.gB)('containerName', name, 'container name');
/** An image reference that goes into a request path: a valid reference with no "." or ".." segment. */
function imagePath(ref) {
    (0,shell/* safe */.gB)('imageRef', ref, 'image');
    if (ref.startsWith('.') || ref.includes('..') || ref.includes('/.'))
        throw new errors/* RollwatchError */.vP('input', `${JSON.stringify((0,sanitize/* oneLine */.T)(ref, 80))} has a "." or ".." path segment`, 'image');
    return ref;
}
/**
 * Pulls `ref` and follows the engine's progress stream to its end: an error in the stream fails
 * the pull, and so does a stream that ends before the engine says the image is there.
 */
async function pullImage(docker, ref, auth, signal) {
    const stream = await docker.pull(ref, { ...(auth ? { authconfig: auth } : {}), abortSignal: signal });
    const events = await new Promise((resolve, reject) => docker.modem.followProgress(stream, (err, out) => (err ? reject(err) : resolve(out))));
    const failed = events.find((e) => e.error || e.errorDetail);
    if (failed)
        throw new Error(failed.errorDetail?.message || failed.error || 'the engine reported an error');
    if (!events.some((e) => typeof e.status === 'string' && /^Status: /.test(e.status)))
        throw new Error('the progress stream ended before the engine said the image was there');
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
    parse(entries) {
        return (0,inspect/* parseInspectEntries */.sT)(entries, (why) => {
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
    /** Runs a shell command (the lock, hooks, /proc), failing with its output when it fails. */
    async must(command, what, kind = 'deploy', timeoutMs) {
        const r = await this.shell.run(command, { timeoutMs });
        if (r.code !== 0)
            throw new errors/* RollwatchError */.vP(kind, `${this.host.name}: ${what} failed (exit ${r.code})${outputTail(r.stderr || r.stdout)}`);
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
    async api(what, fn, options = {}) {
        for (let attempt = 0, rereads = 0;; attempt++) {
            try {
                return await this.shell.engine(fn, { what, timeoutMs: options.timeoutMs });
            }
            catch (err) {
                if (err instanceof errors/* RollwatchError */.vP)
                    throw err;
                if (((0,engine_channel/* isEngineUnreachable */.Vh)(err) || (options.again && (statusOf(err) ?? 0) >= 500)) && attempt < DAEMON_RETRIES.length) {
                    await new Promise((resolve) => setTimeout(resolve, DAEMON_RETRIES[attempt]));
                    continue;
                }
                if ((options.read || options.again) && rereads++ === 0 && statusOf(err) === undefined && /socket hang up|ECONNRESET/.test((0,errors/* errorMessage */.gJ)(err)))
                    continue;
                throw new errors/* RollwatchError */.vP(options.kind ?? 'deploy', `${this.host.name}: ${what} failed: ${firstLine(engineErrorText(err))}`);
            }
        }
    }
    async dockerVersion() {
        const answer = await this.api('asking the Docker engine for its version', (d, signal) => d.version({ abortSignal: signal }), { kind: 'preflight', timeoutMs: 20_000, read: true }).catch((err) => {
            if (err instanceof errors/* RollwatchError */.vP && /client version .* is too new/i.test(err.message)) {
                throw new errors/* RollwatchError */.vP('preflight', `${err.message} (rollwatch speaks the Engine API ${engine_channel/* ENGINE_API_VERSION */.bG}: Docker Engine 20.10 or later)`);
            }
            throw err;
        });
        const version = answer?.Version;
        if (typeof version !== 'string' || (0,values/* checkValue */.Su)('engineVersion', version) !== null) {
            throw new errors/* RollwatchError */.vP('preflight', `${this.host.name}: the Docker engine answered an unexpected version ${JSON.stringify((0,sanitize/* oneLine */.T)(String(typeof version === 'string' ? version : JSON.stringify(version ?? null)), 80))} (expected e.g. "20.10.24")`);
        }
        return version;
    }
    async acquireLock(holder) {
        return this.waitForLock(() => this.acquireLockOnce(holder));
    }
    /** Tries to take the lock once, without waiting for a holder to let it go. */
    tryLock(holder) {
        return this.acquireLockOnce(holder);
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
        const r = await this.acquireLockOnce(holder);
        if (!r.acquired)
            return r;
        try {
            return { acquired: true, releases: await this.releases() };
        }
        catch (err) {
            throw new LockedReadError(err instanceof errors/* RollwatchError */.vP ? err.message : `${this.host.name}: listing containers failed: ${(0,errors/* errorMessage */.gJ)(err)}`);
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
    /** The app's containers, as `docker inspect` describes them (one inspect per container listed). */
    async containers() {
        const app = (0,shell/* safe */.gB)('app', this.app, 'app');
        const entries = await this.api('listing containers', async (d, signal) => {
            const listed = await d.listContainers({ all: true, filters: { label: [`${commands/* LABEL */.d_.app}=${app}`] }, abortSignal: signal });
            // an ID is read back from the host: it reaches a request path only when it is one
            const ids = listed.map((c) => c.Id).filter((id) => typeof id === 'string' && (0,values/* checkValue */.Su)('containerId', id) === null);
            return Promise.all(ids.map((id) => d.getContainer(id).inspect({ abortSignal: signal }).catch(unless404(null))));
        }, { read: true });
        return this.parse(entries.filter((e) => e !== null));
    }
    async releases() {
        return (0,inspect/* classifyReleases */.xC)(await this.containers());
    }
    async container(name) {
        const id = pathName(name);
        const entry = await this.api(`inspecting container ${name}`, (d, signal) => d.getContainer(id).inspect({ abortSignal: signal }).catch(unless404(null)), { read: true });
        return entry ? (this.parse([entry]).find((c) => c.name === name) ?? null) : null;
    }
    /**
     * Pulls by digest. Registry credentials travel with the request (X-Registry-Auth) to the
     * engine, which uses them for this pull only: nothing is logged in, nothing written on the host.
     */
    async pull(imageRef, registry) {
        const ref = imagePath(imageRef);
        const auth = registry?.username && registry.password !== undefined ? { username: registry.username, password: registry.password, serveraddress: registry.server } : undefined;
        await (0,p_retry/* default */.Ay)(() => this.api(`pulling ${imageRef}`, (d, signal) => pullImage(d, ref, auth, signal)), { retries: 2, minTimeout: 1000, factor: 2 });
    }
    async imagePresent(imageRef) {
        const ref = imagePath(imageRef);
        try {
            await this.shell.engine((d) => d.getImage(ref).inspect(), { what: `inspecting image ${imageRef}` });
            return true;
        }
        catch (err) {
            if (err instanceof errors/* RollwatchError */.vP)
                throw err;
            return false;
        }
    }
    /** Creates the release's container (environment in the request) and starts it, as `docker run --detach` did. */
    async run(spec) {
        await this.startCreated(await this.create(spec));
    }
    /**
     * Creates the release's container without starting it (environment in the request). Gives what
     * starts exactly that container: its ID, or its name when the engine answered no usable ID.
     */
    async create(spec) {
        const { name, body } = createContainerRequest(spec);
        const id = await this.api(`creating container ${name}`, async (d, signal) => {
            // name in the query, settings (the environment among them) in the body only: never in a URL a debug log prints
            const c = await d.createContainer({ _query: { name }, _body: body, abortSignal: signal });
            return c.id;
        });
        return { name, id: typeof id === 'string' && (0,values/* checkValue */.Su)('containerId', id) === null ? id : name };
    }
    /** Starts a container `create` made. */
    async startCreated(created) {
        const id = pathName(created.id);
        await this.api(`starting container ${created.name}`, (d, signal) => d.getContainer(id).start({ abortSignal: signal }));
    }
    /** Restores the restart policy, then starts the container; both safe to repeat, so a server error is tried again. */
    async start(name, restart) {
        const id = pathName(name);
        const policy = restartPolicy(restart);
        await this.api(`starting container ${name}`, async (d, signal) => {
            const c = d.getContainer(id);
            await c.update({ RestartPolicy: policy, abortSignal: signal });
            await c.start({ abortSignal: signal }).catch(unless304);
        }, { again: true });
    }
    /**
     * Clears the restart policy (so a daemon restart cannot revive the container), then stops it.
     * Not both at once: an update of a container that is stopping fails in runc. Safe to repeat.
     */
    async stop(name, timeoutSec) {
        const id = pathName(name);
        await this.api(`stopping container ${name}`, async (d, signal) => {
            const c = d.getContainer(id);
            await c.update({ RestartPolicy: restartPolicy('no'), abortSignal: signal });
            await c.stop({ t: timeoutSec, abortSignal: signal }).catch(unless304);
        }, { timeoutMs: (timeoutSec + 30) * 1000, again: true });
    }
    async restart(name, timeoutSec) {
        const id = pathName(name);
        await this.api(`restarting container ${name}`, (d, signal) => d.getContainer(id).restart({ t: timeoutSec, abortSignal: signal }), { timeoutMs: (timeoutSec + 30) * 1000 });
    }
    async rename(name, to) {
        const id = pathName(name);
        const newName = pathName(to);
        await this.api(`renaming container ${name}`, (d, signal) => d.getContainer(id).rename({ name: newName, abortSignal: signal }));
    }
    /** Removes a container, running or not; one that does not exist counts as removed (so it is safe to repeat). */
    async remove(name) {
        const id = pathName(name);
        await this.api(`removing container ${name}`, (d, signal) => d.getContainer(id).remove({ force: true, abortSignal: signal }).catch(unless404(undefined)), { again: true });
    }
    /**
     * Removes old releases (by ID), without force: the engine refuses a running one. Only when
     * every one is gone, the given images (one still in use stays; never fails).
     */
    async prune(releases, unusedImages) {
        if (releases.length === 0)
            return;
        const ids = releases.map((c) => pathName(c.id || c.name));
        const images = unusedImages.map(imagePath);
        await this.api(`removing ${releases.map((c) => c.name).join(', ')}`, async (d, signal) => {
            const results = await Promise.allSettled(ids.map((id) => d.getContainer(id).remove({ abortSignal: signal }).catch(unless404(undefined))));
            const refused = results.find((r) => r.status === 'rejected');
            if (refused)
                throw refused.reason;
            for (const image of images)
                await d.getImage(image).remove({ abortSignal: signal }).catch(() => undefined);
        });
    }
    /**
     * Puts the host back on `previous`: removes `failed` (when given; one that does not exist
     * counts as removed), then restores the restart policy of `previous` and starts it. False,
     * starting nothing, when `failed` could not be removed or any step failed.
     */
    async restoreFast(failed, previous, restart) {
        const failedId = failed === null ? null : pathName(failed);
        const previousId = pathName(previous);
        const policy = restartPolicy(restart);
        try {
            await this.shell.engine(async (d, signal) => {
                if (failedId)
                    await d.getContainer(failedId).remove({ force: true, abortSignal: signal }).catch(unless404(undefined));
                const c = d.getContainer(previousId);
                await c.update({ RestartPolicy: policy, abortSignal: signal });
                await c.start({ abortSignal: signal }).catch(unless304);
            }, { what: `restoring container ${previous}` });
            return true;
        }
        catch (err) {
            if (err instanceof errors/* RollwatchError */.vP)
                throw err;
            return false;
        }
    }
    /** The last `lines` lines of the container's output, stdout and stderr merged; '' when they cannot be read. */
    async logs(name, lines = 20) {
        try {
            const id = pathName(name);
            const raw = await this.shell.engine((d, signal) => d.getContainer(id).logs({ stdout: true, stderr: true, tail: lines, follow: false, abortSignal: signal }), { what: `reading the logs of ${name}`, timeoutMs: 15_000 });
            return demuxLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw))).trim();
        }
        catch {
            return '';
        }
    }
    async hook(argv, vars, phase) {
        await this.must(commands/* hook */.A_(argv, vars), `${phase} hook ${argv[0]}`);
    }
    async procStats() {
        return (await this.must(commands/* readProcStats */.ie(), 'reading /proc', 'verify', 15_000)).stdout;
    }
}

// EXTERNAL MODULE: ./src/engine/history.ts
var engine_history = __webpack_require__(50390);
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
        const holder = options.lock ? this.holder(options.version) : null;
        const [first] = this.members;
        /** The first host's lock, tried once while its engine is checked (see lockAll). */
        let firstTry = null;
        const settled = (0,clock/* settleLimit */.X$)(this.members, FLEET_CONCURRENCY, async (m) => {
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
            if (r.status === 'rejected')
                problems.push((0,errors/* hostMessage */.yd)(this.members[i].host.name, r.reason));
        });
        if (problems.length > 0) {
            // a lock the first host gave meanwhile is handed back before the failure is told
            await firstTry?.catch(() => undefined);
            await this.releaseLocks();
            const failedHosts = this.members.filter((_, i) => results[i].status === 'rejected').map((m) => m.host.name);
            throw new errors/* RollwatchError */.vP('preflight', `preflight failed on ${failedHosts.join(', ')}; nothing was changed.\n  ${problems.join('\n  ')}`, undefined, 'fix the hosts listed and run again');
        }
        for (const m of this.members)
            log.info(`${m.host.name}: reachable, Docker ${engines.get(m.host.name)}`);
        if (holder)
            await this.lockAll(holder, firstTry);
        return engines;
    }
    holder(version) {
        const { ctx } = this;
        return { run: ctx.runId, commit: ctx.commit, version, actor: ctx.actor, command: ctx.command, since: new Date(ctx.clock.now()).toISOString() };
    }
    /**
     * Takes the deploy lock on every host, the first one first (see below). `firstTry` is the first
     * host's lock tried once during the engine checks: taken, it is kept; held by another run, the
     * first host is waited for as rollout.lockTimeout says, as if it had not been tried.
     */
    async lockAll(holder, firstTry) {
        const { ctx } = this;
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
            const tried = await firstTry;
            const r = tried?.acquired ? tried : await this.timed(m.host.name, 'lock', () => m.agent.acquireLock({ ...holder, host: m.host.name }));
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
    /**
     * The run's last write: appends `entry` to the deploy history of each of `members` and, on a
     * host whose lock this run holds, releases the lock in the same round trip (after the append,
     * so the entry is written under the lock). Problems come back as warnings, never thrown; a lock
     * not released here stays for releaseLocks().
     */
    async recordAndRelease(members, entry) {
        const warnings = [];
        const notWritten = (m, why) => warnings.push(`${m.host.name}: the deploy history was not written${why}`);
        await (0,clock/* settleLimit */.X$)(members, FLEET_CONCURRENCY, async (m) => {
            const locked = this.locked.has(m.host.name);
            const command = locked ? (0,commands/* appendHistoryAndReleaseLock */.Gd)(entry.app, engine_history/* HISTORY_KEEP */.NY, this.ctx.runId) : (0,commands/* appendHistory */.b8)(entry.app, engine_history/* HISTORY_KEEP */.NY);
            try {
                const r = await m.connection.run(command, { stdin: JSON.stringify(entry) + '\n', timeoutMs: 15_000 });
                const released = locked && r.code !== commands/* RELEASE_FAILED_EXIT */.rS && r.code !== commands/* BOTH_FAILED_EXIT */.TK;
                if (released)
                    this.locked.delete(m.host.name);
                const appended = r.code === 0 || r.code === commands/* RELEASE_FAILED_EXIT */.rS;
                if (!appended)
                    notWritten(m, ` (exit ${r.code}): ${r.stderr.trim().slice(0, 200)}`);
            }
            catch (err) {
                notWritten(m, `: ${(0,errors/* errorMessage */.gJ)(err)}`);
            }
        });
        return warnings;
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
/* harmony export */   E8: () => (/* binding */ restoreRelease),
/* harmony export */   Wj: () => (/* binding */ HostRolloutError),
/* harmony export */   d5: () => (/* binding */ restoreBehindProxy),
/* harmony export */   gJ: () => (/* binding */ deployHost)
/* harmony export */ });
/* unused harmony export restoreHost */
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _commands__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(80657);
/* harmony import */ var _health__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(61913);
/* harmony import */ var _proxy__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(44027);




class HostRolloutError extends _errors__WEBPACK_IMPORTED_MODULE_0__/* .RollwatchError */ .vP {
    report;
    constructor(message, report) {
        super('deploy', message);
        this.report = report;
    }
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
        env: config.container.env.map((e) => ({ key: e.key, value: e.value })),
        healthCheck: config.health.path && config.health.port ? { port: config.health.port, path: config.health.path } : null,
    };
    const specHash = (0,_commands__WEBPACK_IMPORTED_MODULE_1__/* .containerSpecHash */ .V$)(runSpec);
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
    await timed(steps, 'pull', ctx, () => agent.pull(release.imageRef, config.registry));
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
    // proxy strategy: where the new release listens and where the old one does, read before anything changes
    let behind = null;
    if (config.rollout.strategy === 'proxy' && config.proxy) {
        const settings = config.proxy;
        const driver = (0,_proxy__WEBPACK_IMPORTED_MODULE_3__/* .proxyDriver */ .pk)(agent.shell, config.app, settings);
        const upstream = await timed(steps, 'proxy-read', ctx, () => driver.read());
        const port = await timed(steps, 'port', ctx, () => (0,_proxy__WEBPACK_IMPORTED_MODULE_3__/* .freePort */ .ov)(agent.shell, settings, [previous, ...before.extraRunning, ...before.retained], 'deploy'));
        const oldPort = previous ? (0,_proxy__WEBPACK_IMPORTED_MODULE_3__/* .releasePort */ .Rq)(previous, upstream.serving) : null;
        if (previous && oldPort === null) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .RollwatchError */ .vP('deploy', `${host.name}: cannot tell which port ${previous.name} listens on (the proxy names none and the container has no recorded port), so traffic could not be switched back to it; nothing was changed`, 'proxy', 'point the proxy at the running release once by hand, then deploy again');
        }
        behind = { driver, port, oldPort };
    }
    const spec = behind
        ? {
            ...runSpec,
            ports: config.container.network === 'host' ? [] : [`${config.proxy.address}:${behind.port}:${behind.port}`],
            env: [...runSpec.env, { key: config.proxy.portEnv, value: String(behind.port) }],
            healthCheck: config.health.path ? { port: behind.port, path: config.health.path } : null,
            proxyPort: behind.port,
        }
        : runSpec;
    // the gate checks the new release on its own port, not through the proxy
    const gateConfig = behind && config.health.path ? { ...config, health: { ...config.health, port: behind.port } } : config;
    onTouched(previousName);
    const hooks = config.rollout.hooks;
    const stopSec = runSpec.stopTimeoutSec;
    /** Whether a container `name` may exist now (created or started): a restore removes it. */
    let started = false;
    let switching = false;
    let lastKnown = `${previousName ?? 'nothing'} running, ${name} not started`;
    try {
        if (hooks.preHost)
            await timed(steps, 'pre-hook', ctx, () => agent.hook(hooks.preHost, hookVars(ctx, agent, release.version, 'pre'), 'pre-host'));
        if (config.rollout.strategy === 'stop-start' && previousName) {
            lastKnown = `stopping ${previousName}, ${name} not started`;
            // The new container is created (not started) while the old one stops gracefully: the
            // create does not wait for the stop, and nothing of it runs before the old one is down.
            started = true;
            const [stopped, created] = await Promise.allSettled([timed(steps, 'stop-old', ctx, () => agent.stop(previousName, stopSec)), agent.create({ ...spec, specHash })]);
            if (stopped.status === 'rejected')
                throw stopped.reason;
            if (created.status === 'rejected')
                throw created.reason;
            lastKnown = `starting ${name}, ${previousName} stopped`;
            await timed(steps, 'start', ctx, () => agent.startCreated(created.value));
        }
        else {
            started = true;
            lastKnown = `starting ${name}${behind ? ` on port ${behind.port}` : ''}`;
            await timed(steps, 'start', ctx, () => agent.run({ ...spec, specHash }));
        }
        lastKnown = `${name} started, waiting for its health gate${config.rollout.strategy === 'stop-start' && previousName ? `, ${previousName} stopped` : ''}`;
        const health = await timed(steps, 'health', ctx, () => (0,_health__WEBPACK_IMPORTED_MODULE_2__/* .waitHealthy */ .hq)(agent, name, gateConfig, ctx.clock, ctx.signal));
        if (!health.healthy) {
            const logs = await agent.logs(name);
            throw Object.assign(new _errors__WEBPACK_IMPORTED_MODULE_0__/* .RollwatchError */ .vP('deploy', `${host.name}: ${release.version} failed its health gate: ${health.detail}`), { logs });
        }
        if (behind) {
            switching = true;
            lastKnown = `switching the proxy from port ${behind.oldPort ?? '(none)'} to ${name} on port ${behind.port}, ${previousName ?? 'nothing'} running`;
            await timed(steps, 'switch', ctx, () => behind.driver.switchTo(behind.port, previousName ? behind.oldPort : null));
        }
        if (config.rollout.strategy === 'start-stop' && previousName)
            await timed(steps, 'stop-old', ctx, () => agent.stop(previousName, stopSec));
        if (hooks.postHost)
            await timed(steps, 'post-hook', ctx, () => agent.hook(hooks.postHost, hookVars(ctx, agent, release.version, 'post'), 'post-host'));
        log.info(`${host.name}: ${previous?.version ?? '(nothing)'} → ${release.version}, healthy (${health.detail})${behind ? `; the proxy sends traffic to port ${behind.port}${previousName ? `, ${previousName} stays running as the standby on port ${behind.oldPort}` : ''}` : ''}`);
        const now = new Date(ctx.clock.now()).toISOString();
        const stoppedPrevious = previous ? [{ ...previous, name: previousName, running: false, status: 'exited', finishedAt: now }] : [];
        const after = {
            current: { id: '', name, version: release.version, digest: release.digest, image: release.imageRef, deployedAt: runSpec.deployedAt, running: true, status: 'running', health: 'none', startedAt: now, finishedAt: '', restartCount: 0, oomKilled: false, exitCode: 0, healthCheck: runSpec.healthCheck, specHash },
            extraRunning: before.extraRunning,
            retained: [...stoppedPrevious, ...before.retained.filter((c) => c.name !== name)],
        };
        const proxy = behind ? { port: behind.port, standby: previousName && behind.oldPort !== null ? { name: previousName, port: behind.oldPort } : null } : undefined;
        return { previous: previous ? { ...previous, name: previousName } : null, current: name, changed: true, steps, after, proxy };
    }
    catch (err) {
        const logs = err.logs;
        log.error((0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err));
        const restore = switching ? await restoreBehindProxy(ctx, agent, name, previousName, { removeFailed: true }) : await restoreHost(ctx, agent, started ? name : null, previousName, { removeFailed: true });
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
 * Returns a host to `previousName` the way its rollout strategy changed it: behind a proxy by
 * switching traffic back (restoreBehindProxy), otherwise by starting the previous container
 * (restoreHost). Never throws.
 */
function restoreRelease(ctx, agent, failedName, previousName, options) {
    return ctx.config.rollout.strategy === 'proxy'
        ? restoreBehindProxy(ctx, agent, failedName, previousName, { removeFailed: options.removeFailed })
        : restoreHost(ctx, agent, failedName, previousName, options);
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
/** The config to health-check a release on its own recorded port (the proxy strategy: not through the proxy). */
function ownPortHealth(config, c) {
    if (!config.health.path || !c.healthCheck)
        return config;
    return { ...config, health: { ...config.health, port: c.healthCheck.port, path: c.healthCheck.path } };
}
/**
 * rollout.strategy proxy: returns a host to `previousName` by switching the proxy back to it.
 * The previous release normally still runs as the warm standby: it is only checked, not
 * started (its container stays the same); a stopped one (a manual rollback, a crashed run) is
 * started and gated first. Only then does traffic move, and only then is `failedName` removed
 * (or stopped). Never throws.
 */
async function restoreBehindProxy(ctx, agent, failedName, previousName, options) {
    const { config, log, clock } = ctx;
    const t0 = clock.now();
    const stopSec = Math.ceil(config.container.stopTimeoutMs / 1000);
    const manual = `ssh ${agent.host.user}@${agent.host.address} 'docker ps -a --filter label=rollwatch.app=${config.app}' (point the proxy at ${previousName ?? 'a healthy release'}${failedName ? `, then docker rm -f ${failedName}` : ''})`;
    const dropFailed = async () => {
        if (!failedName)
            return;
        const c = await agent.container(failedName);
        if (c && options.removeFailed)
            await agent.remove(failedName);
        else if (c?.running)
            await agent.stop(failedName, stopSec);
    };
    try {
        if (!previousName) {
            await dropFailed();
            return { healthy: false, detail: 'no previous release on this host; it runs nothing of this app now', ms: clock.now() - t0 };
        }
        const driver = (0,_proxy__WEBPACK_IMPORTED_MODULE_3__/* .proxyDriver */ .pk)(agent.shell, config.app, config.proxy);
        // read at the same time: this is on the way to moving traffic back
        const [prev, upstream] = await Promise.all([agent.container(previousName), driver.read()]);
        if (!prev)
            return { healthy: false, detail: `previous container ${previousName} is gone; cannot switch back to it`, manual: 'redeploy a retained version: rollwatch rollback --version <v>', ms: clock.now() - t0 };
        // its recorded port; for a release from before the proxy strategy, the standby the proxy names, else its health check's port
        const port = prev.proxyPort ?? upstream.standby ?? prev.healthCheck?.port ?? upstream.serving;
        if (port === null)
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .RollwatchError */ .vP('rollback', `cannot tell which port ${previousName} listens on`);
        const wasRunning = prev.running;
        if (!wasRunning)
            await agent.start(previousName, config.container.restart);
        const health = await (0,_health__WEBPACK_IMPORTED_MODULE_2__/* .waitHealthy */ .hq)(agent, previousName, ownPortHealth(config, prev), clock);
        if (!health.healthy) {
            return { healthy: false, detail: `${prev.version} is not healthy (${health.detail}); the proxy was left on port ${upstream.serving ?? '(none)'}`, manual, ms: clock.now() - t0 };
        }
        const switching = upstream.serving !== port || upstream.standby !== null;
        if (switching)
            await driver.switchTo(port, null);
        const switchedMs = clock.now() - t0;
        log.info(`${agent.host.name}: the proxy sends traffic to ${prev.version} again (port ${port}${wasRunning ? ', kept running: nothing started' : ''}) after ${switchedMs} ms`);
        // requests already sent to the release being left (an nginx worker of the previous config, a
        // drained HAProxy slot) still run: it is removed only after the drain time
        if (switching && failedName)
            await clock.sleep(config.proxy.drainMs);
        await dropFailed();
        return { healthy: true, detail: `switched the proxy back to ${prev.version} on port ${port} in ${switchedMs} ms${wasRunning ? ' (warm standby, not restarted)' : ''}, healthy`, ms: clock.now() - t0 };
    }
    catch (err) {
        log.error(`${agent.host.name}: switching back failed: ${(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`);
        return { healthy: false, detail: `switching back failed: ${(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`, manual, ms: clock.now() - t0 };
    }
}


/***/ }),

/***/ 42511:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   kH: () => (/* binding */ prunePlan),
/* harmony export */   sT: () => (/* binding */ parseInspectEntries),
/* harmony export */   xC: () => (/* binding */ classifyReleases)
/* harmony export */ });
/* unused harmony exports recordedHealthCheck, parseInspect, timeKey, releasesToPrune */
/* harmony import */ var _commands__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(80657);
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
/** The port a release of the proxy strategy listens on, from its labels; nothing when absent or not a port. */
function recordedProxyPort(labels) {
    const raw = labels[_commands__WEBPACK_IMPORTED_MODULE_0__/* .LABEL */ .d_.proxyPort];
    const port = typeof raw === 'string' && /^[0-9]{1,5}$/.test(raw) ? Number(raw) : NaN;
    return port >= 1 && port <= 65535 ? { proxyPort: port } : {};
}
const STATUSES = new Set(['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead']);
/**
 * Parses `docker inspect` JSON. Every value read back is held to the rule its kind has in the
 * config (src/config/values.ts): a container whose rollwatch labels break those rules was not
 * written by rollwatch, so it is left out and `onIgnored` says why (with the offending value
 * made printable). Free-form fields (status, times) fall back to neutral values.
 */
function parseInspect(json, onIgnored = () => { }) {
    return parseInspectEntries(JSON.parse(json), onIgnored);
}
/** parseInspect of entries already parsed (the Engine API's container inspect answers). */
function parseInspectEntries(entries, onIgnored = () => { }) {
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
            ...recordedProxyPort(labels),
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
/** What pruning to `retain` previous releases removes: containers and images. */
function prunePlan(releases, retain) {
    const containers = releasesToPrune(releases, retain);
    const kept = [releases.current, ...releases.extraRunning, ...releases.retained].filter((c) => c !== null && !containers.includes(c));
    const keptImages = new Set(kept.map((c) => c.image));
    return {
        containers,
        unusedImages: [...new Set(containers.map((c) => c.image).filter((image) => image && !keptImages.has(image)))],
    };
}


/***/ }),

/***/ 44027:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ov: () => (/* binding */ freePort),
  pk: () => (/* binding */ proxyDriver),
  Rq: () => (/* binding */ releasePort)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/config/values.ts
var values = __webpack_require__(73750);
;// CONCATENATED MODULE: ./src/proxy/caddy.ts


function id(value) {
    const problem = (0,values/* checkValue */.Su)('proxyName', value);
    if (problem)
        throw new errors/* RollwatchError */.vP('input', problem, 'proxy.caddy.id');
    return value;
}
const dial = (address, port) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);
/** Points the handler's upstreams at one port (PATCH replaces the existing list). */
function upstreamsPatch(handlerId, address, port) {
    const problem = (0,values/* checkValue */.Su)('ipAddress', address);
    if (problem)
        throw new errors/* RollwatchError */.vP('input', problem, 'proxy.address');
    if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new errors/* RollwatchError */.vP('internal', `${port} is not a port number`);
    return { method: 'PATCH', path: `/id/${id(handlerId)}/upstreams`, body: JSON.stringify([{ dial: dial(address, port) }]) };
}
const upstreamsGet = (handlerId) => ({ method: 'GET', path: `/id/${id(handlerId)}/upstreams` });
/** The ports the handler's upstreams dial, from the GET answer. */
function parseUpstreams(json) {
    let v;
    try {
        v = JSON.parse(json);
    }
    catch {
        throw new errors/* RollwatchError */.vP('deploy', `Caddy's admin API answered something that is not JSON: ${JSON.stringify(json.slice(0, 80))}`);
    }
    if (!Array.isArray(v))
        throw new errors/* RollwatchError */.vP('deploy', `Caddy's admin API answered ${JSON.stringify(json.slice(0, 80))}, expected a list of upstreams`);
    return v.map((u) => {
        const m = /:([0-9]{1,5})$/.exec(String(u?.dial ?? ''));
        if (!m)
            throw new errors/* RollwatchError */.vP('deploy', `Caddy upstream without a port: ${JSON.stringify(u)}`);
        return Number(m[1]);
    });
}

;// CONCATENATED MODULE: ./src/proxy/haproxy.ts


function haproxy_name(value, field) {
    const problem = (0,values/* checkValue */.Su)('proxyName', value);
    if (problem)
        throw new errors/* RollwatchError */.vP('input', problem, field);
    return value;
}
function address(value) {
    const problem = (0,values/* checkValue */.Su)('ipAddress', value);
    if (problem)
        throw new errors/* RollwatchError */.vP('input', problem, 'proxy.address');
    return value;
}
const target = (b, s) => `${haproxy_name(b, 'proxy.haproxy.backend')}/${haproxy_name(s, 'proxy.haproxy.servers')}`;
const setAddr = (backend, server, addr, port) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new errors/* RollwatchError */.vP('internal', `${port} is not a port number`);
    return `set server ${target(backend, server)} addr ${address(addr)} port ${port}`;
};
const setState = (backend, server, state) => `set server ${target(backend, server)} state ${state}`;
const setWeight = (backend, server, weight) => {
    if (!Number.isInteger(weight) || weight < 0 || weight > 256)
        throw new errors/* RollwatchError */.vP('internal', `HAProxy weight ${weight} is not a whole number from 0 to 256`);
    return `set weight ${target(backend, server)} ${weight}`;
};
const showServersState = (backend) => (backend ? `show servers state ${haproxy_name(backend, 'proxy.haproxy.backend')}` : 'show servers state');
/**
 * What is wrong with the reply to one runtime command, or null. Successful `set` commands
 * answer nothing, except `set server … addr`, which says what changed.
 */
function replyProblem(command, reply) {
    const text = reply.trim();
    if (text === '' || /^(IP changed from|no need to change the addr)/.test(text))
        return null;
    if (command.startsWith('show servers state') && /^1\n#/.test(text))
        return null;
    return `HAProxy refused "${command}": ${text.split('\n')[0]}`;
}
const OP = { '0': 'stopped', '1': 'starting', '2': 'running', '3': 'stopping' };
// srv_admin_state bits (include/haproxy/server-t.h): forced, inherited, resolution and hostname
// maintenance; forced and inherited drain. 0x04 ("disabled" in the config) stays set after
// `state ready` and does not stop traffic by itself.
const MAINT_BITS = 0x01 | 0x02 | 0x20 | 0x40;
const DRAIN_BITS = 0x08 | 0x10;
/** The servers in the output of `show servers state [backend]` (format version 1, also the state file). */
function parseServersState(text) {
    const lines = text.split('\n');
    const version = lines.findIndex((l) => l.trim() !== '');
    if (version < 0 || lines[version].trim() !== '1')
        throw new errors/* RollwatchError */.vP('deploy', `not a HAProxy server state (version 1) dump: ${JSON.stringify(text.slice(0, 80))}`);
    const header = lines.find((l) => l.startsWith('# be_id'));
    if (!header)
        throw new errors/* RollwatchError */.vP('deploy', 'HAProxy server state without its "# be_id …" header line');
    const cols = header.slice(2).trim().split(/\s+/);
    const at = (k) => {
        const i = cols.indexOf(k);
        if (i < 0)
            throw new errors/* RollwatchError */.vP('deploy', `HAProxy server state without column ${k}`);
        return i;
    };
    const idx = { be: at('be_name'), srv: at('srv_name'), addr: at('srv_addr'), op: at('srv_op_state'), adm: at('srv_admin_state'), w: at('srv_uweight'), port: at('srv_port') };
    const out = [];
    for (const line of lines.slice(version + 1)) {
        if (line.trim() === '' || line.startsWith('#'))
            continue;
        const f = line.trim().split(/\s+/);
        const adm = Number(f[idx.adm]);
        out.push({
            backend: f[idx.be],
            server: f[idx.srv],
            address: f[idx.addr],
            port: Number(f[idx.port]),
            opState: OP[f[idx.op]] ?? 'stopped',
            admin: adm & MAINT_BITS ? 'maint' : adm & DRAIN_BITS ? 'drain' : 'ready',
            weight: Number(f[idx.w]),
        });
    }
    return out;
}
/** Whether a slot gets new requests: ready, running, with a weight. */
const serving = (s) => s.admin === 'ready' && s.opState === 'running' && s.weight > 0;
/** Reads the two slots of `backend` from a parsed state; refuses a backend without them. */
function slotsOf(states, b) {
    const find = (server) => {
        const s = states.find((x) => x.backend === b.backend && x.server === server);
        if (!s)
            throw new errors/* RollwatchError */.vP('preflight', `HAProxy has no server ${b.backend}/${server}: the backend needs two server slots, e.g. "server ${b.servers[0]} 127.0.0.1:8080" and "server ${b.servers[1]} 127.0.0.1:8080 disabled"`, 'proxy.haproxy.servers');
        return s;
    };
    const slots = [find(b.servers[0]), find(b.servers[1])];
    const on = slots.filter(serving);
    return { slots, serving: on, idle: on.length === 2 ? null : (slots.find((s) => !serving(s)) ?? null) };
}
/**
 * Moves `share` percent of traffic (100: all) to a new release on `port`, in the idle slot. At
 * 100 the old slot is drained (no new requests, its address kept for switching back); below,
 * both slots are ready with weights share and 100 − share.
 */
function planSwitch(b, states, addr, port, share = 100) {
    const s = slotsOf(states, b);
    if (!s.idle)
        throw new errors/* RollwatchError */.vP('deploy', `both slots of HAProxy backend ${b.backend} serve traffic (${s.serving.map((x) => `${x.server} → :${x.port}`).join(', ')}): a canary step was left half done; switch back or finish it first`);
    const old = s.slots.find((x) => x !== s.idle && serving(x)) ?? null;
    return {
        newSlot: s.idle.server,
        oldSlot: old?.server ?? null,
        enter: [setAddr(b.backend, s.idle.server, addr, port), setState(b.backend, s.idle.server, 'ready'), setWeight(b.backend, s.idle.server, share)],
        leave: old ? planShare(b.backend, old.server, s.idle.server, share) : [],
    };
}
/**
 * One canary step once both releases are in their slots: the new release gets `share` percent.
 * A slot leaves drain (`state ready`) BEFORE its weight is set: HAProxy 2.6.12 keeps a weight set
 * during drain in its table but its round robin then never picks the server (seen in the lab:
 * weights 90/10 reported, 100 % of 600 requests on one side).
 */
function planShare(backend, oldSlot, newSlot, share) {
    if (!Number.isInteger(share) || share < 1 || share > 100)
        throw new errors/* RollwatchError */.vP('internal', `traffic share ${share} is not a whole percentage from 1 to 100`);
    if (share === 100)
        return [setWeight(backend, newSlot, 100), setState(backend, oldSlot, 'drain')];
    return [setState(backend, oldSlot, 'ready'), setWeight(backend, oldSlot, 100 - share), setWeight(backend, newSlot, share)];
}
/**
 * Back to the old release (regression): the old slot ready at full weight first, then the new
 * slot out of rotation. Both steps are instant: the old release never stopped.
 */
function planSwitchBack(backend, oldSlot, newSlot) {
    return { enter: [setState(backend, oldSlot, 'ready'), setWeight(backend, oldSlot, 100)], leave: [setState(backend, newSlot, 'maint')] };
}
/** After the drain time on a pass: the old slot out of rotation (then its container stops). */
const planRetire = (backend, oldSlot) => [setState(backend, oldSlot, 'maint')];
/**
 * The state-file text HAProxy loads at start (`load-server-state-from-file global`): the dump
 * of `show servers state` for every backend, checked to be one (a bad file is ignored by
 * HAProxy, which would then start from its config: the old upstream).
 */
function stateFileText(dump) {
    parseServersState(dump);
    return dump.replace(/\n*$/, '\n');
}

;// CONCATENATED MODULE: ./src/proxy/nginx.ts


const hostPort = (address, port) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);
function check(rule, value, field) {
    const problem = (0,values/* checkValue */.Su)(rule, value);
    if (problem)
        throw new errors/* RollwatchError */.vP('input', problem, field);
}
/**
 * The text of the upstream file rollwatch owns (`include`d in the user's http block). Servers
 * come in port order, so the same targets always give the same file. A target of weight 0 is
 * written `down` rather than left out: nginx sends it nothing, yet the file still names the
 * warm standby's port, which is what the post step or `rollback` reads after a crash to switch
 * back without asking anything else. Weights are nginx `weight=` (relative, 1–100 here).
 */
function renderUpstream(file, targets) {
    check('app', file.app, 'app');
    check('proxyName', file.upstream, 'proxy.nginx.upstream');
    check('ipAddress', file.address, 'proxy.address');
    if (targets.length === 0)
        throw new errors/* RollwatchError */.vP('internal', 'an upstream needs at least one server');
    const ports = new Set();
    for (const t of targets) {
        if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535)
            throw new errors/* RollwatchError */.vP('internal', `upstream port ${t.port} is not a port number`);
        if (!Number.isInteger(t.weight) || t.weight < 0 || t.weight > 100)
            throw new errors/* RollwatchError */.vP('internal', `upstream weight ${t.weight} is not a whole number from 0 to 100`);
        if (ports.has(t.port))
            throw new errors/* RollwatchError */.vP('internal', `upstream port ${t.port} given twice`);
        ports.add(t.port);
    }
    if (!targets.some((t) => t.weight > 0))
        throw new errors/* RollwatchError */.vP('internal', 'an upstream needs a server that takes traffic (every weight is 0)');
    const lines = [...targets]
        .sort((a, b) => a.port - b.port)
        .map((t) => `  server ${hostPort(file.address, t.port)} ${t.weight > 0 ? `weight=${t.weight}` : 'down'};`);
    return [`# managed by rollwatch (app ${file.app}): rewritten on every switch, do not edit`, `upstream ${file.upstream} {`, ...lines, '}', ''].join('\n');
}
/**
 * The servers of upstream `name` in an upstream file (rollwatch's or a hand-written one of the
 * same form); null when the file has no such upstream block.
 */
function parseUpstream(text, name) {
    const body = text.replace(/#[^\n]*/g, '');
    const open = new RegExp(`(?:^|[\\s;}])upstream\\s+${name.replace(/[.]/g, '\\.')}\\s*\\{([^}]*)\\}`).exec(body);
    if (!open)
        return null;
    const servers = [];
    for (const stmt of open[1].split(';')) {
        const words = stmt.trim().split(/\s+/);
        if (words[0] !== 'server' || words.length < 2)
            continue;
        const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):([0-9]{1,5})$/.exec(words[1]);
        if (!m)
            continue;
        const weight = words.find((w) => w.startsWith('weight='));
        servers.push({ address: m[1] ?? m[2], port: Number(m[3]), weight: weight ? Number(weight.slice(7)) : 1, down: words.includes('down') });
    }
    return servers;
}
/** Ports that take traffic (not `down`) in a parsed upstream, highest weight first. */
function servingPorts(servers) {
    return servers.filter((s) => !s.down && s.weight > 0).sort((a, b) => b.weight - a.weight || a.port - b.port).map((s) => s.port);
}

;// CONCATENATED MODULE: ./src/proxy/ports.ts

/**
 * The port for the new release: the lowest port of the range that nothing on the host uses
 * (`used`: ports of running containers and of listening sockets, as the host reports them).
 * The old release keeps its port, so the range needs room for both.
 */
function planPorts(range, used) {
    const taken = new Set(used);
    for (let p = range.from; p <= range.to; p++)
        if (!taken.has(p))
            return p;
    const inRange = [...taken].filter((p) => p >= range.from && p <= range.to).sort((a, b) => a - b);
    throw new errors/* RollwatchError */.vP('preflight', `every port from ${range.from} to ${range.to} is in use on the host (${inRange.join(', ')}): no port left for the new release`, 'proxy.ports', 'widen the range, or stop what holds those ports (`ss -ltnp` on the host shows it)');
}
/** Listening TCP ports from `ss -ltnH` output (the local address column, IPv4 or [IPv6]). */
function parseListeningPorts(ssOutput) {
    const ports = new Set();
    for (const line of ssOutput.split('\n')) {
        const cols = line.trim().split(/\s+/);
        if (cols.length < 4 || cols[0] !== 'LISTEN')
            continue;
        const m = /:([0-9]{1,5})$/.exec(cols[3]);
        if (m)
            ports.add(Number(m[1]));
    }
    return [...ports].sort((a, b) => a - b);
}

// EXTERNAL MODULE: ./src/targets/ssh/shell.ts
var ssh_shell = __webpack_require__(36725);
;// CONCATENATED MODULE: ./src/proxy/remote.ts

/**
 * The remote commands for the proxy modules' output, built with the one quoting layer
 * (targets/ssh/shell.ts). Pure text: the SSH side runs them.
 */
/** Marks the end of each runtime command's reply in `haproxyRun` output. */
const REPLY_END = '#rollwatch-reply-end';
/** Each command on its own connection to the admin socket (socat), each reply followed by REPLY_END and socat's status. */
function haproxyRun(socket, commands) {
    return ssh_shell/* Shell */.$f.raw(commands
        .map((c) => `${(0,ssh_shell.sh)('printf', '%s\\n', c)} | ${(0,ssh_shell.sh)('socat', '-t', '5', 'stdio', `UNIX-CONNECT:${socket}`)}; ${(0,ssh_shell.sh)('echo', ssh_shell/* Shell */.$f.raw(`"${REPLY_END} $?"`))}`)
        .join('; '));
}
/** Splits `haproxyRun` output into one reply per command; a failed socat gives null. */
function splitReplies(output, count) {
    const parts = output.split(new RegExp(`^${REPLY_END} ([0-9]+)$`, 'm'));
    const replies = [];
    for (let i = 0; i + 1 < parts.length && replies.length < count; i += 2)
        replies.push(parts[i + 1] === '0' ? parts[i].replace(/^\n/, '') : null);
    while (replies.length < count)
        replies.push(null);
    return replies;
}
/** Dumps every backend's server state into the state file (temp file + rename: never half written). */
function haproxySaveState(socket, stateFile) {
    const tmp = `${stateFile}.rollwatch-tmp`;
    return ssh_shell/* Shell */.$f.raw(`out=$(${(0,ssh_shell.sh)('printf', '%s\\n', 'show servers state')} | ${(0,ssh_shell.sh)('socat', '-t', '5', 'stdio', `UNIX-CONNECT:${socket}`)}) && ` +
        `case $out in 1*) ${(0,ssh_shell.sh)('printf', '%s\\n', ssh_shell/* Shell */.$f.raw('"$out"'))} > ${(0,ssh_shell.sh)(tmp)} && ${(0,ssh_shell.sh)('mv', '-f', '--', tmp, stateFile)} ;; *) ${(0,ssh_shell.sh)('echo', 'not a server state dump:')} "$out" >&2; exit 1 ;; esac`);
}
/**
 * Writes the nginx upstream file, runs the config test and reloads; a failing test puts the
 * previous file back (or removes the new one) before failing, so nginx never loads a bad file.
 */
function nginxApply(upstreamFile, text, test, reload) {
    const prev = `${upstreamFile}.rollwatch-prev`;
    const next = `${upstreamFile}.rollwatch-new`;
    const restore = ssh_shell/* Shell */.$f.raw(`{ if [ -e ${(0,ssh_shell.sh)(prev)} ]; then ${(0,ssh_shell.sh)('mv', '-f', '--', prev, upstreamFile)}; else ${(0,ssh_shell.sh)('rm', '-f', '--', upstreamFile)}; fi; exit 1; }`);
    return (0,ssh_shell/* and */.Uo)(ssh_shell/* Shell */.$f.raw(`{ ${(0,ssh_shell.sh)('rm', '-f', '--', prev)}; if [ -e ${(0,ssh_shell.sh)(upstreamFile)} ]; then ${(0,ssh_shell.sh)('cp', '-p', '--', upstreamFile, prev)}; fi; }`), ssh_shell/* Shell */.$f.raw(`${(0,ssh_shell.sh)('printf', '%s', text)} > ${(0,ssh_shell.sh)(next)}`), (0,ssh_shell.sh)('mv', '-f', '--', next, upstreamFile), ssh_shell/* Shell */.$f.raw(`{ ${(0,ssh_shell.sh)(...test)} || ${restore.text}; }`), (0,ssh_shell.sh)(...reload));
}
/** One admin API request with curl: on a unix socket (Host sent empty, as Caddy wants there) or on loopback TCP. */
function caddyRequest(target, req) {
    // "Host;" sends an empty Host header ("Host:" would drop it): Caddy refuses any other host on a socket
    const via = target.socket ? ['--unix-socket', target.socket, '-H', 'Host;'] : [];
    const url = target.socket ? `http://localhost${req.path}` : `${target.adminUrl}${req.path}`;
    const body = req.body !== undefined ? ['-H', 'Content-Type: application/json', '--data-binary', req.body] : [];
    return (0,ssh_shell.sh)('curl', '-sS', '--fail-with-body', '--max-time', '10', '-X', req.method, ...via, ...body, '--', url);
}

;// CONCATENATED MODULE: ./src/targets/ssh/proxy.ts







const HAPROXY_SLOT_WAIT_MS = 5_000;
async function must(shell, command, what, kind, field) {
    const r = await shell.run(command, { timeoutMs: 30_000 });
    if (r.code !== 0) {
        const out = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
        throw new errors/* RollwatchError */.vP(kind, `${shell.host.name}: ${what} failed (exit ${r.code})${out ? `: ${out}` : ''}`, field);
    }
    return r.stdout;
}
function nginxDriver(shell, app, s) {
    const n = s.nginx;
    const file = { app, upstream: n.upstream, address: s.address };
    const read = async (kind) => {
        const text = await must(shell, ssh_shell/* Shell */.$f.raw(`if [ -e ${(0,ssh_shell.sh)(n.upstreamFile)} ]; then ${(0,ssh_shell.sh)('cat', '--', n.upstreamFile)}; fi`), `reading ${n.upstreamFile}`, kind, 'proxy.nginx.upstreamFile');
        if (text.trim() === '')
            return { serving: null, standby: null };
        const servers = parseUpstream(text, n.upstream);
        if (!servers)
            throw new errors/* RollwatchError */.vP(kind, `${shell.host.name}: ${n.upstreamFile} has no "upstream ${n.upstream} { … }" block`, 'proxy.nginx.upstream', 'the file is rollwatch\'s: remove it (rollwatch writes it at the switch) or name the upstream it holds');
        return { serving: servingPorts(servers)[0] ?? null, standby: servers.find((x) => x.down)?.port ?? null };
    };
    const apply = (targets) => must(shell, nginxApply(n.upstreamFile, renderUpstream(file, targets), n.test, n.reload), `switching nginx (${n.upstreamFile}, ${n.test.join(' ')}, ${n.reload.join(' ')})`, 'deploy');
    return {
        async check() {
            await must(shell, (0,ssh_shell.sh)(...n.test), `the nginx config test (${n.test.join(' ')})`, 'preflight', 'proxy.nginx.test');
            return read('preflight');
        },
        read: () => read('deploy'),
        async switchTo(port, standby) {
            await apply([{ port, weight: 100 }, ...(standby !== null && standby !== port ? [{ port: standby, weight: 0 }] : [])]);
        },
        async retire(port) {
            await apply([{ port, weight: 100 }]);
        },
    };
}
function haproxyDriver(shell, s) {
    const h = s.haproxy;
    const backend = { backend: h.backend, servers: h.servers };
    const run = async (commands, kind) => {
        const out = await must(shell, haproxyRun(h.socket, commands), `the HAProxy runtime API (${h.socket})`, kind, 'proxy.haproxy.socket');
        return splitReplies(out, commands.length).map((reply, i) => {
            if (reply === null)
                throw new errors/* RollwatchError */.vP(kind, `${shell.host.name}: no answer from the HAProxy admin socket ${h.socket} to "${commands[i]}" (is HAProxy running, with "stats socket ${h.socket} level admin", and socat installed?)`, 'proxy.haproxy.socket');
            const problem = replyProblem(commands[i], reply);
            if (problem)
                throw new errors/* RollwatchError */.vP(kind, `${shell.host.name}: ${problem}`, /backend/i.test(reply) ? 'proxy.haproxy.backend' : undefined);
            return reply;
        });
    };
    const states = async (kind) => parseServersState((await run([showServersState(h.backend)], kind))[0]);
    const upstream = (list) => {
        const slots = slotsOf(list, backend);
        return { serving: slots.serving[0]?.port ?? null, standby: slots.slots.find((x) => x.admin === 'drain')?.port ?? null };
    };
    const save = () => must(shell, haproxySaveState(h.socket, h.stateFile), `saving HAProxy's server state to ${h.stateFile}`, 'deploy', 'proxy.haproxy.stateFile');
    return {
        async check() {
            return upstream(await states('preflight'));
        },
        read: async () => upstream(await states('deploy')),
        async switchTo(port, standby) {
            const list = await states('deploy');
            const { slots } = slotsOf(list, backend);
            // switching back: the slot that already points at the port takes the traffic again, no address change
            const holder = slots.find((x) => x.port === port && x.address === s.address);
            if (holder) {
                const other = slots.find((x) => x !== holder);
                const back = planSwitchBack(h.backend, holder.server, other.server);
                await run([...back.enter, ...(standby !== null && other.port === standby ? [setState(h.backend, other.server, 'drain')] : back.leave)], 'deploy');
            }
            else {
                const plan = planSwitch(backend, list, s.address, port);
                await run(plan.enter, 'deploy');
                const until = Date.now() + HAPROXY_SLOT_WAIT_MS;
                for (;;) {
                    const slot = (await states('deploy')).find((x) => x.backend === h.backend && x.server === plan.newSlot);
                    if (slot && serving(slot))
                        break;
                    if (Date.now() > until)
                        throw new errors/* RollwatchError */.vP('deploy', `${shell.host.name}: HAProxy slot ${h.backend}/${plan.newSlot} did not come up within ${HAPROXY_SLOT_WAIT_MS / 1000} s (state ${slot?.admin}, ${slot?.opState})`);
                    await new Promise((resolve) => setTimeout(resolve, 50));
                }
                await run(plan.leave, 'deploy');
            }
            await save();
        },
        async retire(port) {
            const { slots } = slotsOf(await states('deploy'), backend);
            const others = slots.filter((x) => !(x.port === port && x.address === s.address) && x.admin !== 'maint');
            if (others.length > 0)
                await run(others.flatMap((x) => planRetire(h.backend, x.server)), 'deploy');
            await save();
        },
    };
}
function caddyDriver(shell, s) {
    const target = { socket: s.caddy.socket, adminUrl: s.caddy.adminUrl };
    const field = s.caddy.socket ? 'proxy.caddy.socket' : 'proxy.caddy.adminUrl';
    const read = async (kind) => {
        const ports = parseUpstreams(await must(shell, caddyRequest(target, upstreamsGet(s.caddy.id)), `asking Caddy's admin API for the upstreams of "${s.caddy.id}"`, kind, field));
        return { serving: ports[0] ?? null, standby: null };
    };
    return {
        check: () => read('preflight'),
        read: () => read('deploy'),
        async switchTo(port) {
            await must(shell, caddyRequest(target, upstreamsPatch(s.caddy.id, s.address, port)), `switching Caddy's upstreams of "${s.caddy.id}"`, 'deploy', field);
        },
        async retire() { },
    };
}
function proxyDriver(shell, app, s) {
    switch (s.kind) {
        case 'nginx':
            return nginxDriver(shell, app, s);
        case 'haproxy':
            return haproxyDriver(shell, s);
        case 'caddy':
            return caddyDriver(shell, s);
    }
}
/**
 * The port for a new release: the lowest of proxy.ports that nothing listens on (`ss -ltnH` on
 * the host) and no container of the app (running or retained, so a rollback can start it
 * again on its own port) was given.
 */
async function freePort(shell, s, containers, kind) {
    const listening = parseListeningPorts(await must(shell, (0,ssh_shell.sh)('ss', '-ltnH'), 'listing listening ports (ss -ltnH)', kind, 'proxy.ports'));
    const given = containers.flatMap((c) => (c?.proxyPort !== undefined ? [c.proxyPort] : []));
    try {
        return planPorts(s.ports, [...listening, ...given]);
    }
    catch (err) {
        if (err instanceof errors/* RollwatchError */.vP && err.field)
            throw new errors/* RollwatchError */.vP(err.kind, `${shell.host.name}: ${err.message.slice(err.field.length + 2)}`, err.field, err.hint);
        throw err;
    }
}
/** The port a release listens on: recorded at deploy, else the proxy's word for it, else its health check's port. */
function releasePort(c, upstream) {
    return c?.proxyPort ?? upstream ?? c?.healthCheck?.port ?? null;
}


/***/ })

};
;