"use strict";
exports.id = 581;
exports.ids = [581];
exports.modules = {

/***/ 95581:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runCli: () => (/* binding */ runCli)
/* harmony export */ });
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _cli_args__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77593);


function printOnly(argv) {
    try {
        const invocation = (0,_cli_args__WEBPACK_IMPORTED_MODULE_1__/* .parseInvocation */ .wG)(argv);
        return invocation.kind === 'print' ? invocation : null;
    }
    catch {
        return null; // cli/main parses again and reports the error
    }
}
/**
 * The CLI: runs one command and exits with its code. Usage and version need nothing but the
 * argument parser, so they are answered before the commands' code (config, report, engine) loads.
 */
async function runCli(argv) {
    const print = printOnly(argv);
    if (print) {
        (print.to === 'stdout' ? process.stdout : process.stderr).write(print.text + '\n');
        process.exitCode = print.exitCode;
        return;
    }
    const { main } = await Promise.all(/* import() */[__webpack_require__.e(441), __webpack_require__.e(606), __webpack_require__.e(354), __webpack_require__.e(514)]).then(__webpack_require__.bind(__webpack_require__, 64514));
    return main(argv).then((code) => process.exit(code), (err) => {
        process.stderr.write(`rollwatch: internal error: ${(0,_errors__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}\n`);
        process.exit(_errors__WEBPACK_IMPORTED_MODULE_0__/* .EXIT */ .dc.failed);
    });
}


/***/ }),

/***/ 77593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k0: () => (/* binding */ wantsJson),
/* harmony export */   wG: () => (/* binding */ parseInvocation)
/* harmony export */ });
/* unused harmony exports USAGE, commandUsage, closest */
/* harmony import */ var _util_suggest__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(37406);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _config_values__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73750);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(83916);
/* harmony import */ var _version__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(311);





const OPTIONS_HELP = `options:
  -c, --config FILE       the rollwatch YAML file (default: rollwatch.yml)
  -d, --destination NAME  merge rollwatch.NAME.yml (next to the config file) over it, e.g. -d staging
  --json                  print the report as JSON on stdout (logs go to stderr); errors too, as {"outcome":"error","reason":...}
  --report FILE           also write the JSON report to FILE
  --summary FILE          also write the markdown summary (as on GitHub's run page) to FILE
  -v, --verbose           more log lines
  -h, --help              this help, or one command's help (rollwatch deploy --help)`;
const EXIT_HELP = 'exit codes: 0 success (promoted, deployed, inconclusive-kept, ok), 1 failed, 2 bad input, 3 rolled back';
const COMMANDS = {
    deploy: { args: '[--version V] [--force-build]', about: 'build, push, roll out, verify, roll back on regression' },
    rollback: { args: '[--version V]', about: 'return every host to the previous (or named) release' },
    plan: { args: '[--version V]', about: 'what a deploy would do (batches, hosts, lock); changes nothing' },
    status: { args: '', about: 'per host: running version, health, retained releases, lock' },
    verify: { args: '', about: 'run the verification window against what is deployed' },
    lock: { args: 'status | lock release', about: 'show or remove the deploy lock' },
    analyze: { args: '', about: 'offline analysis: JSON Lines on stdin, results on stdout' },
    schema: { args: '', about: 'print the JSON Schema of the config file' },
    check: { args: '', about: 'every problem of the config file with its line (offline); exit 2 if any' },
    history: { args: '[--limit N]', about: 'the deploys and rollbacks recorded on the hosts, newest first' },
    logs: { args: '[--host H] [--since 10m] [--tail N] [-f]', about: "the running release's log on every host (or one)" },
    exec: { args: '[--host H] -- CMD [ARG...]', about: "run a command in the running release's container on every host (or one)" },
    init: { args: '--app A --image R --host H', about: 'write a starter rollwatch.yml and a GitHub workflow' },
    version: { args: '', about: "print rollwatch's version (also --version or -V alone)" },
};
const USAGE = `usage: rollwatch <command> [options]

commands:
${Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(9)} ${c.args.padEnd(31)} ${c.about}`.trimEnd())
    .join('\n')}

${OPTIONS_HELP}

