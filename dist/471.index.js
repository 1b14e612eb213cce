"use strict";
exports.id = 471;
exports.ids = [471];
exports.modules = {

/***/ 73750:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P4: () => (/* binding */ checkEnvValue),
/* harmony export */   Su: () => (/* binding */ checkValue),
/* harmony export */   lA: () => (/* binding */ fits),
/* harmony export */   y0: () => (/* binding */ RULES)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/**
 * The accepted forms of every value that can reach a remote command. The config schema and
 * the shell layer both use these, so a value is judged by one rule wherever it comes from.
 */

const rule = (pattern, form, maxLength = 128, alsoAccepts, mustAlso) => ({
    pattern,
    form,
    maxLength,
    alsoAccepts,
    mustAlso,
});
/** Whether `value` fits `r` (pattern or the rule's extra acceptance, and its further condition). */
function fits(r, value) {
    return (r.pattern.test(value) || (r.alsoAccepts?.(value) ?? false)) && (r.mustAlso?.(value) ?? true);
}
/** "[IP:][HOST_PORT:]PORT[/proto]": every port 1–65535, the IP a real IPv4 address. */
function portMappingInRange(value) {
    const parts = value.replace(/\/(tcp|udp)$/, '').split(':');
    const ports = parts.length === 3 ? parts.slice(1) : parts;
    if (parts.length === 3 && (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(parts[0]) !== 4)
        return false;
    return ports.every((p) => Number(p) >= 1 && Number(p) <= 65535);
}
/** A real calendar time as Docker and rollwatch write it (RFC 3339). */
const isTime = (v) => !Number.isNaN(Date.parse(v));
const RULES = {
    app: rule(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. "web-api")', 63),
    version: rule(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" or "-", starting with a letter, digit or "_" (e.g. "v1.2.3" or a git SHA)', 128),
    repository: rule(/^(?:[a-zA-Z0-9.-]+(?::[0-9]{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/, 'an image repository without tag or digest, e.g. "ghcr.io/acme/web" or "10.0.0.1:5000/web"', 255),
    tag: rule(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'a Docker tag: letters, digits, ".", "_" or "-", at most 128 characters', 128),
    digest: rule(/^sha256:[a-f0-9]{64}$/, 'a digest of the form "sha256:<64 hex digits>"', 71),
    // "__proto__" would set the prototype of the parsed map instead of adding a key: the value would vanish.
    envKey: rule(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name: letters, digits and "_", not starting with a digit, other than "__proto__"', 255, undefined, (v) => v !== '__proto__'),
    hostAddress: rule(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/, 'a host name or an IP address, e.g. "web-1.example.com", "10.0.0.5" or "fd00::5"', 253, (v) => (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(v) !== 0),
    hostName: rule(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" or "-" (e.g. "web-1")', 63),
    user: rule(/^[a-z_][a-z0-9_.-]*\$?$/, 'a Unix user name, e.g. "deploy"', 32),
    labelKey: rule(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a label key: letters, digits, ".", "_" or "-"', 128),
    network: rule(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a Docker network name, e.g. "host" or "bridge"', 64),
    portMapping: rule(/^(?:(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}):)?(?:[0-9]{1,5}:)?[0-9]{1,5}(?:\/(?:tcp|udp))?$/, 'a port mapping "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp]" with ports from 1 to 65535 and an IPv4 host address, e.g. "8080:80", "127.0.0.1:8080:80" or "53/udp"', 40, undefined, portMappingInRange),
    volume: rule(/^(?:\/[A-Za-z0-9_.\/-]*|[A-Za-z0-9][A-Za-z0-9_.-]*):\/[A-Za-z0-9_.\/-]*(?::(?:ro|rw))?$/, 'a volume "SOURCE:/container/path[:ro|rw]" where SOURCE is an absolute path or a volume name', 512),
    // Values only read back from hosts (container labels, `docker inspect`, lock files, `docker version`).
    imageRef: rule(/^(?:[a-zA-Z0-9.-]+(?::[0-9]{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/, 'an image reference "REPOSITORY[:TAG][@sha256:DIGEST]"', 400, (v) => /^sha256:[a-f0-9]{64}$/.test(v)),
    containerId: rule(/^[A-Za-z0-9][A-Za-z0-9]*$/, 'a container ID (hex digits)', 64),
    containerName: rule(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'a container name: letters, digits, ".", "_" or "-"', 255),
    runId: rule(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'a run id: letters, digits, ".", "_", ":" or "-"', 128),
    commit: rule(/^[A-Za-z0-9][A-Za-z0-9_.\/-]*$/, 'a commit SHA or ref', 128),
    time: rule(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2})$/, 'an RFC 3339 time, e.g. "2026-01-31T12:00:00Z"', 40, undefined, isTime),
    engineVersion: rule(/^[0-9A-Za-z][0-9A-Za-z.+~_-]*$/, 'a Docker engine version, e.g. "20.10.24"', 64),
    logSince: rule(/^(?:[0-9]{1,6}(?:ms|s|m|h))+$/, 'a duration like "10m", "2h" or "1h30m", or an RFC 3339 time like "2026-01-31T12:00:00Z"', 40, (v) => /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2})$/.test(v) && isTime(v)),
    // Names a proxy config or its admin API takes as one token (nginx upstream, HAProxy backend
    // and server, Caddy @id): no blank, ";", "{", "/" or quote can end the token early.
    proxyName: rule(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" or "-", starting with a letter, digit or "_" (e.g. "web" or "web-blue")', 64),
    absolutePath: rule(/^\/[A-Za-z0-9_.@+\/-]*$/, 'an absolute path of letters, digits, ".", "_", "-", "@", "+" and "/", without ".." (e.g. "/etc/nginx/rollwatch/web.conf")', 1024, undefined, (v) => !v.split('/').includes('..')),
    ipAddress: rule(/^$/, 'an IP address, e.g. "127.0.0.1" or "::1"', 45, (v) => (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(v) !== 0),
    httpPath: rule(/^\/[A-Za-z0-9_.~!$&'()*+,;=:@%\/?-]*$/, 'a URL path starting with "/", e.g. "/health"', 1024),
};
/** Returns a description of what is wrong with `value` under `rule`, or null when it fits. */
function checkValue(name, value) {
    const r = RULES[name];
    if (typeof value !== 'string')
        return `expected a string: ${r.form}`;
    if (value.length === 0)
        return `must not be empty: expected ${r.form}`;
    if (value.length > r.maxLength)
        return `is ${value.length} characters long, at most ${r.maxLength} allowed: expected ${r.form}`;
    if (!fits(r, value))
        return `expected ${r.form}`;
    return null;
}
/** A value for an env file line: anything printable on one line. */
function checkEnvValue(value) {
    if (/[\n\r\0]/.test(value))
        return 'must be one line without NUL bytes: Docker env files cannot carry newlines';
    if (value.length > 65536)
        return 'is longer than 65536 characters';
    return null;
}


/***/ }),

/***/ 7126:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S7: () => (/* binding */ parseCheckpoint),
/* harmony export */   Yg: () => (/* binding */ ownershipProblems),
/* harmony export */   rv: () => (/* binding */ needsRecovery)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(12311);
/* harmony import */ var _config_values__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73750);
/**
 * The checkpoint a run leaves for its post step, and the rules under which a post step may act
 * on one. Pure: parsing and ownership checks, no I/O.
 */


const valid = (rule) => (v) => (0,_config_values__WEBPACK_IMPORTED_MODULE_0__/* .checkValue */ .Su)(rule, v) === null;
/** A host is named by its name, or by its address when the config gives none. */
const hostKey = zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().refine((v) => valid('hostName')(v) || valid('hostAddress')(v), 'a host name or address');
const checkpointSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    runId: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'a run id: letters, digits, ".", "_" or "-"'),
    app: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().refine(valid('app'), 'an app name'),
    command: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['deploy', 'rollback']),
    version: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().refine(valid('version'), 'a version').nullable(),
    phase: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['preflight', 'rollout', 'verify', 'rollback', 'done']),
    touched: zod__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1P(hostKey, zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().max(200).nullable()),
    lockedHosts: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(hostKey).max(1000),
})
    .strict();
/** Reads a saved checkpoint; anything but a well-formed one is `corrupt` with the reason. */
function parseCheckpoint(raw) {
    if (!raw.trim())
        return { kind: 'none' };
    let value;
    try {
        value = JSON.parse(raw);
    }
    catch (err) {
        return { kind: 'corrupt', reason: `not JSON (${err instanceof Error ? err.message : String(err)})` };
    }
    const r = checkpointSchema.safeParse(value);
    if (!r.success) {
        const first = r.error.issues[0];
        return { kind: 'corrupt', reason: `${first.path.join('.') || '(top level)'}: ${first.message}` };
    }
    return { kind: 'ok', checkpoint: r.data };
}
/** Whether the checkpoint describes a run cut off with work to finish. */
const needsRecovery = (c) => c.phase !== 'done' && (Object.keys(c.touched).length > 0 || c.lockedHosts.length > 0);
/**
 * Why a post step must not act on this checkpoint under this config (empty: it may). It acts
 * only on state it can prove is its own: the same app, hosts the config names, and containers
 * named as this app names its releases.
 */
function ownershipProblems(c, config) {
    const problems = [];
    if (c.app !== config.app)
        problems.push(`it belongs to app "${c.app}", this step deploys "${config.app}"`);
    const known = new Set(config.hosts.map((h) => h.name));
    const unknown = [...new Set([...Object.keys(c.touched), ...c.lockedHosts])].filter((h) => !known.has(h));
    if (unknown.length)
        problems.push(`it names host(s) not in the config: ${unknown.join(', ')}`);
    const prefix = `${config.app}-`;
    const foreign = Object.entries(c.touched).filter(([, name]) => name !== null && !(name.startsWith(prefix) && (0,_config_values__WEBPACK_IMPORTED_MODULE_0__/* .checkValue */ .Su)('version', name.slice(prefix.length)) === null));
    if (foreign.length)
        problems.push(`it names container(s) that are not releases of ${config.app}: ${foreign.map(([h, n]) => `${h}: ${n}`).join(', ')}`);
    return problems;
}


/***/ }),

/***/ 83916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rr: () => (/* binding */ exitCodeFor),
/* harmony export */   Xu: () => (/* binding */ inputError),
/* harmony export */   dc: () => (/* binding */ EXIT),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   vP: () => (/* binding */ RollwatchError),
/* harmony export */   yd: () => (/* binding */ hostMessage)
/* harmony export */ });
class RollwatchError extends Error {
    kind;
    field;
    hint;
    constructor(kind, message, field, hint) {
        super(field ? `${field}: ${message}` : message);
        this.kind = kind;
        this.field = field;
        this.hint = hint;
        this.name = 'RollwatchError';
    }
}
const inputError = (field, message, hint) => new RollwatchError('input', message, field, hint);
function errorMessage(err) {
    if (err instanceof Error)
        return err.message;
    return String(err);
}
/** Exit codes shared by the CLI and documented in the README. */
const EXIT = {
    ok: 0,
    failed: 1,
    badInput: 2,
    rolledBack: 3,
};
function exitCodeFor(err) {
    if (err instanceof RollwatchError && err.kind === 'input')
        return EXIT.badInput;
    return EXIT.failed;
}
/** "web-1: what went wrong", naming the host once when the message already starts with it. */
function hostMessage(host, err) {
    const message = errorMessage(err);
    return message.startsWith(`${host}:`) || message.startsWith(`${host} (`) ? message : `${host}: ${message}`;
}


/***/ }),

