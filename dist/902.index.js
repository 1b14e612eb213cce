"use strict";
exports.id = 902;
exports.ids = [902];
exports.modules = {

/***/ 38383:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   u: () => (/* binding */ planBatches)
/* harmony export */ });
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);

/** Splits hosts into rollout batches. `batchSize` is a count or "N%" of the fleet (rounded up). */
function planBatches(hosts, batchSize, canary = false) {
    if (hosts.length === 0)
        return [];
    let size;
    if (typeof batchSize === 'number') {
        if (!Number.isInteger(batchSize) || batchSize < 1)
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('rollout.batchSize', `expected a whole number of hosts from 1 up, or a percentage like "25%", got ${batchSize}`);
        size = batchSize;
    }
    else {
        const m = /^([0-9]{1,3})%$/.exec(batchSize);
        if (!m || Number(m[1]) < 1 || Number(m[1]) > 100)
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('rollout.batchSize', `expected a count or a percentage like "25%", got ${JSON.stringify(batchSize)}`);
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


/***/ }),

/***/ 71487:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hw: () => (/* binding */ logsOf),
/* harmony export */   VG: () => (/* binding */ execOn),
/* harmony export */   jr: () => (/* binding */ recordOn),
/* harmony export */   om: () => (/* binding */ historyOf),
/* harmony export */   uz: () => (/* binding */ splitLines),
/* harmony export */   xd: () => (/* binding */ withFleet)
/* harmony export */ });
/* unused harmony export chosenMembers */
/* harmony import */ var _engine_history__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50390);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _util_clock__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(97110);
/* harmony import */ var _util_sanitize__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(62701);
/* harmony import */ var _commands__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(80657);
/* harmony import */ var _fleet__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(13640);






