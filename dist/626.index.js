"use strict";
exports.id = 626;
exports.ids = [626,326];
exports.modules = {

/***/ 66556:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LB: () => (/* binding */ engineRefusal),
/* harmony export */   _n: () => (/* binding */ dockerClient),
/* harmony export */   cc: () => (/* binding */ keepRegistryAuthOutOfDebugLogs)
/* harmony export */ });
/* unused harmony export redactEngineSecrets */
/* harmony import */ var dockerode__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(39040);
/* harmony import */ var dockerode__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(dockerode__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var debug__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2830);
/* harmony import */ var debug__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(debug__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _targets_ssh_hostkeys__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(26313);
/* harmony import */ var _engine_settings__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(73020);
/**
 * The Docker engine that builds and pushes (`docker.host`, or DOCKER_HOST): checked at load like
 * every other input, and reached the way the deploy hosts are: TLS with the engine's CA and a
 * client certificate for tcp://, strict host keys for ssh://, plain tcp only to this machine
 * unless the config accepts it by name.
 */




/** Why the last connection of a client was refused (an ssh:// host key), to name in its error. */
const refusals = new WeakMap();
function dockerClient(engine) {
    keepRegistryAuthOutOfDebugLogs();
    if (!engine)
        return new (dockerode__WEBPACK_IMPORTED_MODULE_0___default())();
    const u = new URL(engine.url);
    if (u.protocol === 'unix:')
        return new (dockerode__WEBPACK_IMPORTED_MODULE_0___default())({ socketPath: u.pathname });
    if (u.protocol === 'npipe:')
        return new (dockerode__WEBPACK_IMPORTED_MODULE_0___default())({ socketPath: engine.url.slice('npipe://'.length) });
    if (u.protocol === 'tcp:') {
        if (!engine.tls)
            return new (dockerode__WEBPACK_IMPORTED_MODULE_0___default())({ host: u.hostname, port: Number(u.port || 2375), protocol: 'http' });
        return new (dockerode__WEBPACK_IMPORTED_MODULE_0___default())({ host: u.hostname, port: Number(u.port || 2376), protocol: 'https', ca: engine.tls.ca, cert: engine.tls.cert, key: engine.tls.key });
    }
    const ssh = engine.ssh;
    const port = Number(u.port || 22);
    const label = `Docker engine ${u.hostname}:${port} (docker.host)`;
    let decision = null;
    const listed = ssh.knownHosts ? (0,_targets_ssh_hostkeys__WEBPACK_IMPORTED_MODULE_2__/* .knownKeysFor */ .De)(ssh.knownHosts, u.hostname, port) : [];
    const docker = new (dockerode__WEBPACK_IMPORTED_MODULE_0___default())({
        protocol: 'ssh',
        host: u.hostname,
        port,
        username: ssh.user,
        sshOptions: {
            privateKey: ssh.privateKey,
            passphrase: ssh.passphrase,
            agent: process.env.SSH_AUTH_SOCK,
            hostVerifier: (key) => {
                const known = listed.length > 0 || ssh.hostKeys !== 'accept-new' ? listed : (0,_targets_ssh_hostkeys__WEBPACK_IMPORTED_MODULE_2__/* .rememberedKeys */ .$Q)(u.hostname, port);
                decision = (0,_targets_ssh_hostkeys__WEBPACK_IMPORTED_MODULE_2__/* .decideHostKey */ ["if"])(key, { hostLabel: label, known, mode: ssh.hostKeys, pinHint: 'add it to ssh.knownHostsFile (the build engine is checked like the hosts)' });
                if (decision.accept && decision.trustedOnFirstUse)
                    (0,_targets_ssh_hostkeys__WEBPACK_IMPORTED_MODULE_2__/* .rememberFirstKey */ .Jt)(u.hostname, port, key);
                return decision.accept;
            },
        },
    });
    refusals.set(docker, () => {
        const d = decision;
        return d && !d.accept ? d.reason : null;
    });
    return docker;
}
/** The host key refusal behind a failed call of this client, if that is what failed it. */
function engineRefusal(docker) {
    return refusals.get(docker)?.() ?? null;
}
/**
 * docker-modem logs every request under DEBUG=modem, headers included: X-Registry-Auth is the
 * registry user and password in base64, and a TLS client key would follow. Those values are
 * replaced once debug has formatted a line, before any writer (stderr or another) gets it.
 */
let hooked = false;
function keepRegistryAuthOutOfDebugLogs() {
    if (hooked)
        return;
    hooked = true;
    const formatArgs = (debug__WEBPACK_IMPORTED_MODULE_1___default().formatArgs);
    (debug__WEBPACK_IMPORTED_MODULE_1___default().formatArgs) = function (args) {
        formatArgs.call(this, args);
        for (let i = 0; i < args.length; i++)
            if (typeof args[i] === 'string')
                args[i] = redactEngineSecrets(args[i]);
    };
}
function redactEngineSecrets(text) {
    return text
        .replace(/(X-Registry-(?:Auth|Config)'?"?\s*[:=]\s*['"]?)[^'"\s,}]+/gi, '$1***')
        .replace(/(\bkey:\s*)(<Buffer[^>]*>|'[^']*'|"[^"]*")/g, '$1***');
}


/***/ }),