/***/ 7661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ inputLabel),
/* harmony export */   i: () => (/* binding */ configFromInputs)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _config_file__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(49998);
/* harmony import */ var _config_load__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(61036);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);




/** The YAML file (when given) with the action's inputs on top; an error in a value an input gave names that input. */
function configFromInputs(inputs, env = process.env) {
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    try {
        if (inputs.configFile)
            return (0,_config_file__WEBPACK_IMPORTED_MODULE_1__/* .loadConfigFile */ .HT)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(workspace, inputs.configFile), inputs.overrides, env, { destination: inputs.destination });
        return (0,_config_load__WEBPACK_IMPORTED_MODULE_2__/* .buildConfig */ .fD)(inputs.overrides, (0,_config_file__WEBPACK_IMPORTED_MODULE_1__/* .fileSources */ .FT)(workspace, env));
    }
    catch (err) {
        throw err instanceof _errors__WEBPACK_IMPORTED_MODULE_3__/* .RollwatchError */ .vP && err.kind === 'input' ? nameInputs(err, inputs.inputFields) : err;
    }
}
/** "hosts[1].address" → "hosts input (entry 2)", "container.port" → "port input": the input, when the field is one an input set. */
function inputLabel(field, inputFields) {
    let best = null;
    for (const path of Object.keys(inputFields)) {
        if ((field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`)) && (best === null || path.length > best.length))
            best = path;
    }
    if (best === null)
        return null;
    const entry = /^\[(\d+)\]/.exec(field.slice(best.length));
    return `${inputFields[best]} input${entry ? ` (entry ${Number(entry[1]) + 1})` : ''}`;
}
const FIELD_AT_LINE_START = /^([A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*): /gm;
function nameInputs(err, inputFields) {
    const message = err.message.replace(FIELD_AT_LINE_START, (whole, field) => {
        const label = inputLabel(field, inputFields);
        return label ? `${label}: ` : whole;
    });
    if (message === err.message)
        return err;
    const renamed = new _errors__WEBPACK_IMPORTED_MODULE_3__/* .RollwatchError */ .vP(err.kind, message, undefined, err.hint);
    renamed.stack = err.stack;
    return renamed;
}


/***/ }),

/***/ 16887:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nc: () => (/* binding */ resumeDeployment),
/* harmony export */   i4: () => (/* binding */ startDeployment)
/* harmony export */ });
/* unused harmony exports shortDescription, finalStatus */
/* harmony import */ var _vendor_undici_on_demand__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(46374);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);


const MAX_DESCRIPTION = 140;
function shortDescription(text) {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    return oneLine.length <= MAX_DESCRIPTION ? oneLine : oneLine.slice(0, MAX_DESCRIPTION - 1) + '…';
}
/** The final state and description for a report. */
function finalStatus(report) {
    const v = report.version ?? 'the previous release';
    const reason = report.reason; // shortDescription makes it one line of at most 140 characters
    switch (report.outcome) {
        case 'promoted':
            return { state: 'success', description: `${v} promoted` };
        case 'deployed':
            return { state: 'success', description: `${v} deployed (first release, nothing to compare with)` };
        case 'inconclusive':
            return { state: 'success', description: `${v} kept (verification inconclusive)` };
        case 'ok':
            return { state: 'success', description: report.command === 'rollback' ? `rolled back to ${v}` : `${v} deployed` };
        case 'rolled-back':
            return { state: 'failure', description: `rolled back: ${reason}` };
        default:
            return { state: 'failure', description: reason || 'failed' };
    }
}
const NOOP = { id: null, finish: async () => { }, error: async () => { }, cleanedUp: async () => { } };
/** The REST calls both the main step and the post step make; null (after a warning) when they cannot be made. */
function deploymentApi(o) {
    const env = o.env ?? process.env;
    const mask = o.mask ?? ((t) => t);
    const environment = o.environment || 'production';
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    const ref = env.GITHUB_SHA;
    if (!owner || !repo || !ref) {
        o.log.warn('GitHub deployment skipped: GITHUB_REPOSITORY and GITHUB_SHA are needed');
        return null;
    }
    const baseUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, '');
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '');
    const logUrl = env.GITHUB_RUN_ID ? `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    const timeoutMs = o.timeoutMs ?? 15_000;
    // @actions/github (Octokit) and the undici it uses are loaded on first use: most runs start without them.
    let client;
    const octokit = () => (client ??= (0,_vendor_undici_on_demand__WEBPACK_IMPORTED_MODULE_1__.loadUndici)().then(() => __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 92413))).then((m) => m.getOctokit(o.token, { baseUrl })));
    const why = (err) => {
        const e = err;
        return mask(`${e.status ? `HTTP ${e.status}: ` : ''}${(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err).split('\n')[0]}`);
    };
    return {
        environment,
        async create(description, payload) {
            try {
                const res = await (await octokit()).rest.repos.createDeployment({
                    owner,
                    repo,
                    ref,
                    environment,
                    task: 'deploy',
                    auto_merge: false,
                    required_contexts: [],
                    payload,
                    description: shortDescription(mask(description)),
                    request: { signal: AbortSignal.timeout(timeoutMs) },
                });
                if (res.status !== 201 || !('id' in res.data)) {
                    o.log.warn(`GitHub deployment not created (HTTP ${res.status}): ${mask(JSON.stringify(res.data)).slice(0, 200)}`);
                    return null;
                }
                return res.data.id;
            }
            catch (err) {
                o.log.warn(`GitHub deployment could not be created (the deploy goes on): ${why(err)}`);
                return null;
            }
        },
        async post(id, state, description) {
            try {
                await (await octokit()).rest.repos.createDeploymentStatus({
                    owner,
                    repo,
                    deployment_id: id,
                    state,
                    description: shortDescription(mask(description)),
                    ...(logUrl ? { log_url: logUrl } : {}),
                    ...(o.environmentUrl ? { environment_url: o.environmentUrl } : {}),
                    request: { signal: AbortSignal.timeout(timeoutMs) },
                });
            }
            catch (err) {
                o.log.warn(`GitHub deployment ${id}: status "${state}" could not be posted: ${why(err)}`);
            }
        },
    };
}
function tracker(api, id) {
    let done = false;
    const once = async (state, description) => {
        if (done)
            return;
        done = true;
        await api.post(id, state, description);
    };
    return {
        id,
        finish: (report) => {
            const s = finalStatus(report);
            return once(s.state, s.description);
        },
        error: (message) => once('error', message || 'error'),
        cleanedUp: (report) => once(report.outcome === 'failed' ? 'error' : 'failure', `run stopped mid-way; cleanup: ${report.reason}`),
    };
}
/**
 * Creates the deployment and posts `in_progress`. Never throws: without what it needs
 * (GITHUB_REPOSITORY, GITHUB_SHA) or on an API error it warns and returns a tracker that does nothing.
 */
async function startDeployment(o) {
    const api = deploymentApi(o);
    if (!api)
        return NOOP;
    const what = o.command === 'rollback' ? `rollback of ${o.app} to ${o.version ?? 'the previous release'}` : `${o.app} ${o.version ?? ''}`.trim();
    const id = await api.create(`rollwatch: ${what}`, { app: o.app, version: o.version, command: o.command });
    if (id === null)
        return NOOP;
    await api.post(id, 'in_progress', o.command === 'rollback' ? `rolling back to ${o.version ?? 'the previous release'}` : `rolling out ${o.version ?? ''}`.trim());
    o.log.info(`GitHub deployment ${id} (${api.environment}) created`);
    return tracker(api, id);
}
/** The tracker of a deployment a main step created and could not finish (the post step's view). */
function resumeDeployment(o, id) {
    const api = deploymentApi({ ...o, app: '', version: null, command: 'deploy' });
    return api ? tracker(api, id) : NOOP;
}


/***/ }),

