"use strict";
exports.id = 48;
exports.ids = [48];
exports.modules = {

/***/ 50390:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H$: () => (/* binding */ mergeHistory),
/* harmony export */   IQ: () => (/* binding */ worthRecording),
/* harmony export */   NY: () => (/* binding */ HISTORY_KEEP),
/* harmony export */   i6: () => (/* binding */ parseHistory),
/* harmony export */   xg: () => (/* binding */ historyEntry)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(12311);
/**
 * The deploy history kept on the hosts: one JSON line per deploy or rollback, appended by the run
 * that did it, read back newest first by `rollwatch history`. Pure: building, parsing, merging.
 */

/** How many lines a host keeps; older ones are dropped when the file reaches twice this. */
const HISTORY_KEEP = 500;
const REASON_MAX = 300;
/** The entry a finished deploy or rollback leaves (null: other commands leave none). */
function historyEntry(report, who) {
    if (report.command !== 'deploy' && report.command !== 'rollback')
        return null;
    const reason = report.reason.split('\n')[0];
    return {
        at: report.finishedAt || report.startedAt,
        command: report.command,
        app: report.app,
        version: report.version,
        previousVersion: report.previousVersion,
        outcome: report.outcome,
        reason: reason.length > REASON_MAX ? `${reason.slice(0, REASON_MAX)}…` : reason,
        actor: who.actor,
        commit: who.commit,
        runId: report.runId,
        runUrl: who.runUrl ?? null,
        deployMs: report.timings.deployMs,
        recoveryMs: report.timings.recoveryMs,
        totalMs: report.timings.totalMs,
    };
}
/** A run refused before it changed anything (lock held, host unreachable) is not part of the history. */
function worthRecording(report) {
    return report.outcome !== 'failed' || report.hosts.some((h) => h.result !== 'untouched');
}
const text = (max) => zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().max(max);
const entrySchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
    at: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().datetime({ offset: true }),
    command: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['deploy', 'rollback']),
    app: text(100),
    version: text(200).nullable(),
    previousVersion: text(200).nullable(),
    outcome: text(40),
    reason: text(REASON_MAX + 1),
    actor: text(200).nullable(),
    commit: text(100).nullable(),
    runId: text(200),
    runUrl: text(500).nullable(),
    deployMs: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullable(),
    recoveryMs: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().nullable(),
    totalMs: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(),
});
/** The valid entries of one host's history file; lines that are not (cut, edited) are counted, not trusted. */
function parseHistory(content) {
    const entries = [];
    let skipped = 0;
    for (const line of content.split('\n')) {
        if (!line.trim())
            continue;
        try {
            const r = entrySchema.safeParse(JSON.parse(line));
            if (r.success)
                entries.push(r.data);
            else
                skipped++;
        }
        catch {
            skipped++;
        }
    }
    return { entries, skipped };
}
/**
 * One list from every host's history: a run that wrote to several hosts appears once, with the
 * hosts it is recorded on; newest first.
 */
function mergeHistory(perHost) {
    const byRun = new Map();
    for (const { host, entries } of perHost) {
        for (const e of entries) {
            const key = `${e.runId} ${e.command}`;
            const seen = byRun.get(key);
            if (seen)
                seen.hosts.push(host);
            else
                byRun.set(key, { ...e, hosts: [host] });
        }
    }
    return [...byRun.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}


/***/ }),

/***/ 62287:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   recoverCheckpoint: () => (/* binding */ recoverCheckpoint)
/* harmony export */ });
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _commands__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(80657);
/* harmony import */ var _util_clock__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(97110);
/* harmony import */ var _engine_checkpoint__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7126);
/* harmony import */ var _fleet__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(13640);
/* harmony import */ var _host_rollout__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(21649);
/* harmony import */ var _engine_report_builder__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(49460);







/**
 * The cut-off run's lock on this host: still held by that run (ours), free and taken again now
 * (ours), or held by someone else (not ours: another run owns the host now).
 */
async function claimLock(ctx, m, runId) {
    const holder = await m.agent.readLock();
    if (holder?.run === runId)
        return { ours: true, takenNow: false };
    if (holder)
        return { ours: false, why: `its deploy lock is held by ${(0,_fleet__WEBPACK_IMPORTED_MODULE_4__/* .describeHolder */ .s)(holder)}` };
    const r = await m.agent.acquireLock({ run: runId, commit: ctx.commit, version: null, actor: ctx.actor, command: 'recover', since: new Date(ctx.clock.now()).toISOString(), host: m.host.name });
    return r.acquired ? { ours: true, takenNow: true } : { ours: false, why: `its deploy lock was taken by ${(0,_fleet__WEBPACK_IMPORTED_MODULE_4__/* .describeHolder */ .s)(r.holder)}` };
}
/**
 * Finishes a run that was cut off (cancelled job, crashed process): every host the checkpoint
 * says was touched goes back to the container it ran before, and the run's locks are released.
 * It acts only on what it can prove is that run's: the checkpoint must name this app, hosts of
 * the config and this app's containers, and each host's lock must still be the run's (or free,
 * and taken again before acting). Anything else is left as it is, and the report says why.
 */
