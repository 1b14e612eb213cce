"use strict";
exports.id = 606;
exports.ids = [606];
exports.modules = {

/***/ 88461:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mz: () => (/* binding */ byteSize),
  p0: () => (/* binding */ duration),
  Vy: () => (/* binding */ ruled)
});

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 7 modules
var schemas = __webpack_require__(12311);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(88532);
;// CONCATENATED MODULE: ./src/config/units.ts
/**
 * Durations and byte sizes as users write them in a config: Go's duration syntax ("1m30s",
 * "500ms", "2h") and Docker's memory units ("512m", "1.5g", "512MB"). Pure: no I/O.
 */
const DURATION_FORM = 'a duration such as "500ms", "30s", "2m" or a number of seconds; units ms, s, m and h, combined Go-style as in "1m30s" or "1h15m"';
const DURATION_UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const NUMBER = '[0-9]+(?:\\.[0-9]+)?';
/** One number with an optional unit, blanks allowed around it (the form accepted before Go-style). */
const SINGLE = new RegExp(`^\\s*(${NUMBER})\\s*(ms|s|m|h)?\\s*$`);
/** Go's form: one or more number+unit parts with no blanks, e.g. "1h2m3.5s". */
const COMPOUND = new RegExp(`^(?:${NUMBER}(?:ms|s|m|h))+$`);
const COMPOUND_PART = new RegExp(`(${NUMBER})(ms|s|m|h)`, 'g');
/**
 * Milliseconds of a duration: a number (seconds), "30" (seconds), "500ms", "1.5s", "2m", "1h",
 * or Go-style "1m30s". Null when the text is not a duration. Not rounded: callers bound and round.
 */
function parseDuration(raw) {
    if (typeof raw === 'number')
        return Number.isFinite(raw) ? raw * 1000 : null;
    const single = SINGLE.exec(raw);
    if (single)
        return Number(single[1]) * DURATION_UNIT_MS[single[2] ?? 's'];
    if (!COMPOUND.test(raw))
        return null;
    let ms = 0;
    for (const [, n, unit] of raw.matchAll(COMPOUND_PART))
        ms += Number(n) * DURATION_UNIT_MS[unit];
    return ms;
}
/** A whole number of milliseconds as the shortest Go-style duration: 90_500 → "1m30.5s", 0 → "0s". */
function formatDuration(ms) {
    if (ms === 0)
        return '0s';
    const h = Math.floor(ms / 3_600_000);
    const m = Math.floor((ms % 3_600_000) / 60_000);
    const rest = ms % 60_000;
    let out = (h ? `${h}h` : '') + (m ? `${m}m` : '');
    if (rest)
        out += rest % 1000 === 0 || ms >= 1000 ? `${rest / 1000}s` : `${rest}ms`;
    return out;
}
const BYTES_FORM = 'a size in bytes or with Docker\'s units b, k, m, g, t (powers of 1024; "kb", "mib", "MB" … mean the same), e.g. "512m", "1.5g", "512MB" or 1073741824';
const BYTE_UNIT = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
const SIZE = /^([0-9]+(?:\.[0-9]+)?)(?:([kmgt])(?:i?b)?|(b))?$/i;
/**
 * Bytes of a size as Docker reads `--memory` (go-units RAMInBytes: binary multiples, fractions
 * of a unit rounded down): 1024, "1024", "512b", "1024k", "512m", "512MB", "512MiB", "1.5g". Null when
 * the text is not a size or the number is not a safe integer.
 */
function parseBytes(raw) {
    if (typeof raw === 'number')
        return Number.isSafeInteger(raw) && raw >= 0 ? raw : null;
    const m = SIZE.exec(raw);
    // a fraction of a byte is a typo, not a size (Docker would round "1.5" down to 1 byte)
    if (!m || (m[2] === undefined && m[1].includes('.')))
        return null;
    const bytes = Math.floor(Number(m[1]) * BYTE_UNIT[(m[2] ?? '').toLowerCase()]);
    return Number.isSafeInteger(bytes) ? bytes : null;
}
/** A byte count in the largest unit that keeps it whole: 536870912 → "512m", 1000 → "1000b". */
function formatBytes(bytes) {
    for (const unit of ['t', 'g', 'm', 'k']) {
        if (bytes >= BYTE_UNIT[unit] && bytes % BYTE_UNIT[unit] === 0)
            return `${bytes / BYTE_UNIT[unit]}${unit}`;
    }
    return `${bytes}b`;
}

// EXTERNAL MODULE: ./src/config/values.ts
var values = __webpack_require__(73750);
;// CONCATENATED MODULE: ./src/config/fields.ts



/** A string accepted by one of the shared value rules (values.ts). */
const ruled = (name) => schemas/* string */.YjP({ error: `expected a string: ${values/* RULES */.y0[name].form}` }).superRefine((value, ctx) => {
    const r = values/* RULES */.y0[name];
    if (value.length === 0)
        ctx.addIssue({ code: 'custom', message: `must not be empty: expected ${r.form}` });
    else if (value.length > r.maxLength)
        ctx.addIssue({ code: 'custom', message: `is ${value.length} characters long, at most ${r.maxLength} allowed: expected ${r.form}` });
    else if (!(0,values/* fits */.lA)(r, value))
        ctx.addIssue({ code: 'custom', message: `expected ${r.form}, got ${JSON.stringify(value.slice(0, 80))}` });
});
/** A duration field (see units.ts for the forms), parsed to whole milliseconds within [min, max]. */
const duration = (max = 24 * 3_600_000, min = 0) => schemas/* union */.KCZ([schemas/* number */.aig(), schemas/* string */.YjP()], { error: `expected ${DURATION_FORM}` }).transform((raw, ctx) => {
    const ms = parseDuration(raw);
    if (ms === null) {
        ctx.addIssue({ code: 'custom', message: `expected ${DURATION_FORM}, got ${JSON.stringify(typeof raw === 'string' ? raw.slice(0, 40) : raw)}` });
        return core/* NEVER */.tm;
    }
    if (ms < min || ms > max) {
        ctx.addIssue({ code: 'custom', message: `expected ${DURATION_FORM} between ${min / 1000}s and ${max / 1000}s` });
        return core/* NEVER */.tm;
    }
    return Math.round(ms);
});
/**
 * A size field in Docker's units, parsed to a byte count within [min, max]. The bounds are
 * named in the message in the same units, e.g. "at least 6m".
 */
const byteSize = (what, min, max) => schemas/* union */.KCZ([schemas/* number */.aig(), schemas/* string */.YjP()], { error: `expected ${what}: ${BYTES_FORM}` }).transform((raw, ctx) => {
    const bytes = parseBytes(raw);
    if (bytes === null) {
        ctx.addIssue({ code: 'custom', message: `expected ${what}: ${BYTES_FORM}, got ${JSON.stringify(typeof raw === 'string' ? raw.slice(0, 40) : raw)}` });
        return core/* NEVER */.tm;
    }
    if (bytes < min || bytes > max) {
        ctx.addIssue({ code: 'custom', message: `expected ${what} from ${formatBytes(min)} to ${formatBytes(max)} (${BYTES_FORM}), got ${bytes} bytes` });
        return core/* NEVER */.tm;
    }
    return bytes;
});


/***/ }),

/***/ 49998:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  FT: () => (/* binding */ fileSources),
  HT: () => (/* binding */ loadConfigFile),
  D9: () => (/* binding */ mergeDeep),
  im: () => (/* binding */ readConfigText),
  Rh: () => (/* binding */ withoutReplacedSources)
});

// UNUSED EXPORTS: readConfigLayers

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/util/files.ts

/** Config, key, password and known_hosts files are far smaller than this. */
const FILE_LIMIT_BYTES = 1_000_000;
/**
 * Reads a UTF-8 file of at most `limit` bytes, never more than limit + 1 bytes whatever the file
 * is (a huge file, /dev/zero): the size is checked before the content is read. A larger file
 * throws an error with code EFBIG.
 */
function readBounded(path, limit) {
    const fd = (0,external_node_fs_.openSync)(path, 'r');
    try {
        const st = (0,external_node_fs_.fstatSync)(fd);
        if (st.isDirectory())
            throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
        if (st.isFile() && st.size > limit)
            throw Object.assign(new Error(`${path} is larger than ${limit} bytes`), { code: 'EFBIG' });
        const buf = Buffer.alloc(limit + 1);
        let got = 0;
        for (;;) {
            const n = (0,external_node_fs_.readSync)(fd, buf, got, buf.length - got, null);
            if (n === 0)
                break;
            got += n;
            if (got > limit)
                throw Object.assign(new Error(`${path} is larger than ${limit} bytes`), { code: 'EFBIG' });
        }
        return buf.subarray(0, got).toString('utf8');
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}

// EXTERNAL MODULE: ./src/config/load.ts
var load = __webpack_require__(61036);
// EXTERNAL MODULE: ./src/config/layers.ts
var config_layers = __webpack_require__(51978);
;// CONCATENATED MODULE: ./src/config/file.ts






function fileSources(baseDir, env = process.env) {
    return { env, baseDir, readFile: (p) => readBounded(p, FILE_LIMIT_BYTES) };
}
/**
 * The text of a config file, bounded; an input error naming `field` (the flag or input that gave
 * the file) when it cannot be read.
 */
function readConfigText(path, field = '--config', hint = 'give the path of a rollwatch YAML file') {
    try {
        return readBounded(path, FILE_LIMIT_BYTES);
    }
    catch (err) {
        if (err.code === 'EFBIG')
            throw (0,errors/* inputError */.Xu)(path, 'is larger than 1 MB; a rollwatch config is a few hundred lines at most');
        throw (0,errors/* inputError */.Xu)(field, `cannot read ${path}: ${err.code ?? 'error'}`, hint);
    }
}
/** The file at `path` parsed as a mapping. */
function readMapping(path, field, hint) {
    const raw = (0,load/* parseYaml */.hN)(readConfigText(path, field, hint), path);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw (0,errors/* inputError */.Xu)(path, 'must be a YAML mapping (key: value) at the top level');
    return raw;
}
/**
 * The raw config of a file before validation: `${VAR}` interpolated from `env`, and with a
 * destination, `rollwatch.NAME.yml` merged over it. Every value that cannot be interpolated is
 * named in one error.
 */
function readConfigLayers(path, env, options = {}) {
    const layers = [{ file: path, raw: readMapping(path, '--config') }];
    if (options.destination !== undefined) {
        const file = (0,config_layers/* destinationPath */.g7)(path, options.destination);
        layers.push({ file, raw: readMapping(file, '--destination', `create ${file} next to ${path}, with the values that differ for ${options.destination}`) });
    }
    const problems = [];
    const values = layers.map((layer, i) => {
        const r = (0,config_layers/* interpolate */.GW)(layer.raw, env);
        for (const p of r.problems)
            problems.push(`${(0,load/* pathToField */.ZI)(p.path) || 'config'}${i > 0 ? ` (in ${layer.file})` : ''}: ${p.message}`);
        return r.value;
    });
    if (problems.length === 1)
        throw new errors/* RollwatchError */.vP('input', problems[0]);
    if (problems.length > 1)
        throw new errors/* RollwatchError */.vP('input', `${problems.length} values cannot be interpolated:\n${problems.join('\n')}`, undefined, 'export the variables named, or write $${ for a literal ${');
    return values.reduce((base, over) => (0,config_layers/* mergeDestination */.Pf)(withoutReplacedSources(base, over), over));
}
/**
 * Reads and validates a YAML config file (and its destination, when given); `overrides` (e.g.
 * action inputs) win over the files and are not interpolated.
 */
function loadConfigFile(path, overrides = {}, env = process.env, options = {}) {
    const raw = readConfigLayers(path, env, options);
    return (0,load/* buildConfig */.fD)(mergeDeep(withoutReplacedSources(raw, overrides), overrides), fileSources((0,external_node_path_.dirname)((0,external_node_path_.resolve)(path)), env));
}
/** Keys that name the same secret in different ways: one given as an override replaces the others. */
const SAME_SECRET = [
    ['ssh', ['privateKey', 'privateKeyFile']],
    ['registry', ['password', 'passwordEnv', 'passwordFile']],
    ['ssh', ['passphrase']],
    ['prometheus', ['bearerToken']],
    ['grafana', ['token']],
];
function withoutReplacedSources(raw, overrides) {
    const out = { ...raw };
    for (const [section, keys] of SAME_SECRET) {
        const o = overrides[section];
        const r = out[section];
        if (!isPlain(o) || !isPlain(r) || !keys.some((k) => o[k] !== undefined))
            continue;
        out[section] = Object.fromEntries(Object.entries(r).filter(([k]) => !keys.includes(k)));
    }
    return out;
}
/**
 * Objects merge key by key (a secret source `{ value | fromEnv | fromFile }` replaces the whole
 * source); anything else in `over` replaces what `base` has.
 */
function mergeDeep(base, over) {
    return (0,config_layers/* mergeLayer */.Q9)(base, over);
}
const isPlain = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);


/***/ }),

/***/ 51978:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GW: () => (/* binding */ interpolate),
/* harmony export */   Pf: () => (/* binding */ mergeDestination),
/* harmony export */   Q9: () => (/* binding */ mergeLayer),
/* harmony export */   g7: () => (/* binding */ destinationPath),
/* harmony export */   tp: () => (/* binding */ DESTINATION)
/* harmony export */ });
/* unused harmony exports INTERPOLATION_FORM, interpolateString */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/**
 * The layers of a config before it is validated: `${VAR}` interpolation in string values, and a
 * destination file (`rollwatch.staging.yml`) merged over the base file. Pure: no I/O; the
 * environment is passed in.
 */


const INTERPOLATION_FORM = '${NAME} with NAME an environment variable name (letters, digits and "_", not starting with a digit), or $${ for a literal ${';
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Replaces `${NAME}` in one string by the variable's value; `$${` stays as a literal `${`. A `$`
 * not followed by `{` is left alone. Returns the problems (unset variable, bad reference) instead
 * of throwing, so every one of a file is reported at once.
 */
