"use strict";
exports.id = 112;
exports.ids = [112];
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

/***/ 55112:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   orchestratorTarget: () => (/* binding */ orchestratorTarget),
/* harmony export */   parseServiceLogLine: () => (/* binding */ parseServiceLogLine)
/* harmony export */ });
/* harmony import */ var _docker_image__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(70007);
/* harmony import */ var _engine_report_builder__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(49460);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _ssh_commands__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(80657);
/* harmony import */ var _ssh_day2__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(71487);
/* harmony import */ var _ssh_deploy__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(45976);
/* harmony import */ var _ssh_fleet__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(13640);
/* harmony import */ var _ssh_status__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(98013);








/**
 * A Target for an orchestrator that runs the units itself: its rolling update is the rollout's
 * one step, its rollback the undo. The nodes are the config's `hosts`: SSH to them gives host
 * metrics and the deploy lock (held on the manager host), as for the SSH target.
 */
function orchestratorTarget(kind, config, make) {
    /** Runs a read-only or rollback command with an orchestrator and the fleet; closes both. */
    async function command(ctx, name, version, body) {
        const report = (0,_engine_report_builder__WEBPACK_IMPORTED_MODULE_7__/* .newReport */ .bQ)(ctx, name, version);
        const s = openSession(ctx, report, make(ctx));
        report.target = { kind, description: s.orch.describe() };
        try {
            await body(s);
        }
        catch (err) {
            report.outcome = 'failed';
            report.reason = (0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err);
        }
        finally {
            await closeSession(s);
        }
        return (0,_engine_report_builder__WEBPACK_IMPORTED_MODULE_7__/* .finishReport */ .Ux)(ctx, report);
    }
    return {
        kind,
        session: (ctx) => rolloutSession(openSession(ctx, (0,_engine_report_builder__WEBPACK_IMPORTED_MODULE_7__/* .newReport */ .bQ)(ctx, 'deploy', null), make(ctx))),
        observe: (ctx) => observe(openSession(ctx, (0,_engine_report_builder__WEBPACK_IMPORTED_MODULE_7__/* .newReport */ .bQ)(ctx, 'verify', null), make(ctx))),
        rollback: (ctx, version) => command(ctx, 'rollback', version ?? null, (s) => rollback(s, version)),
        status: (ctx) => command(ctx, 'status', null, (s) => status(s)),
        plan: (ctx, version) => command(ctx, 'plan', version, (s) => plan(s)),
        lock: (ctx, action) => (0,_ssh_status__WEBPACK_IMPORTED_MODULE_6__/* .lockCommand */ .Lg)(ctx, action),
        // The history lives on the manager host, next to the lock.
        record: (ctx, entry) => (0,_ssh_day2__WEBPACK_IMPORTED_MODULE_3__/* .withFleet */ .xd)(ctx, (fleet) => (0,_ssh_day2__WEBPACK_IMPORTED_MODULE_3__/* .recordOn */ .jr)([managerOf(ctx, fleet)], entry)),
        history: (ctx, limit) => (0,_ssh_day2__WEBPACK_IMPORTED_MODULE_3__/* .withFleet */ .xd)(ctx, (fleet) => (0,_ssh_day2__WEBPACK_IMPORTED_MODULE_3__/* .historyOf */ .om)([managerOf(ctx, fleet)], ctx.config.app, limit)),
        logs: (ctx, options, onLine) => (0,_ssh_day2__WEBPACK_IMPORTED_MODULE_3__/* .withFleet */ .xd)(ctx, (fleet) => serviceLogs(ctx, fleet, options, onLine)),
        async exec() {
            throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .RollwatchError */ .vP('input', `rollwatch exec runs in containers rollwatch starts itself (target ssh); a ${kind} service's tasks are the orchestrator's: use docker exec on the node that runs the task`, 'command');
        },
    };
}
function openSession(ctx, report, orch) {
    return { ctx, report, orch, fleet: new _ssh_fleet__WEBPACK_IMPORTED_MODULE_5__/* .Fleet */ .P(ctx), locked: false };
}
/** Rows in the config's host order; nodes that are not config hosts last. */
function inConfigOrder(ctx, rows) {
    const order = (name) => ((i) => (i < 0 ? Number.MAX_SAFE_INTEGER : i))(ctx.config.hosts.findIndex((h) => h.name === name));
    return rows.sort((a, b) => order(a.name) - order(b.name));
}
async function closeSession(s) {
    inConfigOrder(s.ctx, s.report.hosts);
    if (s.locked)
        await releaseLock(s);
    s.report.warnings.push(...s.fleet.warnings);
    s.orch.close();
    s.fleet.close();
}
async function phase(s, name, fn) {
    const t = s.ctx.clock.now();
    try {
        return await s.ctx.log.group(name, fn);
    }
    finally {
        s.report.phases.push({ step: name, ms: s.ctx.clock.now() - t });
    }
}
function managerOf(ctx, fleet) {
    return fleet.member(ctx.config.swarm?.manager ?? ctx.config.hosts[0].name);
}
function lockHost(s) {
    return managerOf(s.ctx, s.fleet);
}
/**
 * One line of `docker service logs`: "web.1.abc@node-2 | text", with the timestamp in front or
 * after the bar depending on the Docker version; the timestamp stays at the start of the line.
 */