/***/ 65446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ko: () => (/* binding */ readInputs),
/* harmony export */   _y: () => (/* binding */ secretInputs)
/* harmony export */ });
/* unused harmony exports MODES, parseEnvLines */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
/* harmony import */ var _config_layers__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51978);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);



/** The action's modes (the `mode` input). */
const MODES = ['deploy', 'rollback', 'verify', 'status', 'plan', 'check'];
function lines(v) {
    return v
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter(Boolean);
}
/** Parses KEY=VALUE lines (env inputs). Values may contain "=". */
function parseEnvLines(field, text, secret) {
    const out = {};
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            return;
        const eq = line.indexOf('=');
        if (eq <= 0)
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)(`${field} (line ${i + 1})`, 'expected KEY=VALUE');
        const key = line.slice(0, eq).trim();
        const value = line.slice(eq + 1);
        out[key] = secret ? { value, secret: true } : value;
    });
    return out;
}
function intInput(get, name) {
    const v = get(name);
    if (!v)
        return undefined;
    if (!/^[0-9]+$/.test(v))
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)(name, `expected a whole number, got ${JSON.stringify(v.slice(0, 40))}`);
    return Number(v);
}
/**
 * Reads the action's inputs into a typed value. Only keys that were given end up in
 * `overrides`, so the YAML file keeps everything else.
 */