function interpolateString(text, env) {
    if (!text.includes('${'))
        return { value: text, problems: [] };
    const problems = [];
    let out = '';
    let i = 0;
    while (i < text.length) {
        if (text.startsWith('$${', i)) {
            out += '${';
            i += 3;
        }
        else if (text.startsWith('${', i)) {
            const end = text.indexOf('}', i + 2);
            const name = end === -1 ? null : text.slice(i + 2, end);
            if (name === null || !NAME.test(name)) {
                const shown = end === -1 ? text.slice(i, i + 40) : text.slice(i, end + 1).slice(0, 60);
                problems.push(`${JSON.stringify(shown)} is not a variable reference: expected ${INTERPOLATION_FORM}`);
                out += end === -1 ? text.slice(i) : text.slice(i, end + 1);
                i = end === -1 ? text.length : end + 1;
                continue;
            }
            const value = env[name];
            if (value === undefined)
                problems.push(`environment variable ${name} is not set (the value interpolates \${${name}}): export ${name}, or write $\${${name}} for a literal \${${name}}`);
            out += value ?? '';
            i = end + 1;
        }
        else {
            out += text[i];
            i += 1;
        }
    }
    return { value: out, problems };
}
/** Interpolates every string value (never a key) of a parsed YAML document. */
function interpolate(raw, env) {
    const problems = [];
    const walk = (v, path, depth) => {
        if (typeof v === 'string') {
            const r = interpolateString(v, env);
            for (const message of r.problems)
                problems.push({ path, message });
            return r.value;
        }
        if (depth > 64 || v === null || typeof v !== 'object')
            return v;
        if (Array.isArray(v))
            return v.map((x, i) => walk(x, [...path, i], depth + 1));
        // fromEntries keeps a "__proto__" key as a key, for the loader to refuse (an assignment would drop it)
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k], depth + 1)]));
    };
    return { value: walk(raw, [], 0), problems };
}
// ---- destinations ---------------------------------------------------------------------------------
const DESTINATION = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
/** `rollwatch.yml` + `staging` → `rollwatch.staging.yml`, next to the base file. */
function destinationPath(basePath, name) {
    if (!DESTINATION.test(name)) {
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .inputError */ .Xu)('--destination', `expected a destination name: letters, digits, "_" or "-" (at most 63), e.g. "staging", got ${JSON.stringify(name.slice(0, 40))}`);
    }
    const ext = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.extname)(basePath);
    const stem = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(basePath, ext);
    return (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)(basePath), `${stem}.${name}${ext || '.yml'}`);
}
const isPlain = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A secret or env source ({ value | fromEnv | fromFile }): replaced as a whole, never merged key by key. */
const isSource = (v) => isPlain(v) && ('value' in v || 'fromEnv' in v || 'fromFile' in v);
/**
 * A destination over the base: maps merge key by key, lists and scalars replace, `null` removes
 * the key, a secret source replaces the base's whole source. `hosts` is the destination's list,
 * each entry merged over the base entry of the same name (a plain address is its own name), so a
 * destination can reuse a host's pinned fingerprint without repeating it.
 */
function mergeDestination(base, over) {
    const merged = mergeLayer(base, over, { nullRemoves: true });
    if (Array.isArray(over.hosts) && Array.isArray(base.hosts))
        merged.hosts = mergeHosts(base.hosts, over.hosts);
    return merged;
}
/**
 * `over` merged into `base`: maps key by key, a secret source and anything else replaces;
 * `undefined` keeps the base value, `null` removes the key with `nullRemoves` (else replaces it).
 */
function mergeLayer(base, over, options = {}) {
    const out = { ...base };
    for (const [k, v] of Object.entries(over)) {
        if (v === undefined)
            continue;
        if (v === null && options.nullRemoves) {
            delete out[k];
            continue;
        }
        const b = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
        const value = isPlain(b) && isPlain(v) && !isSource(v) ? mergeLayer(b, v, options) : v;
        // defined, not assigned: a "__proto__" key stays a key, for the loader to refuse
        Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
}
const hostObject = (h) => (typeof h === 'string' ? { address: h } : h);
const hostName = (h) => (isPlain(h) ? (h.name ?? h.address) : undefined);
function mergeHosts(base, over) {
    const byName = new Map();
    for (const h of base.map(hostObject))
        if (isPlain(h) && typeof hostName(h) === 'string' && !byName.has(hostName(h)))
            byName.set(hostName(h), h);
    return over.map((entry) => {
        const h = hostObject(entry);
        const same = byName.get(hostName(h));
        return same && isPlain(h) ? mergeLayer(same, h, { nullRemoves: true }) : entry;
    });
}


/***/ }),

/***/ 61036:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q4: () => (/* binding */ envReferences),
/* harmony export */   ZI: () => (/* binding */ pathToField),
/* harmony export */   fD: () => (/* binding */ buildConfig),
/* harmony export */   gC: () => (/* binding */ missingEnv),
/* harmony export */   hN: () => (/* binding */ parseYaml)
/* harmony export */ });
/* unused harmony exports formatIssues, webhookUrlProblem */
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38815);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _schema__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(90131);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);
/* harmony import */ var _values__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(73750);
/* harmony import */ var _swarm__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(28770);
/* harmony import */ var _proxy__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(71574);
/* harmony import */ var _docker_engine_settings__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(73020);








/** Formats zod issues as one line per field: `hosts[1].address: expected …`. */
function formatIssues(issues, prefix = '') {
    return issues
        .slice(0, 20)
        .map((issue) => {
        const field = prefix + pathToField(issue.path);
        let message = issue.message;
        if (issue.code === 'invalid_key' && issue.issues.length > 0)
            message = `bad key: ${issue.issues[0].message}`;
        if (issue.code === 'unrecognized_keys')
            message = `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}: check the spelling against the JSON Schema (schema/rollwatch.schema.json)`;
        return field ? `${field}: ${message}` : message;
    })
        .join('\n');
}
function pathToField(path) {
    let out = '';
    for (const part of path) {
        if (typeof part === 'number')
            out += `[${part}]`;
        else
            out += out ? `.${String(part)}` : String(part);
    }
    return out;
}
function parseYaml(text, fileLabel) {
    if (text.length > 1_000_000)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(fileLabel, 'is larger than 1 MB; a rollwatch config is a few hundred lines at most');
    const doc = yaml__WEBPACK_IMPORTED_MODULE_0__.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
        const e = doc.errors[0];
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(fileLabel, `is not valid YAML: ${e.message.split('\n')[0]}`, 'fix the YAML syntax at the line shown');
    }
    try {
        return doc.toJS({ maxAliasCount: 100 }) ?? {};
    }
    catch (err) {
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(fileLabel, `cannot be expanded: ${err.message.split('\n')[0]}`, 'remove the deeply nested YAML aliases');
    }
}
/**
 * Refuses a key named "__proto__" anywhere: a parsed map would take it as its prototype and the
 * value (an env secret, say) would silently vanish instead of reaching the host.
 */
function refuseProtoKeys(value, path = [], depth = 0) {
    if (value === null || typeof value !== 'object' || depth > 64)
        return;
    if (Array.isArray(value)) {
        value.forEach((v, i) => refuseProtoKeys(v, [...path, i], depth + 1));
        return;
    }
    for (const key of Object.keys(value)) {
        if (key === '__proto__') {
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(pathToField(path) || 'config', 'has a key named "__proto__", which is reserved and would be dropped', 'rename the key (an environment variable name: letters, digits and "_", not starting with a digit)');
        }
        refuseProtoKeys(value[key], [...path, key], depth + 1);
    }
}
/** Validates a raw object (from YAML and/or action inputs) and resolves secrets and files. */
function buildConfig(raw, sources) {
    refuseProtoKeys(raw);
    const result = _schema__WEBPACK_IMPORTED_MODULE_2__/* .configSchema */ .Qn.safeParse(raw);
    if (!result.success) {
        throw new _errors__WEBPACK_IMPORTED_MODULE_3__/* .RollwatchError */ .vP('input', `invalid configuration:\n${formatIssues(result.error.issues)}`, undefined, 'see schema/rollwatch.schema.json for every field and its accepted form');
    }
    (0,_swarm__WEBPACK_IMPORTED_MODULE_5__/* .checkTargetOptions */ .Ih)(raw);
    const missing = missingEnv(envReferences(result.data), sources.env);
    if (missing.length === 1)
        fromEnv(sources, missing[0].field, missing[0].name);
    if (missing.length > 1) {
        const names = [...new Set(missing.map((m) => m.name))];
        throw new _errors__WEBPACK_IMPORTED_MODULE_3__/* .RollwatchError */ .vP('input', `${missing.length} environment variables are not set or empty:\n${missing.map((m) => `${m.field}: environment variable ${m.name} is not set or empty`).join('\n')}`, undefined, `export ${names.join(', ')} before running rollwatch`);
    }
    return resolve(result.data, sources);
}
/**
 * Every environment variable the config reads (every fromEnv, and the deprecated registry.passwordEnv),
 * in file order.
 * Works on unvalidated input too: entries that give a second source (value, fromFile) are left
 * out, as the loader refuses those for that reason instead.
 */
function envReferences(raw) {
    const out = [];
    const obj = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
    const root = obj(raw);
    if (!root)
        return out;
    const add = (path, name) => {
        if (typeof name === 'string')
            out.push({ field: pathToField(path), path, name });
    };
    const secret = (path) => {
        let at = root;
        for (const p of path)
            at = obj(at)?.[p];
        const s = obj(at);
        if (s && s.value === undefined && s.fromFile === undefined)
            add([...path, 'fromEnv'], s.fromEnv);
    };
    const registry = obj(root.registry);
    if (registry && registry.password === undefined && registry.passwordFile === undefined)
        add(['registry', 'passwordEnv'], registry.passwordEnv);
    if (registry && registry.passwordEnv === undefined && registry.passwordFile === undefined)
        secret(['registry', 'password']);
    const ssh = obj(root.ssh);
    if (ssh && ssh.privateKeyFile === undefined)
        secret(['ssh', 'privateKey']);
    secret(['ssh', 'passphrase']);
    for (const [key, v] of Object.entries(obj(obj(root.container)?.env) ?? {})) {
        const e = obj(v);
        if (e && e.value === undefined && e.fromFile === undefined)
            add(['container', 'env', key, 'fromEnv'], e.fromEnv);
    }
    secret(['prometheus', 'bearerToken']);
    secret(['grafana', 'token']);
    const notify = Array.isArray(root.notify) ? root.notify : [];
    notify.forEach((n, i) => {
        const url = obj(obj(n)?.url);
        if (url && url.value === undefined && url.fromFile === undefined)
            add(['notify', i, 'url', 'fromEnv'], url.fromEnv);
    });
    return out;
}
/** The references whose variable is not set (or empty) in `env`. */
function missingEnv(refs, env) {
    return refs.filter((r) => env[r.name] === undefined || env[r.name] === '');
}
function resolvePath(sources, p) {
    return p.startsWith('/') ? p : `${sources.baseDir.replace(/\/$/, '')}/${p}`;
}
function readSecretFile(sources, field, path) {
    try {
        return sources.readFile(resolvePath(sources, path));
    }
    catch (err) {
        if (err.code === 'EFBIG')
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(field, `file ${JSON.stringify(path)} is larger than 1 MB, too large for a key, password or known_hosts file`, 'give the path of the secret file itself');
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(field, `cannot read file ${JSON.stringify(path)}: ${err.code ?? 'error'}`, 'give a readable file path');
    }
}
function fromEnv(sources, field, name) {
    const v = sources.env[name];
    if (v === undefined || v === '')
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(field, `environment variable ${name} is not set or empty`, `export ${name} before running rollwatch`);
    return v;
}
/**
 * The value of a secret field: a plain string, or exactly one of value, fromEnv and fromFile. A
 * file's one trailing newline is dropped (`echo token > file`) unless `keepFile` says otherwise.
 */
function secretOf(sources, field, s, keepFile = false) {
    if (s === undefined)
        return undefined;
    if (typeof s === 'string')
        return s;
    const given = [s.value !== undefined, s.fromEnv !== undefined, s.fromFile !== undefined].filter(Boolean).length;
    if (given !== 1)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(field, `expected exactly one of value, fromEnv or fromFile, e.g. ${field.split('.').pop()}: { fromEnv: NAME }`);
    if (s.value !== undefined)
        return s.value;
    if (s.fromEnv !== undefined)
        return fromEnv(sources, `${field}.fromEnv`, s.fromEnv);
    const text = readSecretFile(sources, `${field}.fromFile`, s.fromFile);
    return keepFile ? text : text.replace(/\r?\n$/, '');
}
/**
 * A secret that may still be given in a deprecated form (`passwordEnv: NAME`): the deprecated
 * keys become the one syntax, so both read, check and mask alike. Returns the field that gave it.
 */
function legacySecret(section, key, current, legacy) {
    const given = [[key, current], ...Object.entries(legacy)].filter(([, v]) => v !== undefined);
    if (given.length > 1)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(section, `give only one of ${[key, ...Object.keys(legacy)].join(', ').replace(/, ([^,]+)$/, ' or $1')}`, `write ${section}.${key}: { fromEnv: NAME } or { fromFile: PATH }`);
    if (given.length === 0)
        return undefined;
    const [name, v] = given[0];
    if (name === key)
        return { field: `${section}.${key}`, source: v };
    return { field: `${section}.${name}`, source: name.endsWith('Env') ? { fromEnv: v } : { fromFile: v } };
}
/** The field a legacy source reports its problems on: `registry.passwordEnv`, not `registry.passwordEnv.fromEnv`. */
function secretOfLegacy(sources, given, keepFile = false) {
    const { field, source } = given;
    if (typeof source === 'object' && !/\.(password|privateKey)$/.test(field)) {
        if (source.fromEnv !== undefined)
            return fromEnv(sources, field, source.fromEnv);
        const text = readSecretFile(sources, field, source.fromFile);
        return keepFile ? text : text.replace(/\r?\n$/, '');
    }
    return secretOf(sources, field, source, keepFile);
}
const WEBHOOK_FORM = 'an https URL (http only to 127.0.0.1, ::1 or localhost), e.g. "https://hooks.slack.com/services/T000/B000/XXXX"';
/** Loopback names and addresses, the only hosts a webhook may be sent to over plain http. */
function isLoopback(hostname) {
    const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (h === 'localhost' || h.endsWith('.localhost'))
        return true;
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_1__.isIP)(h) === 4)
        return h.startsWith('127.');
    return h === '::1';
}
/**
 * What is wrong with a webhook URL, or null. The URL is a secret (a Slack webhook URL carries its
 * token), so no message quotes it.
 */