${EXIT_HELP}`;
function commandUsage(name) {
    const c = COMMANDS[name];
    if (!c)
        return USAGE;
    const own = name === 'init' ? `\n\n${INIT_HELP}` : '';
    return `usage: rollwatch ${name}${c.args ? ` ${c.args}` : ''} [options]\n\n${c.about}${own}\n\n${OPTIONS_HELP}\n\n${EXIT_HELP}`;
}
const FLAGS = {
    config: { type: 'string', short: 'c' },
    destination: { type: 'string', short: 'd' },
    json: { type: 'boolean' },
    report: { type: 'string' },
    summary: { type: 'string' },
    version: { type: 'string' },
    'force-build': { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    help: { type: 'boolean', short: 'h' },
    app: { type: 'string' },
    image: { type: 'string' },
    host: { type: 'string', multiple: true },
    registry: { type: 'string' },
    user: { type: 'string' },
    port: { type: 'string' },
    'health-path': { type: 'string' },
    'non-interactive': { type: 'boolean' },
    force: { type: 'boolean' },
    'no-workflow': { type: 'boolean' },
    since: { type: 'string' },
    tail: { type: 'string' },
    follow: { type: 'boolean', short: 'f' },
    limit: { type: 'string' },
};
const INIT_FLAGS = ['app', 'image', 'host', 'registry', 'user', 'port', 'health-path', 'non-interactive', 'force', 'no-workflow'];
const INIT_HELP = `init options (questions on a terminal for what is not given):
  --app NAME              the app's name (default on a terminal: the directory's name)
  --image REPOSITORY      the image repository, e.g. ghcr.io/acme/web
  --host [NAME=]ADDRESS   a host; repeat for each (e.g. --host web-1=10.0.0.11)
  --registry HOST         the registry (default: the image's host, else docker.io)
  --user USER             SSH user on the hosts (default deploy)
  --port PORT             the app's port (default 8080)
  --health-path PATH      the HTTP health check (default /health)
  --non-interactive       ask nothing: a missing --app, --image or --host is an error
  --force                 overwrite rollwatch.yml and .github/workflows/deploy.yml if they exist
  --no-workflow           write the config only`;
/** Flags that only some commands take; every other flag goes with any command. */
const COMMAND_FLAGS = {
    version: ['deploy', 'rollback', 'plan'],
    'force-build': ['deploy'],
    ...Object.fromEntries(INIT_FLAGS.map((f) => [f, ['init']])),
    destination: ['deploy', 'rollback', 'plan', 'status', 'verify', 'lock', 'check', 'history', 'logs', 'exec'],
    host: ['init', 'logs', 'exec'],
    since: ['logs'],
    tail: ['logs'],
    follow: ['logs'],
    limit: ['history'],
};
function closest(word, candidates) {
    let best = null;
    let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
    for (const c of candidates) {
        const d = (0,_util_suggest__WEBPACK_IMPORTED_MODULE_3__/* .editDistance */ .Y)(word, c);
        if (d < bestDistance)
            [best, bestDistance] = [c, d];
    }
    return best;
}
function unknownOption(raw) {
    const name = raw.replace(/^-+/, '').split('=')[0];
    const guess = raw.startsWith('--') ? closest(name, Object.keys(FLAGS)) : null;
    return new _errors__WEBPACK_IMPORTED_MODULE_2__/* .RollwatchError */ .vP('input', `unknown option ${raw.split('=')[0]}${guess ? `; did you mean --${guess}?` : ''} (rollwatch --help lists the options)`);
}
/** True when the arguments ask for JSON output, even if they fail to parse. */
const wantsJson = (argv) => {
    const end = argv.indexOf('--');
    return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
};
/** Turns the command line into what to do; bad input throws an `input` error (exit 2) before anything runs. */
function parseInvocation(argv) {
    const all = argv;
    if (all.length === 1 && ['--version', '-V', 'version'].includes(all[0]))
        return { kind: 'print', text: `rollwatch ${_version__WEBPACK_IMPORTED_MODULE_4__/* .TOOL_VERSION */ .w}`, to: 'stdout', exitCode: 0 };
    // Everything after "--" is exec's command, never rollwatch's options.
    const dashes = argv.indexOf('--');
    const commandArgv = dashes === -1 ? [] : argv.slice(dashes + 1);
    argv = dashes === -1 ? argv : argv.slice(0, dashes);
    const { tokens } = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({ args: [...argv], options: FLAGS, allowPositionals: true, strict: false, tokens: true });
    for (const t of tokens)
        if (t.kind === 'option' && !(t.name in FLAGS))
            throw unknownOption(t.rawName);
    let parsed;
    try {
        parsed = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({ args: [...argv], options: FLAGS, allowPositionals: true });
    }
    catch (err) {
        throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .RollwatchError */ .vP('input', err.message.split('\n')[0]);
    }
    const { values, positionals } = parsed;
    const [name] = positionals;
    if (values.help)
        return { kind: 'print', text: name ? commandUsage(name) : USAGE, to: 'stdout', exitCode: 0 };
    if (!name)
        return { kind: 'print', text: USAGE, to: 'stderr', exitCode: 2 };
    if (!(name in COMMANDS))
        throw unknownCommand(name);
    for (const [flag, commands] of Object.entries(COMMAND_FLAGS)) {
        if (values[flag] !== undefined && !commands.includes(name)) {
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)(`--${flag}`, `${name} does not take --${flag}${flag === 'version' ? ` (rollwatch --version alone prints rollwatch's version)` : ''}`);
        }
    }
    const expected = name === 'lock' ? 2 : 1;
    if (positionals.length > expected) {
        throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .RollwatchError */ .vP('input', `unexpected argument ${JSON.stringify(positionals[expected])} after "${positionals.slice(0, expected).join(' ')}"`, 'command');
    }
    if (name === 'version')
        return { kind: 'print', text: `rollwatch ${_version__WEBPACK_IMPORTED_MODULE_4__/* .TOOL_VERSION */ .w}`, to: 'stdout', exitCode: 0 };
    if (name === 'analyze')
        return { kind: 'analyze' };
    if (name === 'schema')
        return { kind: 'schema' };
    const options = { config: values.config, destination: values.destination, json: values.json === true, report: values.report, summary: values.summary, verbose: values.verbose === true };
    if (name === 'check')
        return { kind: 'check', options };
    if (name === 'init')
        return { kind: 'init', flags: { config: values.config, ...Object.fromEntries(INIT_FLAGS.map((f) => [f, values[f]])) } };
    if (dashes !== -1 && name !== 'exec')
        throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .RollwatchError */ .vP('input', `${name} takes no command after "--" (only exec does)`, 'command');
    const oneHost = () => {
        if ((values.host?.length ?? 0) > 1)
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('--host', `${name} takes one --host (or none: every host)`);
        return values.host?.[0];
    };
    if (name === 'history')
        return { kind: 'history', limit: countFlag('--limit', values.limit) ?? 20, options };
    const sinceProblem = values.since === undefined ? null : (0,_config_values__WEBPACK_IMPORTED_MODULE_1__/* .checkValue */ .Su)('logSince', values.since);
    if (sinceProblem)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('--since', sinceProblem);
    if (name === 'logs')
        return { kind: 'logs', host: oneHost(), since: values.since, tail: countFlag('--tail', values.tail), follow: values.follow === true, options };
    if (name === 'exec') {
        if (commandArgv.length === 0)
            throw (0,_errors__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('command', 'exec needs the command to run after "--"', 'e.g. rollwatch exec --host web-1 -- cat /etc/os-release');
        return { kind: 'exec', host: oneHost(), argv: commandArgv, options };
    }
    return { kind: 'run', command: parseCommand(positionals, values), options };
}
/** A whole number flag (--tail, --limit): 0 to 100000. */
function countFlag(flag, value) {
    if (value === undefined)
        return undefined;
    if (!/^[0-9]{1,6}$/.test(value) || Number(value) > 100_000)
        throw (0,_errors__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)(flag, `expected a whole number from 0 to 100000, got ${JSON.stringify(value.slice(0, 20))}`);
    return Number(value);
}
function parseCommand(positionals, values) {
    const [name, sub] = positionals;
    const version = values.version;
    switch (name) {
        case 'deploy':
            return { name, version, forceBuild: values['force-build'] === true };
        case 'rollback':
        case 'plan':
            return { name, version };
        case 'status':
        case 'verify':
            return { name };
        case 'lock':
            if (sub !== 'status' && sub !== 'release')
                throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .RollwatchError */ .vP('input', 'expected "lock status" or "lock release"', 'command');
            return { name, action: sub };
        default:
            throw unknownCommand(name);
    }
}
function unknownCommand(name) {
    const guess = closest(name, Object.keys(COMMANDS));
    return new _errors__WEBPACK_IMPORTED_MODULE_2__/* .RollwatchError */ .vP('input', `unknown command ${JSON.stringify(name)}${guess ? `; did you mean ${guess}?` : ''} (expected ${Object.keys(COMMANDS).join(', ')})`, 'command');
}


/***/ }),

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