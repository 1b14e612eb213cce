"use strict";
exports.id = 7;
exports.ids = [7];
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

/***/ 70007:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildAndPush: () => (/* binding */ buildAndPush),
  resolveExisting: () => (/* binding */ resolveExisting),
  resolvePinned: () => (/* binding */ resolvePinned)
});

// UNUSED EXPORTS: buildOptions, dockerClient, ignoreFileFor, remoteDigest

// EXTERNAL MODULE: ./node_modules/@balena/dockerignore/ignore.js
var ignore = __webpack_require__(44158);
var ignore_default = /*#__PURE__*/__webpack_require__.n(ignore);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/tar-fs/index.js
var tar_fs = __webpack_require__(35645);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/vendor/grpc-on-demand.ts
var grpc_on_demand = __webpack_require__(6262);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(46193);
;// CONCATENATED MODULE: ./src/docker/progress.ts

function summarizeProgress(events) {
    const summary = { errors: [], digest: null, imageId: null, lines: [] };
    for (const e of events) {
        if (e.error || e.errorDetail?.message)
            summary.errors.push((e.errorDetail?.message ?? e.error ?? '').trim());
        if (e.aux?.Digest)
            summary.digest = e.aux.Digest;
        if (e.aux?.ID)
            summary.imageId = e.aux.ID;
        const text = (e.stream ?? e.status ?? '').trim();
        if (text)
            summary.lines.push(text);
    }
    return summary;
}
/** Splits newline-delimited JSON; a line that is not JSON becomes an error event. */
function parseProgressChunk(buffer) {
    const events = [];
    let rest = buffer;
    let nl;
    while ((nl = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, nl).trim();
        rest = rest.slice(nl + 1);
        if (!line)
            continue;
        try {
            const parsed = JSON.parse(line);
            if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
                events.push(parsed);
            else
                events.push({ error: `unexpected progress line from the Docker engine: ${line.slice(0, 200)}` });
        }
        catch {
            events.push({ error: `unreadable progress line from the Docker engine: ${line.slice(0, 200)}` });
        }
    }
    return { events, rest };
}
function readProgress(stream, onEvent = () => { }) {
    return new Promise((resolve, reject) => {
        const all = [];
        const decoder = new external_node_string_decoder_.StringDecoder('utf8');
        let buf = '';
        stream.on('data', (chunk) => {
            const { events, rest } = parseProgressChunk(buf + (typeof chunk === 'string' ? chunk : decoder.write(chunk)));
            buf = rest;
            for (const e of events) {
                all.push(e);
                onEvent(e);
            }
        });
        stream.on('error', reject);
        stream.on('end', () => {
            const { events } = parseProgressChunk(buf + decoder.end() + '\n');
            for (const e of events) {
                all.push(e);
                onEvent(e);
            }
            resolve(all);
        });
    });
}

// EXTERNAL MODULE: ./src/docker/engine.ts
var engine = __webpack_require__(66556);
;// CONCATENATED MODULE: ./src/docker/image.ts









function authconfig(reg) {
    if (!reg?.username || reg.password === undefined)
        return undefined;
    return { username: reg.username, password: reg.password, serveraddress: reg.server };
}
/**
 * The ignore file that applies: BuildKit reads `<Dockerfile>.dockerignore` next to the Dockerfile
 * first (so one context can serve several Dockerfiles), then the context's `.dockerignore`.
 */