function webhookUrlProblem(url) {
    if (url.length > 2048)
        return `is ${url.length} characters long, at most 2048 allowed: expected ${WEBHOOK_FORM}`;
    if (/[\s\u0000-\u001f\u007f]/.test(url))
        return `must be one URL without blanks or control characters: expected ${WEBHOOK_FORM}`;
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return `is not a URL: expected ${WEBHOOK_FORM} (the value is a secret and not shown)`;
    }
    if (parsed.protocol === 'https:')
        return null;
    if (parsed.protocol === 'http:')
        return isLoopback(parsed.hostname) ? null : `is plain http to a host other than the loopback: expected ${WEBHOOK_FORM}`;
    return `has the scheme ${JSON.stringify(parsed.protocol.slice(0, 20))}: expected ${WEBHOOK_FORM}`;
}
function resolveNotify(p, sources, keep) {
    if (!p.notify)
        return undefined;
    return p.notify.map((n, i) => {
        const field = `notify[${i}].url`;
        const url = typeof n.url === 'string' ? n.url : secretOf(sources, field, n.url);
        if (!url)
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(field, `must not be empty: expected ${WEBHOOK_FORM}`, 'give the webhook URL from a CI secret: url: { fromEnv: SLACK_WEBHOOK_URL }');
        // a secret from the moment it is known, so even a refused URL is masked wherever it shows up
        keep(url);
        const problem = webhookUrlProblem(url);
        if (problem)
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(field, problem);
        // the path and query carry the token: masked on their own too (a receiver may echo them)
        const u = new URL(url);
        if ((u.pathname + u.search).length >= 8)
            keep(u.pathname + u.search);
        return { url, format: n.format, on: n.on ? _schema__WEBPACK_IMPORTED_MODULE_2__/* .NOTIFY_EVENTS */ .yK.filter((e) => n.on.includes(e)) : [..._schema__WEBPACK_IMPORTED_MODULE_2__/* .NOTIFY_EVENTS */ .yK], timeoutMs: n.timeout };
    });
}
function resolve(p, sources) {
    const secrets = new Set();
    const keep = (v) => {
        if (v)
            secrets.add(v);
        return v;
    };
    const hosts = p.hosts.map((h) => ({
        name: h.name ?? h.address,
        address: h.address,
        port: h.port ?? p.ssh.port,
        user: h.user ?? p.ssh.user,
        fingerprint: h.fingerprint,
    }));
    const seenName = new Map();
    const seenAddr = new Map();
    hosts.forEach((h, i) => {
        const nameKey = h.name.toLowerCase();
        if (seenName.has(nameKey))
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(`hosts[${i}].name`, `duplicates hosts[${seenName.get(nameKey)}] (${h.name}); every host needs a unique name`);
        const addrKey = `${h.address.toLowerCase()}:${h.port}`;
        if (seenAddr.has(addrKey))
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(`hosts[${i}].address`, `duplicates hosts[${seenAddr.get(addrKey)}] (${addrKey}); every host appears once`);
        seenName.set(nameKey, i);
        seenAddr.set(addrKey, i);
    });
    let registry;
    if (p.registry) {
        const r = p.registry;
        const given = legacySecret('registry', 'password', r.password, { passwordEnv: r.passwordEnv, passwordFile: r.passwordFile });
        const password = given ? secretOfLegacy(sources, given) : undefined;
        if (password !== undefined && !r.username)
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)('registry.username', 'is required when a registry password is given');
        if (password && /[\n\r]/.test(password))
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)('registry.password', 'must be a single line');
        registry = { server: r.server, username: r.username, password: keep(password) };
    }
    const registryHost = p.image.repository.includes('/') && /[.:]|^localhost$/.test(p.image.repository.split('/')[0]) ? p.image.repository.split('/')[0] : 'docker.io';
    if (registry && registry.server !== registryHost && !(registry.server === 'docker.io' && registryHost === 'docker.io')) {
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)('registry.server', `is ${registry.server} but image.repository lives on ${registryHost}`, `set registry.server to "${registryHost}"`);
    }
    const keySource = legacySecret('ssh', 'privateKey', p.ssh.privateKey, { privateKeyFile: p.ssh.privateKeyFile });
    // the key is registered for masking as soon as it is read, before its form is judged
    const privateKey = keep(keySource ? secretOfLegacy(sources, keySource, true) : undefined);
    if (privateKey === undefined)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)('ssh.privateKey', 'an SSH private key is required', 'pass the key from a CI secret: privateKey: { fromEnv: DEPLOY_SSH_KEY } (or the ssh-key input)');
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey))
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(keyField(keySource), 'is not a PEM/OpenSSH private key (expected a "-----BEGIN … PRIVATE KEY-----" block)');
    const passphrase = keep(secretOf(sources, 'ssh.passphrase', p.ssh.passphrase));
    const knownHosts = [p.ssh.knownHosts, p.ssh.knownHostsFile ? readSecretFile(sources, 'ssh.knownHostsFile', p.ssh.knownHostsFile) : undefined].filter((x) => x !== undefined).join('\n') || undefined;
    if (p.ssh.hostKeys === 'strict') {
        const unpinned = hosts.filter((h) => !h.fingerprint);
        if (unpinned.length > 0 && knownHosts === undefined) {
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)('ssh.knownHostsFile', `host keys are verified strictly, but ${unpinned.map((h) => h.name).join(', ')} has no pinned fingerprint and no known_hosts file is given`, 'add hosts[].fingerprint (from `ssh-keygen -lf`), or ssh.knownHostsFile, or set ssh.hostKeys: accept-new to trust on first use');
        }
    }
    const env = Object.entries(p.container.env).map(([key, v]) => {
        const field = `container.env.${key}`;
        let value;
        let secret = false;
        if (typeof v === 'string')
            value = v;
        else {
            const givenSources = [v.value, v.fromEnv, v.fromFile].filter((x) => x !== undefined).length;
            if (givenSources !== 1)
                throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(field, 'expected exactly one of value, fromEnv or fromFile');
            value = secretOf(sources, field, { value: v.value, fromEnv: v.fromEnv, fromFile: v.fromFile });
            secret = v.secret;
        }
        const bad = (0,_values__WEBPACK_IMPORTED_MODULE_4__/* .checkEnvValue */ .P4)(value);
        if (bad)
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)(field, bad);
        if (secret && value)
            secrets.add(value);
        return { key, value, secret };
    });
    if (p.health.path === undefined && p.health.container === 'ignore') {
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)('health', 'no health check at all: set health.path (HTTP) or let the container healthcheck count (health.container: auto|require)');
    }
    const appPort = p.container.port;
    if (p.health.path !== undefined && appPort === undefined && p.health.port === undefined) {
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)('health.port', 'is needed for the HTTP health check when container.port is not set');
    }
    const bearer = p.prometheus ? keep(secretOf(sources, 'prometheus.bearerToken', p.prometheus.bearerToken)) : undefined;
    const grafanaToken = p.grafana ? keep(secretOf(sources, 'grafana.token', p.grafana.token)) : undefined;
    if (p.grafana && !grafanaToken)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)('grafana.token', 'must not be empty', 'give a Grafana service account token');
    if (grafanaToken && /[\r\n]/.test(grafanaToken))
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_3__/* .inputError */ .Xu)('grafana.token', 'must be a single line');
    const notify = resolveNotify(p, sources, keep);
    const docker = (0,_docker_engine_settings__WEBPACK_IMPORTED_MODULE_7__/* .resolveDockerEngine */ .v)(p.docker, sources, { privateKey, passphrase, knownHosts, hostKeys: p.ssh.hostKeys, user: p.ssh.user });
    docker.secrets.forEach(keep);
    const container = {
        port: appPort,
        network: p.container.network,
        ports: p.container.ports,
        env,
        volumes: p.container.volumes,
        labels: p.container.labels,
        restart: p.container.restart,
        stopTimeoutMs: p.container.stopTimeout,
        memory: p.container.memory === undefined ? undefined : String(p.container.memory),
        cpus: p.container.cpus,
    };
    const proxy = (0,_proxy__WEBPACK_IMPORTED_MODULE_6__/* .proxySettingsOf */ .tR)(p);
    const swarm = p.target === 'swarm' ? (0,_swarm__WEBPACK_IMPORTED_MODULE_5__/* .resolveSwarm */ .L3)(p.swarm, { app: p.app, hostNames: hosts.map((h) => h.name), container }) : undefined;
    return {
        app: p.app,
        version: p.version,
        target: p.target,
        swarm,
        image: {
            repository: p.image.repository,
            digest: p.image.digest,
            tags: p.image.tags,
            build: p.image.build ? { ...p.image.build, context: resolvePath(sources, p.image.build.context) } : undefined,
        },
        registry,
        dockerHost: docker.engine,
        ssh: {
            privateKey,
            passphrase,
            knownHosts,
            hostKeys: p.ssh.hostKeys,
            connectTimeoutMs: p.ssh.connectTimeout,
            commandTimeoutMs: p.ssh.commandTimeout,
            jumpHost: p.ssh.jumpHost ? { ...p.ssh.jumpHost, user: p.ssh.jumpHost.user ?? p.ssh.user } : undefined,
        },
        hosts,
        container,
        health: {
            path: p.health.path,
            port: p.health.port ?? appPort,
            scheme: p.health.scheme,
            timeoutMs: p.health.timeout,
            intervalMs: p.health.interval,
            requestTimeoutMs: p.health.requestTimeout,
            container: p.health.container,
        },
        rollout: { ...p.rollout, lockTimeoutMs: p.rollout.lockTimeout },
        proxy,
        prometheus: p.prometheus ? { url: p.prometheus.url.replace(/\/$/, ''), timeoutMs: p.prometheus.timeout, bearerToken: bearer } : undefined,
        grafana: p.grafana ? { url: p.grafana.url.replace(/\/$/, ''), token: grafanaToken, dashboardUid: p.grafana.dashboardUid, tags: p.grafana.tags } : undefined,
        verify: p.verify,
        reportFile: p.report.file ? resolvePath(sources, p.report.file) : undefined,
        notify,
        secrets: [...secrets],
    };
}
/** Where a problem with the key's value is: the source that gave it (`ssh.privateKey.fromEnv`, `ssh.privateKeyFile`). */
function keyField(given) {
    if (typeof given.source === 'string' || given.field !== 'ssh.privateKey')
        return given.field;
    if (given.source.fromEnv !== undefined)
        return 'ssh.privateKey.fromEnv';
    if (given.source.fromFile !== undefined)
        return 'ssh.privateKey.fromFile';
    return 'ssh.privateKey.value';
}


/***/ }),

/***/ 71574:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ax: () => (/* binding */ proxySchema),
/* harmony export */   tR: () => (/* binding */ proxySettingsOf)
/* harmony export */ });
/* unused harmony exports PROXY_KINDS, weightsProblem, resolveProxy */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(12311);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _fields__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88461);



/**
 * The `proxy` section (issue 15): the reverse proxy the user already runs on each host, which
 * rollwatch drives to switch traffic between the old and the new release (rollout.strategy: proxy).
 */
const PROXY_KINDS = ['nginx', 'haproxy', 'caddy'];
const ARG_FORM = 'a command as a list of arguments, e.g. ["nginx", "-t"] or ["/usr/sbin/nginx", "-s", "reload"]';
const PROGRAM = /^[A-Za-z0-9_.+/][A-Za-z0-9_.+/-]*$/;
/** A command run on the host: the program (a name or a path, never an option) and its arguments. */
const argv = zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: `expected ${ARG_FORM}` })
    .min(1, 'an argument must not be empty')
    .max(4096, 'an argument is at most 4096 characters')
    .refine((s) => !/[\0\n\r]/.test(s), 'an argument must be one line without NUL bytes'), { error: `expected ${ARG_FORM}` })
    .min(1, `the command needs at least the program: expected ${ARG_FORM}`)
    .max(64, 'at most 64 arguments')
    .refine((a) => PROGRAM.test(a[0]), { message: 'the program (first entry) must be a name or path of letters, digits, ".", "_", "+", "/" or "-", not starting with "-"' });
