"use strict";
exports.id = 970;
exports.ids = [970];
exports.modules = {

/***/ 63970:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  sshTarget: () => (/* binding */ sshTarget)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/util/clock.ts
var util_clock = __webpack_require__(97110);
// EXTERNAL MODULE: ./src/targets/ssh/day2.ts
var day2 = __webpack_require__(71487);
// EXTERNAL MODULE: ./src/targets/ssh/deploy.ts
var deploy = __webpack_require__(45976);
// EXTERNAL MODULE: ./src/targets/ssh/fleet.ts + 3 modules
var ssh_fleet = __webpack_require__(13640);
// EXTERNAL MODULE: ./src/targets/ssh/health.ts
var ssh_health = __webpack_require__(61913);
// EXTERNAL MODULE: ./src/plan/batches.ts
var plan_batches = __webpack_require__(38383);
// EXTERNAL MODULE: ./src/targets/ssh/commands.ts
var commands = __webpack_require__(80657);
// EXTERNAL MODULE: ./src/engine/report-builder.ts
var report_builder = __webpack_require__(49460);
;// CONCATENATED MODULE: ./src/targets/ssh/plan.ts






/** What a deploy would do, read-only: batches, per-host intent, lock state. Touches nothing. */
async function plan(ctx, version) {
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
        const batches = (0,plan_batches/* planBatches */.u)(fleet.members, config.rollout.batchSize, config.rollout.canary);
        const batchOf = new Map(batches.flatMap((b, i) => b.map((m) => [m.host.name, i + 1])));
        report.hosts = fleet.members.map((m, i) => {
            const r = results[i];
            if (r.status === 'rejected')
                return { name: m.host.name, address: m.host.address, previous: null, final: null, result: 'failed', healthy: null, detail: `unreachable: ${(0,errors/* errorMessage */.gJ)(r.reason)}`, retained: [], steps: [] };
            const cur = r.value.current;
            const intent = cur?.version === version
                ? `already runs ${version}: would check health only`
                : `batch ${batchOf.get(m.host.name)}/${batches.length}: pull ${config.image.repository}:${version} by digest, ${config.rollout.strategy === 'stop-start'
                    ? `stop ${cur?.name ?? '(nothing)'}, start ${(0,commands/* containerName */.xN)(config.app, version)}`
                    : config.rollout.strategy === 'proxy'
                        ? `start ${(0,commands/* containerName */.xN)(config.app, version)} on a free port of ${config.proxy.ports.from}-${config.proxy.ports.to}, switch ${config.proxy.kind} to it, keep ${cur?.name ?? '(nothing)'} running until the window passes, then drain ${config.proxy.drainMs / 1000} s and stop it`
                        : `start ${(0,commands/* containerName */.xN)(config.app, version)}, then stop ${cur?.name ?? '(nothing)'}`}, gate on health${config.verify.enabled ? ', verify' : ''}; keep ${config.rollout.retain} previous release(s)`;
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

// EXTERNAL MODULE: ./src/targets/ssh/host-rollout.ts
var host_rollout = __webpack_require__(21649);
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
async function rollback(ctx, requested) {
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
        // behind a proxy a previous release may still run as the warm standby (a run cut off in its window): it is one to return to
        const behindProxy = config.rollout.strategy === 'proxy';
        const state = new Map(fleet.members.map((m, i) => [m.host.name, behindProxy ? { ...releases[i], retained: [...releases[i].extraRunning, ...releases[i].retained] } : releases[i]]));
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
        for (const batch of (0,plan_batches/* planBatches */.u)(fleet.members, config.rollout.batchSize)) {
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
                        if (behindProxy) {
                            // started (unless it still runs as the standby) and gated on its own port, then the proxy switches, then the current one stops
                            const switched = await (0,host_rollout/* restoreBehindProxy */.d5)(ctx, m.agent, r.current?.name ?? null, to.name, { removeFailed: false });
                            if (!switched.healthy)
                                throw new errors/* RollwatchError */.vP('rollback', switched.detail);
                        }
                        else {
                            if (r.current)
                                await m.agent.stop(r.current.name, stopSec);
                            await m.agent.start(to.name, config.container.restart);
                            const health = await (0,ssh_health/* waitHealthy */.hq)(m.agent, to.name, (0,ssh_health/* releaseHealthConfig */.K$)(config, to), clock);
                            if (!health.healthy)
                                throw new errors/* RollwatchError */.vP('rollback', `${target} did not become healthy: ${health.detail}`);
                        }
                        Object.assign(hr, { result: 'rolled-back', final: target, healthy: true, detail: `${r.current?.version ?? '(nothing)'} → ${target} (retained container, no pull${behindProxy ? ', traffic switched by the proxy' : ''})` });
                        log.info(`${m.host.name}: ${r.current?.version ?? '(nothing)'} → ${target}, healthy`);
                    }
                    catch (err) {
                        failed ??= (0,errors/* hostMessage */.yd)(m.host.name, err);
                        const back = await (0,host_rollout/* restoreRelease */.E8)(ctx, m.agent, to.name, r.current?.name ?? null, { removeFailed: false, previous: r.current });
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

// EXTERNAL MODULE: ./src/targets/ssh/status.ts
var ssh_status = __webpack_require__(98013);
;// CONCATENATED MODULE: ./src/targets/ssh/target.ts









/** Containers on a list of hosts, rolled out by rollwatch itself over SSH. */
const sshTarget = {
    kind: 'ssh',
    session: deploy/* sshSession */.n,
    observe,
    rollback: rollback,
    status: ssh_status/* status */.h5,
    plan: plan,
    lock: ssh_status/* lockCommand */.Lg,
    record: (ctx, entry) => (0,day2/* withFleet */.xd)(ctx, (fleet) => (0,day2/* recordOn */.jr)(fleet.members, entry)),
    history: (ctx, limit) => (0,day2/* withFleet */.xd)(ctx, (fleet) => (0,day2/* historyOf */.om)(fleet.members, ctx.config.app, limit)),
    logs: (ctx, options, onLine) => (0,day2/* withFleet */.xd)(ctx, (fleet) => (0,day2/* logsOf */.Hw)(ctx, fleet, options, onLine)),
    exec: (ctx, options, onLine) => (0,day2/* withFleet */.xd)(ctx, (fleet) => (0,day2/* execOn */.VG)(ctx, fleet, options, onLine)),
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
async function observe(ctx) {
    const fleet = new ssh_fleet/* Fleet */.P(ctx);
    try {
        await fleet.preflight({ lock: false, version: null });
        const healed = ctx.config.verify.enabled && ctx.config.verify.heal === 'restart' ? await heal(ctx, fleet) : [];
        const releases = await Promise.all(fleet.members.map((m) => m.agent.releases()));
        return {
            description: fleet.describe(),
            version: releases.find((r) => r.current)?.current?.version ?? null,
            nodes: fleet.members.map(deploy/* watchedNode */.X),
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


/***/ })

};
;