/** The members a command addresses: every host, or the one `host` names (refused before connecting when it names none). */
function chosenMembers(fleet, host, flag = '--host') {
    if (!host)
        return fleet.members;
    const m = fleet.members.find((x) => x.host.name === host);
    if (!m)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .inputError */ .Xu)(flag, `${JSON.stringify(host.slice(0, 80))} is not a host of this config`, `one of: ${fleet.members.map((x) => x.host.name).join(', ')}`);
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
                onLine((0,_util_sanitize__WEBPACK_IMPORTED_MODULE_5__/* .cleanLog */ .a)(p.replace(/\r$/, '')));
        },
        flush() {
            if (rest)
                onLine((0,_util_sanitize__WEBPACK_IMPORTED_MODULE_5__/* .cleanLog */ .a)(rest));
            rest = '';
        },
    };
}
async function recordOn(members, entry) {
    const warnings = [];
    await (0,_util_clock__WEBPACK_IMPORTED_MODULE_2__/* .settleLimit */ .X$)(members, 16, async (m) => {
        try {
            const r = await m.connection.run(_commands__WEBPACK_IMPORTED_MODULE_3__/* .appendHistory */ .b8(entry.app, _engine_history__WEBPACK_IMPORTED_MODULE_0__/* .HISTORY_KEEP */ .NY), { stdin: JSON.stringify(entry) + '\n', timeoutMs: 15_000 });
            if (r.code !== 0)
                warnings.push(`${m.host.name}: the deploy history was not written (exit ${r.code}): ${r.stderr.trim().slice(0, 200)}`);
        }
        catch (err) {
            warnings.push(`${m.host.name}: the deploy history was not written: ${(0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err)}`);
        }
    });
    return warnings;
}
async function historyOf(members, app, limit) {
    const warnings = [];
    const results = await (0,_util_clock__WEBPACK_IMPORTED_MODULE_2__/* .settleLimit */ .X$)(members, 16, async (m) => {
        const r = await m.connection.run(_commands__WEBPACK_IMPORTED_MODULE_3__/* .readHistory */ .Lu(app, limit), { timeoutMs: 15_000 });
        if (r.code !== 0)
            throw new Error(`reading the deploy history failed (exit ${r.code}): ${r.stderr.trim().slice(0, 200)}`);
        return { host: m.host.name, ...(0,_engine_history__WEBPACK_IMPORTED_MODULE_0__/* .parseHistory */ .i6)(r.stdout) };
    });
    const perHost = results.flatMap((r, i) => {
        if (r.status === 'fulfilled')
            return [r.value];
        warnings.push((0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .hostMessage */ .yd)(members[i].host.name, r.reason));
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
    await (0,_util_clock__WEBPACK_IMPORTED_MODULE_2__/* .settleLimit */ .X$)(members, 16, async (m) => {
        try {
            const current = (await m.agent.releases()).current;
            if (!current)
                throw new Error(`no release of ${ctx.config.app} runs here`);
            const lines = lineSplitter((l) => onLine(m.host.name, l));
            const r = await m.connection.run(_commands__WEBPACK_IMPORTED_MODULE_3__/* .followLogs */ .VF(current.name, options), { timeoutMs: options.follow ? Number.POSITIVE_INFINITY : 60_000, onStdout: (c) => lines.push(c), signal: ctx.signal });
            lines.flush();
            if (r.code !== 0)
                throw new Error(`docker logs failed (exit ${r.code})`);
        }
        catch (err) {
            // Ctrl-C ends a followed log: that is how it stops, not a failure
            if (!ctx.signal.aborted)
                failures.push((0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .hostMessage */ .yd)(m.host.name, err));
        }
    });
    return failures;
}
async function execOn(ctx, fleet, options, onLine) {
    const members = chosenMembers(fleet, options.host);
    const results = await (0,_util_clock__WEBPACK_IMPORTED_MODULE_2__/* .settleLimit */ .X$)(members, 16, async (m) => {
        const current = (await m.agent.releases()).current;
        if (!current)
            throw new Error(`no release of ${ctx.config.app} runs here`);
        const out = lineSplitter((l) => onLine(m.host.name, l, 'stdout'));
        const err = lineSplitter((l) => onLine(m.host.name, l, 'stderr'));
        const r = await m.connection.run(_commands__WEBPACK_IMPORTED_MODULE_3__/* .execInContainer */ .ur(current.name, options.argv), { timeoutMs: 10 * 60_000, onStdout: (c) => out.push(c), onStderr: (c) => err.push(c), signal: ctx.signal });
        out.flush();
        err.flush();
        return r.code;
    });
    return results.map((r, i) => (r.status === 'fulfilled' ? { node: members[i].host.name, code: r.value } : { node: members[i].host.name, code: null, error: (0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(r.reason) }));
}
/** Opens the fleet for `fn`, closes it after; connection failures are per host, as the operations report them. */
async function withFleet(ctx, fn) {
    const fleet = new _fleet__WEBPACK_IMPORTED_MODULE_4__/* .Fleet */ .P(ctx);
    try {
        return await fn(fleet);
    }
    finally {
        fleet.close();
    }
}


/***/ }),

/***/ 45976:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ watchedNode),
/* harmony export */   n: () => (/* binding */ sshSession)
/* harmony export */ });
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _plan_batches__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38383);
/* harmony import */ var _util_clock__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(97110);
/* harmony import */ var _commands__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(80657);
/* harmony import */ var _fleet__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(13640);
/* harmony import */ var _host_rollout__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(21649);
/* harmony import */ var _proxy__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(44027);
/* harmony import */ var _inspect__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(42511);









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
    const fleet = new _fleet__WEBPACK_IMPORTED_MODULE_4__/* .Fleet */ .P(ctx);
    const changes = new Map();
    /** host → container it ran before this run touched it (null: none) */
    const touched = {};
    const rows = new Map();
    const batches = (0,_plan_batches__WEBPACK_IMPORTED_MODULE_1__/* .planBatches */ .u)(fleet.members, config.rollout.batchSize, config.rollout.canary);
    const concurrency = config.rollout.concurrency ?? Number.MAX_SAFE_INTEGER;
    /**
     * Proxy strategy, before anything is touched: on every host the proxy answers and its config
     * test passes, the port range has a free port, and the running release's port is known.
     */
    async function checkProxies(hosts) {
        const settings = config.proxy;
        const problems = [];
        await (0,_util_clock__WEBPACK_IMPORTED_MODULE_2__/* .settleLimit */ .X$)(hosts, 16, async ({ m, r }) => {
            try {
                const upstream = await (0,_proxy__WEBPACK_IMPORTED_MODULE_6__/* .proxyDriver */ .pk)(m.agent.shell, config.app, settings).check();
                const port = await (0,_proxy__WEBPACK_IMPORTED_MODULE_6__/* .freePort */ .ov)(m.agent.shell, settings, [r.current, ...r.extraRunning, ...r.retained], 'preflight');
                if (r.current && (0,_proxy__WEBPACK_IMPORTED_MODULE_6__/* .releasePort */ .Rq)(r.current, upstream.serving) === null) {
                    throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .RollwatchError */ .vP('preflight', `${m.host.name}: cannot tell which port ${r.current.name} listens on (the proxy names none, the container has no recorded port)`, 'proxy', 'point the proxy at the running release once by hand');
                }
                log.info(`${m.host.name}: ${settings.kind} answers, serving port ${upstream.serving ?? '(none)'}; the new release gets port ${port}`);
            }
            catch (err) {
                problems.push({ host: m.host.name, err });
            }
        });
        if (problems.length > 0) {
            const order = (host) => config.hosts.findIndex((h) => h.name === host);
            problems.sort((a, b) => order(a.host) - order(b.host));
            const first = problems[0].err;
            const field = first instanceof _errors__WEBPACK_IMPORTED_MODULE_0__/* .RollwatchError */ .vP ? first.field : undefined;
            const text = problems.map((p) => (p.err instanceof _errors__WEBPACK_IMPORTED_MODULE_0__/* .RollwatchError */ .vP && p.err.field ? p.err.message.slice(p.err.field.length + 2) : (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(p.err))).join('; ');
            throw new _errors__WEBPACK_IMPORTED_MODULE_0__/* .RollwatchError */ .vP('preflight', `${text}; nothing was changed`, field);
        }
    }
    /** Proxy strategy, after the window passed: the drain time, then each standby leaves the upstream and stops (retained). */
    async function retireStandbys() {
        const standbys = [...changes.entries()].filter(([, c]) => c.proxy?.standby);
        if (standbys.length === 0 || !config.proxy)
            return;
        log.info(`draining the previous release on ${standbys.map(([n]) => n).join(', ')} for ${config.proxy.drainMs / 1000} s (proxy.drain) before stopping it`);
        await ctx.clock.sleep(config.proxy.drainMs, ctx.signal).catch(() => undefined);
        await (0,_util_clock__WEBPACK_IMPORTED_MODULE_2__/* .settleLimit */ .X$)(standbys, 16, async ([name, c]) => {
            const m = fleet.member(name);
            const standby = c.proxy.standby;
            try {
                await (0,_proxy__WEBPACK_IMPORTED_MODULE_6__/* .proxyDriver */ .pk)(m.agent.shell, config.app, config.proxy).retire(c.proxy.port);
                await m.agent.stop(standby.name, Math.ceil(config.container.stopTimeoutMs / 1000));
                log.info(`${name}: stopped ${standby.name} after the drain (retained for rollback)`);
            }
            catch (err) {
                log.warn(`${name}: retiring the standby ${standby.name} failed: ${(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`);
                const hr = rows.get(name);
                if (hr)
                    hr.detail = [hr.detail, `the previous release ${standby.name} still runs: ${(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`].filter(Boolean).join('; ');
            }
        });
    }
    return {
        describe: () => fleet.describe(),
        warnings: fleet.warnings,
        async preflight(version) {
            await fleet.preflight({ lock: true, version });
            const readings = await (0,_util_clock__WEBPACK_IMPORTED_MODULE_2__/* .mapLimit */ .sf)(fleet.members, 16, async (m) => fleet.readingUnderLock(m.host.name, Number.POSITIVE_INFINITY) ?? (await m.agent.releases()));
            if (config.rollout.strategy === 'proxy' && config.proxy)
                await checkProxies(fleet.members.map((m, i) => ({ m, r: readings[i] })));
            await (0,_util_clock__WEBPACK_IMPORTED_MODULE_2__/* .mapLimit */ .sf)(fleet.members, 16, async (m, i) => {
                const r = readings[i];
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
            const results = await (0,_util_clock__WEBPACK_IMPORTED_MODULE_2__/* .settleLimit */ .X$)(batch, concurrency, async (m) => {
                if (ctx.signal.aborted)
                    throw new Error('interrupted before this host was started');
                const change = await (0,_host_rollout__WEBPACK_IMPORTED_MODULE_5__/* .deployHost */ .gJ)(ctx, m.agent, release, (prev) => {
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
                    if (r.reason instanceof _host_rollout__WEBPACK_IMPORTED_MODULE_5__/* .HostRolloutError */ .Wj)
                        Object.assign(hr, r.reason.report, { steps: [...hr.steps, ...r.reason.report.steps] });
                    else
                        Object.assign(hr, { result: 'untouched', detail: (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(r.reason) });
                    failure ??= (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(r.reason);
                }
            });
            return failure ? { ok: false, reason: failure } : { ok: true, candidates: batch.map(watchedNode), changed: results.some((r) => r.status === 'fulfilled' && r.value.changed) };
        },
        async undo() {
            const names = Object.keys(touched);
            if (names.length > 0) {
                log.info(`returning ${names.join(', ')} to their previous release`);
                await (0,_util_clock__WEBPACK_IMPORTED_MODULE_2__/* .settleLimit */ .X$)(names, 16, async (name) => {
                    const m = fleet.member(name);
                    const outcome = await (0,_host_rollout__WEBPACK_IMPORTED_MODULE_5__/* .restoreRelease */ .E8)(ctx, m.agent, changes.get(name)?.current ?? null, touched[name], { removeFailed: true });
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
            await retireStandbys();
            await (0,_util_clock__WEBPACK_IMPORTED_MODULE_2__/* .settleLimit */ .X$)(fleet.members, 16, async (m) => {
                try {
                    const r = changes.get(m.host.name)?.after ?? (await m.agent.releases());
                    const plan = (0,_inspect__WEBPACK_IMPORTED_MODULE_7__/* .prunePlan */ .kH)(r, config.rollout.retain);
                    await m.agent.prune(plan.containers, plan.unusedImages);
                    for (const c of plan.containers)
                        log.info(`${m.host.name}: pruned ${c.name}`);
                    const hr = rows.get(m.host.name);
                    if (hr)
                        hr.retained = r.retained.filter((c) => !plan.containers.includes(c)).map((c) => c.version);
                }
                catch (err) {
                    log.warn(`${m.host.name}: pruning old releases failed: ${(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`);
                }
            });
        },
        // Every host that was read at preflight: the others were never reached. The lock goes in
        // the same round trip (record is the run's last write); close() releases what is left.
        record: (entry) => fleet.recordAndRelease(fleet.members.filter((m) => rows.has(m.host.name)), entry),
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
                const release = `ssh ${h.user}@${h.address} 'rm -rf ${(0,_commands__WEBPACK_IMPORTED_MODULE_3__/* .lockDir */ .JK)(config.app)}'`;
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

/***/ 98013:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lg: () => (/* binding */ lockCommand),
/* harmony export */   h5: () => (/* binding */ status)
/* harmony export */ });
/* unused harmony export fleetVerdict */
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _util_clock__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(97110);
/* harmony import */ var _fleet__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(13640);
/* harmony import */ var _health__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(61913);
/* harmony import */ var _engine_report_builder__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(49460);





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
async function status(ctx) {
    const report = (0,_engine_report_builder__WEBPACK_IMPORTED_MODULE_4__/* .newReport */ .bQ)(ctx, 'status', null);
    const fleet = new _fleet__WEBPACK_IMPORTED_MODULE_2__/* .Fleet */ .P(ctx);
    const quick = { ...ctx.config, health: { ...ctx.config.health, timeoutMs: 0 } };
    const lock = [];
    try {
        const results = await (0,_util_clock__WEBPACK_IMPORTED_MODULE_1__/* .settleLimit */ .X$)(fleet.members, 16, async (m) => {
            await m.connection.connect();
            const r = await m.agent.releases();
            const holder = await m.agent.readLock();
            lock.push({ host: m.host.name, held: holder !== null, holder });
            const health = r.current ? await (0,_health__WEBPACK_IMPORTED_MODULE_3__/* .waitHealthy */ .hq)(m.agent, r.current.name, (0,_health__WEBPACK_IMPORTED_MODULE_3__/* .releaseHealthConfig */ .K$)(quick, r.current), ctx.clock) : null;
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
            : { name: fleet.members[i].host.name, address: fleet.members[i].host.address, previous: null, final: null, result: 'failed', healthy: null, detail: (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(r.reason), retained: [], steps: [] });
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
    return (0,_engine_report_builder__WEBPACK_IMPORTED_MODULE_4__/* .finishReport */ .Ux)(ctx, report);
}
/** `lock status` / `lock release`: release removes the lock whoever holds it. */
async function lockCommand(ctx, action) {
    const report = (0,_engine_report_builder__WEBPACK_IMPORTED_MODULE_4__/* .newReport */ .bQ)(ctx, `lock ${action}`, null);
    const fleet = new _fleet__WEBPACK_IMPORTED_MODULE_2__/* .Fleet */ .P(ctx);
    const lock = [];
    try {
        const results = await (0,_util_clock__WEBPACK_IMPORTED_MODULE_1__/* .settleLimit */ .X$)(fleet.members, 16, async (m) => {
            await m.connection.connect();
            const holder = await m.agent.readLock();
            if (action === 'release' && holder)
                await m.agent.releaseLock(null);
            lock.push({ host: m.host.name, held: action === 'release' ? false : holder !== null, holder });
        });
        const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .hostMessage */ .yd)(fleet.members[i].host.name, r.reason)] : []));
        report.lock = lock.sort((a, b) => a.host.localeCompare(b.host));
        const held = lock.filter((l) => l.held);
        report.outcome = failed.length ? 'failed' : 'ok';
        report.reason = failed.length ? failed.join('; ') : action === 'release' ? `released the lock on ${lock.filter((l) => l.holder).length} host(s)` : held.length ? `held on ${held.map((l) => l.host).join(', ')}` : 'free on every host';
    }
    finally {
        fleet.close();
    }
    return (0,_engine_report_builder__WEBPACK_IMPORTED_MODULE_4__/* .finishReport */ .Ux)(ctx, report);
}


/***/ })

};
;