const port = (what) => zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig({ error: `expected ${what}: a port number from 1 to 65535` }).int(`expected ${what}: a whole port number`).min(1, `expected ${what} from 1 to 65535`).max(65535, `expected ${what} from 1 to 65535`);
const PERCENT_FORM = 'a list of whole percentages of traffic for the new release, rising, ending with 100, e.g. [10, 50, 100]';
const nginxSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .strictObject */ .rej({
    /** The upstream file rollwatch owns and rewrites on every switch (included by the user's http block). */
    upstreamFile: (0,_fields__WEBPACK_IMPORTED_MODULE_1__/* .ruled */ .Vy)('absolutePath').optional(),
    /** The upstream block's name, the one the user's `proxy_pass http://NAME` points at. */
    upstream: (0,_fields__WEBPACK_IMPORTED_MODULE_1__/* .ruled */ .Vy)('proxyName').optional(),
    test: argv.default(['nginx', '-t']),
    reload: argv.default(['nginx', '-s', 'reload']),
}, { error: 'expected { upstreamFile, upstream, test, reload }' });
const haproxySchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .strictObject */ .rej({
    /** The runtime API socket (`stats socket … level admin` in the global section). */
    socket: (0,_fields__WEBPACK_IMPORTED_MODULE_1__/* .ruled */ .Vy)('absolutePath').default('/run/haproxy/admin.sock'),
    backend: (0,_fields__WEBPACK_IMPORTED_MODULE_1__/* .ruled */ .Vy)('proxyName').optional(),
    /** The backend's two server slots: one serves, the other takes the next release. */
    servers: zod__WEBPACK_IMPORTED_MODULE_2__/* .tuple */ .PVZ([(0,_fields__WEBPACK_IMPORTED_MODULE_1__/* .ruled */ .Vy)('proxyName'), (0,_fields__WEBPACK_IMPORTED_MODULE_1__/* .ruled */ .Vy)('proxyName')], { error: 'expected the two server slots of the backend, e.g. ["web-blue", "web-green"]' })
        .refine(([a, b]) => a !== b, 'the two server slots must have different names')
        .optional(),
    /** `server-state-file` of the global section: written after every change so a restart keeps it. */
    stateFile: (0,_fields__WEBPACK_IMPORTED_MODULE_1__/* .ruled */ .Vy)('absolutePath').default('/var/lib/haproxy/server-state'),
}, { error: 'expected { socket, backend, servers, stateFile }' });
const ADMIN_URL = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):[0-9]{1,5}$/;
const caddySchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .strictObject */ .rej({
    /** The admin API on a unix socket (`admin.listen: unix//run/caddy/admin.sock`)… */
    socket: (0,_fields__WEBPACK_IMPORTED_MODULE_1__/* .ruled */ .Vy)('absolutePath').optional(),
    /** …or on loopback TCP (Caddy's default is localhost:2019); never a remote address. */
    adminUrl: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: 'expected the admin API on the host\'s loopback, e.g. "http://127.0.0.1:2019"' })
        .regex(ADMIN_URL, 'expected the admin API on the host\'s loopback, e.g. "http://127.0.0.1:2019" (rollwatch reaches it through SSH, it must not be exposed)')
        .refine((u) => Number(u.slice(u.lastIndexOf(':') + 1)) <= 65535, 'the port must be from 1 to 65535')
        .optional(),
    /** The `@id` of the reverse_proxy handler whose upstreams rollwatch sets. */
    id: (0,_fields__WEBPACK_IMPORTED_MODULE_1__/* .ruled */ .Vy)('proxyName').optional(),
}, { error: 'expected { socket | adminUrl, id }' });
const proxySchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .strictObject */ .rej({
    kind: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(PROXY_KINDS, { error: 'expected "nginx", "haproxy" or "caddy"' }),
    /** The range a new release takes its port from. */
    ports: zod__WEBPACK_IMPORTED_MODULE_2__/* .strictObject */ .rej({ from: port('ports.from'), to: port('ports.to') }, { error: 'expected { from, to }, e.g. { from: 18000, to: 18099 }' }),
    /** The environment variable that tells the app its port. */
    portEnv: (0,_fields__WEBPACK_IMPORTED_MODULE_1__/* .ruled */ .Vy)('envKey').default('PORT'),
    /** Where the proxy reaches the app on the host. */
    address: (0,_fields__WEBPACK_IMPORTED_MODULE_1__/* .ruled */ .Vy)('ipAddress').default('127.0.0.1'),
    /** How long the old release keeps running without new requests before it is stopped. */
    drain: (0,_fields__WEBPACK_IMPORTED_MODULE_1__/* .duration */ .p0)(3_600_000).default(10_000),
    weights: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig({ error: PERCENT_FORM }).int(`expected ${PERCENT_FORM}`).min(1, `expected ${PERCENT_FORM}`).max(100, `expected ${PERCENT_FORM}`), { error: `expected ${PERCENT_FORM}` })
        .min(1, `expected ${PERCENT_FORM}`)
        .max(20, 'at most 20 steps')
        .optional(),
    nginx: nginxSchema.optional(),
    haproxy: haproxySchema.optional(),
    caddy: caddySchema.optional(),
}, { error: 'expected { kind, ports, portEnv, address, drain, weights, nginx | haproxy | caddy }' })
    .superRefine((p, ctx) => {
    if (p.ports.from > p.ports.to)
        ctx.addIssue({ code: 'custom', path: ['ports'], message: `from (${p.ports.from}) is above to (${p.ports.to}): expected { from, to } with from <= to` });
    else if (p.ports.to - p.ports.from < 1)
        ctx.addIssue({ code: 'custom', path: ['ports'], message: 'holds one port: the old and the new release run side by side, give at least two ports' });
    if (p.weights) {
        const problem = weightsProblem(p.weights);
        if (problem)
            ctx.addIssue({ code: 'custom', path: ['weights'], message: problem });
        if (p.kind === 'caddy')
            ctx.addIssue({ code: 'custom', path: ['weights'], message: 'is not supported with kind: caddy: Caddy 2.6 has no weighted upstreams (weighted_round_robin came in 2.7), so traffic moves all at once' });
    }
    for (const other of PROXY_KINDS) {
        if (other !== p.kind && p[other] !== undefined)
            ctx.addIssue({ code: 'custom', path: [other], message: `is set but kind is ${p.kind}: remove it or set kind: ${other}` });
    }
    if (p.kind === 'caddy' && p.caddy?.socket && p.caddy?.adminUrl)
        ctx.addIssue({ code: 'custom', path: ['caddy'], message: 'give either socket or adminUrl, not both' });
});
/** What is wrong with a weight list, or null: rising percentages that end with all traffic on the new release. */
function weightsProblem(weights) {
    if (weights.length === 0)
        return `is empty: expected ${PERCENT_FORM}`;
    for (const w of weights)
        if (!Number.isInteger(w) || w < 1 || w > 100)
            return `has ${w}: expected ${PERCENT_FORM}`;
    for (let i = 1; i < weights.length; i++)
        if (weights[i] <= weights[i - 1])
            return `must rise step by step (${weights[i - 1]} then ${weights[i]}): expected ${PERCENT_FORM}`;
    if (weights[weights.length - 1] !== 100)
        return `ends with ${weights[weights.length - 1]}: the last step must put all traffic on the new release, expected ${PERCENT_FORM}`;
    return null;
}
/** The settings of a parsed `proxy` section; names default from the app (e.g. upstream "web"). */
function resolveProxy(p, app) {
    const common = { ports: p.ports, portEnv: p.portEnv, address: p.address, drainMs: p.drain, weights: p.weights ?? [100] };
    switch (p.kind) {
        case 'nginx': {
            const n = p.nginx ?? nginxSchema.parse({});
            return { ...common, kind: 'nginx', nginx: { upstreamFile: n.upstreamFile ?? `/etc/nginx/rollwatch/${app}.conf`, upstream: n.upstream ?? app, test: n.test, reload: n.reload } };
        }
        case 'haproxy': {
            const h = p.haproxy ?? haproxySchema.parse({});
            return { ...common, kind: 'haproxy', haproxy: { socket: h.socket, backend: h.backend ?? app, servers: h.servers ?? [`${app}-blue`, `${app}-green`], stateFile: h.stateFile } };
        }
        case 'caddy': {
            const c = p.caddy ?? {};
            return { ...common, kind: 'caddy', caddy: { socket: c.socket, adminUrl: c.socket ? undefined : (c.adminUrl ?? 'http://127.0.0.1:2019'), id: c.id ?? app } };
        }
    }
}
/**
 * The proxy settings of a parsed config, or undefined without strategy proxy; refuses the
 * combinations the proxy strategy cannot honour, naming the field.
 */
function proxySettingsOf(p) {
    if (p.rollout.strategy !== 'proxy') {
        if (p.proxy)
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('rollout.strategy', `is "${p.rollout.strategy}" but a proxy section is set: the proxy is only driven with rollout.strategy: proxy`, 'set rollout.strategy: proxy, or remove the proxy section');
        return undefined;
    }
    if (!p.proxy)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('proxy', 'is needed with rollout.strategy: proxy', 'add e.g. proxy: { kind: nginx, ports: { from: 18000, to: 18099 } } (see README "Zero downtime through your proxy")');
    const settings = resolveProxy(p.proxy, p.app);
    if (p.container.ports.length > 0)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('container.ports', 'is not used with rollout.strategy: proxy: both releases run at once, so a fixed published port would clash; each release gets its own port from proxy.ports (published on proxy.address when the container is not on the host network)', 'remove container.ports');
    if (p.health.port !== undefined)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('health.port', 'is not used with rollout.strategy: proxy: the health gate checks each release on its own port from proxy.ports (container.port is where the proxy serves the app)', 'remove health.port');
    if (settings.portEnv in p.container.env)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(`container.env.${settings.portEnv}`, `is set by rollwatch with rollout.strategy: proxy (proxy.portEnv): each release gets its own port from proxy.ports`, `remove it, or name another variable in proxy.portEnv`);
    if (settings.weights.length > 1 || settings.weights[0] !== 100)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('proxy.weights', 'weighted canary steps are not supported by the proxy strategy yet: traffic moves all at once', 'remove proxy.weights');
    return settings;
}


/***/ }),

/***/ 90131:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qn: () => (/* binding */ configSchema),
/* harmony export */   yK: () => (/* binding */ NOTIFY_EVENTS)
/* harmony export */ });
/* unused harmony exports SECRET_FORM, MAX_WEBHOOKS */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(12311);
/* harmony import */ var _detect_policy__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(84609);
/* harmony import */ var _swarm__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(28770);
/* harmony import */ var _proxy__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(71574);
/* harmony import */ var _fields__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(88461);





/** Free text that may reach a remote command as one quoted word: anything but NUL. */
const text = (max, what) => zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP({ error: `expected ${what}` })
    .max(max, `${what} is at most ${max} characters`)
    .refine((s) => !s.includes('\0'), `${what} must not contain a NUL byte`);

const port = zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig({ error: 'expected a port number from 1 to 65535' }).int('expected a whole port number').min(1).max(65535);
const positiveInt = (max) => zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig({ error: `expected a whole number from 1 to ${max}` }).int(`expected a whole number from 1 to ${max}`).min(1).max(max);
/** A secret comes inline, from an environment variable, or from a file (read at load time). */
const secretSource = zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
    value: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional(),
    fromEnv: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('envKey').optional(),
    fromFile: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).optional(),
});
const SECRET_FORM = 'a string or { value | fromEnv | fromFile }, e.g. { fromEnv: NAME } (an environment variable) or { fromFile: PATH }';
/** The one secret syntax: every secret field takes a plain string or one of the sources. */
const secret = (what, hint = '') => zod__WEBPACK_IMPORTED_MODULE_4__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP(), secretSource], { error: `expected ${what} as ${SECRET_FORM}${hint}` });
/** The outcomes a `notify:` webhook can be sent for. */
const NOTIFY_EVENTS = ['deployed', 'promoted', 'rolled-back', 'inconclusive', 'failed'];
const MAX_WEBHOOKS = 10;
/** One webhook told of a run's outcome. The URL is a secret (a Slack webhook URL carries its token). */
const webhook = zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
    url: secret('the webhook URL', ' (it carries a token: prefer { fromEnv: SLACK_WEBHOOK_URL })'),
    format: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['slack', 'json'], { error: 'expected "slack" (a Slack-compatible incoming webhook) or "json" (rollwatch\'s own JSON body)' }).default('json'),
    on: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(NOTIFY_EVENTS, { error: `expected an outcome: ${NOTIFY_EVENTS.map((e) => JSON.stringify(e)).join(', ')}` }), {
        error: `expected a list of outcomes, e.g. ["rolled-back", "failed"] (default: all of ${NOTIFY_EVENTS.join(', ')})`,
    })
        .min(1, `give at least one outcome, or leave \`on\` out for all of ${NOTIFY_EVENTS.join(', ')}`)
        .optional(),
    timeout: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)(60_000, 500).default(5_000),
}, { error: 'expected a webhook { url, format, on, timeout }' });
const envValue = zod__WEBPACK_IMPORTED_MODULE_4__/* .union */ .KCZ([
    zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP(),
    zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig().transform(String),
    zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().transform(String),
    zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        value: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().optional(),
        fromEnv: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('envKey').optional(),
        fromFile: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).optional(),
        secret: zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().default(false),
    }),
], { error: 'expected a string, a number, or { value | fromEnv | fromFile, secret }' });
const argv = zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(text(4096, 'a hook argument'), { error: 'expected a command as a list of arguments, e.g. ["/usr/local/bin/drain", "--host", "web-1"]' })
    .min(1, 'a hook needs at least the program to run');
