"use strict";
exports.id = 154;
exports.ids = [154,898];
exports.modules = {

/***/ 35898:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkConfigFile: () => (/* binding */ checkConfigFile),
/* harmony export */   runCheck: () => (/* binding */ runCheck)
/* harmony export */ });
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _check__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(13890);
/* harmony import */ var _file__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(49998);
/* harmony import */ var _layers__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(51978);




/**
 * Reads the file at `path` (and `rollwatch.NAME.yml` next to it with a destination) and checks
 * them; `label` is how problems name the file (the path as the user gave it, e.g. relative to the
 * workspace). The action's `mode: check` and the CLI share it.
 */
function checkConfigFile(path, label, options = {}) {
    const text = (0,_file__WEBPACK_IMPORTED_MODULE_2__/* .readConfigText */ .im)(path);
    let destination;
    if (options.destination !== undefined) {
        const file = (0,_layers__WEBPACK_IMPORTED_MODULE_3__/* .destinationPath */ .g7)(path, options.destination);
        destination = {
            file: (0,_layers__WEBPACK_IMPORTED_MODULE_3__/* .destinationPath */ .g7)(label, options.destination),
            text: (0,_file__WEBPACK_IMPORTED_MODULE_2__/* .readConfigText */ .im)(file, '--destination', `create ${file} next to ${path}, with the values that differ for ${options.destination}`),
        };
    }
    return (0,_check__WEBPACK_IMPORTED_MODULE_1__/* .checkConfigText */ .m9)(text, label, { ...options, destination });
}
/** `rollwatch check`: reads the file, prints every problem (or "path: ok …"); exit 2 when there is one. */
function runCheck(path, opts = {}) {
    const write = opts.write ?? ((t) => process.stdout.write(t));
    const result = checkConfigFile(path, path, { env: opts.env ?? process.env, destination: opts.destination });
    write((opts.json ? JSON.stringify({ ok: result.problems.length === 0, ...result }, null, 2) : (0,_check__WEBPACK_IMPORTED_MODULE_1__/* .formatCheck */ .Ac)(result)) + '\n');
    return result.problems.length === 0 ? _errors__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.ok : _errors__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.badInput;
}


/***/ }),

/***/ 13890:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ac: () => (/* binding */ formatCheck),
/* harmony export */   m9: () => (/* binding */ checkConfigText),
/* harmony export */   tn: () => (/* binding */ formatAnnotation)
/* harmony export */ });
/* unused harmony exports formatProblem, didYouMean, allowedKeys */
/* harmony import */ var _util_suggest__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(37406);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38815);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _file__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(49998);
/* harmony import */ var _layers__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(51978);
/* harmony import */ var _load__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(61036);
/* harmony import */ var _schema__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(90131);
/* harmony import */ var _swarm__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(28770);
/**
 * `rollwatch check`: every problem of a config file at once, each with its line and column in
 * the YAML file. Offline and pure: it reads no file, opens no connection and needs no secret
 * value (an environment variable only has to be set; its value is never read into a message).
 */








/**
 * Checks the text of a config file (and, with `options.destination`, the destination file merged
 * over it); `file` is only used to label the problems.
 */
