"use strict";
exports.id = 845;
exports.ids = [845];
exports.modules = {

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

/***/ 24845:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  targetFor: () => (/* binding */ targetFor)
});

// EXTERNAL MODULE: ./src/docker/image.ts + 1 modules
var docker_image = __webpack_require__(70007);
// EXTERNAL MODULE: ./src/engine/report-builder.ts
var report_builder = __webpack_require__(49460);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/targets/ssh/commands.ts
var commands = __webpack_require__(80657);
// EXTERNAL MODULE: ./src/engine/history.ts
var engine_history = __webpack_require__(50390);
// EXTERNAL MODULE: ./src/util/clock.ts
var util_clock = __webpack_require__(97110);
// EXTERNAL MODULE: ./src/util/sanitize.ts
var sanitize = __webpack_require__(62701);
// EXTERNAL MODULE: ./src/targets/ssh/fleet.ts + 3 modules
var ssh_fleet = __webpack_require__(13640);
;// CONCATENATED MODULE: ./src/targets/ssh/day2.ts






/** The members a command addresses: every host, or the one `host` names (refused before connecting when it names none). */
function chosenMembers(fleet, host, flag = '--host') {
    if (!host)
        return fleet.members;
    const m = fleet.members.find((x) => x.host.name === host);
    if (!m)
        throw (0,errors/* inputError */.Xu)(flag, `${JSON.stringify(host.slice(0, 80))} is not a host of this config`, `one of: ${fleet.members.map((x) => x.host.name).join(', ')}`);
    return [m];
}
/** An onStdout handler that calls `onLine` per complete line (cleaned); a last unterminated line is dropped. */
function splitLines(onLine) {
    const s = lineSplitter(onLine);
    return (chunk) => s.push(chunk);
}
/** Splits a stream into lines as chunks arrive; `flush` gives the last, unterminated one. */
function lineSplitter(onLine) {
    let rest = '';
    return {
        push(chunk) {
            const parts = (rest + chunk.toString('utf8')).split('\n');
            rest = parts.pop() ?? '';
            for (const p of parts)
                onLine((0,sanitize/* cleanLog */.a)(p.replace(/\r$/, '')));
        },
        flush() {
            if (rest)
                onLine((0,sanitize/* cleanLog */.a)(rest));
            rest = '';
        },
    };
}
async function recordOn(members, entry) {
    const warnings = [];
    await (0,util_clock/* settleLimit */.X$)(members, 16, async (m) => {
        try {
            const r = await m.connection.run(commands/* appendHistory */.b8(entry.app, engine_history/* HISTORY_KEEP */.NY), { stdin: JSON.stringify(entry) + '\n', timeoutMs: 15_000 });
            if (r.code !== 0)
                warnings.push(`${m.host.name}: the deploy history was not written (exit ${r.code}): ${r.stderr.trim().slice(0, 200)}`);
        }
        catch (err) {
            warnings.push(`${m.host.name}: the deploy history was not written: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
    });
    return warnings;
}
async function historyOf(members, app, limit) {
    const warnings = [];
    const results = await (0,util_clock/* settleLimit */.X$)(members, 16, async (m) => {
        const r = await m.connection.run(commands/* readHistory */.Lu(app, limit), { timeoutMs: 15_000 });
        if (r.code !== 0)
            throw new Error(`reading the deploy history failed (exit ${r.code}): ${r.stderr.trim().slice(0, 200)}`);
        return { host: m.host.name, ...(0,engine_history/* parseHistory */.i6)(r.stdout) };
    });
    const perHost = results.flatMap((r, i) => {
        if (r.status === 'fulfilled')
            return [r.value];
        warnings.push((0,errors/* hostMessage */.yd)(members[i].host.name, r.reason));
        return [];
    });
    for (const h of perHost)
        if (h.skipped)
            warnings.push(`${h.host}: ${h.skipped} line(s) of the deploy history are not entries rollwatch wrote; left out`);
    return { perHost, warnings };
}
/** Logs of the running release of every chosen host, interleaved as they arrive. */
async function logsOf(ctx, fleet, options, onLine) {
    const members = chosenMembers(fleet, options.host);
    const failures = [];
    await (0,util_clock/* settleLimit */.X$)(members, 16, async (m) => {
        try {
            const current = (await m.agent.releases()).current;
            if (!current)
                throw new Error(`no release of ${ctx.config.app} runs here`);
            const lines = lineSplitter((l) => onLine(m.host.name, l));
            const r = await m.connection.run(commands/* followLogs */.VF(current.name, options), { timeoutMs: options.follow ? Number.POSITIVE_INFINITY : 60_000, onStdout: (c) => lines.push(c), signal: ctx.signal });
            lines.flush();
            if (r.code !== 0)
                throw new Error(`docker logs failed (exit ${r.code})`);
        }
        catch (err) {
            // Ctrl-C ends a followed log: that is how it stops, not a failure
            if (!ctx.signal.aborted)
                failures.push((0,errors/* hostMessage */.yd)(m.host.name, err));
        }
    });
    return failures;
}
async function execOn(ctx, fleet, options, onLine) {
    const members = chosenMembers(fleet, options.host);
    const results = await (0,util_clock/* settleLimit */.X$)(members, 16, async (m) => {
        const current = (await m.agent.releases()).current;
        if (!current)
            throw new Error(`no release of ${ctx.config.app} runs here`);
        const out = lineSplitter((l) => onLine(m.host.name, l, 'stdout'));
        const err = lineSplitter((l) => onLine(m.host.name, l, 'stderr'));
        const r = await m.connection.run(commands/* execInContainer */.ur(current.name, options.argv), { timeoutMs: 10 * 60_000, onStdout: (c) => out.push(c), onStderr: (c) => err.push(c), signal: ctx.signal });
        out.flush();
        err.flush();
        return r.code;
    });
    return results.map((r, i) => (r.status === 'fulfilled' ? { node: members[i].host.name, code: r.value } : { node: members[i].host.name, code: null, error: (0,errors/* errorMessage */.gJ)(r.reason) }));
}
/** Opens the fleet for `fn`, closes it after; connection failures are per host, as the operations report them. */
async function withFleet(ctx, fn) {
    const fleet = new ssh_fleet/* Fleet */.P(ctx);
    try {
        return await fn(fleet);
    }
    finally {
        fleet.close();
    }
}

;// CONCATENATED MODULE: ./src/plan/batches.ts

/** Splits hosts into rollout batches. `batchSize` is a count or "N%" of the fleet (rounded up). */
function planBatches(hosts, batchSize, canary = false) {
    if (hosts.length === 0)
        return [];
    let size;
    if (typeof batchSize === 'number') {
        if (!Number.isInteger(batchSize) || batchSize < 1)
            throw (0,errors/* inputError */.Xu)('rollout.batchSize', `expected a whole number of hosts from 1 up, or a percentage like "25%", got ${batchSize}`);
        size = batchSize;
    }
    else {
        const m = /^([0-9]{1,3})%$/.exec(batchSize);
        if (!m || Number(m[1]) < 1 || Number(m[1]) > 100)
            throw (0,errors/* inputError */.Xu)('rollout.batchSize', `expected a count or a percentage like "25%", got ${JSON.stringify(batchSize)}`);
        size = Math.ceil((hosts.length * Number(m[1])) / 100);
    }
    size = Math.max(1, Math.min(size, hosts.length));
    const batches = [];
    for (let i = 0; i < hosts.length; i += size)
        batches.push(hosts.slice(i, i + size));
    // A canary must leave old hosts behind to compare with: a single full batch is split.
    if (canary && batches.length === 1 && hosts.length > 1)
        return [hosts.slice(0, 1), hosts.slice(1)];
    return batches;
}

// EXTERNAL MODULE: ./src/targets/ssh/host-rollout.ts
var host_rollout = __webpack_require__(21649);
// EXTERNAL MODULE: ./src/targets/ssh/inspect.ts
var inspect = __webpack_require__(42511);
;// CONCATENATED MODULE: ./src/targets/ssh/deploy.ts








/** A host's state read under the lock at most this long ago is used as is, not read again. */
const READING_REUSE_MS = 5_000;
/** What the verification window reads from one host, through its SSH connection. */
function watchedNode(m) {
    return {
        host: m.host,
        procStats: () => m.agent.procStats(),
        runningContainer: async () => {
            const c = (await m.agent.releases()).current;
            return c ? { id: c.id, restartCount: c.restartCount, oomKilled: c.oomKilled, version: c.version } : null;
        },
    };
}
/**
 * The SSH target's side of a deploy: batches of hosts, each host pulled, started and gated on
 * health by deployHost; undo returns every touched host to the container it ran before.
 */
function sshSession(ctx) {
    const { config, log } = ctx;
    const fleet = new ssh_fleet/* Fleet */.P(ctx);
    const changes = new Map();
    /** host → container it ran before this run touched it (null: none) */
    const touched = {};
    const rows = new Map();
    const batches = planBatches(fleet.members, config.rollout.batchSize, config.rollout.canary);
    const concurrency = config.rollout.concurrency ?? Number.MAX_SAFE_INTEGER;
    return {
        describe: () => fleet.describe(),
        warnings: fleet.warnings,
        async preflight(version) {
            await fleet.preflight({ lock: true, version });
            await (0,util_clock/* mapLimit */.sf)(fleet.members, 16, async (m) => {
                const r = fleet.readingUnderLock(m.host.name, Number.POSITIVE_INFINITY) ?? (await m.agent.releases());
                rows.set(m.host.name, {
                    name: m.host.name,
                    address: m.host.address,
                    previous: r.current?.version ?? null,
                    final: r.current?.version ?? null,
                    result: 'untouched',
                    healthy: null,
                    detail: r.extraRunning.length > 0 ? `warning: ${r.extraRunning.length + 1} containers of ${config.app} were running` : '',
                    retained: r.retained.map((c) => c.version),
                    steps: fleet.preflightSteps(m.host.name),
                });
            });
            return { previousVersion: mostCommon([...rows.values()].map((h) => h.previous)) };
        },
        async baselineNodes() {
            return fleet.members.filter((m) => rows.get(m.host.name)?.previous).map(watchedNode);
        },
        steps: () => batches.map((b, i) => ({ label: `rollout batch ${i + 1}/${batches.length}: ${b.map((m) => m.host.name).join(', ')}`, nodes: b.map(watchedNode) })),
        async runStep(index, release, onChange) {
            const batch = batches[index];
            let failure = null;
            const results = await (0,util_clock/* settleLimit */.X$)(batch, concurrency, async (m) => {
                if (ctx.signal.aborted)
                    throw new Error('interrupted before this host was started');
                const change = await (0,host_rollout/* deployHost */.gJ)(ctx, m.agent, release, (prev) => {
                    touched[m.host.name] = prev;
                    onChange();
                }, fleet.readingUnderLock(m.host.name, READING_REUSE_MS) ?? undefined);
                changes.set(m.host.name, change);
                if (!change.changed)
                    delete touched[m.host.name];
                onChange();
                return change;
            });
            results.forEach((r, i) => {
                const m = batch[i];
                const hr = rows.get(m.host.name);
                if (r.status === 'fulfilled') {
                    Object.assign(hr, { final: release.version, result: r.value.changed ? 'deployed' : 'unchanged', healthy: true, steps: [...hr.steps, ...r.value.steps] });
                }
                else {
                    delete touched[m.host.name];
                    if (r.reason instanceof host_rollout/* HostRolloutError */.Wj)
                        Object.assign(hr, r.reason.report, { steps: [...hr.steps, ...r.reason.report.steps] });
                    else
                        Object.assign(hr, { result: 'untouched', detail: (0,errors/* errorMessage */.gJ)(r.reason) });
                    failure ??= (0,errors/* errorMessage */.gJ)(r.reason);
                }
            });
            return failure ? { ok: false, reason: failure } : { ok: true, candidates: batch.map(watchedNode), changed: results.some((r) => r.status === 'fulfilled' && r.value.changed) };
        },
        async undo() {
            const names = Object.keys(touched);
            if (names.length > 0) {
                log.info(`returning ${names.join(', ')} to their previous release`);
                await (0,util_clock/* settleLimit */.X$)(names, 16, async (name) => {
                    const m = fleet.member(name);
                    const outcome = await (0,host_rollout/* restoreHost */.fA)(ctx, m.agent, changes.get(name)?.current ?? null, touched[name], { removeFailed: true });
                    const hr = rows.get(name);
                    hr.result = outcome.healthy ? 'rolled-back' : 'failed';
                    hr.final = outcome.healthy ? hr.previous : null;
                    hr.healthy = outcome.healthy;
                    hr.detail = [hr.detail, outcome.detail].filter(Boolean).join('; ');
                    hr.steps.push({ step: 'rollback', ms: outcome.ms });
                    if (outcome.manual)
                        hr.manual = outcome.manual;
                    delete touched[name];
                });
            }
            return { healthy: ![...rows.values()].some((h) => h.result === 'failed'), summary: null };
        },
        // Works from the state each host was left in (no second read): containers are removed by
        // ID and without force, so one that was started meanwhile is refused by Docker, not removed.
        async keep() {
            await (0,util_clock/* settleLimit */.X$)(fleet.members, 16, async (m) => {
                try {
                    const r = changes.get(m.host.name)?.after ?? (await m.agent.releases());
                    const plan = (0,inspect/* prunePlan */.kH)(r, config.rollout.retain);
                    await m.agent.prune(plan.containers, plan.unusedImages);
                    for (const c of plan.containers)
                        log.info(`${m.host.name}: pruned ${c.name}`);
                    const hr = rows.get(m.host.name);
                    if (hr)
                        hr.retained = r.retained.filter((c) => !plan.containers.includes(c)).map((c) => c.version);
                }
                catch (err) {
                    log.warn(`${m.host.name}: pruning old releases failed: ${(0,errors/* errorMessage */.gJ)(err)}`);
                }
            });
        },
        // Every host that was read at preflight: the others were never reached.
        record: (entry) => recordOn(fleet.members.filter((m) => rows.has(m.host.name)), entry),
        progress: () => ({ touched: { ...touched }, lockedHosts: fleet.lockedHosts }),
        rows() {
            const list = config.hosts.flatMap((h) => rows.get(h.name) ?? []);
            if (list.length > 0)
                return list;
            return config.hosts.map((h) => ({ name: h.name, address: h.address, previous: null, final: null, result: 'untouched', healthy: null, detail: 'not changed by this run; the run stopped before reading which release it runs', retained: [], steps: [] }));
        },
        async close() {
            await fleet.releaseLocks();
            // A host that could not be reached to the end keeps this run's lock: say how to free it.
            for (const name of fleet.lockedHosts) {
                const hr = rows.get(name);
                if (!hr)
                    continue;
                const h = fleet.member(name).host;
                const release = `ssh ${h.user}@${h.address} 'rm -rf ${(0,commands/* lockDir */.JK)(config.app)}'`;
                hr.manual = hr.manual ? `${hr.manual} && ${release}` : release;
                hr.detail = [hr.detail, 'the deploy lock of this run is still held on this host'].filter(Boolean).join('; ');
            }
            fleet.close();
        },
    };
}
function mostCommon(values) {
    const counts = new Map();
    for (const v of values)
        if (v)
            counts.set(v, (counts.get(v) ?? 0) + 1);
    let best = null;
    for (const [v, n] of counts)
        if (best === null || n > counts.get(best))
            best = v;
    return best;
}

// EXTERNAL MODULE: ./src/targets/ssh/health.ts
var ssh_health = __webpack_require__(61913);
;// CONCATENATED MODULE: ./src/targets/ssh/status.ts





/**
 * The fleet's state in one verdict: ok only when every host answered, is healthy and runs the
 * same release. A fleet on mixed versions is a failure that says who runs what.
 */
function fleetVerdict(hosts) {
    const bad = hosts.filter((h) => h.result === 'failed' || h.healthy === false);
    const byVersion = new Map();
    for (const h of hosts.filter((x) => x.result !== 'failed')) {
        const v = h.final ?? '(nothing running)';
        byVersion.set(v, [...(byVersion.get(v) ?? []), h.name]);
    }
    const version = byVersion.size === 1 && hosts.every((h) => h.final !== null) ? hosts[0].final : null;
    const problems = [
        bad.length ? `${bad.map((h) => h.name).join(', ')}: unreachable or unhealthy` : null,
        byVersion.size > 1 ? `hosts run different versions: ${[...byVersion].map(([v, names]) => `${names.join(', ')} on ${v}`).join('; ')}` : null,
    ].filter((p) => p !== null);
    if (problems.length)
        return { outcome: 'failed', reason: problems.join('; '), version };
    return { outcome: 'ok', reason: version ? `all hosts on ${version}` : 'no release of this app runs on any host', version };
}
/** Per host: the running release, its health, the retained releases and the lock. Read-only. */
async function status_status(ctx) {
    const report = (0,report_builder/* newReport */.bQ)(ctx, 'status', null);
    const fleet = new ssh_fleet/* Fleet */.P(ctx);
    const quick = { ...ctx.config, health: { ...ctx.config.health, timeoutMs: 0 } };
    const lock = [];
    try {
        const results = await (0,util_clock/* settleLimit */.X$)(fleet.members, 16, async (m) => {
            await m.connection.connect();
            const r = await m.agent.releases();
            const holder = await m.agent.readLock();
            lock.push({ host: m.host.name, held: holder !== null, holder });
            const health = r.current ? await (0,ssh_health/* waitHealthy */.hq)(m.agent, r.current.name, (0,ssh_health/* releaseHealthConfig */.K$)(quick, r.current), ctx.clock) : null;
            return {
                name: m.host.name,
                address: m.host.address,
                previous: null,
                final: r.current?.version ?? null,
                result: 'ok',
                healthy: health?.healthy ?? null,
                detail: r.current ? `${r.current.name} ${r.current.status}${health && !health.healthy ? `: ${health.detail}` : ''}` : 'no release running',
                retained: r.retained.map((c) => c.version),
                steps: [],
            };
        });
        report.hosts = results.map((r, i) => r.status === 'fulfilled'
            ? r.value
            : { name: fleet.members[i].host.name, address: fleet.members[i].host.address, previous: null, final: null, result: 'failed', healthy: null, detail: (0,errors/* errorMessage */.gJ)(r.reason), retained: [], steps: [] });
        Object.assign(report, fleetVerdict(report.hosts));
        const nothingRetained = report.hosts.filter((h) => h.result === 'ok' && h.final && h.retained.every((v) => v === h.final));
        if (nothingRetained.length)
            report.warnings.push(`${nothingRetained.map((h) => h.name).join(', ')}: no previous release is retained, so there is nothing to roll back to (normal after a first release)`);
        report.lock = lock.sort((a, b) => a.host.localeCompare(b.host));
    }
    finally {
        report.warnings.push(...fleet.warnings);
        fleet.close();
    }
    return (0,report_builder/* finishReport */.Ux)(ctx, report);
}
/** `lock status` / `lock release`: release removes the lock whoever holds it. */
async function lockCommand(ctx, action) {
    const report = (0,report_builder/* newReport */.bQ)(ctx, `lock ${action}`, null);
    const fleet = new ssh_fleet/* Fleet */.P(ctx);
    const lock = [];
    try {
        const results = await (0,util_clock/* settleLimit */.X$)(fleet.members, 16, async (m) => {
            await m.connection.connect();
            const holder = await m.agent.readLock();
            if (action === 'release' && holder)
                await m.agent.releaseLock(null);
            lock.push({ host: m.host.name, held: action === 'release' ? false : holder !== null, holder });
        });
        const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [(0,errors/* hostMessage */.yd)(fleet.members[i].host.name, r.reason)] : []));
        report.lock = lock.sort((a, b) => a.host.localeCompare(b.host));
        const held = lock.filter((l) => l.held);
        report.outcome = failed.length ? 'failed' : 'ok';
        report.reason = failed.length ? failed.join('; ') : action === 'release' ? `released the lock on ${lock.filter((l) => l.holder).length} host(s)` : held.length ? `held on ${held.map((l) => l.host).join(', ')}` : 'free on every host';
    }
    finally {
        fleet.close();
    }
    return (0,report_builder/* finishReport */.Ux)(ctx, report);
}

;// CONCATENATED MODULE: ./src/targets/orchestrator.ts








/**
 * A Target for an orchestrator that runs the units itself: its rolling update is the rollout's
 * one step, its rollback the undo. The nodes are the config's `hosts`: SSH to them gives host
 * metrics and the deploy lock (held on the manager host), as for the SSH target.
 */
function orchestratorTarget(kind, config, make) {
    /** Runs a read-only or rollback command with an orchestrator and the fleet; closes both. */
    async function command(ctx, name, version, body) {
        const report = (0,report_builder/* newReport */.bQ)(ctx, name, version);
        const s = openSession(ctx, report, make(ctx));
        report.target = { kind, description: s.orch.describe() };
        try {
            await body(s);
        }
        catch (err) {
            report.outcome = 'failed';
            report.reason = (0,errors/* errorMessage */.gJ)(err);
        }
        finally {
            await closeSession(s);
        }
        return (0,report_builder/* finishReport */.Ux)(ctx, report);
    }
    return {
        kind,
        session: (ctx) => rolloutSession(openSession(ctx, (0,report_builder/* newReport */.bQ)(ctx, 'deploy', null), make(ctx))),
        observe: (ctx) => observe(openSession(ctx, (0,report_builder/* newReport */.bQ)(ctx, 'verify', null), make(ctx))),
        rollback: (ctx, version) => command(ctx, 'rollback', version ?? null, (s) => rollback(s, version)),
        status: (ctx) => command(ctx, 'status', null, (s) => orchestrator_status(s)),
        plan: (ctx, version) => command(ctx, 'plan', version, (s) => plan(s)),
        lock: (ctx, action) => lockCommand(ctx, action),
        // The history lives on the manager host, next to the lock.
        record: (ctx, entry) => withFleet(ctx, (fleet) => recordOn([managerOf(ctx, fleet)], entry)),
        history: (ctx, limit) => withFleet(ctx, (fleet) => historyOf([managerOf(ctx, fleet)], ctx.config.app, limit)),
        logs: (ctx, options, onLine) => withFleet(ctx, (fleet) => serviceLogs(ctx, fleet, options, onLine)),
        async exec() {
            throw new errors/* RollwatchError */.vP('input', `rollwatch exec runs in containers rollwatch starts itself (target ssh); a ${kind} service's tasks are the orchestrator's: use docker exec on the node that runs the task`, 'command');
        },
    };
}
function openSession(ctx, report, orch) {
    return { ctx, report, orch, fleet: new ssh_fleet/* Fleet */.P(ctx), locked: false };
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
    const r = await manager.connection.run((0,commands/* serviceLogsCommand */.aM)(service, options), {
        timeoutMs: options.follow ? Number.POSITIVE_INFINITY : 60_000,
        onStdout: splitLines((l) => {
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
        throw new errors/* RollwatchError */.vP('lock', `the deploy lock of ${s.ctx.config.app} is held, nothing was changed:\n  ${m.host.name}: held by ${(0,ssh_fleet/* describeHolder */.s)(r.holder)}`, undefined, 'wait for that run to finish, or if it is gone: rollwatch lock release --config FILE');
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
        s.ctx.log.warn(`could not release the lock on ${m.host.name}: ${(0,errors/* errorMessage */.gJ)(err)}`);
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
    return s.fleet.members.filter((m) => names.has(m.host.name)).map(watchedNode);
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
        record: (entry) => recordOn([lockHost(s)], entry),
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
        throw new errors/* RollwatchError */.vP('rollback', `service ${ctx.config.swarm?.service} does not exist; nothing was changed`);
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
        const existing = await (0,docker_image.resolveExisting)(ctx.config.dockerHost, ctx.config.image.repository, requested, ctx.config.registry);
        if (!existing)
            throw new errors/* RollwatchError */.vP('rollback', `${ctx.config.image.repository}:${requested} is not in the registry; nothing was changed`, 'version');
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
            throw new errors/* RollwatchError */.vP('rollback', `Swarm keeps no previous spec of ${ctx.config.swarm?.service} (an automatic rollback clears it); nothing was changed`, 'version', 'name the version to return to with --version');
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
async function orchestrator_status(s) {
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

;// CONCATENATED MODULE: ./src/targets/ssh/plan.ts






/** What a deploy would do, read-only: batches, per-host intent, lock state. Touches nothing. */
async function plan_plan(ctx, version) {
    const { config } = ctx;
    const report = (0,report_builder/* newReport */.bQ)(ctx, 'plan', version);
    const fleet = new ssh_fleet/* Fleet */.P(ctx);
    const lock = [];
    try {
        const results = await (0,util_clock/* settleLimit */.X$)(fleet.members, 16, async (m) => {
            await m.connection.connect();
            const [releases, holder] = await Promise.all([m.agent.releases(), m.agent.readLock()]);
            lock.push({ host: m.host.name, held: holder !== null, holder });
            return releases;
        });
        const batches = planBatches(fleet.members, config.rollout.batchSize, config.rollout.canary);
        const batchOf = new Map(batches.flatMap((b, i) => b.map((m) => [m.host.name, i + 1])));
        report.hosts = fleet.members.map((m, i) => {
            const r = results[i];
            if (r.status === 'rejected')
                return { name: m.host.name, address: m.host.address, previous: null, final: null, result: 'failed', healthy: null, detail: `unreachable: ${(0,errors/* errorMessage */.gJ)(r.reason)}`, retained: [], steps: [] };
            const cur = r.value.current;
            const intent = cur?.version === version
                ? `already runs ${version}: would check health only`
                : `batch ${batchOf.get(m.host.name)}/${batches.length}: pull ${config.image.repository}:${version} by digest, ${config.rollout.strategy === 'stop-start' ? `stop ${cur?.name ?? '(nothing)'}, start ${(0,commands/* containerName */.xN)(config.app, version)}` : `start ${(0,commands/* containerName */.xN)(config.app, version)}, then stop ${cur?.name ?? '(nothing)'}`}, gate on health${config.verify.enabled ? ', verify' : ''}; keep ${config.rollout.retain} previous release(s)`;
            return { name: m.host.name, address: m.host.address, previous: cur?.version ?? null, final: version, result: 'ok', healthy: null, detail: intent, retained: r.value.retained.map((c) => c.version), steps: [] };
        });
        report.lock = lock.sort((a, b) => a.host.localeCompare(b.host));
        const unreachable = report.hosts.filter((h) => h.result === 'failed');
        const held = lock.filter((l) => l.held);
        report.outcome = unreachable.length || held.length ? 'failed' : 'ok';
        report.reason = unreachable.length
            ? `a deploy would fail preflight: ${unreachable.map((h) => h.name).join(', ')} unreachable`
            : held.length
                ? `a deploy would be refused: the lock is held on ${held.map((l) => l.host).join(', ')}`
                : `${batches.length} batch(es): ${batches.map((b) => b.map((m) => m.host.name).join('+')).join(' → ')}${config.rollout.canary ? ' (canary: verify after the first)' : ''}; nothing was changed`;
    }
    finally {
        fleet.close();
    }
    return (0,report_builder/* finishReport */.Ux)(ctx, report);
}

;// CONCATENATED MODULE: ./src/targets/ssh/rollback.ts







/** Picks the version to return to on every host; throws before anything changes when any lacks it. */
function chooseRollbackTarget(state, requested) {
    const hosts = [...state.entries()];
    if (requested) {
        const missing = hosts.filter(([, r]) => r.current?.version !== requested && !r.retained.some((c) => c.version === requested)).map(([n]) => n);
        if (missing.length > 0) {
            throw new errors/* RollwatchError */.vP('rollback', `version ${requested} is not retained on ${missing.join(', ')}; nothing was changed`, 'version', 'pick a version listed by `rollwatch status`');
        }
        return requested;
    }
    const previous = new Set(hosts.map(([, r]) => r.retained.find((c) => c.version !== r.current?.version)?.version ?? null));
    if (previous.has(null)) {
        const none = hosts.filter(([, r]) => !r.retained.some((c) => c.version !== r.current?.version)).map(([n]) => n);
        throw new errors/* RollwatchError */.vP('rollback', `no previous release is retained on ${none.join(', ')}; nothing was changed`);
    }
    if (previous.size > 1) {
        const detail = hosts.map(([n, r]) => `${n}: ${r.retained[0]?.version}`).join(', ');
        throw new errors/* RollwatchError */.vP('rollback', `hosts disagree on the previous release (${detail}); nothing was changed`, 'version', 'name the version to return to with --version');
    }
    return [...previous][0];
}
/** Returns every host to a retained release, reusing its container (no pull). */
async function rollback_rollback(ctx, requested) {
    const { config, log, clock } = ctx;
    const report = (0,report_builder/* newReport */.bQ)(ctx, 'rollback', requested ?? null);
    const fleet = new ssh_fleet/* Fleet */.P(ctx);
    const hostReports = new Map();
    // Every host this run changes, with the container it ran before: the post step's checkpoint.
    const touched = {};
    const checkpoint = (phase) => fleet.checkpoint({ version: report.version, phase, touched: { ...touched } });
    const t0 = clock.now();
    try {
        await log.group('preflight', () => fleet.preflight({ lock: true, version: requested ?? null }));
        const releases = await (0,util_clock/* mapLimit */.sf)(fleet.members, 16, async (m) => fleet.readingUnderLock(m.host.name, Number.POSITIVE_INFINITY) ?? (await m.agent.releases()));
        const state = new Map(fleet.members.map((m, i) => [m.host.name, releases[i]]));
        const target = chooseRollbackTarget(state, requested);
        report.version = target;
        report.previousVersion = [...state.values()][0]?.current?.version ?? null;
        log.info(`rolling back ${config.app} to ${target}`);
        for (const m of fleet.members) {
            const r = state.get(m.host.name);
            hostReports.set(m.host.name, { name: m.host.name, address: m.host.address, previous: r.current?.version ?? null, final: r.current?.version ?? null, result: 'untouched', healthy: null, detail: '', retained: r.retained.map((c) => c.version), steps: [] });
        }
        let failed = null;
        const unhealthy = [];
        const done = new Set();
        for (const batch of planBatches(fleet.members, config.rollout.batchSize)) {
            if (failed || ctx.signal.aborted)
                break;
            await log.group(`rollback ${batch.map((m) => m.host.name).join(', ')}`, async () => {
                const results = await (0,util_clock/* settleLimit */.X$)(batch, config.rollout.concurrency ?? 1000, async (m) => {
                    const r = state.get(m.host.name);
                    const hr = hostReports.get(m.host.name);
                    const start = clock.now();
                    done.add(m.host.name);
                    if (r.current?.version === target) {
                        const health = await (0,ssh_health/* waitHealthy */.hq)(m.agent, r.current.name, (0,ssh_health/* releaseHealthConfig */.K$)(config, r.current), clock);
                        Object.assign(hr, { result: 'unchanged', healthy: health.healthy, detail: health.healthy ? `already on ${target}` : `already on ${target}, but it is not healthy: ${health.detail}` });
                        if (!health.healthy)
                            unhealthy.push(`${m.host.name}: ${target} runs but is not healthy: ${health.detail}`);
                        return;
                    }
                    const to = r.retained.find((c) => c.version === target);
                    try {
                        const stopSec = Math.ceil(config.container.stopTimeoutMs / 1000);
                        touched[m.host.name] = r.current?.name ?? null;
                        checkpoint('rollback');
                        if (r.current)
                            await m.agent.stop(r.current.name, stopSec);
                        await m.agent.start(to.name, config.container.restart);
                        const health = await (0,ssh_health/* waitHealthy */.hq)(m.agent, to.name, (0,ssh_health/* releaseHealthConfig */.K$)(config, to), clock);
                        if (!health.healthy)
                            throw new errors/* RollwatchError */.vP('rollback', `${target} did not become healthy: ${health.detail}`);
                        Object.assign(hr, { result: 'rolled-back', final: target, healthy: true, detail: `${r.current?.version ?? '(nothing)'} → ${target} (retained container, no pull)` });
                        log.info(`${m.host.name}: ${r.current?.version ?? '(nothing)'} → ${target}, healthy`);
                    }
                    catch (err) {
                        failed ??= (0,errors/* hostMessage */.yd)(m.host.name, err);
                        const back = await (0,host_rollout/* restoreHost */.fA)(ctx, m.agent, to.name, r.current?.name ?? null, { removeFailed: false, previous: r.current });
                        Object.assign(hr, { result: back.healthy ? 'restored' : 'failed', final: back.healthy ? (r.current?.version ?? null) : null, healthy: back.healthy, detail: `${(0,errors/* errorMessage */.gJ)(err)}; ${back.detail}`, manual: back.manual });
                    }
                    finally {
                        hr.steps.push({ step: 'rollback', ms: clock.now() - start });
                        // settled either way (on the target, or back where it was): nothing left for a post step here
                        delete touched[m.host.name];
                        checkpoint('rollback');
                    }
                });
                results.forEach((r, i) => {
                    if (r.status === 'fulfilled')
                        return;
                    const hr = hostReports.get(batch[i].host.name);
                    Object.assign(hr, { result: 'failed', healthy: false, detail: (0,errors/* errorMessage */.gJ)(r.reason) });
                    failed ??= (0,errors/* hostMessage */.yd)(batch[i].host.name, r.reason);
                });
            });
        }
        report.timings.recoverMs = clock.now() - t0;
        const notReached = fleet.members.map((m) => m.host.name).filter((n) => !done.has(n));
        if (!failed && notReached.length)
            failed = `interrupted before ${notReached.join(', ')} (still on their release)`;
        report.outcome = failed || unhealthy.length ? 'failed' : 'ok';
        report.reason = failed ? `rollback stopped: ${failed}` : unhealthy.length ? `on ${target}, but not healthy: ${unhealthy.join('; ')}` : `all hosts on ${target}`;
    }
    catch (err) {
        report.outcome = 'failed';
        report.reason = (0,errors/* errorMessage */.gJ)(err);
    }
    finally {
        await fleet.releaseLocks();
        // Every path ends here (finished, refused, or failed and handled): the post step has nothing to redo.
        checkpoint('done');
        report.warnings.push(...fleet.warnings);
        fleet.close();
    }
    report.hosts = config.hosts.flatMap((h) => hostReports.get(h.name) ?? []);
    return (0,report_builder/* finishReport */.Ux)(ctx, report);
}

;// CONCATENATED MODULE: ./src/targets/ssh/target.ts









/** Containers on a list of hosts, rolled out by rollwatch itself over SSH. */
const sshTarget = {
    kind: 'ssh',
    session: sshSession,
    observe: target_observe,
    rollback: rollback_rollback,
    status: status_status,
    plan: plan_plan,
    lock: lockCommand,
    record: (ctx, entry) => withFleet(ctx, (fleet) => recordOn(fleet.members, entry)),
    history: (ctx, limit) => withFleet(ctx, (fleet) => historyOf(fleet.members, ctx.config.app, limit)),
    logs: (ctx, options, onLine) => withFleet(ctx, (fleet) => logsOf(ctx, fleet, options, onLine)),
    exec: (ctx, options, onLine) => withFleet(ctx, (fleet) => execOn(ctx, fleet, options, onLine)),
};
/** Restarts unhealthy containers that run the expected release (bounded), for `verify` with heal: restart. */
async function heal(ctx, fleet) {
    const out = [];
    const quick = { ...ctx.config, health: { ...ctx.config.health, timeoutMs: 0 } };
    await (0,util_clock/* settleLimit */.X$)(fleet.members, 16, async (m) => {
        const r = await m.agent.releases();
        if (!r.current)
            return;
        if ((await (0,ssh_health/* waitHealthy */.hq)(m.agent, r.current.name, quick, ctx.clock)).healthy)
            return;
        let attempts = 0;
        let healthy = false;
        while (!healthy && attempts < ctx.config.verify.healAttempts) {
            attempts++;
            ctx.log.warn(`${m.host.name}: ${r.current.name} is unhealthy; restarting it (attempt ${attempts})`);
            await m.agent.restart(r.current.name, Math.ceil(ctx.config.container.stopTimeoutMs / 1000)).catch((e) => ctx.log.error((0,errors/* errorMessage */.gJ)(e)));
            healthy = (await (0,ssh_health/* waitHealthy */.hq)(m.agent, r.current.name, ctx.config, ctx.clock, ctx.signal)).healthy;
        }
        out.push({ host: m.host.name, attempts, healthy });
    });
    return out;
}
async function target_observe(ctx) {
    const fleet = new ssh_fleet/* Fleet */.P(ctx);
    try {
        await fleet.preflight({ lock: false, version: null });
        const healed = ctx.config.verify.enabled && ctx.config.verify.heal === 'restart' ? await heal(ctx, fleet) : [];
        const releases = await Promise.all(fleet.members.map((m) => m.agent.releases()));
        return {
            description: fleet.describe(),
            version: releases.find((r) => r.current)?.current?.version ?? null,
            nodes: fleet.members.map(watchedNode),
            rows: fleet.members.map((m, i) => {
                const h = healed.find((x) => x.host === m.host.name);
                return { name: m.host.name, address: m.host.address, previous: null, final: releases[i].current?.version ?? null, result: 'ok', healthy: h?.healthy ?? null, detail: h ? `restarted ${h.attempts}×` : '', retained: releases[i].retained.map((c) => c.version), steps: [] };
            }),
            heal: healed,
            warnings: fleet.warnings,
            close: () => fleet.close(),
        };
    }
    catch (err) {
        fleet.close();
        throw err;
    }
}

// EXTERNAL MODULE: ./src/metrics/http.ts
var http = __webpack_require__(57345);
// EXTERNAL MODULE: ./node_modules/node-ssh/lib/esm/index.mjs + 2 modules
var esm = __webpack_require__(19487);
// EXTERNAL MODULE: ./src/targets/ssh/hostkeys.ts
var hostkeys = __webpack_require__(26313);
// EXTERNAL MODULE: ./src/targets/ssh/engine-channel.ts
var engine_channel = __webpack_require__(31863);
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
        this.client = (0,engine_channel/* engineClient */.aM)(agent);
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

;// CONCATENATED MODULE: ./src/targets/index.ts



/** The target the config names (`target: ssh` by default). */
function targetFor(config) {
    switch (config.target) {
        case 'swarm':
            return orchestratorTarget('swarm', config, (ctx) => new SwarmOrchestrator(ctx.config, ctx.log));
        default:
            return sshTarget;
    }
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


/***/ })

};
;