const hostEntry = zod__WEBPACK_IMPORTED_MODULE_4__/* .preprocess */ .vkY((v) => (typeof v === 'string' ? { address: v } : v), zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
    name: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('hostName').optional(),
    address: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('hostAddress'),
    port: port.optional(),
    user: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('user').optional(),
    fingerprint: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()
        .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'expected a host key fingerprint as `ssh-keygen -lf` prints it, e.g. "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"')
        .optional(),
}, { error: 'expected a host address string or { name, address, port, user, fingerprint }' }));
const configSchema = zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
    app: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('app'),
    version: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('version').optional(),
    /** Where the app runs: hosts over SSH (default) or a Docker Swarm service (see docs/swarm.md). */
    target: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['ssh', 'swarm'], { error: 'expected "ssh" (containers on each host over SSH) or "swarm" (a Docker Swarm service)' }).default('ssh'),
    swarm: _swarm__WEBPACK_IMPORTED_MODULE_1__/* .swarmSchema */ .M$.optional(),
    image: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        repository: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('repository'),
        /** A prebuilt image (e.g. docker/build-push-action's digest output): deployed as repository@digest, nothing built. */
        digest: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('digest').optional(),
        tags: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg((0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('tag')).max(32).default([]),
        build: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
            context: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).default('.'),
            dockerfile: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).default('Dockerfile'),
            args: zod__WEBPACK_IMPORTED_MODULE_4__/* .record */ .g1P((0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('envKey'), zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()).default({}),
            target: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a build stage name').optional(),
            labels: zod__WEBPACK_IMPORTED_MODULE_4__/* .record */ .g1P((0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('labelKey'), zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()).default({}),
            builder: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['buildkit', 'classic'], { error: 'expected "buildkit" (the engine\'s BuildKit, as docker build does since Docker 23) or "classic" (the legacy builder)' }).default('buildkit'),
            cacheFrom: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg((0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('imageRef')).max(16).default([]),
            inlineCache: zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().default(false),
            network: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['default', 'host', 'none'], { error: 'expected "default", "host" (the build engine\'s own network) or "none"' }).default('default'),
        })
            .refine((b) => b.builder === 'buildkit' || !b.inlineCache, { message: 'an inline cache is written by BuildKit only: set image.build.builder to "buildkit" or leave out inlineCache', path: ['inlineCache'] })
            .optional(),
    }).refine((i) => !(i.digest && i.build), { message: 'a prebuilt image (image.digest) is deployed as it is: leave out image.build, or image.digest to build', path: ['digest'] }),
    registry: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        server: zod__WEBPACK_IMPORTED_MODULE_4__/* .union */ .KCZ([(0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('hostAddress'), zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().regex(/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/)], {
            error: (issue) => `expected a registry host[:port], e.g. "ghcr.io" or "registry.example.com:5000", got ${JSON.stringify(String(issue.input).slice(0, 60))}`,
        }),
        username: text(256, 'a registry user name').pipe(zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1, 'must not be empty')).optional(),
        password: secret('the registry password').optional(),
        /** Deprecated: password: { fromEnv: NAME }. */
        passwordEnv: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('envKey').optional(),
        /** Deprecated: password: { fromFile: PATH }. */
        passwordFile: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).optional(),
    })
        .optional(),
    docker: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        host: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()
            .regex(/^(unix:\/\/\/.+|tcp:\/\/[^/]+|ssh:\/\/[^/]+|npipe:\/\/.+)$/, 'expected a Docker engine address: "unix:///var/run/docker.sock", "tcp://host:2376" or "ssh://user@host"')
            .optional(),
        /** tcp:// over TLS: PEM files of the engine's CA, the client certificate and its key. */
        tls: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
            ca: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).optional(),
            cert: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).optional(),
            key: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).optional(),
        })
            .optional(),
        /** Accept plain tcp:// to an engine on another machine (refused unless set). */
        allowPlainTcp: zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().optional(),
    })
        .default({}),
    ssh: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        user: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('user').default('root'),
        port: port.default(22),
        privateKey: secret('the SSH private key').optional(),
        /** Deprecated: privateKey: { fromFile: PATH }. */
        privateKeyFile: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).optional(),
        passphrase: secret('the passphrase of the SSH key').optional(),
        knownHostsFile: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).optional(),
        knownHosts: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().max(1_000_000).optional(),
        hostKeys: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['strict', 'accept-new'], { error: 'expected "strict" (default) or "accept-new" (trust on first use)' }).default('strict'),
        connectTimeout: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)(600_000, 100).default(10_000),
        commandTimeout: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)(24 * 3_600_000, 1000).default(600_000),
        jumpHost: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
            address: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('hostAddress'),
            port: port.default(22),
            user: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('user').optional(),
            fingerprint: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'expected "SHA256:…" as `ssh-keygen -lf` prints it').optional(),
        })
            .optional(),
    })
        .default({ user: 'root', port: 22, hostKeys: 'strict', connectTimeout: 10_000, commandTimeout: 600_000 }),
    hosts: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(hostEntry, { error: 'expected a list of hosts' }).min(1, 'at least one host is needed').max(500, 'at most 500 hosts per config'),
    container: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        port: port.optional(),
        network: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('network').optional(),
        ports: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg((0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('portMapping')).default([]),
        env: zod__WEBPACK_IMPORTED_MODULE_4__/* .record */ .g1P((0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('envKey'), envValue).default({}),
        volumes: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg((0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('volume')).default([]),
        labels: zod__WEBPACK_IMPORTED_MODULE_4__/* .record */ .g1P((0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('labelKey'), text(4096, 'a label value')).default({}),
        restart: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['no', 'always', 'unless-stopped', 'on-failure'], { error: 'expected "no", "always", "unless-stopped" or "on-failure"' }).default('unless-stopped'),
        stopTimeout: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)(600_000).default(10_000),
        /** Docker's minimum is 6 MiB; parsed to bytes (Docker reads a plain number as bytes). */
        memory: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .byteSize */ .mz)('a memory limit', 6 * 1024 ** 2, 1024 ** 4).optional(),
        cpus: zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig().positive().max(1024).optional(),
    })
        .default({ ports: [], env: {}, volumes: [], labels: {}, restart: 'unless-stopped', stopTimeout: 10_000 }),
    health: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        path: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('httpPath').optional(),
        port: port.optional(),
        scheme: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['http', 'https']).default('http'),
        timeout: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)(3_600_000).default(60_000),
        interval: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)(60_000, 50).default(1_000),
        requestTimeout: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)(60_000, 50).default(2_000),
        container: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['auto', 'require', 'ignore'], { error: 'expected "auto", "require" or "ignore"' }).default('auto'),
    })
        .default({ scheme: 'http', timeout: 60_000, interval: 1_000, requestTimeout: 2_000, container: 'auto' }),
    rollout: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        batchSize: zod__WEBPACK_IMPORTED_MODULE_4__/* .union */ .KCZ([positiveInt(10_000), zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().regex(/^(100|[1-9][0-9]?)%$/, 'expected a percentage from 1% to 100%')], {
            error: 'expected a number of hosts (e.g. 2) or a percentage (e.g. "25%")',
        })
            .default(1),
        concurrency: positiveInt(1000).optional(),
        strategy: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['stop-start', 'start-stop', 'proxy'], {
            error: 'expected "stop-start" (one port, short gap), "start-stop" (new before old: needs no port clash) or "proxy" (traffic switched by your reverse proxy, old release kept warm: needs the proxy section)',
        })
            .default('stop-start'),
        retain: zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig().int('expected a whole number').min(1, 'keep at least one previous release for rollback').max(50).default(3),
        canary: zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().default(false),
        lockTimeout: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)().default(0),
        hooks: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
            preHost: argv.optional(),
            postHost: argv.optional(),
        })
            .default({}),
    })
        .default({ batchSize: 1, strategy: 'stop-start', retain: 3, canary: false, lockTimeout: 0, hooks: {} }),
    prometheus: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        url: zod__WEBPACK_IMPORTED_MODULE_4__/* .url */ .OZ5({ protocol: /^https?$/, error: 'expected an http(s) URL such as "http://prometheus:9090"' }),
        timeout: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)(120_000).default(5_000),
        bearerToken: secret('the bearer token').optional(),
    })
        .optional(),
    grafana: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        url: zod__WEBPACK_IMPORTED_MODULE_4__/* .url */ .OZ5({ protocol: /^https?$/, error: 'expected the http(s) URL of Grafana such as "https://grafana.example.com"' }),
        token: secret('the Grafana service account token'),
        dashboardUid: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP()
            .regex(/^[A-Za-z0-9_-]{1,40}$/, 'expected a dashboard UID (letters, digits, "-" and "_", at most 40), as in the dashboard URL /d/<uid>/…')
            .optional(),
        tags: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(text(100, 'a tag').pipe(zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1, 'a tag must not be empty'))).max(20).default([]),
    })
        .optional(),
    verify: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
        enabled: zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().default(true),
        window: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)().default(120_000),
        interval: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)(600_000, 100).default(5_000),
        warmup: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)().default(0),
        baseline: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)().default(120_000),
        probe: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
            enabled: zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().default(true),
            paths: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg((0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .ruled */ .Vy)('httpPath')).min(1).max(20).default(['/']),
            port: port.optional(),
            rate: zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig({ error: 'expected requests per second per host, from 0.2 to 200' }).min(0.2).max(200).default(5),
            timeout: (0,_fields__WEBPACK_IMPORTED_MODULE_3__/* .duration */ .p0)(60_000).default(2_000),
            errorRatioLimit: zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig().min(0).max(1).default(0.5),
            healthFailuresInARow: positiveInt(1000).default(3),
        })
            .prefault({}),
        host: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({ enabled: zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().default(true) }).prefault({}),
        prometheus: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
            queries: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
                name: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().regex(/^[A-Za-z_][A-Za-z0-9_.:-]*$/, 'expected a metric name such as "error_rate"'),
                query: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).max(10_000),
                direction: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['increase', 'decrease', 'either'], { error: 'expected "increase", "decrease" or "either"' }).default('increase'),
                kind: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['gauge', 'count'], { error: 'expected "gauge" or "count"' }).default('gauge'),
                critical: zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().default(true),
                limit: zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig().optional(),
                limitCount: positiveInt(1000).optional(),
                policy: _detect_policy__WEBPACK_IMPORTED_MODULE_0__/* .detectorPolicySchema */ .c_.optional(),
            }))
                .max(50)
                .default([]),
        })
            .optional(),
        metrics: zod__WEBPACK_IMPORTED_MODULE_4__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({
            critical: zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().optional(),
            direction: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['increase', 'decrease', 'either']).optional(),
            limit: zod__WEBPACK_IMPORTED_MODULE_4__/* .number */ .aig().optional(),
            limitCount: positiveInt(1000).optional(),
            enabled: zod__WEBPACK_IMPORTED_MODULE_4__/* .boolean */ .zMY().optional(),
            policy: _detect_policy__WEBPACK_IMPORTED_MODULE_0__/* .detectorPolicySchema */ .c_.optional(),
        }))
            .default({}),
        policy: _detect_policy__WEBPACK_IMPORTED_MODULE_0__/* .detectorPolicySchema */ .c_.optional(),
        heal: zod__WEBPACK_IMPORTED_MODULE_4__/* ["enum"] */ .k5n(['off', 'restart'], { error: 'expected "off" or "restart"' }).default('off'),
        healAttempts: positiveInt(10).default(2),
    })
        .prefault({}),
    /** The reverse proxy in front of the app on each host, for rollout.strategy: proxy. */
    proxy: _proxy__WEBPACK_IMPORTED_MODULE_2__/* .proxySchema */ .Ax.optional(),
    report: zod__WEBPACK_IMPORTED_MODULE_4__/* .strictObject */ .rej({ file: zod__WEBPACK_IMPORTED_MODULE_4__/* .string */ .YjP().min(1).optional() }).default({}),
    /** Webhooks told of the outcome of each deploy and rollback (see README "Notifications"). */
    notify: zod__WEBPACK_IMPORTED_MODULE_4__/* .array */ .YOg(webhook, { error: 'expected a list of webhooks, e.g. [{ url: { fromEnv: SLACK_WEBHOOK_URL }, format: slack }]' })
        .max(MAX_WEBHOOKS, `at most ${MAX_WEBHOOKS} webhooks`)
        .optional(),
});


/***/ }),

/***/ 28770:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ih: () => (/* binding */ checkTargetOptions),
/* harmony export */   L3: () => (/* binding */ resolveSwarm),
/* harmony export */   M$: () => (/* binding */ swarmSchema),
/* harmony export */   mV: () => (/* binding */ targetOptionErrors)
/* harmony export */ });
/* unused harmony export hostPortsOf */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(12311);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _fields__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88461);



/**
 * The `swarm` section (used with `target: swarm`) and the checks that refuse, at load time,
 * the options that make no sense when Docker Swarm runs the tasks.
 */
const swarmDuration = (max) => (0,_fields__WEBPACK_IMPORTED_MODULE_1__/* .duration */ .p0)(max);
const whole = (min, max) => zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig({ error: `expected a whole number from ${min} to ${max}` }).int(`expected a whole number from ${min} to ${max}`).min(min).max(max);
const swarmSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .strictObject */ .rej({
    /** The host (by name, from `hosts`) whose engine is a Swarm manager; default: the first host. */
    manager: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected the name of one of the hosts, e.g. "h1"').optional(),
    /** The service name; default: the app name. */
    service: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
        .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, 'expected a service name: letters, digits, "_", "." or "-", at most 63 characters')
        .optional(),
    replicas: whole(0, 1000).optional(),
    parallelism: whole(1, 1000).default(1),
    delay: swarmDuration(600_000).default(1000),
    monitor: swarmDuration(600_000).default(5000),
    order: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['auto', 'start-first', 'stop-first'], { error: 'expected "auto" (start-first unless a task holds a host port), "start-first" or "stop-first"' }).default('auto'),
    rollbackParallelism: whole(1, 1000).default(1),
    /** How long an update (or a rollback) may run before rollwatch gives up waiting. */
    updateTimeout: swarmDuration(3_600_000).default(300_000),
    healthcheck: zod__WEBPACK_IMPORTED_MODULE_2__/* .strictObject */ .rej({
        test: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1).max(4096), { error: 'expected the health command as a list of arguments, e.g. ["curl", "-fsS", "http://127.0.0.1:8080/health"]' })
            .min(1, 'the health command needs at least the program'),
        interval: swarmDuration(600_000).default(1000),
        timeout: swarmDuration(600_000).default(2000),
        retries: whole(1, 100).default(2),
        startPeriod: swarmDuration(600_000).default(2000),
    })
        .optional(),
});
const has = (raw, ...path) => {
    let v = raw;
    for (const p of path) {
        if (v === null || typeof v !== 'object')
            return false;
        v = v[p];
    }
    return v !== undefined;
};
/** Each option that Swarm makes meaningless, with the reason given to the user. */
const REFUSED = [
    { path: ['rollout', 'canary'], why: 'a Swarm service runs one spec on all its tasks, so there is no subset of hosts to verify first; verification runs on all tasks after the update' },
    { path: ['rollout', 'hooks'], why: 'Swarm starts and stops the tasks itself, so per-host hooks have no moment to run' },
    { path: ['rollout', 'batchSize'], why: 'Swarm updates tasks, not hosts: use swarm.parallelism' },
    { path: ['rollout', 'concurrency'], why: 'Swarm updates tasks, not hosts: use swarm.parallelism' },
    { path: ['rollout', 'strategy'], why: 'use swarm.order (start-first or stop-first)' },
    { path: ['rollout', 'retain'], why: 'Swarm keeps exactly one previous spec per service (PreviousSpec); older versions are redeployed by digest with `rollback --version`' },
    { path: ['container', 'restart'], why: 'Swarm replaces failed tasks itself (its restart policy), there are no per-host containers to restart' },
    { path: ['container', 'volumes'], why: 'volumes are per host; this target does not map them to Swarm mounts' },
    { path: ['container', 'stopTimeout'], why: 'not mapped to the service spec by this target (Swarm stops tasks with its own grace period of 10s)' },
    { path: ['proxy'], why: 'Swarm routes traffic to tasks itself (its routing mesh or dnsrr): there is no per-host proxy to switch' },
    { path: ['ssh', 'jumpHost'], why: 'the connection to the Swarm manager does not go through a jump host yet' },
    { path: ['verify', 'heal'], why: 'Swarm replaces unhealthy tasks itself' },
];
/** Refuses (before anything is touched) options that make no sense with the chosen target. */
function checkTargetOptions(raw) {
    const [first] = targetOptionErrors(raw);
    if (first)
        throw first;
}
/** Every option that makes no sense with the chosen target, in file order (`rollwatch check` lists them all). */
function targetOptionErrors(raw) {
    const errors = [];
    const target = raw.target ?? 'ssh';
    if (target !== 'swarm') {
        if (has(raw, 'swarm'))
            errors.push((0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('swarm', 'is only used with target: swarm', 'set target: swarm, or remove the swarm section'));
        return errors;
    }
    for (const r of REFUSED) {
        if (has(raw, ...r.path))
            errors.push((0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(r.path.join('.'), `is not supported with target: swarm: ${r.why}`, 'remove it from the config'));
    }
    const env = raw.container?.env;
    if (env !== null && typeof env === 'object') {
        for (const [key, v] of Object.entries(env)) {
            if (v !== null && typeof v === 'object' && v.secret === true) {
                errors.push((0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(`container.env.${key}.secret`, 'is not supported with target: swarm: Swarm keeps env values in the service spec, where `docker service inspect` (and the previous spec) shows them to anyone who can reach the manager', 'create a Docker secret outside rollwatch and have the app read it as a file, or use target: ssh (env files of mode 600 on each host)'));
            }
        }
    }
    const ports = raw.container?.ports;
    if (Array.isArray(ports)) {
        ports.forEach((p, i) => {
            if (typeof p === 'string' && /^[0-9]{1,3}(\.[0-9]{1,3}){3}:/.test(p)) {
                errors.push((0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(`container.ports[${i}]`, 'a host IP in a port mapping is not supported with target: swarm: Swarm publishes host-mode ports on every address of the node', 'write "PUBLISHED:TARGET", e.g. "8080:80"'));
            }
        });
    }
    return errors;
}
/** Host ports a task holds: the app port with the host network, and every published port (host mode). */
function hostPortsOf(container) {
    const out = new Set();
    if (container.network === 'host' && container.port)
        out.add(container.port);
    for (const p of container.ports) {
        const parts = p.replace(/\/(tcp|udp)$/, '').split(':');
        out.add(Number(parts.length >= 2 ? parts[parts.length - 2] : parts[0]));
    }
    return [...out];
}
function resolveSwarm(s, ctx) {
    const section = s ?? swarmSchema.parse({});
    const manager = section.manager ?? ctx.hostNames[0];
    if (!ctx.hostNames.includes(manager)) {
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('swarm.manager', `names ${JSON.stringify(manager)}, which is not one of hosts (${ctx.hostNames.join(', ')})`, 'name the host whose engine is a Swarm manager');
    }
    const hostPorts = hostPortsOf(ctx.container);
    if (section.order === 'start-first' && hostPorts.length > 0) {
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('swarm.order', `start-first cannot work while each task holds host port(s) ${hostPorts.join(', ')}: the new task cannot bind the port the old one holds, and the update hangs in "updating"`, 'use "auto" or "stop-first", or drop the host port');
    }
    if (section.rollbackParallelism > 1 && hostPorts.length > 0) {
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)('swarm.rollbackParallelism', `must be 1 while each task holds host port(s) ${hostPorts.join(', ')}: a rolled-back task can land on a node whose old task is still stopping and cannot bind the port`, 'use 1 (the default)');
    }
    const order = section.order === 'auto' ? (hostPorts.length > 0 ? 'stop-first' : 'start-first') : section.order;
    return {
        manager,
        service: section.service ?? ctx.app,
        replicas: section.replicas ?? ctx.hostNames.length,
        parallelism: section.parallelism,
        delayMs: section.delay,
        monitorMs: section.monitor,
        order,
        rollbackParallelism: section.rollbackParallelism,
        updateTimeoutMs: section.updateTimeout,
        healthcheck: section.healthcheck
            ? { test: section.healthcheck.test, intervalMs: section.healthcheck.interval, timeoutMs: section.healthcheck.timeout, retries: section.healthcheck.retries, startPeriodMs: section.healthcheck.startPeriod }
            : undefined,
        hostPorts,
    };
}


/***/ }),

/***/ 84609:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c_: () => (/* binding */ detectorPolicySchema),
/* harmony export */   hM: () => (/* binding */ checkPolicy),
/* harmony export */   lH: () => (/* binding */ formatZodError),
/* harmony export */   nZ: () => (/* binding */ resolvePolicy),
/* harmony export */   zj: () => (/* binding */ DEFAULT_POLICY)
/* harmony export */ });
/* unused harmony exports CLASSIC_POLICY, formatPath */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(12311);
// Detector policy: defaults, the classic preset, the zod schema of partial
// overrides (config files and `analyze`), and how layers of overrides merge.