function readInputs(get = (n) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(n)) {
    const mode = (get('mode') || 'deploy');
    if (!MODES.includes(mode))
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('mode', `expected one of ${MODES.join(', ')}, got ${JSON.stringify(mode)}`);
    const o = {};
    const inputFields = {};
    const place = (path, value, input) => {
        inputFields[path.join('.')] = input;
        let at = o;
        for (const p of path.slice(0, -1))
            at = (at[p] ??= {});
        at[path[path.length - 1]] = value;
    };
    const set = (path, value, input) => {
        if (value !== undefined && value !== '')
            place(path, value, input);
    };
    set(['app'], get('app'), 'app');
    set(['image', 'repository'], get('image'), 'image');
    set(['image', 'digest'], get('image-digest'), 'image-digest');
    set(['image', 'build', 'context'], get('context'), 'context');
    set(['image', 'build', 'dockerfile'], get('dockerfile'), 'dockerfile');
    const hosts = get('hosts');
    if (hosts)
        set(['hosts'], lines(hosts), 'hosts');
    set(['ssh', 'user'], get('ssh-user'), 'ssh-user');
    set(['ssh', 'privateKey'], get('ssh-key'), 'ssh-key');
    if (get('ssh-passphrase'))
        set(['ssh', 'passphrase'], { value: get('ssh-passphrase') }, 'ssh-passphrase');
    set(['ssh', 'port'], intInput(get, 'ssh-port'), 'ssh-port');
    set(['ssh', 'knownHosts'], get('known-hosts'), 'known-hosts');
    if (get('registry') || get('registry-username') || get('registry-password')) {
        set(['registry', 'server'], get('registry'), 'registry');
        set(['registry', 'username'], get('registry-username'), 'registry-username');
        set(['registry', 'password'], get('registry-password'), 'registry-password');
    }
    set(['docker', 'host'], get('docker-host'), 'docker-host');
    set(['health', 'path'], get('health-path'), 'health-path');
    set(['container', 'port'], intInput(get, 'port'), 'port');
    set(['container', 'network'], get('network'), 'network');
    const plainEnv = parseEnvLines('env', get('env'), false);
    const secretEnv = parseEnvLines('secret-env', get('secret-env'), true);
    for (const [input, vars] of [['env', plainEnv], ['secret-env', secretEnv]])
        for (const key of Object.keys(vars))
            place(['container', 'env', key], vars[key], input);
    set(['grafana', 'url'], get('grafana-url'), 'grafana-url');
    if (get('grafana-token'))
        set(['grafana', 'token'], { value: get('grafana-token') }, 'grafana-token');
    set(['grafana', 'dashboardUid'], get('grafana-dashboard-uid'), 'grafana-dashboard-uid');
    const batch = get('batch-size');
    if (batch)
        set(['rollout', 'batchSize'], /^[0-9]+$/.test(batch) ? Number(batch) : batch, 'batch-size');
    return {
        mode,
        configFile: get('config') || null,
        destination: destinationInput(get('destination'), get('config')),
        version: get('version') || undefined,
        overrides: o,
        inputFields,
        githubToken: get('github-token') || null,
        deployments: deploymentsInput(get('deployments')),
        environment: get('environment') || null,
        environmentUrl: get('environment-url') || null,
    };
}
function destinationInput(value, configFile) {
    const v = value.trim();
    if (!v)
        return undefined;
    if (!_config_layers__WEBPACK_IMPORTED_MODULE_1__/* .DESTINATION */ .tp.test(v))
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('destination', `${JSON.stringify(value.slice(0, 40))} is not a destination name`, 'letters, digits, "_" or "-" (at most 63), e.g. "staging": rollwatch.staging.yml next to the config file');
    if (!configFile)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('destination', 'needs the config input: the destination file is merged over that file', 'set config: to the base rollwatch YAML file');
    return v;
}
function deploymentsInput(value) {
    const v = value.trim().toLowerCase();
    if (v === '' || v === 'auto')
        return 'auto';
    if (v === 'off')
        return 'off';
    throw (0,_errors__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('deployments', `${JSON.stringify(value.slice(0, 40))} is not accepted`, 'expected "auto" (a GitHub deployment when github-token is given) or "off" (the job\'s `environment:` records it)');
}
/** Every input value that must never be printed. */
function secretInputs(get = (n) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(n)) {
    const env = parseEnvLines('secret-env', get('secret-env'), true);
    return [get('ssh-key'), get('ssh-passphrase'), get('registry-password'), get('github-token'), get('grafana-token'), ...Object.values(env).map((v) => v.value)].filter((v) => v && v.length > 0);
}


/***/ }),