async function recoverCheckpoint(ctx, checkpoint) {
    const runId = checkpoint.runId;
    const report = (0,_engine_report_builder__WEBPACK_IMPORTED_MODULE_6__/* .newReport */ .bQ)({ ...ctx, runId }, 'recover', checkpoint.version);
    const refusal = (0,_engine_checkpoint__WEBPACK_IMPORTED_MODULE_3__/* .ownershipProblems */ .Yg)(checkpoint, ctx.config);
    if (refusal.length) {
        report.outcome = 'failed';
        report.reason = `nothing was changed: the saved state is not this step's to act on (${refusal.join('; ')})`;
        return (0,_engine_report_builder__WEBPACK_IMPORTED_MODULE_6__/* .finishReport */ .Ux)(ctx, report);
    }
    const fleet = new _fleet__WEBPACK_IMPORTED_MODULE_4__/* .Fleet */ .P({ ...ctx, runId });
    const hosts = [];
    const ownLocks = new Set();
    try {
        const touched = Object.entries(checkpoint.touched);
        const newName = checkpoint.version ? (0,_commands__WEBPACK_IMPORTED_MODULE_1__/* .containerName */ .xN)(ctx.config.app, checkpoint.version) : null;
        const results = await (0,_util_clock__WEBPACK_IMPORTED_MODULE_2__/* .settleLimit */ .X$)(touched, 16, async ([name, previous]) => {
            const m = fleet.member(name);
            const record = (over) => void hosts.push({ name, address: m.host.address, previous: null, final: null, result: 'failed', healthy: false, detail: '', retained: [], steps: [], ...over });
            const claim = await claimLock(ctx, m, runId);
            if (!claim.ours)
                return record({ result: 'untouched', healthy: null, detail: `left as it is: ${claim.why}` });
            ownLocks.add(name);
            const r = await m.agent.releases();
            const current = r.current?.version ?? null;
            const before = previous === null ? null : ([r.current, ...r.extraRunning, ...r.retained].find((c) => c?.name === previous) ?? null);
            const behindProxy = ctx.config.rollout.strategy === 'proxy';
            // behind a proxy the container that runs says nothing of where traffic goes: the proxy is checked (and switched back) too
            if (!behindProxy && previous && r.current?.name === previous)
                return record({ previous: current, final: current, result: 'ok', healthy: null, detail: 'already on its previous release' });
            // A deploy is undone by removing the release it started; a rollback only stops the retained release it was returning to.
            const removeFailed = checkpoint.command === 'deploy';
            const outcome = await (0,_host_rollout__WEBPACK_IMPORTED_MODULE_5__/* .restoreRelease */ .E8)(ctx, m.agent, newName, previous, { removeFailed, previous: before });
            record({ previous: current, final: outcome.healthy ? (before?.version ?? previous) : null, result: outcome.healthy ? 'rolled-back' : 'failed', healthy: outcome.healthy, detail: outcome.detail, steps: [{ step: 'recover', ms: outcome.ms }], manual: outcome.manual });
        });
        results.forEach((r, i) => {
            if (r.status === 'rejected')
                hosts.push({ name: touched[i][0], address: '', previous: null, final: null, result: 'failed', healthy: false, detail: `recovery failed: ${(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(r.reason)}`, retained: [], steps: [] });
        });
        // hosts it locked but never touched: releaseLock(runId) leaves a lock that names another run alone
        for (const name of checkpoint.lockedHosts)
            if (!(name in checkpoint.touched))
                ownLocks.add(name);
        const unreleased = [];
        await (0,_util_clock__WEBPACK_IMPORTED_MODULE_2__/* .settleLimit */ .X$)([...ownLocks], 16, async (name) => {
            try {
                // removes the lock only while the holder file names this run
                await fleet.member(name).agent.releaseLock(runId);
            }
            catch (err) {
                unreleased.push(name);
                ctx.log.warn(`${name}: could not release the lock: ${(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`);
            }
        });
        const bad = hosts.filter((h) => h.result === 'failed');
        const skipped = hosts.filter((h) => h.result === 'untouched');
        const restored = hosts.filter((h) => h.result === 'rolled-back' || h.result === 'ok');
        report.outcome = bad.length || skipped.length || unreleased.length ? 'failed' : 'ok';
        report.reason = [
            touched.length === 0 ? 'no host was touched' : null,
            restored.length ? `restored ${restored.map((h) => h.name).join(', ')} to their previous release` : null,
            bad.length ? `could not restore ${bad.map((h) => h.name).join(', ')}` : null,
            skipped.length ? `did not touch ${skipped.map((h) => `${h.name} (${h.detail.replace(/^left as it is: /, '')})`).join(', ')}` : null,
            unreleased.length ? `could not release the lock on ${unreleased.join(', ')}` : 'locks released',
        ]
            .filter(Boolean)
            .join('; ');
    }
    catch (err) {
        report.outcome = 'failed';
        report.reason = (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err);
    }
    finally {
        fleet.close();
    }
    report.hosts = ctx.config.hosts.flatMap((h) => hosts.find((x) => x.name === h.name) ?? []);
    return (0,_engine_report_builder__WEBPACK_IMPORTED_MODULE_6__/* .finishReport */ .Ux)(ctx, report);
}