/**
 * Defaults of the robust detector. The rationale for every number is in
 * docs/detector.md ("Defaults and why"); in short they are chosen to keep false
 * rollbacks rare on autocorrelated, heavy-tailed series whose level differs a
 * little between baseline and candidate, while a ×2 step is caught within a few
 * samples.
 */
const DEFAULT_POLICY = Object.freeze({
    method: 'robust',
    threshold: 6,
    minAbsoluteEffect: 0,
    minRelativeEffect: 0.1,
    consecutive: 3,
    window: Object.freeze({ breaches: 4, of: 6 }),
    minBaselineSamples: 10,
    minCandidateSamples: 5,
    poissonAlpha: 0.01,
    minCountEffect: 3,
    onInconclusive: 'keep',
    scaleFloorAbsolute: 1e-9,
    scaleFloorRelative: 0.01,
    maxMissingFraction: 0.5,
    shiftMinSamples: 1,
    shiftWindow: 20,
    quantileGate: 0.9,
    baselineCalibration: true,
    tailScale: true,
    spreadRule: true,
    spreadThreshold: 3,
    departureThreshold: 5,
    envelopeMargin: 2,
    countMinRelativeEffect: 0.5,
});
/**
 * The textbook detector, for comparison: z = (x − mean)/sd, |z| > 3 in the bad
 * direction, the first breach fails, no effect-size gates. Used as the base when
 * a partial policy selects `method: 'classic'`.
 */
const CLASSIC_POLICY = Object.freeze({
    ...DEFAULT_POLICY,
    method: 'classic',
    threshold: 3,
    minAbsoluteEffect: 0,
    minRelativeEffect: 0,
    consecutive: 1,
    window: undefined,
    scaleFloorRelative: 0,
    shiftMinSamples: 0,
    quantileGate: 0.5,
    baselineCalibration: false,
    tailScale: false,
    spreadRule: false,
    spreadThreshold: 3,
    departureThreshold: 0,
    envelopeMargin: 0,
    countMinRelativeEffect: 0,
});
const POLICY_KEYS = [
    'method',
    'threshold',
    'minAbsoluteEffect',
    'minRelativeEffect',
    'consecutive',
    'window',
    'minBaselineSamples',
    'minCandidateSamples',
    'poissonAlpha',
    'minCountEffect',
    'onInconclusive',
    'scaleFloorAbsolute',
    'scaleFloorRelative',
    'maxMissingFraction',
    'shiftMinSamples',
    'shiftWindow',
    'quantileGate',
    'baselineCalibration',
    'tailScale',
    'spreadRule',
    'spreadThreshold',
    'departureThreshold',
    'envelopeMargin',
    'countMinRelativeEffect',
];
/** A number schema whose every failure message is `form`. */
function num(form, o = {}) {
    let s = zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig({ error: form });
    if (o.int)
        s = s.int({ error: form });
    if (o.min !== undefined)
        s = s.min(o.min, { error: form });
    if (o.gt !== undefined)
        s = s.gt(o.gt, { error: form });
    if (o.max !== undefined)
        s = s.max(o.max, { error: form });
    if (o.lt !== undefined)
        s = s.lt(o.lt, { error: form });
    return s;
}
function strictObject(shape, form) {
    const keys = Object.keys(shape).join(', ');
    return zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej(shape, {
        error: (iss) => (iss.code === 'unrecognized_keys' ? `one of the keys ${keys} (unknown key rejected)` : form),
    });
}
const windowSchema = strictObject({
    breaches: num('an integer from 1 to 1000', { int: true, min: 1, max: 1000 }),
    of: num('an integer from 1 to 1000', { int: true, min: 1, max: 1000 }),
}, 'an object {"breaches": M, "of": N} with 1 ≤ M ≤ N ≤ 1000, or null to switch the rule off').refine((w) => w.breaches <= w.of, {
    error: 'an object {"breaches": M, "of": N} with M ≤ N',
    path: ['breaches'],
});
const policyShape = {
    method: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['robust', 'classic'], { error: '"robust" or "classic"' }).optional(),
    threshold: num('a number > 0 and ≤ 1000000 (z threshold)', { gt: 0, max: 1e6 }).optional(),
    minAbsoluteEffect: num('a finite number ≥ 0 (in the metric unit)', { min: 0 }).optional(),
    minRelativeEffect: num('a number from 0 to 1000 (0.25 = 25 %)', { min: 0, max: 1000 }).optional(),
    consecutive: num('an integer from 1 to 1000', { int: true, min: 1, max: 1000 }).optional(),
    window: windowSchema.nullable().optional(),
    minBaselineSamples: num('an integer from 1 to 100000', { int: true, min: 1, max: 100_000 }).optional(),
    minCandidateSamples: num('an integer from 1 to 100000', { int: true, min: 1, max: 100_000 }).optional(),
    poissonAlpha: num('a number > 0 and < 0.5 (e.g. 0.001)', { gt: 0, lt: 0.5 }).optional(),
    minCountEffect: num('a finite number ≥ 0 (events)', { min: 0 }).optional(),
    onInconclusive: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['keep', 'rollback'], { error: '"keep" or "rollback"' }).optional(),
    scaleFloorAbsolute: num('a finite number ≥ 0 (in the metric unit)', { min: 0 }).optional(),
    scaleFloorRelative: num('a number from 0 to 1000', { min: 0, max: 1000 }).optional(),
    maxMissingFraction: num('a number from 0 to 1', { min: 0, max: 1 }).optional(),
    shiftMinSamples: num('an integer from 0 (off) to 1000', { int: true, min: 0, max: 1000 }).optional(),
    shiftWindow: num('an integer from 1 to 1000', { int: true, min: 1, max: 1000 }).optional(),
    quantileGate: num('a number from 0.5 (off) to 1 (e.g. 0.9)', { min: 0.5, max: 1 }).optional(),
    baselineCalibration: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY({ error: 'true or false' }).optional(),
    tailScale: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY({ error: 'true or false' }).optional(),
    spreadRule: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY({ error: 'true or false' }).optional(),
    spreadThreshold: num('a number > 0 and ≤ 1000000 (z on the log scale)', { gt: 0, max: 1e6 }).optional(),
    departureThreshold: num('a number from 0 (off) to 1000000 (robust sigmas)', { min: 0, max: 1e6 }).optional(),
    envelopeMargin: num('a number from 0 (off) to 1000000 (robust sigmas)', { min: 0, max: 1e6 }).optional(),
    countMinRelativeEffect: num('a number from 0 to 1000 (0.5 = 50 %)', { min: 0, max: 1000 }).optional(),
};
/**
 * zod 4 schema of a PARTIAL policy. Unknown keys are rejected; every message
 * states the accepted form. Parse output type: {@link PolicyOverrides}.
 */
const detectorPolicySchema = strictObject(policyShape, `an object with some of the keys ${POLICY_KEYS.join(', ')}`);
/**
 * Merge layers of overrides over the defaults, later layers winning. When the
 * merged `method` is 'classic' the base is {@link CLASSIC_POLICY} (textbook
 * z-score, first breach fails) so `{"method": "classic"}` alone means the
 * textbook detector; fields set explicitly in a layer still win.
 */
function resolvePolicy(...layers) {
    let method = DEFAULT_POLICY.method;
    for (const l of layers)
        if (l?.method)
            method = l.method;
    const out = { ...(method === 'classic' ? CLASSIC_POLICY : DEFAULT_POLICY) };
    for (const l of layers) {
        if (!l)
            continue;
        for (const k of POLICY_KEYS) {
            if (!(k in l))
                continue;
            const v = l[k];
            if (v === undefined)
                continue;
            if (k === 'window') {
                out.window = v === null ? undefined : { ...v };
            }
            else {
                out[k] = v;
            }
        }
    }
    if (out.window === undefined)
        delete out.window;
    return out;
}
/** Validate a full policy; returns a message naming the first bad field, or null when valid. */
function checkPolicy(p) {
    const r = detectorPolicySchema.safeParse(p);
    if (r.success)
        return null;
    return formatZodError(r.error, 'policy');
}
/** "field a.b[2]: accepted form …" for the first issue (and a count of the others). */
function formatZodError(err, root) {
    const issues = err.issues;
    const first = issues[0];
    if (!first)
        return 'invalid input';
    let path = first.path;
    const form = first.message;
    if (first.code === 'unrecognized_keys') {
        const keys = first.keys ?? [];
        path = [...path, ...(keys.length ? [keys[0]] : [])];
    }
    const where = formatPath(root ? [root, ...path] : path);
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
    return `field ${where || '(line)'}: accepted form ${form}${more}`;
}
function formatPath(path) {
    let s = '';
    for (const p of path) {
        if (typeof p === 'number')
            s += `[${p}]`;
        else
            s += s ? `.${String(p)}` : String(p);
    }
    return s;
}


/***/ }),

/***/ 73020:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ resolveDockerEngine)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/* harmony import */ var _util_urls__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(59812);
/**
 * Where the Docker engine that builds and pushes is (`docker.host`, or DOCKER_HOST), as the
 * config loader checks it: pure settings, no client (src/docker/engine.ts connects).
 */



const LOCAL = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;
function readPem(sources, field, path) {
    let text;
    try {
        text = sources.readFile(path.startsWith('/') ? path : `${sources.baseDir.replace(/\/$/, '')}/${path}`);
    }
    catch (err) {
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .inputError */ .Xu)(field, `cannot read file ${JSON.stringify(path)}: ${err.code ?? 'error'}`, 'give a readable PEM file');
    }
    if (!/-----BEGIN [A-Z0-9 ]+-----/.test(text))
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .inputError */ .Xu)(field, `${JSON.stringify(path)} is not a PEM file (expected a "-----BEGIN …-----" block)`);
    return text;
}
/**
 * The engine of a validated config, or undefined for the local default. Throws an input error
 * naming the field for TLS files that cannot be read, TLS on a non-tcp engine, and plain tcp
 * to another machine without `docker.allowPlainTcp: true`.
 */
function resolveDockerEngine(d, sources, ssh) {
    const fromEnv = d.host === undefined && !!sources.env.DOCKER_HOST;
    const url = d.host ?? (sources.env.DOCKER_HOST || undefined);
    const field = fromEnv ? 'DOCKER_HOST' : 'docker.host';
    if (url === undefined) {
        if (d.tls)
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .inputError */ .Xu)('docker.tls', 'applies to a tcp:// engine only, and docker.host is not set');
        return { engine: undefined, secrets: [] };
    }
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .inputError */ .Xu)(field, `${JSON.stringify((0,_util_urls__WEBPACK_IMPORTED_MODULE_2__/* .redactUserinfo */ .P)(url))} is not an engine address`, 'use unix:///path, tcp://host:port or ssh://user@host');
    }
    const scheme = parsed.protocol.replace(/:$/, '');
    if (!['unix', 'npipe', 'tcp', 'ssh'].includes(scheme))
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .inputError */ .Xu)(field, `unsupported Docker engine address ${JSON.stringify((0,_util_urls__WEBPACK_IMPORTED_MODULE_2__/* .redactUserinfo */ .P)(url))}`, 'use unix:///path, tcp://host:port or ssh://user@host');
    if (d.tls && scheme !== 'tcp')
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .inputError */ .Xu)('docker.tls', `applies to a tcp:// engine only, and ${field} is ${scheme}://`);
    let tls;
    if (d.tls) {
        if ((d.tls.cert === undefined) !== (d.tls.key === undefined))
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .inputError */ .Xu)('docker.tls', 'give cert and key together (the client certificate and its private key), or neither');
        tls = {
            ca: d.tls.ca === undefined ? undefined : readPem(sources, 'docker.tls.ca', d.tls.ca),
            cert: d.tls.cert === undefined ? undefined : readPem(sources, 'docker.tls.cert', d.tls.cert),
            key: d.tls.key === undefined ? undefined : readPem(sources, 'docker.tls.key', d.tls.key),
        };
    }
    else if (scheme === 'tcp' && sources.env.DOCKER_TLS_VERIFY && sources.env.DOCKER_TLS_VERIFY !== '0') {
        // the docker CLI's convention: DOCKER_TLS_VERIFY=1, files ca.pem, cert.pem, key.pem in DOCKER_CERT_PATH (default ~/.docker)
        const dir = sources.env.DOCKER_CERT_PATH || (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(sources.env.HOME ?? '/root', '.docker');
        tls = {
            ca: readPem(sources, 'DOCKER_CERT_PATH', (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, 'ca.pem')),
            cert: readPem(sources, 'DOCKER_CERT_PATH', (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, 'cert.pem')),
            key: readPem(sources, 'DOCKER_CERT_PATH', (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, 'key.pem')),
        };
    }
    if (scheme === 'tcp' && !tls && !d.allowPlainTcp && !LOCAL.test(parsed.hostname)) {
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_1__/* .inputError */ .Xu)(field, `${(0,_util_urls__WEBPACK_IMPORTED_MODULE_2__/* .redactUserinfo */ .P)(url)} is plain, unauthenticated TCP to a Docker engine on another machine: whoever reaches that port runs containers as root there, and the registry password crosses the network in clear`, 'use TLS (docker.tls: { ca, cert, key }, or DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH) or ssh://user@host; to accept plain tcp all the same, set docker.allowPlainTcp: true');
    }
    return {
        engine: { url, tls, ssh: scheme === 'ssh' ? { ...ssh, user: decodeURIComponent(parsed.username) || ssh.user } : undefined },
        secrets: tls?.key ? [tls.key] : [],
    };
}