/***/ 72231:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ actionLogger)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);

/** Log lines in the run log; phases become collapsible groups. */
const actionLogger = {
    info: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(m),
    warn: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(m),
    error: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .error */ .z3(m),
    debug: (m) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(m),
    group: (name, fn) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .group */ .Os(name, fn),
};


/***/ }),

/***/ 98862:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DI: () => (/* binding */ unfinishedDeployment),
/* harmony export */   HQ: () => (/* binding */ readCheckpoint),
/* harmony export */   SN: () => (/* binding */ saveDeploymentId),
/* harmony export */   UM: () => (/* binding */ markMainStarted),
/* harmony export */   dG: () => (/* binding */ markDeploymentFinished),
/* harmony export */   s4: () => (/* binding */ saveCheckpoint),
/* harmony export */   w7: () => (/* binding */ saveRunId)
/* harmony export */ });
/* unused harmony export mainStarted */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
/* harmony import */ var _engine_checkpoint__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7126);
/* harmony import */ var _targets_ssh_hostkeys__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(26313);



/** Every saveState/getState of the action lives here. */
const CHECKPOINT = 'checkpoint';
const MAIN_STARTED = 'main-started';
/** Host keys the main step trusted on first use (accept-new): the post step must meet the same. */
const HOST_KEYS = 'host-keys';
function markMainStarted() {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(MAIN_STARTED, 'true');
}
function saveCheckpoint(c) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(CHECKPOINT, JSON.stringify(c));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(HOST_KEYS, JSON.stringify((0,_targets_ssh_hostkeys__WEBPACK_IMPORTED_MODULE_2__/* .firstUseKeys */ .YZ)()));
}
/**
 * The checkpoint the main step saved: none, a well-formed one, or corrupt (with the reason). The
 * host keys main trusted on first use come back with it, so the post step meets the same keys.
 */