function parseServiceLogLine(raw) {
    const m = /^(?:([0-9]{4}-[0-9]{2}-[0-9]{2}T\S+)\s+)?\S+@(\S+?)\s*\|\s?(.*)$/.exec(raw);
    if (!m)
        return null;
    return { node: m[2], line: m[1] ? `${m[1]} ${m[3]}` : m[3] };
}
/** `docker service logs` on the manager: every task's lines, each with the node it ran on. */
async function serviceLogs(ctx, fleet, options, onLine) {
    const manager = managerOf(ctx, fleet);
    const service = ctx.config.swarm?.service ?? ctx.config.app;
    const r = await manager.connection.run((0,_ssh_commands__WEBPACK_IMPORTED_MODULE_2__/* .serviceLogsCommand */ .aM)(service, options), {
        timeoutMs: options.follow ? Number.POSITIVE_INFINITY : 60_000,
        onStdout: (0,_ssh_day2__WEBPACK_IMPORTED_MODULE_3__/* .splitLines */ .uz)((l) => {
            const parsed = parseServiceLogLine(l);
            if (parsed && (!options.host || parsed.node === options.host))
                onLine(parsed.node, parsed.line);
            else if (!parsed && !options.host)
                onLine(manager.host.name, l);
        }),
        signal: ctx.signal,
    });
    return r.code === 0 || ctx.signal.aborted ? [] : [`${manager.host.name}: docker service logs failed (exit ${r.code}): ${r.stderr.trim().slice(0, 200)}`];
}
/** Connects to the orchestrator; with `lock`, takes the deploy lock on the manager host. */
async function preflight(s, lock, version) {
    const engine = await s.orch.preflight();
    s.ctx.log.info(`${s.orch.describe()}: ${engine}`);
    if (!lock)
        return;
    const m = lockHost(s);
    const r = await m.agent.acquireLock({ run: s.ctx.runId, commit: s.ctx.commit, version, actor: s.ctx.actor, command: s.ctx.command, since: new Date(s.ctx.clock.now()).toISOString(), host: m.host.name });
    if (!r.acquired) {
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .RollwatchError */ .vP('lock', `the deploy lock of ${s.ctx.config.app} is held, nothing was changed:\n  ${m.host.name}: held by ${(0,_ssh_fleet__WEBPACK_IMPORTED_MODULE_5__/* .describeHolder */ .s)(r.holder)}`, undefined, 'wait for that run to finish, or if it is gone: rollwatch lock release --config FILE');
    }
    s.locked = true;
}
async function releaseLock(s) {
    const m = lockHost(s);
    try {
        await m.agent.releaseLock(s.ctx.runId);
        s.locked = false;
    }
    catch (err) {
        s.ctx.log.warn(`could not release the lock on ${m.host.name}: ${(0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err)}`);
        s.report.warnings.push(`the deploy lock of this run is still held on ${m.host.name}: rollwatch lock release --config FILE`);
    }
}
/** One row per node that ran or runs a unit (name = the config host, else the node address). */
function rows(before, after, result, previousVersion) {
    const names = [...new Set([...before, ...after].map((u) => u.host ?? u.address))];
    return names.map((name) => {
        const had = before.find((u) => (u.host ?? u.address) === name);
        const has = after.find((u) => (u.host ?? u.address) === name);
        return { name, address: (has ?? had).address, previous: had?.version ?? (had ? previousVersion : null), final: has?.version ?? null, retained: [], steps: [], ...result(name, had, has) };
    });
}
/** The nodes in `hosts` that run one of `units` (units on other nodes cannot be measured). */
function nodesOf(s, units) {
    const names = new Set(units.map((u) => u.host).filter((h) => h !== null));
    return s.fleet.members.filter((m) => names.has(m.host.name)).map(_ssh_deploy__WEBPACK_IMPORTED_MODULE_4__/* .watchedNode */ .X);
}
/** The pipeline's side of a deploy: the orchestrator's rolling update as one step, its rollback as undo. */
function rolloutSession(s) {
    const { ctx, report, orch } = s;
    let before = null;
    /** What the orchestrator runs after the last step or undo; null before the update was sent. */
    let after = null;
    let needsUndo = false;
    return {
        describe: () => orch.describe(),
        warnings: report.warnings,
        async preflight(version) {
            await preflight(s, true, version);
            before = await orch.current();
            report.previousVersion = before?.version ?? null;
            report.hosts = rows(before?.units ?? [], [], () => ({ result: 'untouched', healthy: null, detail: '' }), report.previousVersion).map((h) => ({ ...h, final: h.previous }));
            return { previousVersion: report.previousVersion };
        },
        baselineNodes: async () => nodesOf(s, before?.units ?? []),
        steps: () => [{ label: `rollout: ${orch.describe()}`, nodes: [] }],
        async runStep(_index, release) {
            const beforeUnits = before?.units ?? [];
            const previous = report.previousVersion;
            needsUndo = before !== null;
            const outcome = await orch.rollout(ctx, release);
            after = outcome.units;
            if (outcome.kind === 'rolled-back-by-orchestrator') {
                needsUndo = false;
                const failedOn = new Map(outcome.failedUnits.map((u) => [u.host ?? u.address, u]));
                report.hosts = rows(beforeUnits, outcome.units, (name, _had, has) => {
                    const failed = failedOn.get(name);
                    const result = !outcome.backHealthy && has ? 'failed' : failed ? 'restored' : 'untouched';
                    return {
                        result,
                        healthy: has ? outcome.backHealthy : null,
                        detail: failed ? `${release.version} failed here: ${failed.error ?? failed.state}${failed.exitCode ? ` (exit code ${failed.exitCode})` : ''}; Swarm put ${previous ?? 'the previous version'} back` : has ? `on ${has.version}` : '',
                    };
                }, previous);
                return { ok: false, reason: `${outcome.reason}; ${outcome.backHealthy ? `every task is back on ${previous ?? 'the previous version'} and healthy` : 'the previous version is NOT healthy everywhere'}` };
            }
            if (outcome.kind === 'failed') {
                ctx.log.error(outcome.reason);
                report.hosts = rows(beforeUnits, outcome.units, () => ({ result: 'failed', healthy: false, detail: outcome.reason }), previous);
                return { ok: false, reason: outcome.reason };
            }
            const health = await orch.health(ctx, outcome.units);
            report.hosts = rows(beforeUnits, outcome.units, (_n, had, has) => ({
                result: has ? (had?.version === release.version ? 'unchanged' : 'deployed') : 'untouched',
                healthy: has ? (health.get(has.id)?.healthy ?? null) : null,
                detail: has ? `task ${has.id.slice(0, 12)} ${has.state}` : 'no task of the service here now',
            }), previous);
            const candidates = nodesOf(s, outcome.units);
            if (candidates.length < outcome.units.length)
                report.warnings.push(`${outcome.units.length - candidates.length} task(s) run on nodes that are not in hosts: they are not verified`);
            return { ok: true, candidates, changed: report.hosts.some((h) => h.result === 'deployed') };
        },
        async undo() {
            if (!needsUndo) {
                const healthy = !report.hosts.some((h) => h.result === 'failed');
                return { healthy, summary: before || after === null ? null : `the service was created by this run, so there is no previous version to return to; it is left running` };
            }
            needsUndo = false;
            const back = await orch.undo(ctx);
            report.hosts = rows(after ?? [], back.units, (_n, _had, has) => ({ result: back.healthy ? 'rolled-back' : 'failed', healthy: has ? back.healthy : null, detail: has ? `task ${has.id.slice(0, 12)} ${has.state}` : 'no task here after the rollback' }), null).map((h) => ({ ...h, previous: report.previousVersion }));
            after = back.units;
            return { healthy: back.healthy, summary: `rolled back by rollwatch through Swarm's rollback: ${back.detail}` };
        },
        keep: async () => undefined,
        record: (entry) => (0,_ssh_day2__WEBPACK_IMPORTED_MODULE_3__/* .recordOn */ .jr)([lockHost(s)], entry),
        progress: () => ({ touched: {}, lockedHosts: s.locked ? [lockHost(s).host.name] : [] }),
        rows: () => report.hosts,
        close: () => closeSession(s),
    };
}
async function observe(s) {
    const { ctx, orch } = s;
    try {
        await preflight(s, false, null);
        const cur = await orch.current();
        const units = cur?.units ?? [];
        const health = await orch.health(ctx, units);
        return {
            description: orch.describe(),
            version: cur?.version ?? null,
            nodes: nodesOf(s, units),
            rows: inConfigOrder(ctx, units.map((u) => ({ name: u.host ?? u.address, address: u.address, previous: null, final: u.version, result: 'ok', healthy: health.get(u.id)?.healthy ?? null, detail: `task ${u.id.slice(0, 12)} ${u.state}`, retained: [], steps: [] }))),
            heal: [],
            warnings: s.fleet.warnings,
            close: () => (orch.close(), s.fleet.close()),
        };
    }
    catch (err) {
        orch.close();
        s.fleet.close();
        throw err;
    }
}
async function rollback(s, requested) {
    const { ctx, report, orch } = s;
    const t0 = ctx.clock.now();
    const before = await phase(s, 'preflight', async () => {
        await preflight(s, true, requested ?? null);
        return orch.current();
    });
    if (!before)
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .RollwatchError */ .vP('rollback', `service ${ctx.config.swarm?.service} does not exist; nothing was changed`);
    report.previousVersion = before.version;
    if (requested && requested === before.version) {
        const health = await orch.health(ctx, before.units);
        report.version = requested;
        report.hosts = rows(before.units, before.units, (_n, _h, has) => ({ result: 'unchanged', healthy: has ? (health.get(has.id)?.healthy ?? null) : null, detail: `already on ${requested}` }), null);
        report.outcome = 'ok';
        report.reason = `already on ${requested}`;
        return;
    }
    let units;
    let healthy;
    let detail;
    if (requested) {
        // Swarm keeps one previous spec: any other version is a new update to that digest.
        const existing = await (0,_docker_image__WEBPACK_IMPORTED_MODULE_0__.resolveExisting)(ctx.config.dockerHost, ctx.config.image.repository, requested, ctx.config.registry);
        if (!existing)
            throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .RollwatchError */ .vP('rollback', `${ctx.config.image.repository}:${requested} is not in the registry; nothing was changed`, 'version');
        report.image = existing.tagRef;
        report.digest = existing.digest;
        const out = await phase(s, 'rollback', () => orch.rollout(ctx, { version: requested, imageRef: existing.imageRef, digest: existing.digest }));
        units = out.units;
        healthy = out.kind === 'completed';
        detail = out.kind === 'completed' ? `every task runs ${requested}` : out.reason;
        report.version = requested;
    }
    else {
        if (!before.previousVersion) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .RollwatchError */ .vP('rollback', `Swarm keeps no previous spec of ${ctx.config.swarm?.service} (an automatic rollback clears it); nothing was changed`, 'version', 'name the version to return to with --version');
        }
        report.version = before.previousVersion;
        const back = await phase(s, 'rollback', () => orch.undo(ctx));
        ({ units, healthy, detail } = back);
    }
    report.timings.recoverMs = ctx.clock.now() - t0;
    report.hosts = rows(before.units, units, (_n, _had, has) => ({ result: healthy ? 'rolled-back' : 'failed', healthy: has ? healthy : null, detail }), before.version);
    report.outcome = healthy ? 'ok' : 'failed';
    report.reason = healthy ? `all tasks on ${report.version}` : `rollback stopped: ${detail}`;
}
async function status(s) {
    const { ctx, report, orch } = s;
    await preflight(s, false, null);
    const cur = await orch.current();
    if (!cur) {
        report.outcome = 'ok';
        report.reason = `service ${ctx.config.swarm?.service} does not exist yet`;
        return;
    }
    const health = await orch.health(ctx, cur.units);
    report.version = cur.version;
    report.hosts = cur.units.map((u) => ({
        name: u.host ?? u.address,
        address: u.address,
        previous: null,
        final: u.version,
        result: 'ok',
        healthy: health.get(u.id)?.healthy ?? null,
        detail: `task ${u.id.slice(0, 12)} ${u.state}${health.get(u.id)?.healthy === false ? `: ${health.get(u.id)?.detail}` : ''}`,
        retained: cur.previousVersion ? [cur.previousVersion] : [],
        steps: [],
    }));
    const holder = await lockHost(s).agent.readLock();
    report.lock = [{ host: lockHost(s).host.name, held: holder !== null, holder }];
    const replicas = ctx.config.swarm?.replicas ?? 0;
    const bad = report.hosts.filter((h) => h.healthy === false);
    const versions = new Set(cur.units.map((u) => u.version));
    report.outcome = bad.length || cur.units.length < replicas ? 'failed' : 'ok';
    report.reason = bad.length
        ? `${bad.map((h) => h.name).join(', ')}: unhealthy`
        : cur.units.length < replicas
            ? `${cur.units.length}/${replicas} task(s) running`
            : versions.size === 1
                ? `all ${cur.units.length} task(s) on ${cur.version}${cur.updateState ? ` (last update: ${cur.updateState}${cur.updateMessage ? `, "${cur.updateMessage}"` : ''})` : ''}`
                : `tasks run different versions: ${[...versions].join(', ')}`;
}
async function plan(s) {
    const { ctx, report, orch } = s;
    const sw = ctx.config.swarm;
    await preflight(s, false, null);
    const cur = await orch.current();
    const holder = await lockHost(s).agent.readLock();
    report.lock = [{ host: lockHost(s).host.name, held: holder !== null, holder }];
    report.previousVersion = cur?.version ?? null;
    const how = `parallelism ${sw.parallelism}, delay ${sw.delayMs / 1000}s, ${sw.order}, monitor ${sw.monitorMs / 1000}s, failure action rollback`;
    const intent = cur
        ? cur.version === report.version
            ? `already runs ${report.version}: would check health only`
            : `update ${sw.service} from ${cur.version ?? cur.image} to ${ctx.config.image.repository}:${report.version} by digest (${how})${ctx.config.verify.enabled ? ', verify' : ''}; Swarm rollback on regression`
        : `create ${sw.service} with ${sw.replicas} replica(s) of ${ctx.config.image.repository}:${report.version} by digest`;
    report.hosts = (cur?.units ?? []).map((u) => ({ name: u.host ?? u.address, address: u.address, previous: u.version, final: report.version, result: 'ok', healthy: null, detail: `task ${u.id.slice(0, 12)} on ${u.version ?? u.image}`, retained: cur?.previousVersion ? [cur.previousVersion] : [], steps: [] }));
    report.outcome = holder ? 'failed' : 'ok';
    report.reason = holder ? `a deploy would be refused: the lock is held on ${lockHost(s).host.name}` : `${intent}; nothing was changed`;
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