/***/ }),

/***/ 15780:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ nextStep)
/* harmony export */ });
/** One sentence for the on-call reader: what to do now. Null when nothing is needed. */
function nextStep(r) {
    if (r.outcome === 'rolled-back')
        return 'The new release was rolled back automatically; every host listed below runs the previous release. Look at the deciding metric, fix, and push again.';
    if (r.outcome === 'inconclusive')
        return 'Verification could not decide (see warnings). The release was kept; watch it, or roll back with `mode: rollback`.';
    if (r.outcome !== 'failed')
        return null;
    if (r.hosts.some((h) => h.manual))
        return 'Some hosts need a hand: run the command shown for them below.';
    if (/lock/i.test(r.reason))
        return 'Another run holds the deploy lock. Wait for it, or release a stale lock with `rollwatch lock release --config <your rollwatch config>`.';
    if (/preflight/i.test(r.reason))
        return 'Nothing was changed. Fix the hosts named above and run again.';
    if (r.command === 'status' && /different versions/.test(r.reason))
        return 'The fleet is split between releases: bring it together with `mode: rollback` (and `version`) or a new deploy.';
    if (r.command !== 'deploy')
        return 'Read the reason above and the host details below.';
    const touched = r.hosts.filter((h) => h.result !== 'untouched' && h.result !== 'unchanged');
    if (touched.length === 0)
        return 'No host was changed. Read the reason above and the host details below.';
    if (touched.every((h) => h.result === 'rolled-back' || h.result === 'restored'))
        return 'Every touched host was returned to its previous release. Read the reason above and the host details below.';
    return 'Read the reason above and the host details below.';
}


/***/ }),

/***/ 45447:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  B: () => (/* binding */ renderSummary)
});

;// CONCATENATED MODULE: ./src/report/chart.ts
const DEFAULT_THRESHOLD = 3.5;
const DEFAULT_MAX_POINTS = 40;
/** Chart size and x-label font: about 810 px for the x axis, digits ~6.6 px wide. */
const WIDTH = 900;
const HEIGHT = 450;
const X_LABEL_PX = 11;
const fitLabels = (chars) => Math.max(4, Math.floor((WIDTH - 90) / (chars * X_LABEL_PX * 0.6 + 6)));
/** Band upper edge, baseline median, band lower edge, candidate (drawn last, so on top). */
const PALETTE = ['#8c8c8c', '#1f77b4', '#8c8c8c', '#d62728'];
/** The metric to chart: the deciding one, else the critical metric with the worst z, else any metric with the worst z. */
function chartMetric(v) {
    const plottable = v.metrics.filter((m) => m.candidate.some((x) => x !== null && Number.isFinite(x)));
    if (plottable.length === 0)
        return null;
    const deciding = v.deciding ? plottable.find((m) => m.name === v.deciding) : undefined;
    if (deciding)
        return deciding;
    const worst = (ms) => ms.reduce((best, m) => (best === null || (m.worstZ ?? -Infinity) > (best.worstZ ?? -Infinity) ? m : best), null);
    return worst(plottable.filter((m) => m.critical)) ?? worst(plottable);
}
/** Text that is safe inside a mermaid double-quoted string inside a markdown code fence. */
function mermaidText(s, max = 100) {
    let t = s
        .replace(/[\u0000-\u001f\u007f]+/g, ' ')
        .replace(/["`]/g, "'")
        .replace(/</g, '‹')
        .replace(/>/g, '›')
        .replace(/[%;#]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    if (t.length > max)
        t = t.slice(0, max - 1).trimEnd() + '…';
    return t;
}
function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    const n = s.length;
    return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
/** The detector threshold stated in a reason ("threshold z > 3.5"), if any. */
function thresholdIn(reason) {
    const m = /threshold z > ([0-9]+(?:\.[0-9]+)?)/.exec(reason);
    return m ? Number(m[1]) : null;
}
function bandOf(m) {
    const isCount = /^poisson/.test(m.rule ?? '') || /rate test|expected at the baseline rate/.test(m.reason);
    if (!isCount && m.median !== null && m.scale !== null && Number.isFinite(m.median) && Number.isFinite(m.scale) && m.scale > 0) {
        return { center: m.median, scale: m.scale, from: 'detector' };
    }
    const base = m.baseline.filter((x) => Number.isFinite(x));
    if (base.length === 0)
        return null;
    const c = median(base);
    const mad = 1.4826 * median(base.map((x) => Math.abs(x - c)));
    // Same floors as the detector (scaleFloorRelative 1 %, scaleFloorAbsolute 1e-9).
    return { center: c, scale: Math.max(mad, 0.01 * Math.abs(c), 1e-9), from: 'samples' };
}
/** Power of 10 (a multiple of 3) the values are divided by, 0 when they read well as they are. */
function exponentFor(maxAbs) {
    if (!(maxAbs > 0) || (maxAbs >= 0.01 && maxAbs < 1e6))
        return 0;
    return 3 * Math.floor(Math.log10(maxAbs) / 3);
}
/** A number as mermaid's xychart parses it: no exponent, no "-0", about 4 significant digits of `span`. */
function formatter(span, maxAbs) {
    const ref = span > 0 ? span : maxAbs > 0 ? maxAbs : 1;
    const decimals = Math.min(12, Math.max(0, 3 - Math.floor(Math.log10(ref))));
    return (x) => {
        let s = x.toFixed(decimals);
        if (s.includes('.'))
            s = s.replace(/0+$/, '').replace(/\.$/, '');
        return s === '-0' ? '0' : s;
    };
}
const secondsLabel = (ms) => {
    const s = ms / 1000;
    return `${Number.isInteger(s) ? s : Number(s.toFixed(1))}s`;
};
/** The chart of one metric, or null when it has no candidate value to draw. */
function metricChart(m, v, opts = {}) {
    const k = thresholdIn(m.reason) ?? opts.threshold ?? DEFAULT_THRESHOLD;
    const interval = v.intervalMs > 0 ? v.intervalMs : 0;
    const label = (i) => (interval > 0 ? secondsLabel((i + 1) * interval) : `#${i}`);
    const maxPoints = Math.max(2, Math.min(opts.maxPoints ?? DEFAULT_MAX_POINTS, fitLabels(label(Math.max(0, m.candidate.length - 1)).length)));
    let points = m.candidate.flatMap((x, i) => (x !== null && Number.isFinite(x) ? [{ i, x }] : []));
    if (points.length === 0)
        return null;
    const missing = m.candidate.length - points.length;
    let band = bandOf(m);
    if (band && !Number.isFinite(band.center + k * band.scale + (band.center - k * band.scale)))
        band = null;
    let grouped = 0;
    if (points.length > maxPoints) {
        grouped = Math.ceil(points.length / maxPoints);
        const ref = band?.center ?? median(points.map((p) => p.x));
        const out = [];
        for (let g = 0; g < points.length; g += grouped) {
            const group = points.slice(g, g + grouped);
            out.push(group.reduce((a, b) => (Math.abs(b.x - ref) > Math.abs(a.x - ref) ? b : a)));
        }
        points = out;
    }
    const observed = [...m.baseline.filter((x) => Number.isFinite(x)), ...points.map((p) => p.x)];
    const nonNegative = observed.every((x) => x >= 0);
    let upper = null;
    let lower = null;
    let clipped = false;
    if (band) {
        upper = band.center + k * band.scale;
        lower = band.center - k * band.scale;
        if (nonNegative && lower < 0) {
            lower = 0;
            clipped = true;
        }
    }
    const all = [...points.map((p) => p.x), ...(band ? [upper, band.center, lower] : [])];
    const maxAbs = Math.max(...all.map(Math.abs));
    const e = exponentFor(maxAbs);
    const div = 10 ** e;
    const scaled = (x) => x / div;
    let lo = Math.min(...all) / div;
    let hi = Math.max(...all) / div;
    const span = hi - lo;
    const pad = span > 0 ? span * 0.05 : Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    lo -= pad;
    hi += pad;
    if (nonNegative && lo < 0)
        lo = 0;
    const fmt = formatter(hi - lo, maxAbs / div);
    const list = (xs) => `[${xs.map(fmt).join(', ')}]`;
    const how = [m.rule && m.rule !== 'none' ? m.rule : null, m.decidedAt !== null ? `decided at ${label(m.decidedAt)}` : null].filter(Boolean).join(', ');
    const title = mermaidText(opts.title ?? `${mermaidText(m.name, 40)}: ${m.verdict}${how ? ` (${how})` : ''}`, 72);
    const yTitle = mermaidText(e === 0 ? m.name : `${m.name} (×1e${e})`, 60);
    const init = {
        themeVariables: { xyChart: { plotColorPalette: (band ? PALETTE : PALETTE.slice(-1)).join(', ') } },
        xyChart: { width: WIDTH, height: HEIGHT, titleFontSize: 16, xAxis: { labelFontSize: X_LABEL_PX }, yAxis: { labelFontSize: 12 } },
    };
    const lines = [
        `%%{init: ${JSON.stringify(init)}}%%`,
        'xychart-beta',
        `  title "${title}"`,
        `  x-axis "${interval > 0 ? 'seconds into the window' : 'sample'}" [${points.map((p) => `"${label(p.i)}"`).join(', ')}]`,
        `  y-axis "${yTitle}" ${fmt(lo)} --> ${fmt(hi)}`,
    ];
    if (band) {
        const flat = (x) => list(points.map(() => scaled(x)));
        lines.push(`  line ${flat(upper)}`, `  line ${flat(band.center)}`, `  line ${flat(lower)}`);
    }
    lines.push(`  line ${list(points.map((p) => scaled(p.x)))}`);
    const fmtPlain = (x) => Number(x.toPrecision(4)).toString();
    const name = m.name.replace(/[`|\r\n]/g, ' ');
    const notes = [];
    if (band) {
        const how = band.from === 'detector' ? `the detector's baseline median ${fmtPlain(band.center)} ± ${k} × scale ${fmtPlain(band.scale)}` : `the baseline samples' median ${fmtPlain(band.center)} ± ${k} × 1.4826·MAD (${fmtPlain(band.scale)})`;
        notes.push(`**red**: \`${name}\` of the watched release per sample; **grey**: the band, ${how}${clipped ? ' (lower edge clipped at 0)' : ''}; **blue**: the baseline median.`);
    }
    else
        notes.push(`**red**: \`${name}\` of the watched release per sample (no baseline, so no band).`);
    if (missing > 0)
        notes.push(missing === 1 ? '1 missing sample left out (its time is absent from the x axis).' : `${missing} missing samples left out (their times are absent from the x axis).`);
    if (grouped > 0)
        notes.push(`${m.candidate.length - missing} samples shown as ${points.length}: the one furthest from the median in each group of ${grouped}.`);
    return { metric: m.name, mermaid: lines.join('\n'), caption: notes.join(' ') };
}
/** The markdown for the summary (fenced mermaid block + caption), or null when there is nothing to draw. */
function renderChart(r, opts = {}) {
    const v = r.verification;
    if (!v)
        return null;
    const m = chartMetric(v);
    if (!m)
        return null;
    const c = metricChart(m, v, opts);
    if (!c)
        return null;
    return ['```mermaid', c.mermaid, '```', '', c.caption].join('\n');
}

// EXTERNAL MODULE: ./src/report/next-step.ts
var next_step = __webpack_require__(15780);
// EXTERNAL MODULE: ./src/report/text.ts
var report_text = __webpack_require__(65655);
// EXTERNAL MODULE: ./src/util/sanitize.ts
var sanitize = __webpack_require__(62701);
;// CONCATENATED MODULE: ./src/report/summary.ts




const sec = (ms) => (ms == null ? '–' : `${(ms / 1000).toFixed(1)} s`);
const ICON = { promoted: '✅', deployed: '✅', ok: '✅', 'rolled-back': '↩️', inconclusive: '⚠️', failed: '❌' };
const htmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const esc = (s) => s.replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, '<br>');
/** The job summary (markdown): headline, timings, hosts, verification. */
function renderSummary(r, opts = {}) {
    const out = [];
    const what = r.version ? `\`${r.app}\` ${r.command === 'rollback' ? 'back to ' : ''}\`${r.version}\`` : `\`${r.app}\``;
    out.push(`## ${ICON[r.outcome] ?? ''} rollwatch ${r.command}: ${r.outcome} — ${what} in ${sec(r.timings.totalMs)}`);
    out.push('');
    if (r.reason)
        out.push(`> ${esc(r.reason)}`, '');
    const next = (0,next_step/* nextStep */.s)(r);
    if (next)
        out.push(`**What to do next:** ${next}`, '');
    if (r.target)
        out.push(`Target: ${esc(r.target.description)}`, '');
    if (r.image)
        out.push(`Image: \`${r.image}\`${r.digest ? ` (\`${r.digest}\`)` : ''}`, '');
    if (r.command === 'deploy' && (0,report_text/* deployTimed */.Ju)(r.timings)) {
        const t = r.timings;
        out.push('| Timing | Value |', '|---|---|');
        out.push(`| **T_deploy** = T_build + T_deploy_server | **${sec(t.deployMs)}** = ${sec(t.buildMs)} + ${sec(t.deployServerMs)} |`);
        out.push(`| **Recovery** = T_detect + T_recover | **${sec(t.recoveryMs)}** = ${sec(t.detectMs)} + ${sec(t.recoverMs)} |`);
        out.push('');
    }
    if (r.hosts.length > 0) {
        out.push('| Host | Previous → now | Health | Result | Detail |', '|---|---|---|---|---|');
        for (const h of r.hosts) {
            const health = h.healthy === null ? '–' : h.healthy ? 'healthy' : '**unhealthy**';
            const detail = [h.detail, h.manual ? `to finish by hand: \`${h.manual}\`` : ''].filter(Boolean).join(' — ');
            out.push(`| ${h.name} | ${(0,report_text/* transition */.kY)(r, h)} | ${health} | ${h.result} | ${esc(detail)} |`);
        }
        out.push('');
        for (const h of r.hosts.filter((x) => x.logs)) {
            const lines = (0,report_text/* logLines */.OG)(h.logs);
            // a fence longer than any run of backticks in the log, so app output cannot end the block
            const fence = '`'.repeat(Math.max(3, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length)) + 1)));
            out.push(`<details><summary>${htmlEscape(h.name)}: last lines of the failing container's log</summary>`, '', `${fence}text`, ...lines, fence, '', '</details>', '');
        }
    }
    const v = r.verification;
    if (v) {
        const baselineSamples = Math.max(0, ...v.metrics.map((m) => m.baseline.length));
        const baseline = v.baselineKind === 'none' ? 'no baseline' : `${v.baselineKind} baseline of ${baselineSamples} samples`;
        out.push(`### Verification: ${v.verdict}`, '', `${esc(v.reason)} (${baseline}; window of ${v.samples} samples every ${sec(v.intervalMs)})`, '');
        if (v.canary)
            out.push(`Canary window on ${esc(v.canary.hosts.join(', '))}: ${v.canary.verdict} (${esc(v.canary.reason)}); the fleet window above then judged every host.`, '');
        if (v.metrics.length > 0) {
            out.push('| Metric | Baseline median | Scale | Worst z | Verdict | Rule |', '|---|---|---|---|---|---|');
            for (const m of v.metrics) {
                const f = (x) => (x == null ? '–' : Number(x.toPrecision(4)).toString());
                // a window cut short by another metric's failure leaves the rest undecided, not doubtful
                const verdict = v.verdict === 'fail' && m.verdict === 'inconclusive' ? 'not decided (window ended early)' : m.verdict;
                out.push(`| ${m.name === v.deciding ? `**${m.name}**` : m.name} | ${f(m.median)} | ${f(m.scale)} | ${f(m.worstZ)} | ${verdict} | ${esc(m.rule ?? m.reason)} |`);
            }
            out.push('');
            const deciding = v.metrics.find((m) => m.name === v.deciding);
            if (deciding && deciding.reason && deciding.reason !== v.reason)
                out.push(`**${esc(deciding.name)}**: ${esc(deciding.reason)}`, '');
            const chart = opts.chart === false ? null : renderChart(r, opts.chart ?? {});
            if (chart)
                out.push(chart, '');
        }
        for (const w of v.warnings)
            out.push(`> [!WARNING]\n> ${esc(w)}`, '');
    }
    for (const w of r.warnings)
        out.push(`> [!WARNING]\n> ${esc(w)}`, '');
    if (r.lock?.length) {
        out.push('| Host | Lock |', '|---|---|');
        for (const l of r.lock)
            out.push(`| ${l.host} | ${l.held ? esc(JSON.stringify(l.holder)) : 'free'} |`);
    }
    return (0,sanitize/* cleanLog */.a)(out.join('\n') + '\n');
}