/***/ }),

/***/ 74995:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lc: () => (/* binding */ AbortError),
  Ay: () => (/* binding */ pRetry)
});

// UNUSED EXPORTS: makeRetriable

;// CONCATENATED MODULE: ./node_modules/is-network-error/index.js
const objectToString = Object.prototype.toString;

const isError = value => objectToString.call(value) === '[object Error]';

const errorMessages = new Set([
	'network error', // Chrome
	'NetworkError when attempting to fetch resource.', // Firefox
	'The Internet connection appears to be offline.', // Safari 16
	'Network request failed', // `cross-fetch`
	'fetch failed', // Undici (Node.js)
	'terminated', // Undici (Node.js)
	' A network error occurred.', // Bun (WebKit)
	'Network connection lost', // Cloudflare Workers (fetch)
]);

function isNetworkError(error) {
	const isValid = error
		&& isError(error)
		&& error.name === 'TypeError'
		&& typeof error.message === 'string';

	if (!isValid) {
		return false;
	}

	const {message, stack} = error;

	// Safari 17+ has generic message but no stack for network errors
	if (message === 'Load failed' || (message.startsWith('Load failed (') && message.endsWith(')'))) {
		return stack === undefined
			// Sentry adds its own stack trace to the fetch error, so also check for that
			|| '__sentry_captured__' in error;
	}

	// Deno network errors start with specific text
	if (message.startsWith('error sending request for url')) {
		return true;
	}

	// Chrome: exact "Failed to fetch" or with hostname: "Failed to fetch (example.com)"
	if (message === 'Failed to fetch' || (message.startsWith('Failed to fetch (') && message.endsWith(')'))) {
		return true;
	}

	// Standard network error messages
	return errorMessages.has(message);
}

;// CONCATENATED MODULE: ./node_modules/p-retry/index.js


function validateRetries(retries) {
	if (typeof retries === 'number') {
		if (retries < 0) {
			throw new TypeError('Expected `retries` to be a non-negative number.');
		}

		if (Number.isNaN(retries)) {
			throw new TypeError('Expected `retries` to be a valid number or Infinity, got NaN.');
		}
	} else if (retries !== undefined) {
		throw new TypeError('Expected `retries` to be a number or Infinity.');
	}
}

function validateNumberOption(name, value, {min = 0, allowInfinity = false} = {}) {
	if (value === undefined) {
		return;
	}

	if (typeof value !== 'number' || Number.isNaN(value)) {
		throw new TypeError(`Expected \`${name}\` to be a number${allowInfinity ? ' or Infinity' : ''}.`);
	}

	if (!allowInfinity && !Number.isFinite(value)) {
		throw new TypeError(`Expected \`${name}\` to be a finite number.`);
	}

	if (value < min) {
		throw new TypeError(`Expected \`${name}\` to be \u2265 ${min}.`);
	}
}

class AbortError extends Error {
	constructor(message) {
		super();

		if (message instanceof Error) {
			this.originalError = message;
			({message} = message);
		} else {
			this.originalError = new Error(message);
			this.originalError.stack = this.stack;
		}

		this.name = 'AbortError';
		this.message = message;
	}
}

function calculateDelay(retriesConsumed, options) {
	const attempt = Math.max(1, retriesConsumed + 1);
	const random = options.randomize ? (Math.random() + 1) : 1;

	let timeout = Math.round(random * options.minTimeout * (options.factor ** (attempt - 1)));
	timeout = Math.min(timeout, options.maxTimeout);

	return timeout;
}