/***/ 68417:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   engineClient: () => (/* binding */ engineClient)
/* harmony export */ });
/* harmony import */ var dockerode__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(39040);
/* harmony import */ var dockerode__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(dockerode__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _docker_engine__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(66556);
/* harmony import */ var _engine_channel__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(31863);



/**
 * A dockerode client over `agent` (engine-channel.ts), speaking ENGINE_API_VERSION. Its own
 * module, loaded on first use: dockerode is a large share of start-up, and a deploy loads it
 * while its SSH handshakes wait on the hosts (Fleet.preflight), not before them.
 */
function engineClient(agent) {
    (0,_docker_engine__WEBPACK_IMPORTED_MODULE_1__/* .keepRegistryAuthOutOfDebugLogs */ .cc)();
    return new (dockerode__WEBPACK_IMPORTED_MODULE_0___default())({ host: 'docker', port: 80, protocol: 'http', agent, version: _engine_channel__WEBPACK_IMPORTED_MODULE_2__/* .ENGINE_API_VERSION */ .bG });
}


/***/ }),

/***/ 26313:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Q: () => (/* binding */ rememberedKeys),
/* harmony export */   De: () => (/* binding */ knownKeysFor),
/* harmony export */   Jt: () => (/* binding */ rememberFirstKey),
/* harmony export */   YZ: () => (/* binding */ firstUseKeys),
/* harmony export */   eI: () => (/* binding */ restoreFirstUseKeys),
/* harmony export */   "if": () => (/* binding */ decideHostKey),
/* harmony export */   o4: () => (/* binding */ preferredKeyTypes)
/* harmony export */ });
/* unused harmony exports describeKey, fingerprintOf, FIRST_USE_SOURCE, forgetFirstUseKeys */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

function describeKey(blob) {
    let type = 'unknown';
    if (blob.length >= 4) {
        const len = blob.readUInt32BE(0);
        if (len > 0 && len < 64 && blob.length >= 4 + len)
            type = blob.subarray(4, 4 + len).toString('latin1');
    }
    return { type, fingerprint: fingerprintOf(blob) };
}
function fingerprintOf(blob) {
    return 'SHA256:' + (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(blob).digest('base64').replace(/=+$/, '');
}
function hostPatterns(rawAddress, port) {
    const address = rawAddress.toLowerCase();
    return port === 22 ? [address, `[${address}]:22`] : [`[${address}]:${port}`];
}
function matchesHashed(entry, candidates) {
    const m = /^\|1\|([^|]+)\|(.+)$/.exec(entry);
    if (!m)
        return false;
    const salt = Buffer.from(m[1], 'base64');
    return candidates.some((c) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha1', salt).update(c).digest('base64') === m[2]);
}
/** Keys that a known_hosts text lists for this host (plain or hashed entries; no wildcards). */
function knownKeysFor(knownHosts, address, port) {
    const candidates = hostPatterns(address, port);
    const keys = [];
    for (const rawLine of knownHosts.split('\n')) {
        const line = rawLine.trim();
        if (!line || line.startsWith('#'))
            continue;
        const parts = line.split(/\s+/);
        if (parts[0].startsWith('@'))
            continue; // @revoked / @cert-authority are not supported as pins
        if (parts.length < 3)
            continue;
        const [hosts, type, b64] = parts;
        const hit = hosts.split(',').some((h) => candidates.includes(h.toLowerCase()) || matchesHashed(h, candidates));
        if (hit)
            keys.push({ type, blob: Buffer.from(b64, 'base64') });
    }
    return keys;
}
function decideHostKey(blob, policy) {
    const offered = describeKey(blob);
    const expected = [];
    if (policy.fingerprint) {
        const pin = policy.fingerprint.replace(/=+$/, '');
        if (offered.fingerprint === pin)
            return { accept: true, offered, trustedOnFirstUse: false };
        expected.push(`${pin} (pinned)`);
    }
    for (const k of policy.known) {
        if (k.blob.equals(blob))
            return { accept: true, offered, trustedOnFirstUse: false };
        expected.push(`${k.type} ${fingerprintOf(k.blob)} (${k.source ?? 'known_hosts'})`);
    }
    if (expected.length === 0 && policy.mode === 'accept-new')
        return { accept: true, offered, trustedOnFirstUse: true };
    const reason = expected.length === 0
        ? `host key of ${policy.hostLabel} is unknown (offered ${offered.type} ${offered.fingerprint}); ${policy.pinHint ?? 'pin it in hosts[].fingerprint or known_hosts'}`
        : `host key of ${policy.hostLabel} does not match: expected ${expected.join(' or ')}, offered ${offered.type} ${offered.fingerprint}. Refusing to connect: the host was reinstalled or someone is in the middle`;
    return { accept: false, offered, reason };
}
/** Host key algorithms to offer, so the server presents a key type we can check. */
function preferredKeyTypes(known) {
    const types = [...new Set(known.map((k) => k.type))];
    return types.length > 0 ? types : undefined;
}
/**
 * Keys trusted on first use (ssh.hostKeys: accept-new) during this run, by "[address]:port".
 * Only the first key a host offers is trusted: a reconnect (or the post step, which gets them
 * through the action state) must meet the same key, or it is refused like a known_hosts mismatch.
 */
const firstUse = new Map();
const endpoint = (address, port) => `[${address.toLowerCase()}]:${port}`;
const FIRST_USE_SOURCE = 'trusted on first use earlier in this run';
function rememberedKeys(address, port) {
    const blob = firstUse.get(endpoint(address, port));
    return blob ? [{ type: describeKey(blob).type, blob, source: FIRST_USE_SOURCE }] : [];
}
function rememberFirstKey(address, port, blob) {
    if (!firstUse.has(endpoint(address, port)))
        firstUse.set(endpoint(address, port), Buffer.from(blob));
}
/** The keys trusted on first use so far, to hand to the post step: { "[address]:port": base64 key }. */
function firstUseKeys() {
    return Object.fromEntries([...firstUse].map(([k, blob]) => [k, blob.toString('base64')]));
}
/** Takes back the keys the main step trusted (ignores anything that is not an endpoint and a key). */
function restoreFirstUseKeys(saved) {
    if (!saved || typeof saved !== 'object')
        return;
    for (const [k, v] of Object.entries(saved)) {
        if (/^\[[^\]\s]+\]:\d{1,5}$/.test(k) && typeof v === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(v) && !firstUse.has(k))
            firstUse.set(k, Buffer.from(v, 'base64'));
    }
}
/** Forgets every key trusted on first use (a new run in the same process, and tests). */
function forgetFirstUseKeys() {
    firstUse.clear();
}


/***/ }),