/***/ }),

/***/ 65655:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ju: () => (/* binding */ deployTimed),
/* harmony export */   OG: () => (/* binding */ logLines),
/* harmony export */   S5: () => (/* binding */ renderText),
/* harmony export */   kY: () => (/* binding */ transition)
/* harmony export */ });
/* unused harmony export withoutHostName */
/* harmony import */ var _next_step__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(15780);
/* harmony import */ var _util_sanitize__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(62701);


/** "v1 → v2", or "v1 → v2 → v1" for a host that ran the new release and was put back. */
function transition(r, h) {
    if ((h.result === 'rolled-back' || h.result === 'restored') && r.command === 'deploy')
        return `${h.previous ?? '–'} → ${r.version ?? '?'} → ${h.final ?? '–'}`;
    return `${h.previous ?? '–'} → ${h.final ?? '–'}`;
}
/** False when the run stopped before it built or deployed anything, so there is no T_deploy to show. */
const deployTimed = (t) => t.buildMs != null || t.deployServerMs != null || t.deployMs != null;
/** A host's detail without the host's name in front, which its row already starts with ("web-1 (10.0.0.1:22): …" → "10.0.0.1:22: …"). */
function withoutHostName(name, detail) {
    if (detail.startsWith(`${name}: `))
        return detail.slice(name.length + 2);
    const at = /^\(([^)]*)\): /.exec(detail.startsWith(`${name} (`) ? detail.slice(name.length + 1) : '');
    return at ? `${at[1]}: ${detail.slice(name.length + 1 + at[0].length)}` : detail;
}
/** The last lines of a container log as the report shows them (at most 20, each at most 300 characters). */
function logLines(logs) {
    return logs
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(-20)
        .map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l));
}
const sec = (ms) => (ms == null ? '–' : `${(ms / 1000).toFixed(1)}s`);
/** A few plain lines that say what happened; for terminals and CI logs. */
function renderText(r) {
    const lines = [];
    const head = r.version ? `${r.app} ${r.version}` : r.app;
    const headline = r.outcome === 'deployed' ? `first release, no baseline to compare with (${head})` : head;
    lines.push(`rollwatch ${r.command}: ${r.outcome.toUpperCase()} — ${headline}`);
    if (r.reason)
        lines.push(`  ${r.reason.split('\n').join('\n  ')}`);
    const next = (0,_next_step__WEBPACK_IMPORTED_MODULE_0__/* .nextStep */ .s)(r);
    if (next)
        lines.push(`  next: ${next}`);
    if (r.target)
        lines.push(`  target: ${r.target.description}`);
    if (r.image)
        lines.push(`  image ${r.image}${r.digest ? ` (${r.digest})` : ''}`);
    const t = r.timings;
    if (r.command === 'deploy' && deployTimed(t)) {
        lines.push(`  T_deploy ${sec(t.deployMs)} = T_build ${sec(t.buildMs)} + T_deploy_server ${sec(t.deployServerMs)}`);
        if (t.detectMs != null || t.recoverMs != null)
            lines.push(`  Recovery ${sec(t.recoveryMs)} = T_detect ${sec(t.detectMs)} + T_recover ${sec(t.recoverMs)}`);
    }
    for (const h of r.hosts) {
        const change = r.command === 'deploy' || r.command === 'rollback' ? transition(r, h) : `${h.final ?? '–'}`;
        const health = h.healthy === null ? '' : h.healthy ? ' healthy' : ' UNHEALTHY';
        const retained = h.retained.length ? ` [retained: ${h.retained.join(', ')}]` : '';
        lines.push(`  ${h.name.padEnd(12)} ${h.result.padEnd(11)} ${change}${health}${retained}${h.detail ? ` — ${withoutHostName(h.name, h.detail)}` : ''}`);
        if (h.manual)
            lines.push(`  ${''.padEnd(12)} to finish by hand: ${h.manual}`);
        if (h.logs)
            lines.push(`  ${''.padEnd(12)} last lines of the failing container's log:`, ...logLines(h.logs).map((l) => `  ${''.padEnd(12)} | ${l}`));
    }
    if (r.verification) {
        const v = r.verification;
        if (v.canary)
            lines.push(`  canary window on ${v.canary.hosts.join(', ')}: ${v.canary.verdict} (${v.canary.reason}); then the fleet window:`);
        lines.push(`  verification: ${v.verdict} (${v.reason})`);
        for (const m of v.metrics.filter((x) => x.verdict !== 'pass' || x.name === v.deciding))
            lines.push(`    ${m.name}: ${m.verdict} — ${m.reason}`);
    }
    for (const l of r.lock ?? [])
        lines.push(`  lock ${l.host}: ${l.held ? `held ${JSON.stringify(l.holder)}` : 'free'}`);
    for (const w of r.warnings)
        lines.push(`  warning: ${w}`);
    // values in the report came from hosts and peers too: no control characters, no workflow commands
    return (0,_util_sanitize__WEBPACK_IMPORTED_MODULE_1__/* .cleanLog */ .a)(lines.join('\n'));
}


/***/ }),

/***/ 97110:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X$: () => (/* binding */ settleLimit),
/* harmony export */   ml: () => (/* binding */ systemClock),
/* harmony export */   sf: () => (/* binding */ mapLimit)
/* harmony export */ });
const systemClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise((resolve) => {
        if (signal?.aborted)
            return resolve();
        const t = setTimeout(done, ms);
        function done() {
            signal?.removeEventListener('abort', done);
            clearTimeout(t);
            resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
    }),
};
/** Runs `fn` over items with at most `limit` in flight; results keep input order. */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i], i);
        }
    });
    await Promise.all(workers);
    return results;
}
/** Like mapLimit, but every item runs to completion and failures are returned, not thrown. */
async function settleLimit(items, limit, fn) {
    return mapLimit(items, limit, (item) => fn(item).then((value) => ({ status: 'fulfilled', value }), (reason) => ({ status: 'rejected', reason })));
}


/***/ }),

/***/ 29906:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VO: () => (/* binding */ streamLogger),
/* harmony export */   aD: () => (/* binding */ createMasker),
/* harmony export */   mq: () => (/* binding */ maskedLogger),
/* harmony export */   qq: () => (/* binding */ silentLogger)
/* harmony export */ });
/* harmony import */ var _sanitize__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(62701);

/** Replaces every secret (and each line of a multi-line secret) with ***. */
function createMasker(secrets) {
    const parts = new Set();
    for (const s of secrets) {
        if (!s)
            continue;
        parts.add(s);
        for (const line of s.split(/\r?\n/))
            if (line.trim().length >= 4)
                parts.add(line.trim());
    }
    const ordered = [...parts].sort((a, b) => b.length - a.length);
    if (ordered.length === 0)
        return (t) => t;
    return (text) => {
        let out = text;
        for (const p of ordered)
            if (out.includes(p))
                out = out.split(p).join('***');
        return out;
    };
}
/**
 * Masks secrets, then cleans the text (control characters, workflow commands): the last line of
 * defence for values read back from hosts, which are also cleaned where they are read.
 */
function maskedLogger(inner, mask) {
    const safe = (m) => (0,_sanitize__WEBPACK_IMPORTED_MODULE_0__/* .cleanLog */ .a)(mask(m));
    return {
        info: (m) => inner.info(safe(m)),
        warn: (m) => inner.warn(safe(m)),
        error: (m) => inner.error(safe(m)),
        debug: (m) => inner.debug(safe(m)),
        group: (name, fn) => inner.group(safe(name), fn),
        ...(inner.progress && { progress: (m) => inner.progress(safe(m)) }),
    };
}
const paint = (on, code, text) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);
/** Plain lines to a stream (stderr for the CLI, so --json keeps stdout clean). */
function streamLogger(write, options = {}) {
    const { verbose = false, colour = false } = options;
    const stamp = () => paint(colour, '2', new Date().toISOString().slice(11, 23));
    let prefix = '';
    return {
        info: (m) => write(`${stamp()} ${prefix}${m}`),
        warn: (m) => write(`${stamp()} ${prefix}${paint(colour, '33', 'WARN')} ${m}`),
        error: (m) => write(`${stamp()} ${prefix}${paint(colour, '31', 'ERROR')} ${m}`),
        debug: (m) => {
            if (verbose)
                write(`${stamp()} ${prefix}${m}`);
        },
        async group(name, fn) {
            write(`${stamp()} ${paint(colour, '1', `── ${name}`)}`);
            const before = prefix;
            prefix = before + '  ';
            try {
                return await fn();
            }
            finally {
                prefix = before;
            }
        },
        ...(options.progress && { progress: options.progress }),
    };
}
const silentLogger = { info() { }, warn() { }, error() { }, debug() { }, group: (_n, fn) => fn() };


/***/ }),

/***/ 62701:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ oneLine),
/* harmony export */   a: () => (/* binding */ cleanLog)
/* harmony export */ });
/**
 * The one sanitizer for text that came from outside rollwatch (a host, a network peer) on its
 * way to a log, a report or the job summary. GitHub's runner reads its stdout line by line and
 * runs any line that starts with `::` (after leading blanks) or contains `##[` as a workflow
 * command; terminals act on escape sequences. Values are cleaned where they are read back
 * (oneLine) and every log line passes through cleanLog as a last line of defence.
 */
// C0 (but tab and newline), DEL, C1, Unicode line/paragraph separators and bidi controls.
const CONTROL_KEEP_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/g;
/** A workflow command marker at the start of a line (after blanks), or a legacy `##[` anywhere. */
const COMMAND_AT_LINE_START = /^([ \t]*):(?=:)/gm;
const LEGACY_COMMAND = /##\[/g;
/** Breaks workflow command markers so the runner prints the text instead of running it. */
function defuse(text) {
    return text.replace(COMMAND_AT_LINE_START, '$1: ').replace(LEGACY_COMMAND, '# #[');
}
/**
 * A value read back from a host, fit for one line of a log or report: line breaks become
 * spaces, other control characters go, workflow markers are broken, and it is cut at `max`.
 */
function oneLine(value, max = 200) {
    const s = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
    const flat = defuse(s.replace(LINE_BREAKS, ' ').replace(CONTROL_KEEP_NEWLINE, ''));
    return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
/** A log message or report text (several lines allowed): no control characters, no workflow commands. */
function cleanLog(text) {
    return defuse(text.replace(/\r\n?/g, '\n').replace(CONTROL_KEEP_NEWLINE, ''));
}


/***/ }),

/***/ 59812:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ redactUserinfo)
/* harmony export */ });
/** Replaces the user:password@ of every URL in a text, so a message never shows credentials. */
function redactUserinfo(text) {
    return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, '$1***@');
}


/***/ })

};
;