function calculateRemainingTime(start, max) {
	if (!Number.isFinite(max)) {
		return max;
	}

	return max - (performance.now() - start);
}

async function onAttemptFailure({error, attemptNumber, retriesConsumed, startTime, options}) {
	const normalizedError = error instanceof Error
		? error
		: new TypeError(`Non-error was thrown: "${error}". You should only throw errors.`);

	if (normalizedError instanceof AbortError) {
		throw normalizedError.originalError;
	}

	const retriesLeft = Number.isFinite(options.retries)
		? Math.max(0, options.retries - retriesConsumed)
		: options.retries;

	const maxRetryTime = options.maxRetryTime ?? Number.POSITIVE_INFINITY;

	const context = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
	});

	await options.onFailedAttempt(context);

	if (calculateRemainingTime(startTime, maxRetryTime) <= 0) {
		throw normalizedError;
	}

	const consumeRetry = await options.shouldConsumeRetry(context);

	const remainingTime = calculateRemainingTime(startTime, maxRetryTime);

	if (remainingTime <= 0 || retriesLeft <= 0) {
		throw normalizedError;
	}

	if (normalizedError instanceof TypeError && !isNetworkError(normalizedError)) {
		if (consumeRetry) {
			throw normalizedError;
		}

		options.signal?.throwIfAborted();
		return false;
	}

	if (!await options.shouldRetry(context)) {
		throw normalizedError;
	}

	if (!consumeRetry) {
		options.signal?.throwIfAborted();
		return false;
	}

	const delayTime = calculateDelay(retriesConsumed, options);
	const finalDelay = Math.min(delayTime, remainingTime);

	options.signal?.throwIfAborted();

	if (finalDelay > 0) {
		await new Promise((resolve, reject) => {
			const onAbort = () => {
				clearTimeout(timeoutToken);
				options.signal?.removeEventListener('abort', onAbort);
				reject(options.signal.reason);
			};

			const timeoutToken = setTimeout(() => {
				options.signal?.removeEventListener('abort', onAbort);
				resolve();
			}, finalDelay);

			if (options.unref) {
				timeoutToken.unref?.();
			}

			options.signal?.addEventListener('abort', onAbort, {once: true});
		});
	}

	options.signal?.throwIfAborted();

	return true;
}

async function pRetry(input, options = {}) {
	options = {...options};

	validateRetries(options.retries);

	if (Object.hasOwn(options, 'forever')) {
		throw new Error('The `forever` option is no longer supported. For many use-cases, you can set `retries: Infinity` instead.');
	}

	options.retries ??= 10;
	options.factor ??= 2;
	options.minTimeout ??= 1000;
	options.maxTimeout ??= Number.POSITIVE_INFINITY;
	options.maxRetryTime ??= Number.POSITIVE_INFINITY;
	options.randomize ??= false;
	options.onFailedAttempt ??= () => {};
	options.shouldRetry ??= () => true;
	options.shouldConsumeRetry ??= () => true;

	// Validate numeric options and normalize edge cases
	validateNumberOption('factor', options.factor, {min: 0, allowInfinity: false});
	validateNumberOption('minTimeout', options.minTimeout, {min: 0, allowInfinity: false});
	validateNumberOption('maxTimeout', options.maxTimeout, {min: 0, allowInfinity: true});
	validateNumberOption('maxRetryTime', options.maxRetryTime, {min: 0, allowInfinity: true});

	// Treat non-positive factor as 1 to avoid zero backoff or negative behavior
	if (!(options.factor > 0)) {
		options.factor = 1;
	}

	options.signal?.throwIfAborted();

	let attemptNumber = 0;
	let retriesConsumed = 0;
	const startTime = performance.now();

	while (Number.isFinite(options.retries) ? retriesConsumed <= options.retries : true) {
		attemptNumber++;

		try {
			options.signal?.throwIfAborted();

			const result = await input(attemptNumber);

			options.signal?.throwIfAborted();

			return result;
		} catch (error) {
			if (await onAttemptFailure({
				error,
				attemptNumber,
				retriesConsumed,
				startTime,
				options,
			})) {
				retriesConsumed++;
			}
		}
	}

	// Should not reach here, but in case it does, throw an error
	throw new Error('Retry attempts exhausted without throwing an error.');
}

function makeRetriable(function_, options) {
	return function (...arguments_) {
		return pRetry(() => function_.apply(this, arguments_), options);
	};
}


/***/ })

};
;