function readCheckpoint() {
    try {
        (0,_targets_ssh_hostkeys__WEBPACK_IMPORTED_MODULE_2__/* .restoreFirstUseKeys */ .eI)(JSON.parse(_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(HOST_KEYS) || '{}'));
    }
    catch {
        /* no keys saved: accept-new trusts on first use again */
    }
    return (0,_engine_checkpoint__WEBPACK_IMPORTED_MODULE_1__/* .parseCheckpoint */ .S7)(_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(CHECKPOINT));
}
const RUN_ID = 'run-id';
/** The main step's run id (unique per job, matrix leg and attempt): its locks carry it. */
function saveRunId(id) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(RUN_ID, id);
}
function mainStarted() {
    return core.getState(MAIN_STARTED) === 'true';
}
const DEPLOYMENT = 'deployment-id';
const DEPLOYMENT_FINISHED = 'deployment-finished';
/** The GitHub deployment the main step created; the post step finishes it if the main step could not. */
function saveDeploymentId(id) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(DEPLOYMENT, String(id));
}
function markDeploymentFinished() {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(DEPLOYMENT_FINISHED, 'true');
}
/** The id of a deployment the main step created but never gave a final status, or null. */
function unfinishedDeployment() {
    if (_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(DEPLOYMENT_FINISHED) === 'true')
        return null;
    const id = Number(_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(DEPLOYMENT));
    return Number.isSafeInteger(id) && id > 0 ? id : null;
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

/***/ 46374:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ProxyAgent: () => (/* binding */ ProxyAgent),
/* harmony export */   fetch: () => (/* binding */ fetch),
/* harmony export */   loadUndici: () => (/* binding */ loadUndici)
/* harmony export */ });
let real;
/** Loads the real undici; call it (and await it) before using @actions/github. */
async function loadUndici() {
    real ??= (await __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 24371, 19)));
}
function loaded() {
    if (!real)
        throw new Error('undici is loaded on demand: await loadUndici() before using @actions/github');
    return real;
}
class ProxyAgent {
    constructor(...args) {
        // a constructor may return another object: callers get the real undici ProxyAgent
        return new (loaded().ProxyAgent)(...args);
    }
}
async function fetch(...args) {
    await loadUndici();
    return loaded().fetch(...args);
}


/***/ })

};
;