/***/ 59413:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SwarmOrchestrator: () => (/* binding */ SwarmOrchestrator)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/metrics/http.ts
var http = __webpack_require__(57345);
// EXTERNAL MODULE: ./src/targets/ssh/commands.ts
var commands = __webpack_require__(80657);
// EXTERNAL MODULE: ./node_modules/node-ssh/lib/esm/index.mjs + 2 modules
var esm = __webpack_require__(19487);
// EXTERNAL MODULE: ./src/targets/ssh/hostkeys.ts
var hostkeys = __webpack_require__(26313);
// EXTERNAL MODULE: ./src/targets/ssh/engine-channel.ts
var engine_channel = __webpack_require__(31863);
// EXTERNAL MODULE: ./src/targets/ssh/engine-client.ts
var engine_client = __webpack_require__(68417);
;// CONCATENATED MODULE: ./src/targets/swarm/engine-connection.ts





/**
 * The Docker engine API of one host, reached over SSH with the same strict host-key check as
 * the SSH target: one SSH connection, and per HTTP connection a channel of it to the engine
 * (engine-channel.ts: a socket forward, else `docker system dial-stdio`). dockerode drives it.
 */
class EngineConnection {
    host;
    settings;
    onWarning;
    ssh = null;
    agent = null;
    client = null;
    constructor(host, settings, onWarning) {
        this.host = host;
        this.settings = settings;
        this.onWarning = onWarning;
    }
    async docker() {
        if (this.client && this.ssh?.isConnected())
            return this.client;
        this.close();
        const ssh = await this.connect();
        this.ssh = ssh;
        const agent = (0,engine_channel/* engineAgent */.aS)(() => ssh.connection, () => `${this.host.name}: the SSH connection to the Swarm manager is closed`);
        this.agent = agent;
        this.client = (0,engine_client.engineClient)(agent);
        return this.client;
    }
    async connect() {
        const { host, settings } = this;
        const label = `${host.name} (${host.address}:${host.port})`;
        const known = settings.knownHosts ? (0,hostkeys/* knownKeysFor */.De)(settings.knownHosts, host.address, host.port) : [];
        let decision = null;
        const ssh = new esm/* NodeSSH */.H();
        const types = host.fingerprint ? undefined : (0,hostkeys/* preferredKeyTypes */.o4)(known);
        try {
            await ssh.connect({
                host: host.address,
                port: host.port,
                username: host.user,
                privateKey: settings.privateKey,
                passphrase: settings.passphrase,
                readyTimeout: settings.connectTimeoutMs,
                keepaliveInterval: 5000,
                keepaliveCountMax: 3,
                tryKeyboard: false,
                ...(types && { algorithms: { serverHostKey: types.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t])) } }),
                hostVerifier: (key) => {
                    decision = (0,hostkeys/* decideHostKey */["if"])(key, { hostLabel: label, fingerprint: host.fingerprint, known, mode: settings.hostKeys });
                    if (decision.accept && decision.trustedOnFirstUse)
                        this.onWarning(`${label}: trusting host key ${decision.offered.type} ${decision.offered.fingerprint} on first use (ssh.hostKeys: accept-new)`);
                    return decision.accept;
                },
            });
        }
        catch (err) {
            const d = decision;
            if (d && !d.accept)
                throw new errors/* RollwatchError */.vP('preflight', d.reason, `hosts.${host.name}`);
            throw new errors/* RollwatchError */.vP('preflight', `${label}: cannot connect over SSH to the Swarm manager: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
        ssh.connection?.on('error', () => undefined); // a dead connection is noticed by the next call
        return ssh;
    }
    close() {
        this.agent?.destroy();
        try {
            this.ssh?.dispose();
        }
        catch {
            /* already closed */
        }
        this.agent = null;
        this.ssh = null;
        this.client = null;
    }
}

;// CONCATENATED MODULE: ./src/targets/swarm/spec.ts

const NS = 1_000_000; // Swarm durations are nanoseconds
function memoryBytes(m) {
    if (!m)
        return undefined;
    const x = /^([0-9]+)([bkmg]?)$/i.exec(m);
    if (!x)
        return undefined;
    const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[x[2].toLowerCase()];
    return Number(x[1]) * unit;
}
function parsePort(p) {
    const proto = p.endsWith('/udp') ? 'udp' : 'tcp';
    const parts = p.replace(/\/(tcp|udp)$/, '').split(':').map(Number);
    const target = parts[parts.length - 1];
    const published = parts.length >= 2 ? parts[parts.length - 2] : target;
    return { Protocol: proto, TargetPort: target, PublishedPort: published, PublishMode: 'host' };
}
/**
 * The whole service spec for `release`. Swarm's rollback restores the whole previous spec, so
 * every spec carries UpdateConfig, RollbackConfig and (when configured) the Healthcheck: a
 * rollback then never brings back settings of an older run.
 */
function buildServiceSpec(config, swarm, release, meta) {
    const labels = (0,commands/* releaseLabels */.lM)(config.container.labels, { app: config.app, ...release, ...meta });
    const env = [...config.container.env.map((e) => `${e.key}=${e.value}`), `ROLLWATCH_APP=${config.app}`, `ROLLWATCH_VERSION=${release.version}`];
    const hc = swarm.healthcheck;
    const memory = memoryBytes(config.container.memory);
    const holdsHostPort = swarm.hostPorts.length > 0;
    const update = {
        Parallelism: swarm.parallelism,
        Delay: swarm.delayMs * NS,
        FailureAction: 'rollback',
        Monitor: swarm.monitorMs * NS,
        MaxFailureRatio: 0,
        Order: swarm.order,
    };
    const spec = {
        Name: swarm.service,
        Labels: labels,
        TaskTemplate: {
            ContainerSpec: {
                Image: release.imageRef,
                Labels: labels,
                Env: env,
                ...(hc && { Healthcheck: { Test: ['CMD', ...hc.test], Interval: hc.intervalMs * NS, Timeout: hc.timeoutMs * NS, Retries: hc.retries, StartPeriod: hc.startPeriodMs * NS } }),
            },
            RestartPolicy: { Condition: 'on-failure', Delay: 1000 * NS, MaxAttempts: 0 },
            // one task per node when a task holds a host port: a second one could never bind it
            Placement: holdsHostPort ? { MaxReplicas: 1 } : {},
        },
        Mode: { Replicated: { Replicas: swarm.replicas } },
        UpdateConfig: update,
        // host ports: one task at a time and stop-first, or a task lands where the port is still held
        RollbackConfig: { ...update, Parallelism: swarm.rollbackParallelism, FailureAction: 'pause', Order: holdsHostPort ? 'stop-first' : update.Order },
    };
    if (config.container.cpus || memory)
        spec.TaskTemplate.Resources = { Limits: { ...(config.container.cpus && { NanoCPUs: Math.round(config.container.cpus * 1e9) }), ...(memory && { MemoryBytes: memory }) } };
    if (config.container.network)
        spec.TaskTemplate.Networks = [{ Target: config.container.network }];
    if (config.container.ports.length > 0)
        spec.EndpointSpec = { Mode: 'dnsrr', Ports: config.container.ports.map(parsePort) };
    return spec;
}
/** Whether a running service already runs exactly this release (same digest): nothing to update. */
function runsRelease(current, release) {
    return current?.TaskTemplate?.ContainerSpec?.Image === release.imageRef;
}

;// CONCATENATED MODULE: ./src/targets/swarm/status.ts
/**
 * The phase of the update that started after `before` (the UpdateStatus read before sending
 * it): a status with the same StartedAt belongs to an earlier update and says nothing yet.
 */
function updatePhase(status, before) {
    if (!status?.State)
        return { phase: 'pending' };
    if (before?.StartedAt && status.StartedAt === before.StartedAt)
        return { phase: 'pending' };
    const message = status.Message ?? '';
    switch (status.State) {
        case 'updating':
            return { phase: 'updating' };
        case 'completed':
            return { phase: 'completed' };
        case 'rollback_started':
            return { phase: 'rolling-back', message };
        case 'rollback_completed':
            return { phase: 'rolled-back', message };
        case 'paused':
        case 'rollback_paused':
            return { phase: 'paused', message: `${status.State}: ${message}` };
        default:
            return { phase: 'updating' };
    }
}
const imageOf = (t) => t.Spec?.ContainerSpec?.Image ?? '';
/** Running tasks of `image` and what keeps the service from being fully on it. */
function readiness(tasks, image, replicas) {
    const live = tasks.filter((t) => t.DesiredState === 'running');
    const running = live.filter((t) => t.Status?.State === 'running' && imageOf(t) === image);
    const others = tasks.filter((t) => t.Status?.State === 'running' && imageOf(t) !== image);
    const notYet = live.filter((t) => imageOf(t) === image && t.Status?.State !== 'running');
    const ready = running.length >= replicas && others.length === 0;
    const waiting = ready
        ? ''
        : [
            running.length < replicas ? `${running.length}/${replicas} task(s) running` : null,
            notYet.length ? `${notYet.map((t) => t.Status?.State ?? '?').join(', ')}` : null,
            others.length ? `${others.length} task(s) of another image still running` : null,
        ]
            .filter(Boolean)
            .join('; ');
    return { ready, running, waiting };
}
/**
 * Tasks of `image` that failed (exited, did not start, were rejected): tasks whose container
 * ran and failed first, then the rest; newest first within each. A scheduler rejection such as
 * "no suitable node (max replicas per node)" is usually a side effect of the rollout itself, so
 * it must not hide the task that shows the cause.
 */
function failedTasks(tasks, image) {
    const ranAndFailed = (t) => (t.Status?.ContainerStatus?.ExitCode !== undefined || t.Status?.State === 'failed' ? 0 : 1);
    return tasks
        .filter((t) => imageOf(t) === image && (['failed', 'rejected'].includes(t.Status?.State ?? '') || (t.Status?.Err ?? '') !== ''))
        .sort((a, b) => ranAndFailed(a) - ranAndFailed(b) || (b.CreatedAt ?? '').localeCompare(a.CreatedAt ?? ''));
}
/** "task 3k2… (slot 2) on h2: task: non-zero exit (3), exit code 3". */
function describeTask(t, nodeName) {
    const err = t.Status?.Err || t.Status?.Message || t.Status?.State || 'unknown';
    const code = t.Status?.ContainerStatus?.ExitCode;
    return `task ${t.ID.slice(0, 12)}${t.Slot ? ` (slot ${t.Slot})` : ''} on ${nodeName(t.NodeID)}: ${err}${code !== undefined && code !== 0 ? `, exit code ${code}` : ''}`;
}
/** The sentence for a rollback that Swarm's own failure action made. */
function swarmRollbackReason(message, failed, nodeName) {
    const tasks = failed.slice(0, 3).map((t) => describeTask(t, nodeName));
    return `rolled back by Swarm (update failure action): ${tasks.length ? tasks.join('; ') : 'a task of the new version failed'}${message ? ` (Swarm: "${message}")` : ''}`;
}

;// CONCATENATED MODULE: ./src/targets/swarm/orchestrator.ts






const POLL_MS = 500;
/** Docker Swarm through a manager's engine API: Swarm's own rolling update and rollback. */
class SwarmOrchestrator {
    config;
    log;
    swarm;
    manager;
    engine;
    nodes = new Map();
    constructor(config, log) {
        this.config = config;
        this.log = log;
        if (!config.swarm)
            throw new errors/* RollwatchError */.vP('internal', 'target swarm without swarm settings');
        this.swarm = config.swarm;
        this.manager = config.hosts.find((h) => h.name === this.swarm.manager);
        this.engine = new EngineConnection(this.manager, config.ssh, (m) => log.warn(m));
    }
    describe() {
        return `swarm service ${this.swarm.service} via manager ${this.manager.name} (${this.manager.address})`;
    }
    docker() {
        return this.engine.docker();
    }
    async preflight() {
        const docker = await this.docker();
        const info = (await docker.info());
        const s = info.Swarm;
        if (s?.LocalNodeState !== 'active' || !s.ControlAvailable) {
            throw new errors/* RollwatchError */.vP('preflight', `${this.manager.name} (${this.manager.address}) is not a Swarm manager (swarm state: ${s?.LocalNodeState ?? 'unknown'}${s?.LocalNodeState === 'active' ? ', a worker' : ''}); nothing was changed`, 'swarm.manager', 'name a manager node in swarm.manager, or form the swarm first (docker swarm init)');
        }
        await this.refreshNodes();
        return `Docker ${info.ServerVersion}, swarm manager of ${s.Nodes ?? this.nodes.size} node(s)`;
    }
    async refreshNodes() {
        const docker = await this.docker();
        const nodes = (await docker.listNodes());
        this.nodes = new Map(nodes.map((n) => [n.ID, { hostname: n.Description?.Hostname ?? n.ID.slice(0, 12), address: n.Status?.Addr ?? '' }]));
    }
    /** The config host a node is (by address, then by name), or null. */
    hostOf(nodeId) {
        const n = nodeId ? this.nodes.get(nodeId) : undefined;
        if (!n)
            return null;
        return this.config.hosts.find((h) => h.address === n.address) ?? this.config.hosts.find((h) => h.name === n.hostname) ?? null;
    }
    nodeName = (nodeId) => this.hostOf(nodeId)?.name ?? (nodeId ? (this.nodes.get(nodeId)?.hostname ?? nodeId.slice(0, 12)) : 'no node');
    unit(t) {
        const host = this.hostOf(t.NodeID);
        return {
            id: t.ID,
            host: host?.name ?? null,
            address: host?.address ?? (t.NodeID ? (this.nodes.get(t.NodeID)?.address ?? '') : ''),
            version: t.Spec?.ContainerSpec?.Labels?.[commands/* LABEL */.d_.version] ?? null,
            image: imageOf(t),
            state: t.Status?.State ?? 'unknown',
            error: t.Status?.Err || null,
            exitCode: t.Status?.ContainerStatus?.ExitCode ?? null,
        };
    }
    async service() {
        const docker = await this.docker();
        try {
            return (await docker.getService(this.swarm.service).inspect());
        }
        catch (err) {
            if (err.statusCode === 404)
                return null;
            throw new errors/* RollwatchError */.vP('deploy', `reading service ${this.swarm.service}: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
    }
    async tasks(desiredRunning) {
        const docker = await this.docker();
        const filters = { service: [this.swarm.service] };
        if (desiredRunning)
            filters['desired-state'] = ['running'];
        const tasks = (await docker.listTasks({ filters }));
        if (tasks.some((t) => t.NodeID && !this.nodes.has(t.NodeID)))
            await this.refreshNodes();
        return tasks;
    }
    async current() {
        const svc = await this.service();
        if (!svc)
            return null;
        const tasks = await this.tasks(true);
        return {
            version: svc.Spec.Labels?.[commands/* LABEL */.d_.version] ?? null,
            image: svc.Spec.TaskTemplate.ContainerSpec.Image,
            previousVersion: svc.PreviousSpec?.Labels?.[commands/* LABEL */.d_.version] ?? null,
            units: tasks.filter((t) => t.Status?.State === 'running').map((t) => this.unit(t)),
            updateState: svc.UpdateStatus?.State ?? null,
            updateMessage: svc.UpdateStatus?.Message ?? null,
        };
    }
    registryAuth() {
        const r = this.config.registry;
        if (!r?.username || r.password === undefined)
            return undefined;
        return { username: r.username, password: r.password, serveraddress: r.server };
    }
    async rollout(ctx, release) {
        const docker = await this.docker();
        const spec = buildServiceSpec(this.config, this.swarm, release, { runId: ctx.runId, deployedAt: new Date(ctx.clock.now()).toISOString() });
        const before = await this.service();
        const auth = this.registryAuth();
        if (!before) {
            this.log.info(`creating service ${this.swarm.service} with ${release.imageRef} (${this.swarm.replicas} replica(s))`);
            try {
                await docker.createService(auth, spec);
            }
            catch (err) {
                throw new errors/* RollwatchError */.vP('deploy', `creating service ${this.swarm.service}: ${(0,errors/* errorMessage */.gJ)(err)}`);
            }
        }
        else {
            if (runsRelease(before.Spec, release)) {
                const r = readiness(await this.tasks(true), release.imageRef, this.swarm.replicas);
                if (r.ready) {
                    this.log.info(`service ${this.swarm.service} already runs ${release.version}; nothing to update`);
                    return { kind: 'completed', units: r.running.map((t) => this.unit(t)) };
                }
                spec.TaskTemplate.ForceUpdate = (before.Spec.TaskTemplate.ForceUpdate ?? 0) + 1;
            }
            this.log.info(`updating service ${this.swarm.service} to ${release.imageRef}: parallelism ${this.swarm.parallelism}, delay ${this.swarm.delayMs / 1000}s, ${this.swarm.order}, monitor ${this.swarm.monitorMs / 1000}s, failure action rollback`);
            await this.update(before, spec, auth);
        }
        return this.waitForUpdate(ctx, release.imageRef, before);
    }
    async update(before, spec, auth, rollback = false) {
        const docker = await this.docker();
        const query = { version: before.Version.Index };
        if (rollback)
            query.rollback = 'previous';
        try {
            await docker.getService(before.ID).update(auth, { _query: query, _body: spec });
        }
        catch (err) {
            const msg = (0,errors/* errorMessage */.gJ)(err);
            if (/out of sequence/i.test(msg))
                throw new errors/* RollwatchError */.vP('deploy', `service ${this.swarm.service} was changed by someone else while this run read it ("update out of sequence"); nothing was sent`, undefined, 'run again');
            throw new errors/* RollwatchError */.vP('deploy', `${rollback ? 'rolling back' : 'updating'} service ${this.swarm.service}: ${msg}`);
        }
    }
    async waitForUpdate(ctx, image, before) {
        const deadline = ctx.clock.now() + this.swarm.updateTimeoutMs;
        let last = '';
        let rollingBack = null;
        for (;;) {
            const svc = await this.service();
            if (!svc)
                return { kind: 'failed', reason: `service ${this.swarm.service} disappeared during the update`, units: [] };
            const p = before ? updatePhase(svc.UpdateStatus, before.UpdateStatus) : { phase: 'created' };
            const tasks = await this.tasks(false);
            const live = tasks.filter((t) => t.DesiredState === 'running');
            if (p.phase === 'rolling-back' || p.phase === 'rolled-back') {
                if (rollingBack === null) {
                    this.log.warn(`Swarm is rolling the update back by itself: ${p.message}`);
                    // the first message says why ("update rolled back due to failure or early termination of task …")
                    rollingBack = p.message;
                }
            }
            if (p.phase === 'rolled-back') {
                const failed = failedTasks(tasks, image);
                const reason = swarmRollbackReason(rollingBack || p.message, failed, this.nodeName);
                const previousImage = svc.Spec.TaskTemplate.ContainerSpec.Image;
                const back = await this.waitRunning(ctx, previousImage, 'Swarm rollback');
                return { kind: 'rolled-back-by-orchestrator', reason, failedUnits: failed.map((t) => this.unit(t)), units: back.units, backHealthy: back.healthy };
            }
            if (p.phase === 'paused')
                return { kind: 'failed', reason: `Swarm paused the update: ${p.message}`, units: live.map((t) => this.unit(t)) };
            if (p.phase === 'completed' || p.phase === 'created') {
                const r = readiness(tasks, image, this.swarm.replicas);
                if (r.ready)
                    return { kind: 'completed', units: r.running.map((t) => this.unit(t)) };
                last = r.waiting;
                // a created service has no failure action: when every slot has failed twice, the deploy
                // fails (Swarm would keep restarting them)
                const failed = p.phase === 'created' ? failedTasks(tasks, image) : [];
                if (failed.length >= 2 * this.swarm.replicas)
                    return { kind: 'failed', reason: swarmRollbackReason('', failed, this.nodeName).replace(/^rolled back by Swarm \(update failure action\)/, 'the new service does not start'), units: [] };
            }
            else
                last = p.phase === 'pending' ? 'waiting for Swarm to start the update' : readiness(tasks, image, this.swarm.replicas).waiting;
            if (ctx.signal.aborted && !rollingBack)
                return { kind: 'failed', reason: 'interrupted by a signal during the update', units: live.map((t) => this.unit(t)) };
            if (ctx.clock.now() >= deadline)
                return { kind: 'failed', reason: `the update did not finish within ${this.swarm.updateTimeoutMs / 1000}s (${rollingBack ? `Swarm rolling back: ${rollingBack}` : last})`, units: live.map((t) => this.unit(t)) };
            await ctx.clock.sleep(POLL_MS);
        }
    }
    /** Waits until every replica runs `image` and answers its health check (Swarm's rollback_completed comes earlier). */
    async waitRunning(ctx, image, what) {
        const deadline = ctx.clock.now() + this.swarm.updateTimeoutMs;
        for (;;) {
            const r = readiness(await this.tasks(false), image, this.swarm.replicas);
            if (r.ready) {
                const units = r.running.map((t) => this.unit(t));
                const health = await this.health(ctx, units);
                const bad = units.filter((u) => !health.get(u.id)?.healthy);
                if (bad.length === 0)
                    return { healthy: true, detail: `every task runs ${units[0]?.version ?? image} and answers its health check`, units };
                if (ctx.clock.now() >= deadline)
                    return { healthy: false, detail: `${what}: ${bad.map((u) => `${u.host ?? u.address}: ${health.get(u.id)?.detail}`).join('; ')}`, units };
            }
            else if (ctx.clock.now() >= deadline) {
                return { healthy: false, detail: `${what} did not finish within ${this.swarm.updateTimeoutMs / 1000}s: ${r.waiting}`, units: r.running.map((t) => this.unit(t)) };
            }
            await ctx.clock.sleep(POLL_MS);
        }
    }
    async undo(ctx) {
        const svc = await this.service();
        if (!svc)
            return { healthy: false, detail: `service ${this.swarm.service} does not exist`, units: [] };
        if (!svc.PreviousSpec)
            return { healthy: false, detail: `Swarm keeps no previous spec of ${this.swarm.service}: nothing to roll back to`, units: [] };
        const previousImage = svc.PreviousSpec.TaskTemplate.ContainerSpec.Image;
        this.log.info(`asking Swarm to roll ${this.swarm.service} back to its previous spec (${svc.PreviousSpec.Labels?.[commands/* LABEL */.d_.version] ?? previousImage})`);
        await this.update(svc, svc.Spec, this.registryAuth(), true);
        const deadline = ctx.clock.now() + this.swarm.updateTimeoutMs;
        for (;;) {
            const now = await this.service();
            const p = updatePhase(now?.UpdateStatus, svc.UpdateStatus);
            if (p.phase === 'rolled-back' || p.phase === 'completed')
                break;
            if (p.phase === 'paused')
                return { healthy: false, detail: `Swarm paused the rollback: ${p.message}`, units: [] };
            if (ctx.clock.now() >= deadline)
                break;
            await ctx.clock.sleep(POLL_MS);
        }
        return this.waitRunning(ctx, previousImage, 'rollback');
    }
    async health(_ctx, units) {
        const h = this.config.health;
        const out = new Map();
        await Promise.all(units.map(async (u) => {
            if (u.state !== 'running')
                return void out.set(u.id, { healthy: false, detail: `task is ${u.state}` });
            if (!h.path || !h.port)
                return void out.set(u.id, { healthy: true, detail: 'task running (Swarm counts a task running only once its health check passes)' });
            const url = (0,http/* hostUrl */.UN)(h.scheme, u.address, h.port, h.path);
            const r = await (0,http/* httpGet */.lx)(url, h.requestTimeoutMs);
            out.set(u.id, { healthy: r.ok, detail: r.ok ? `GET ${url} answered 2xx` : `GET ${url}: ${r.error ?? `HTTP ${r.status}`}` });
        }));
        return out;
    }
    close() {
        this.engine.close();
    }
}