function ignoreFileFor(context, dockerfile, builder, exists = external_node_fs_.existsSync) {
    const candidates = [...(builder === 'buildkit' ? [(0,external_node_path_.join)(context, `${dockerfile}.dockerignore`)] : []), (0,external_node_path_.join)(context, '.dockerignore')];
    return candidates.find((path) => exists(path)) ?? null;
}
function packContext(b) {
    // tar-fs's Pack is a streamx Readable, which the engine API accepts as a body.
    const { context, dockerfile } = b;
    if (!(0,external_node_fs_.existsSync)(context))
        throw new errors/* RollwatchError */.vP('input', `build context ${context} does not exist`, 'image.build.context');
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(context, dockerfile)))
        throw new errors/* RollwatchError */.vP('input', `no ${dockerfile} in ${context}`, 'image.build.dockerfile');
    const ignoreFile = ignoreFileFor(context, dockerfile, b.builder);
    const ig = ignore_default()({ ignorecase: false });
    if (ignoreFile)
        ig.add((0,external_node_fs_.readFileSync)(ignoreFile, 'utf8').split(/\r?\n/));
    return tar_fs/* pack */.q(context, {
        ignore: (name) => {
            const rel = (0,external_node_path_.relative)(context, name);
            return rel !== '' && rel !== dockerfile && ig.ignores(rel);
        },
    });
}
/** The engine's build options for these settings (POST /build; version "2" selects BuildKit). */
function buildOptions(b, tagRef, labels) {
    const buildargs = b.inlineCache ? { ...b.args, BUILDKIT_INLINE_CACHE: '1' } : b.args;
    return {
        t: tagRef,
        dockerfile: b.dockerfile,
        buildargs,
        target: b.target,
        labels,
        rm: true,
        forcerm: true,
        ...(b.cacheFrom.length > 0 && { cachefrom: b.cacheFrom }),
        ...(b.network !== 'default' && { networkmode: b.network }),
        ...(b.builder === 'buildkit' && { version: '2' }),
    };
}
/** The digest of repository:tag in the registry, or null when it is not there. */
async function remoteDigest(docker, ref, reg) {
    try {
        const info = (await docker.getImage(ref).distribution({ authconfig: authconfig(reg) }));
        return info.Descriptor?.digest ?? null;
    }
    catch (err) {
        const msg = (0,engine/* engineRefusal */.LB)(docker) ?? (0,errors/* errorMessage */.gJ)(err);
        if ((0,engine/* engineRefusal */.LB)(docker))
            throw new errors/* RollwatchError */.vP('build', msg, 'docker.host');
        if (/unknown|not found|no such|manifest/i.test(msg))
            return null;
        throw new errors/* RollwatchError */.vP('build', `cannot ask the registry about ${ref}: ${msg.split('\n')[0]}`);
    }
}
/** BuildKit reports its steps as protobuf trace messages; dockerode decodes them into plain `stream` lines. */
function followBuildKit(docker, stream, onEvent) {
    return new Promise((resolve, reject) => {
        docker
            .followProgress(stream, (err, out) => (err ? reject(new errors/* RollwatchError */.vP('build', `the build stream broke: ${(0,errors/* errorMessage */.gJ)(err)}`)) : resolve(out)), onEvent);
    });
}
async function buildAndPush(req, log) {
    const docker = (0,engine/* dockerClient */._n)(req.dockerHost);
    const tagRef = `${req.repository}:${req.version}`;
    const auth = authconfig(req.registry);
    if (!req.force) {
        const existing = await remoteDigest(docker, tagRef, req.registry);
        if (existing) {
            log.info(`${tagRef} is already in the registry (${existing}); skipping the build`);
            return { imageRef: `${req.repository}@${existing}`, tagRef, digest: existing, built: false };
        }
    }
    if (!req.build) {
        throw new errors/* RollwatchError */.vP('build', `${tagRef} is not in the registry and image.build is not configured`, 'image.build', 'configure image.build or push the image first');
    }
    const b = req.build;
    const labels = { ...b.labels, 'rollwatch.app': req.app, 'org.opencontainers.image.version': req.version };
    if (req.revision)
        labels['org.opencontainers.image.revision'] = req.revision;
    log.info(`building ${tagRef} from ${b.context} (${b.dockerfile}${b.target ? `, target ${b.target}` : ''}, ${b.builder === 'buildkit' ? 'BuildKit' : 'classic builder'})`);
    let stream;
    try {
        if (b.builder === 'buildkit')
            await (0,grpc_on_demand.loadGrpc)(); // dockerode's BuildKit session runs on gRPC
        stream = await docker.buildImage(packContext(b), buildOptions(b, tagRef, labels));
    }
    catch (err) {
        if (err instanceof errors/* RollwatchError */.vP)
            throw err;
        throw new errors/* RollwatchError */.vP('build', `the Docker engine refused the build: ${((0,engine/* engineRefusal */.LB)(docker) ?? (0,errors/* errorMessage */.gJ)(err)).split('\n')[0]}`);
    }
    const onEvent = (e) => e.stream?.trim() && log.debug(e.stream.trim());
    const built = summarizeProgress(b.builder === 'buildkit' ? await followBuildKit(docker, stream, onEvent) : await readProgress(stream, onEvent));
    if (built.errors.length > 0) {
        throw new errors/* RollwatchError */.vP('build', `image build failed: ${built.errors[0]}\n${built.lines.slice(-8).join('\n')}`);
    }
    for (const tag of req.extraTags)
        await docker.getImage(tagRef).tag({ repo: req.repository, tag });
    let digest = null;
    for (const tag of [req.version, ...req.extraTags]) {
        log.info(`pushing ${req.repository}:${tag}`);
        let pushStream;
        try {
            pushStream = (await docker.getImage(`${req.repository}:${tag}`).push({ tag, authconfig: auth }));
        }
        catch (err) {
            throw new errors/* RollwatchError */.vP('build', `push of ${req.repository}:${tag} was refused: ${(0,errors/* errorMessage */.gJ)(err).split('\n')[0]}`);
        }
        const pushed = summarizeProgress(await readProgress(pushStream));
        if (pushed.errors.length > 0)
            throw new errors/* RollwatchError */.vP('build', `push of ${req.repository}:${tag} failed: ${pushed.errors[0]}`);
        if (tag === req.version)
            digest = pushed.digest;
    }
    if (!digest)
        digest = await remoteDigest(docker, tagRef, req.registry);
    if (!digest)
        throw new errors/* RollwatchError */.vP('build', `pushed ${tagRef} but the registry reported no digest`);
    return { imageRef: `${req.repository}@${digest}`, tagRef, digest, built: true };
}
/** Resolves an existing tag (no build configured, e.g. a rerun or a redeploy of a version). */
/** A prebuilt image pinned by digest (image.digest), checked in the registry; null when the registry does not hold it. */
async function resolvePinned(dockerHost, repository, digest, reg) {
    const imageRef = `${repository}@${digest}`;
    const found = await remoteDigest((0,engine/* dockerClient */._n)(dockerHost), imageRef, reg);
    return found === digest ? { imageRef, tagRef: imageRef, digest, built: false } : null;
}
async function resolveExisting(dockerHost, repository, version, reg) {
    const tagRef = `${repository}:${version}`;
    const digest = await remoteDigest((0,engine/* dockerClient */._n)(dockerHost), tagRef, reg);
    return digest ? { imageRef: `${repository}@${digest}`, tagRef, digest, built: false } : null;
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