function checkConfigText(text, file, options = {}) {
    const env = options.env ?? {};
    const overrides = options.overrides ?? {};
    const problems = [];
    const deprecated = [];
    const files = [file, ...(options.destination ? [options.destination.file] : [])];
    const result = () => ({ file, problems: sortProblems(problems, files), deprecated: sortProblems(deprecated, files), summary: null });
    const layers = [];
    for (const source of [{ text, file }, ...(options.destination ? [options.destination] : [])]) {
        const layer = parseLayer(source.text, source.file, problems);
        if (layer)
            layers.push(layer);
    }
    if (layers.length < files.length)
        return result();
    // A problem is shown where its value comes from: the destination when it has the field, else
    // the file that has more of its path (the base file on a tie).
    const layerOf = (path) => layers.reduce((best, l) => (l.depth(path) === path.length || l.depth(path) > best.depth(path) ? l : best));
    const addIn = (layer, path, message, key) => {
        const pos = layer.locate(path, key);
        problems.push({ file: layer.file, line: pos.line, col: pos.col, field: (0,_load__WEBPACK_IMPORTED_MODULE_4__/* .pathToField */ .ZI)(key === undefined ? path : [...path, key]), message });
    };
    const add = (path, message, key) => addIn(layerOf(key === undefined ? path : [...path, key]), path, message, key);
    const interpolated = [];
    const interpolationPaths = new Set();
    for (const layer of layers) {
        for (const [path, instead] of DEPRECATED) {
            if (valueAt(layer.raw, path) === undefined)
                continue;
            const pos = layer.locate(path.slice(0, -1), String(path[path.length - 1]));
            deprecated.push({ file: layer.file, line: pos.line, col: pos.col, field: (0,_load__WEBPACK_IMPORTED_MODULE_4__/* .pathToField */ .ZI)(path), message: `is deprecated (still accepted): write ${instead}` });
        }
        for (const path of protoKeys(layer.doc))
            addIn(layer, path.slice(0, -1), 'a key named "__proto__" is reserved and would be dropped: rename it', '__proto__');
        const r = (0,_layers__WEBPACK_IMPORTED_MODULE_3__/* .interpolate */ .GW)(layer.raw, env);
        for (const p of r.problems) {
            addIn(layer, p.path, p.message);
            interpolationPaths.add((0,_load__WEBPACK_IMPORTED_MODULE_4__/* .pathToField */ .ZI)(p.path));
        }
        interpolated.push(r.value);
    }
    const fromFiles = interpolated.reduce((base, over) => (0,_layers__WEBPACK_IMPORTED_MODULE_3__/* .mergeDestination */ .Pf)((0,_file__WEBPACK_IMPORTED_MODULE_2__/* .withoutReplacedSources */ .Rh)(base, over), over));
    const merged = (0,_file__WEBPACK_IMPORTED_MODULE_2__/* .mergeDeep */ .D9)((0,_file__WEBPACK_IMPORTED_MODULE_2__/* .withoutReplacedSources */ .Rh)(fromFiles, overrides), overrides);
    const parsed = _schema__WEBPACK_IMPORTED_MODULE_5__/* .configSchema */ .Qn.safeParse(merged);
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            if (issue.code === 'unrecognized_keys') {
                const allowed = allowedKeys(issue.path);
                for (const key of issue.keys)
                    add(issue.path, unknownKeyMessage(key, allowed), key);
            }
            else if (!interpolationPaths.has((0,_load__WEBPACK_IMPORTED_MODULE_4__/* .pathToField */ .ZI)(issue.path)))
                add(issue.path, issueMessage(issue, merged));
        }
    }
    for (const err of (0,_swarm__WEBPACK_IMPORTED_MODULE_6__/* .targetOptionErrors */ .mV)(merged))
        add(fieldPath(err.field ?? ''), messageOf(err));
    const refs = (0,_load__WEBPACK_IMPORTED_MODULE_4__/* .envReferences */ .Q4)(merged);
    for (const ref of (0,_load__WEBPACK_IMPORTED_MODULE_4__/* .missingEnv */ .gC)(refs, env))
        add(ref.path, `environment variable ${ref.name} is not set or empty: export ${ref.name} before running rollwatch (only whether it is set is checked, never its value)`);
    if (problems.length > 0)
        return result();
    // The rules across fields (unique hosts, registry host, health check, swarm manager …): the
    // loader itself, with stand-ins for what the deploy provides (secret files, SSH key, env values).
    const standIns = { ...merged, ssh: { ...merged.ssh } };
    // a key from the environment or a file is the deploy's business: only its own form is checked
    const key = standIns.ssh.privateKey;
    const keyFromSource = key !== null && typeof key === 'object' && key.value === undefined;
    if ((key === undefined && standIns.ssh.privateKeyFile === undefined) || keyFromSource)
        standIns.ssh.privateKey = STAND_IN_KEY;
    // a webhook URL given as a secret is not read: its value is the deploy's business
    if (Array.isArray(standIns.notify))
        standIns.notify = standIns.notify.map((n) => (n && typeof n.url === 'object' && n.url !== null ? { ...n, url: STAND_IN_WEBHOOK } : n));
    try {
        const config = (0,_load__WEBPACK_IMPORTED_MODULE_4__/* .buildConfig */ .fD)(standIns, { env: Object.fromEntries(refs.map((r) => [r.name, 'set'])), baseDir: '/', readFile: () => STAND_IN_KEY });
        const hosts = `${config.hosts.length} host${config.hosts.length === 1 ? '' : 's'}`;
        const over = options.destination ? `, with ${options.destination.file} over it` : '';
        return { file, problems: [], deprecated: sortProblems(deprecated, files), summary: `app ${config.app}, target ${config.target}, ${hosts}, image ${config.image.repository}${over}` };
    }
    catch (err) {
        if (!(err instanceof _errors__WEBPACK_IMPORTED_MODULE_1__/* .RollwatchError */ .vP))
            throw err;
        add(fieldPath(err.field ?? ''), messageOf(err));
        return result();
    }
}
/** Keys of an older syntax, still read, with what to write instead. */
const DEPRECATED = [
    [['registry', 'passwordEnv'], 'registry.password: { fromEnv: NAME }'],
    [['registry', 'passwordFile'], 'registry.password: { fromFile: PATH }'],
    [['ssh', 'privateKeyFile'], 'ssh.privateKey: { fromFile: PATH }'],
];
const STAND_IN_WEBHOOK = 'https://webhook.invalid/rollwatch-check';
/** A one-line, single-line PEM frame: passes the loader's checks for keys, certificates and tokens. */
const STAND_IN_KEY = '-----BEGIN OPENSSH PRIVATE KEY----- stand-in for rollwatch check -----END OPENSSH PRIVATE KEY-----';
/** `path:line:col: field: message`, as compilers write it (editors and CI logs link it). */
function formatProblem(p) {
    return `${p.file}:${p.line}:${p.col}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}
/** The text `rollwatch check` prints for a result. */
function formatCheck(r) {
    const notes = r.deprecated.map((p) => formatProblem(p));
    if (r.problems.length === 0)
        return [...notes, `${r.file}: ok (${r.summary})`].join('\n');
    const n = r.problems.length;
    return [...r.problems.map(formatProblem), ...notes, `${r.file}: ${n} problem${n === 1 ? '' : 's'}`].join('\n');
}
/** A GitHub Actions workflow command that puts the problem on the line of the file in the PR. */
function formatAnnotation(p, level = 'error') {
    const data = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    const prop = (s) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
    return `::${level} file=${prop(p.file)},line=${p.line},col=${p.col},title=${prop('rollwatch check')}::${data(`${p.field ? `${p.field}: ` : ''}${p.message}`)}`;
}
/** The base file's problems first, then the destination's; each file's by line and column. */
function sortProblems(problems, files) {
    const rank = (p) => files.indexOf(p.file);
    return problems
        .map((p, i) => [p, i])
        .sort(([a, i], [b, j]) => rank(a) - rank(b) || a.line - b.line || a.col - b.col || i - j)
        .map(([p]) => p);
}
/** Parses one file; its YAML problems go to `problems` (and no layer comes back). */
function parseLayer(text, file, problems) {
    const at = (line, col, message) => problems.push({ file, line, col, field: '', message });
    if (text.length > 1_000_000) {
        at(1, 1, 'is larger than 1 MB; a rollwatch config is a few hundred lines at most');
        return null;
    }
    const lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_0__.LineCounter();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__.parseDocument)(text, { lineCounter, keepSourceTokens: true, uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length > 0) {
        for (const e of doc.errors) {
            const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
            at(pos.line, pos.col, `is not valid YAML: ${e.message.split('\n')[0]}`);
        }
        return null;
    }
    let raw;
    try {
        raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
    }
    catch (err) {
        at(1, 1, `cannot be expanded: ${err.message.split('\n')[0]}: remove the deeply nested YAML aliases`);
        return null;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        at(1, 1, 'must be a YAML mapping (key: value) at the top level');
        return null;
    }
    const depth = (path) => {
        let n = 0;
        let v = raw;
        for (const part of path) {
            if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, part))
                break;
            v = v[part];
            n++;
        }
        return n;
    };
    return { file, doc, raw: raw, locate: locator(doc, lineCounter), depth };
}
function messageOf(err) {
    const prefix = err.field ? `${err.field}: ` : '';
    const message = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    return err.hint ? `${message} (${err.hint})` : message;
}
/** `hosts[1].name` → ['hosts', 1, 'name']. */
function fieldPath(field) {
    if (!field)
        return [];
    return field.split('.').flatMap((p) => p.split(/(?=\[)/)).map((p) => (/^\[[0-9]+\]$/.test(p) ? Number(p.slice(1, -1)) : p));
}
function issueMessage(issue, raw) {
    let message = issue.message;
    if (issue.code === 'invalid_key' && issue.issues.length > 0)
        message = `bad key: ${issue.issues[0].message}`;
    if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined)
        message = `is required: ${message}`;
    return message;
}
function valueAt(raw, path) {
    let at = raw;
    for (const p of path) {
        if (at === null || typeof at !== 'object')
            return undefined;
        at = at[p];
    }
    return at;
}
function unknownKeyMessage(key, allowed) {
    const near = didYouMean(key, allowed);
    const accepted = allowed.length > 0 ? `; accepted here: ${allowed.join(', ')}` : '';
    return `unknown key ${JSON.stringify(key)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}${accepted}`;
}
/** The closest allowed key when it is a plausible typo (a few edits away, case ignored). */
function didYouMean(key, allowed) {
    let best = null;
    let bestDistance = Infinity;
    for (const candidate of allowed) {
        const d = (0,_util_suggest__WEBPACK_IMPORTED_MODULE_7__/* .editDistance */ .Y)(key.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance)
            [best, bestDistance] = [candidate, d];
    }
    if (best === null)
        return null;
    const limit = Math.max(1, Math.floor(Math.max(key.length, best.length) / 3));
    return bestDistance <= limit ? best : null;
}
/** The schemas a value at this place can be checked by, with wrappers (optional, default, pipe …) and unions opened. */
function concrete(schema, out = [], depth = 0) {
    if (depth > 20)
        return out;
    const def = schema._zod.def;
    switch (def.type) {
        case 'optional':
        case 'nullable':
        case 'default':
        case 'prefault':
        case 'nonoptional':
        case 'readonly':
        case 'catch':
            return concrete(def.innerType, out, depth + 1);
        case 'pipe':
            concrete(def.in, out, depth + 1);
            return concrete(def.out, out, depth + 1);
        case 'union':
            for (const o of def.options)
                concrete(o, out, depth + 1);
            return out;
        case 'lazy':
            return concrete(def.getter(), out, depth + 1);
        default:
            out.push(schema);
            return out;
    }
}
/** The keys an object at `path` may have, as the schema says. */
function allowedKeys(path) {
    let schemas = [_schema__WEBPACK_IMPORTED_MODULE_5__/* .configSchema */ .Qn];
    for (const part of path) {
        const next = [];
        for (const s of schemas.flatMap((x) => concrete(x))) {
            const def = s._zod.def;
            if (def.type === 'object' && typeof part === 'string' && def.shape[part])
                next.push(def.shape[part]);
            else if (def.type === 'array' && typeof part === 'number')
                next.push(def.element);
            else if (def.type === 'record' && typeof part === 'string')
                next.push(def.valueType);
        }
        schemas = next;
    }
    const keys = new Set();
    for (const s of schemas.flatMap((x) => concrete(x))) {
        const def = s._zod.def;
        if (def.type === 'object')
            for (const k of Object.keys(def.shape))
                keys.add(k);
    }
    return [...keys];
}
/**
 * Finds the line and column of a path: its value (or, with `key`, that key of the map at the path).
 * A path that is not in the file (a missing field, or a value given as an action input) points at
 * the key of the nearest enclosing entry that is.
 */
function locator(doc, lines) {
    const posOf = (offset) => (offset === undefined ? { line: 1, col: 1 } : lines.linePos(offset));
    return (path, key) => {
        let node = doc.contents;
        let keyNode = null;
        const full = key === undefined ? [...path] : [...path, key];
        for (let i = 0; i < full.length; i++) {
            const part = full[i];
            if (node && (0,yaml__WEBPACK_IMPORTED_MODULE_0__.isAlias)(node))
                node = node.resolve(doc) ?? null;
            let child = null;
            let childKey = null;
            if (node && (0,yaml__WEBPACK_IMPORTED_MODULE_0__.isMap)(node)) {
                const pair = node.items.find((p) => ((0,yaml__WEBPACK_IMPORTED_MODULE_0__.isScalar)(p.key) ? String(p.key.value) : String(p.key)) === String(part));
                if (pair) {
                    childKey = pair.key ?? null;
                    child = pair.value ?? null;
                    // The key itself is the place when asked for, or when the value is empty (`health:`).
                    if ((key !== undefined && i === full.length - 1) || child === null)
                        return posOf(childKey?.range?.[0]);
                }
            }
            else if (node && (0,yaml__WEBPACK_IMPORTED_MODULE_0__.isSeq)(node) && typeof part === 'number') {
                child = node.items[part] ?? null;
            }
            if (child === null)
                return posOf((keyNode ?? (i === 0 ? null : node))?.range?.[0]);
            node = child;
            keyNode = childKey;
        }
        return posOf(node?.range?.[0]);
    };
}
/** Paths of every `__proto__` key in the document. */
function protoKeys(doc) {
    const out = [];
    const walk = (node, path, depth) => {
        if (depth > 64)
            return;
        if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__.isMap)(node)) {
            for (const pair of node.items) {
                const k = (0,yaml__WEBPACK_IMPORTED_MODULE_0__.isScalar)(pair.key) ? String(pair.key.value) : String(pair.key);
                if (k === '__proto__')
                    out.push([...path, k]);
                walk(pair.value, [...path, k], depth + 1);
            }
        }
        else if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__.isSeq)(node))
            node.items.forEach((item, i) => walk(item, [...path, i], depth + 1));
    };
    walk(doc.contents, [], 0);
    return out;
}


/***/ }),

/***/ 39154:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run),
/* harmony export */   runCheckMode: () => (/* binding */ runCheckMode),
/* harmony export */   setOutputs: () => (/* binding */ setOutputs)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _engine_run__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3965);
/* harmony import */ var _targets_lazy__WEBPACK_IMPORTED_MODULE_16__ = __webpack_require__(32542);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(83916);
/* harmony import */ var _config_check__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(13890);
/* harmony import */ var _config_check_run__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(35898);
/* harmony import */ var _report_summary__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(45447);
/* harmony import */ var _util_log__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(29906);
/* harmony import */ var _integrations_grafana__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(98259);
/* harmony import */ var _config__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(7661);
/* harmony import */ var _deployments__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(16887);
/* harmony import */ var _inputs__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(65446);
/* harmony import */ var _logger__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(72231);
/* harmony import */ var _state__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(98862);

















function commandFor(inputs) {
    switch (inputs.mode) {
        case 'deploy':
            return { name: 'deploy', version: inputs.version };
        case 'rollback':
            return { name: 'rollback', version: inputs.version };
        case 'verify':
            return { name: 'verify' };
        case 'status':
            return { name: 'status' };
        case 'plan':
            return { name: 'plan', version: inputs.version };
        case 'check':
            throw new Error('check mode does not run a command');
    }
}
const seconds = (ms) => (ms == null ? '' : (ms / 1000).toFixed(1));
function setOutputs(report, reportPath, mask) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('outcome', report.outcome);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('version', report.version ?? '');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('previous-version', report.previousVersion ?? '');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('reason', mask(report.reason));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('image', report.image ?? '');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('digest', report.digest ?? '');
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('hosts', report.hosts.map((h) => h.name).join(','));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('rolled-back', String(report.outcome === 'rolled-back' || report.hosts.some((h) => h.result === 'rolled-back')));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('t-build', seconds(report.timings.buildMs));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('t-deploy', seconds(report.timings.deployMs));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('t-detect', seconds(report.timings.detectMs));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('t-recover', seconds(report.timings.recoverMs));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('report', reportPath);
}
/**
 * `mode: check`: the config file checked offline (no SSH, no secret values); every problem
 * becomes an error annotation on its line of the file, and the step fails.
 */
function runCheckMode(inputs, env = process.env, write = (l) => process.stdout.write(l + '\n')) {
    if (!inputs.configFile)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_5__/* .inputError */ .Xu)('config', 'mode: check needs the config input (the rollwatch YAML file to check)');
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    const result = (0,_config_check_run__WEBPACK_IMPORTED_MODULE_7__.checkConfigFile)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(workspace, inputs.configFile), inputs.configFile, { env, overrides: inputs.overrides, destination: inputs.destination });
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('outcome', result.problems.length === 0 ? 'ok' : 'failed');
    for (const p of result.deprecated)
        write((0,_config_check__WEBPACK_IMPORTED_MODULE_6__/* .formatAnnotation */ .tn)(p, 'warning'));
    if (result.problems.length === 0) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_config_check__WEBPACK_IMPORTED_MODULE_6__/* .formatCheck */ .Ac)(result));
        return;
    }
    for (const p of result.problems)
        write((0,_config_check__WEBPACK_IMPORTED_MODULE_6__/* .formatAnnotation */ .tn)(p));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(`${inputs.configFile}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} (see the annotations)`);
}
/** A config that does not load: each problem that is in the file (not in an input) annotated on its line. */
function annotateFileProblems(inputs, env = process.env, write = (l) => process.stdout.write(l + '\n')) {
    if (!inputs.configFile)
        return;
    try {
        const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
        const result = (0,_config_check_run__WEBPACK_IMPORTED_MODULE_7__.checkConfigFile)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(workspace, inputs.configFile), inputs.configFile, { env, overrides: inputs.overrides, destination: inputs.destination });
        for (const p of result.problems)
            if (p.field === '' || !(0,_config__WEBPACK_IMPORTED_MODULE_11__/* .inputLabel */ .N)(p.field, inputs.inputFields))
                write((0,_config_check__WEBPACK_IMPORTED_MODULE_6__/* .formatAnnotation */ .tn)(p));
    }
    catch {
        // the annotations only help; the error itself is reported either way
    }
}
/** The action's main step. */
async function run() {
    (0,_state__WEBPACK_IMPORTED_MODULE_15__/* .markMainStarted */ .UM)();
    for (const s of (0,_inputs__WEBPACK_IMPORTED_MODULE_13__/* .secretInputs */ ._y)())
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(s);
    let mask = (0,_util_log__WEBPACK_IMPORTED_MODULE_9__/* .createMasker */ .aD)((0,_inputs__WEBPACK_IMPORTED_MODULE_13__/* .secretInputs */ ._y)());
    try {
        const inputs = (0,_inputs__WEBPACK_IMPORTED_MODULE_13__/* .readInputs */ .Ko)();
        if (inputs.mode === 'check')
            return runCheckMode(inputs);
        let config;
        try {
            config = (0,_config__WEBPACK_IMPORTED_MODULE_11__/* .configFromInputs */ .i)(inputs);
        }
        catch (err) {
            if (err instanceof _errors__WEBPACK_IMPORTED_MODULE_5__/* .RollwatchError */ .vP && err.kind === 'input')
                annotateFileProblems(inputs);
            throw err;
        }
        for (const s of config.secrets)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(s);
        mask = (0,_util_log__WEBPACK_IMPORTED_MODULE_9__/* .createMasker */ .aD)([...config.secrets, ...(0,_inputs__WEBPACK_IMPORTED_MODULE_13__/* .secretInputs */ ._y)()]);
        const controller = new AbortController();
        const onSignal = (sig) => {
            if (!controller.signal.aborted)
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`${sig} received: starting nothing new, returning touched hosts to a known state`);
            controller.abort();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        const log = (0,_util_log__WEBPACK_IMPORTED_MODULE_9__/* .maskedLogger */ .mq)(_logger__WEBPACK_IMPORTED_MODULE_14__/* .actionLogger */ .v, mask);
        let deployment = null;
        if (inputs.githubToken && inputs.deployments === 'auto' && (inputs.mode === 'deploy' || inputs.mode === 'rollback')) {
            deployment = await (0,_deployments__WEBPACK_IMPORTED_MODULE_12__/* .startDeployment */ .i4)({
                token: inputs.githubToken,
                environment: inputs.environment,
                environmentUrl: inputs.environmentUrl,
                app: config.app,
                version: inputs.mode === 'deploy' ? (inputs.version ?? config.version ?? process.env.GITHUB_SHA ?? null) : (inputs.version ?? null),
                command: inputs.mode,
                log,
                mask,
            });
            if (deployment.id !== null)
                (0,_state__WEBPACK_IMPORTED_MODULE_15__/* .saveDeploymentId */ .SN)(deployment.id);
        }
        const runId = (0,_engine_run__WEBPACK_IMPORTED_MODULE_4__/* .newRunId */ .F$)();
        (0,_state__WEBPACK_IMPORTED_MODULE_15__/* .saveRunId */ .w7)(runId);
        let report;
        try {
            report = await (0,_engine_run__WEBPACK_IMPORTED_MODULE_4__/* .runCommand */ .d1)(commandFor(inputs), {
                config,
                target: _targets_lazy__WEBPACK_IMPORTED_MODULE_16__/* .loadTarget */ .K,
                runId,
                log,
                signal: controller.signal,
                commit: process.env.GITHUB_SHA ?? null,
                actor: process.env.GITHUB_ACTOR ?? null,
                onCheckpoint: _state__WEBPACK_IMPORTED_MODULE_15__/* .saveCheckpoint */ .s4,
            });
        }
        catch (err) {
            await deployment?.error(mask((0,_errors__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(err)));
            (0,_state__WEBPACK_IMPORTED_MODULE_15__/* .markDeploymentFinished */ .dG)();
            throw err;
        }
        // Neither ever throws nor fails the run: API errors are warnings.
        await deployment?.finish(report);
        (0,_state__WEBPACK_IMPORTED_MODULE_15__/* .markDeploymentFinished */ .dG)();
        await (0,_integrations_grafana__WEBPACK_IMPORTED_MODULE_10__/* .annotateRun */ .Eg)(config.grafana, report, log, { mask });
        const dir = process.env.RUNNER_TEMP ?? (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_3__.tmpdir)(), 'rollwatch-'));
        const reportPath = config.reportFile ?? (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, `rollwatch-report-${report.runId}.json`);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(reportPath, mask(JSON.stringify(report, null, 2)) + '\n', { mode: 0o600 });
        setOutputs(report, reportPath, mask);
        const policy = config.verify.policy;
        const threshold = policy?.threshold ?? (policy?.method === 'classic' ? 3 : undefined);
        await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw(mask((0,_report_summary__WEBPACK_IMPORTED_MODULE_8__/* .renderSummary */ .B)(report, { chart: { threshold } })), true).write();
        const code = (0,_engine_run__WEBPACK_IMPORTED_MODULE_4__/* .exitCodeOf */ .FO)(report);
        if (report.outcome === 'inconclusive')
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(mask(`verification inconclusive, release kept: ${report.reason}`));
        if (code !== 0)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(mask(`${report.outcome}: ${report.reason}`));
    }
    catch (err) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(mask((0,_errors__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(err)));
    }
}


/***/ }),

/***/ 37406:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ editDistance)
/* harmony export */ });
// Edit distance for did-you-mean suggestions (config keys, CLI options and commands).
/** Levenshtein distance with adjacent transpositions counted as one edit. */
function editDistance(a, b) {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}


/***/ })

};
;