/***/ }),

/***/ 6262:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Server: () => (/* binding */ Server),
/* harmony export */   ServerCredentials: () => (/* binding */ ServerCredentials),
/* harmony export */   loadGrpc: () => (/* binding */ loadGrpc),
/* harmony export */   loadPackageDefinition: () => (/* binding */ loadPackageDefinition),
/* harmony export */   loadSync: () => (/* binding */ loadSync)
/* harmony export */ });
let real;
/** Loads the real packages; await it before a BuildKit build. */
async function loadGrpc() {
    if (real)
        return;
    const [grpc, protoLoader] = await Promise.all([__webpack_require__.e(/* import() */ 33).then(__webpack_require__.bind(__webpack_require__, 83033)), __webpack_require__.e(/* import() */ 81).then(__webpack_require__.bind(__webpack_require__, 76081))]);
    real = { grpc: grpc, protoLoader: protoLoader };
}
function loaded() {
    if (!real)
        throw new Error('gRPC is loaded on demand: await loadGrpc() before a BuildKit build');
    return real;
}
class Server {
    constructor(...args) {
        // a constructor may return another object: callers get the real grpc Server
        return new (loaded().grpc.Server)(...args);
    }
}
const ServerCredentials = {
    createInsecure: () => loaded().grpc.ServerCredentials.createInsecure(),
};
function loadPackageDefinition(...args) {
    return loaded().grpc.loadPackageDefinition(...args);
}
/** `@grpc/proto-loader`'s one function dockerode uses. */
function loadSync(...args) {
    return loaded().protoLoader.loadSync(...args);
}


/***/ })

};
;