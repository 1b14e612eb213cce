"use strict";
exports.id = 158;
exports.ids = [158];
exports.modules = {

/***/ 17158:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  targetFor: () => (/* binding */ targetFor)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./node_modules/@balena/dockerignore/ignore.js
var ignore = __webpack_require__(44158);
var ignore_default = /*#__PURE__*/__webpack_require__.n(ignore);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/tar-fs/index.js
var tar_fs = __webpack_require__(35645);
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

// EXTERNAL MODULE: ./node_modules/dockerode/lib/docker.js
var lib_docker = __webpack_require__(39040);
var docker_default = /*#__PURE__*/__webpack_require__.n(lib_docker);
// EXTERNAL MODULE: ./node_modules/debug/src/index.js
var src = __webpack_require__(2830);
var src_default = /*#__PURE__*/__webpack_require__.n(src);
// EXTERNAL MODULE: ./src/targets/ssh/hostkeys.ts
var hostkeys = __webpack_require__(26313);
// EXTERNAL MODULE: ./src/docker/engine-settings.ts
var engine_settings = __webpack_require__(73020);
;// CONCATENATED MODULE: ./src/docker/engine.ts
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
        return new (docker_default())();
    const u = new URL(engine.url);
    if (u.protocol === 'unix:')
        return new (docker_default())({ socketPath: u.pathname });
    if (u.protocol === 'npipe:')
        return new (docker_default())({ socketPath: engine.url.slice('npipe://'.length) });
    if (u.protocol === 'tcp:') {
        if (!engine.tls)
            return new (docker_default())({ host: u.hostname, port: Number(u.port || 2375), protocol: 'http' });
        return new (docker_default())({ host: u.hostname, port: Number(u.port || 2376), protocol: 'https', ca: engine.tls.ca, cert: engine.tls.cert, key: engine.tls.key });
    }
    const ssh = engine.ssh;
    const port = Number(u.port || 22);
    const label = `Docker engine ${u.hostname}:${port} (docker.host)`;
    let decision = null;
    const listed = ssh.knownHosts ? (0,hostkeys/* knownKeysFor */.De)(ssh.knownHosts, u.hostname, port) : [];
    const docker = new (docker_default())({
        protocol: 'ssh',
        host: u.hostname,
        port,
        username: ssh.user,
        sshOptions: {
            privateKey: ssh.privateKey,
            passphrase: ssh.passphrase,
            agent: process.env.SSH_AUTH_SOCK,
            hostVerifier: (key) => {
                const known = listed.length > 0 || ssh.hostKeys !== 'accept-new' ? listed : (0,hostkeys/* rememberedKeys */.$Q)(u.hostname, port);
                decision = (0,hostkeys/* decideHostKey */["if"])(key, { hostLabel: label, known, mode: ssh.hostKeys, pinHint: 'add it to ssh.knownHostsFile (the build engine is checked like the hosts)' });
                if (decision.accept && decision.trustedOnFirstUse)
                    (0,hostkeys/* rememberFirstKey */.Jt)(u.hostname, port, key);
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
    const formatArgs = (src_default()).formatArgs;
    (src_default()).formatArgs = function (args) {
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

;// CONCATENATED MODULE: ./src/docker/image.ts








function authconfig(reg) {
    if (!reg?.username || reg.password === undefined)
        return undefined;
    return { username: reg.username, password: reg.password, serveraddress: reg.server };
}
function packContext(context, dockerfile) {
    // tar-fs's Pack is a streamx Readable, which the engine API accepts as a body.
    if (!(0,external_node_fs_.existsSync)(context))
        throw new errors/* RollwatchError */.vP('input', `build context ${context} does not exist`, 'image.build.context');
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(context, dockerfile)))
        throw new errors/* RollwatchError */.vP('input', `no ${dockerfile} in ${context}`, 'image.build.dockerfile');
    const ignoreFile = (0,external_node_path_.join)(context, '.dockerignore');
    const ig = ignore_default()({ ignorecase: false });
    if ((0,external_node_fs_.existsSync)(ignoreFile))
        ig.add((0,external_node_fs_.readFileSync)(ignoreFile, 'utf8').split(/\r?\n/));
    return tar_fs/* pack */.q(context, {
        ignore: (name) => {
            const rel = (0,external_node_path_.relative)(context, name);
            return rel !== '' && rel !== dockerfile && ig.ignores(rel);
        },
    });
}
/** The digest of repository:tag in the registry, or null when it is not there. */
async function remoteDigest(docker, ref, reg) {
    try {
        const info = (await docker.getImage(ref).distribution({ authconfig: authconfig(reg) }));
        return info.Descriptor?.digest ?? null;
    }
    catch (err) {
        const msg = engineRefusal(docker) ?? (0,errors/* errorMessage */.gJ)(err);
        if (engineRefusal(docker))
            throw new errors/* RollwatchError */.vP('build', msg, 'docker.host');
        if (/unknown|not found|no such|manifest/i.test(msg))
            return null;
        throw new errors/* RollwatchError */.vP('build', `cannot ask the registry about ${ref}: ${msg.split('\n')[0]}`);
    }
}
async function buildAndPush(req, log) {
    const docker = dockerClient(req.dockerHost);
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
    log.info(`building ${tagRef} from ${b.context} (${b.dockerfile}${b.target ? `, target ${b.target}` : ''})`);
    let stream;
    try {
        stream = await docker.buildImage(packContext(b.context, b.dockerfile), {
            t: tagRef,
            dockerfile: b.dockerfile,
            buildargs: b.args,
            target: b.target,
            labels,
            rm: true,
            forcerm: true,
        });
    }
    catch (err) {
        if (err instanceof errors/* RollwatchError */.vP)
            throw err;
        throw new errors/* RollwatchError */.vP('build', `the Docker engine refused the build: ${(engineRefusal(docker) ?? (0,errors/* errorMessage */.gJ)(err)).split('\n')[0]}`);
    }
    const built = summarizeProgress(await readProgress(stream, (e) => e.stream?.trim() && log.debug(e.stream.trim())));
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
async function resolveExisting(dockerHost, repository, version, reg) {
    const tagRef = `${repository}:${version}`;
    const digest = await remoteDigest(dockerClient(dockerHost), tagRef, reg);
    return digest ? { imageRef: `${repository}@${digest}`, tagRef, digest, built: false } : null;
}

// EXTERNAL MODULE: ./src/config/values.ts
var values = __webpack_require__(73750);
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

// EXTERNAL MODULE: ./node_modules/shell-quote/index.js
var shell_quote = __webpack_require__(26591);
// EXTERNAL MODULE: ./src/util/sanitize.ts
var sanitize = __webpack_require__(62701);
;// CONCATENATED MODULE: ./src/targets/ssh/shell.ts




/**
 * The one place that turns values into remote shell text. A `Shell` fragment is already safe;
 * plain strings are quoted as single words. Nothing else in rollwatch builds a remote command.
 */
class shell_Shell {
    text;
    constructor(text) {
        this.text = text;
    }
    /** Literal shell syntax written in rollwatch's own source (never user data). */
    static raw(text) {
        return new shell_Shell(text);
    }
    toString() {
        return this.text;
    }
}
function word(w) {
    if (w instanceof shell_Shell)
        return w.text;
    const s = String(w);
    if (s.includes('\0'))
        throw new errors/* RollwatchError */.vP('input', 'a value sent to a remote shell contains a NUL byte');
    return (0,shell_quote.quote)([s]);
}
/** Joins words into one command; every string is quoted. */
function shell_sh(...words) {
    return shell_Shell.raw(words.map(word).join(' '));
}
/** `a && b && c` */
const and = (...parts) => shell_Shell.raw(parts.map((p) => p.text).join(' && '));
/** Checks a value against its rule before it may reach a remote command. */
function safe(rule, value, field) {
    const problem = (0,values/* checkValue */.Su)(rule, value);
    if (problem)
        throw new errors/* RollwatchError */.vP('input', problem, field);
    return value;
}
/** Ends a command's options: every word after it is an operand, even one starting with "-". */
const END_OF_OPTIONS = shell_Shell.raw('--');
/**
 * A value that is a command's operand (a container name or ID, an image, a path): refused when
 * it could be read as an option, whatever checked it before. Commands also put END_OF_OPTIONS
 * before their operands, so a value read back from a host never becomes an option.
 */
function shell_operand(value, field) {
    if (typeof value !== 'string' || value.length === 0)
        throw new errors/* RollwatchError */.vP('input', 'must not be empty', field);
    if (value.startsWith('-'))
        throw new errors/* RollwatchError */.vP('input', `${JSON.stringify((0,sanitize/* oneLine */.T)(value, 60))} starts with "-" and would be read as an option`, field);
    return value;
}

;// CONCATENATED MODULE: ./src/targets/ssh/commands.ts

/**
 * Remote commands, built from validated values only. Pure: each returns shell text; the
 * connection runs it. Remote state lives under ~/.rollwatch/<app> of the deploy user.
 */
const LABEL = {
    app: 'rollwatch.app',
    version: 'rollwatch.version',
    digest: 'rollwatch.digest',
    image: 'rollwatch.image',
    deployedAt: 'rollwatch.deployed-at',
    run: 'rollwatch.run',
    /** The health check this release was deployed with: a restore checks it the same way. */
    healthPort: 'rollwatch.health.port',
    healthPath: 'rollwatch.health.path',
};
/** Exit status the lock command uses when the lock is held by someone else. */
const LOCK_HELD_EXIT = 75;
const stateDir = (app) => `.rollwatch/${safe('app', app, 'app')}`;
const lockDir = (app) => `${stateDir(app)}/lock`;
const envFile = (app, version) => `${stateDir(app)}/env/${safe('version', version, 'version')}.env`;
const containerName = (app, version) => `${safe('app', app, 'app')}-${safe('version', version, 'version')}`;
function dockerServerVersion() {
    return shell_sh('docker', 'version', '--format', '{{.Server.Version}}');
}
/** Prefix of the line the lock commands print with the lock directory's mtime (epoch seconds). */
const LOCK_MTIME_MARK = 'rollwatch-lock-mtime';
/** Prints the holder file, then LOCK_MTIME_MARK and when the lock was taken (for a holder that wrote nothing). */
function printHolder(dir) {
    return `${shell_sh('cat', `${dir}/holder.json`)} 2>/dev/null; echo; echo "${LOCK_MTIME_MARK} $(${shell_sh('stat', '-c', '%Y', dir)} 2>/dev/null)"`;
}
/**
 * Takes the lock. Once taken, removes the per-run Docker client configs a cut run may have
 * left (see pullWithLogin): no other run of this app can be pulling while we hold the lock.
 */
function acquireLock(app, holderJson) {
    const dir = lockDir(app);
    return shell_Shell.raw(`${and(shell_sh('mkdir', '-p', stateDir(app)), shell_sh('mkdir', dir))} 2>/dev/null && ${shell_sh('printf', '%s\\n', holderJson)} > ${shell_sh(`${dir}/holder.json`)} && { ${removeDockerConfigs(app).text} 2>/dev/null; true; }` +
        // the holder writes holder.json right after its mkdir: give it a moment before reading
        ` || { i=0; while [ ! -s ${shell_sh(`${dir}/holder.json`)} ] && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done; ${printHolder(dir)}; exit ${LOCK_HELD_EXIT}; }`);
}
/** Printed by acquireLockAndInspect once the lock is taken, before the inspect output. */
const LOCK_TAKEN_MARK = 'rollwatch-lock-taken';
/**
 * Takes the lock (as acquireLock) and, once it is held, prints LOCK_TAKEN_MARK and then what
 * inspectApp prints: the host's state read under the lock, in the same round trip.
 */
function acquireLockAndInspect(app, holderJson) {
    return shell_Shell.raw(`${acquireLock(app, holderJson).text}; echo ${LOCK_TAKEN_MARK}; ${inspectApp(app).text}`);
}
function readLock(app) {
    const dir = lockDir(app);
    return shell_Shell.raw(`if [ -d ${shell_sh(dir)} ]; then ${printHolder(dir)}; else exit ${LOCK_HELD_EXIT + 1}; fi`);
}
/**
 * Removes the lock only when `runId` holds it (or unconditionally when runId is null), and with
 * it any Docker client config (registry credentials) a cut pull of the holder left behind.
 */
function releaseLock(app, runId) {
    const dir = lockDir(app);
    const release = `${shell_sh('rm', '-rf', dir)} && { ${removeDockerConfigs(app).text} 2>/dev/null; true; }`;
    if (runId === null)
        return shell_Shell.raw(release);
    return shell_Shell.raw(`if ${shell_sh('grep', '-qF', END_OF_OPTIONS, `"run":${JSON.stringify(runId)}`, `${dir}/holder.json`)} 2>/dev/null; then ${release}; fi`);
}
/** Prints `docker inspect` JSON of every container of the app ("[]" when none). */
function inspectApp(app) {
    return shell_Shell.raw(`ids=$(${shell_sh('docker', 'ps', '-aq', '--filter', `label=${LABEL.app}=${safe('app', app, 'app')}`)}) && if [ -n "$ids" ]; then docker inspect -- $ids; else echo '[]'; fi`);
}
/**
 * Prints `docker inspect` JSON of one container ("[]" when there is none), with one docker call
 * in the usual case; any other failure (e.g. no engine) fails with docker's message.
 */
function inspectContainer(name) {
    const inspect = shell_sh('docker', 'container', 'inspect', END_OF_OPTIONS, shell_operand(name, 'container name'));
    return shell_Shell.raw(`${inspect.text} 2>/dev/null || { err=$(${inspect.text} 2>&1 >/dev/null); case $err in *"No such container"*|*"No such object"*) echo '[]' ;; *) printf '%s\\n' "$err" >&2; exit 1 ;; esac; }`);
}
function login(server, username) {
    return shell_sh('docker', 'login', '--username', username, '--password-stdin', END_OF_OPTIONS, shell_operand(server, 'registry.server'));
}
function logout(server) {
    return shell_sh('docker', 'logout', END_OF_OPTIONS, shell_operand(server, 'registry.server'));
}
/** Exit status of pullWithLogin when the registry login failed (nothing was pulled). */
const LOGIN_FAILED_EXIT = 97;
/** Prefix of the line pullWithLogin prints with how long the login took (ms). */
const LOGIN_TIMING_MARK = 'rollwatch-login-ms';
/** Where pullWithLogin keeps its per-run Docker client config (mktemp suffix appended). */
const dockerConfigPrefix = (app) => `${stateDir(app)}/docker-config.`;
/** Removes every per-run Docker client config of the app (and the credentials in it). */
function removeDockerConfigs(app) {
    // the glob stays outside the quotes
    return shell_Shell.raw(`rm -rf -- ${shell_sh(dockerConfigPrefix(app)).text}*`);
}
/**
 * Registry login (password on stdin), pull and logout in one round trip. `docker login` writes
 * to a fresh DOCKER_CONFIG directory (mode 700) of this run, never to ~/.docker, so two apps do
 * not share credentials; the directory is removed after the pull, on a signal (the link was
 * cut), and, when the shell was killed outright, by the next run that takes the lock.
 * Exits LOGIN_FAILED_EXIT when the login fails, else with the pull's status.
 * Prints how long the login took (when the host's `date` has nanoseconds) for the timing report.
 */
function pullWithLogin(app, server, username, imageRef) {
    const now = 'date +%s%N 2>/dev/null';
    const cleanup = `rm -rf -- "$rwcfg"`;
    return shell_Shell.raw(`umask 077 && ${shell_sh('mkdir', '-p', stateDir(app))} && ${removeDockerConfigs(app).text} && rwcfg=$(${shell_sh('mktemp', '-d', `${dockerConfigPrefix(app)}XXXXXXXX`)}) && chmod 700 "$rwcfg" || exit ${LOGIN_FAILED_EXIT}; ` +
        `trap '${cleanup}' EXIT; trap '${cleanup}; exit 129' HUP; trap '${cleanup}; exit 130' INT; trap '${cleanup}; exit 141' PIPE; trap '${cleanup}; exit 143' TERM; ` +
        `export DOCKER_CONFIG="$rwcfg"; ` +
        `t0=$(${now}); ${login(server, username).text} >/dev/null || exit ${LOGIN_FAILED_EXIT}; t1=$(${now}); ` +
        `${pull(imageRef).text}; rc=$?; ${logout(server).text} >/dev/null 2>&1; ${cleanup}; ` +
        `case "$t0$t1" in '' | *[!0-9]*) ;; *) echo "${LOGIN_TIMING_MARK} $(( (t1 - t0) / 1000000 ))" ;; esac; exit $rc`);
}
function pull(imageRef) {
    return shell_sh('docker', 'pull', '--quiet', END_OF_OPTIONS, shell_operand(imageRef, 'image'));
}
function imagePresent(imageRef) {
    return shell_sh('docker', 'image', 'inspect', '--format', '{{.Id}}', END_OF_OPTIONS, shell_operand(imageRef, 'image'));
}
/** Writes stdin to the env file with mode 0600 (umask first, then chmod for an existing file). */
function writeEnvFile(app, version) {
    const file = envFile(app, version);
    return shell_Shell.raw(`umask 077 && ${shell_sh('mkdir', '-p', `${stateDir(app)}/env`)} && ${shell_sh('cat')} > ${shell_sh(file)} && ${shell_sh('chmod', '600', file)}`);
}
function runContainer(spec) {
    const name = containerName(spec.app, spec.version);
    const words = ['docker', 'run', '--detach', '--name', name, '--restart', spec.restart, '--stop-timeout', spec.stopTimeoutSec];
    const labels = {
        ...spec.labels,
        [LABEL.app]: spec.app,
        [LABEL.version]: spec.version,
        [LABEL.digest]: spec.digest,
        [LABEL.image]: spec.imageRef,
        [LABEL.deployedAt]: spec.deployedAt,
        [LABEL.run]: spec.runId,
        ...(spec.healthCheck ? { [LABEL.healthPort]: String(spec.healthCheck.port), [LABEL.healthPath]: safe('httpPath', spec.healthCheck.path, 'health.path') } : {}),
    };
    for (const [k, v] of Object.entries(labels))
        words.push('--label', `${safe('labelKey', k, `container.labels.${k}`)}=${v}`);
    if (spec.network)
        words.push('--network', safe('network', spec.network, 'container.network'));
    spec.ports.forEach((p, i) => words.push('--publish', safe('portMapping', p, `container.ports[${i}]`)));
    spec.volumes.forEach((v, i) => words.push('--volume', safe('volume', v, `container.volumes[${i}]`)));
    if (spec.memory)
        words.push('--memory', spec.memory);
    if (spec.cpus)
        words.push('--cpus', spec.cpus);
    if (spec.hasEnvFile)
        words.push('--env-file', envFile(spec.app, spec.version));
    words.push('--env', `ROLLWATCH_APP=${spec.app}`, '--env', `ROLLWATCH_VERSION=${spec.version}`);
    return shell_sh(...words, END_OF_OPTIONS, shell_operand(spec.imageRef, 'image'));
}
function startContainer(name, restart) {
    shell_operand(name, 'container name');
    return and(shell_sh('docker', 'update', '--restart', restart, END_OF_OPTIONS, name), shell_sh('docker', 'start', END_OF_OPTIONS, name));
}
/**
 * Clears the restart policy (so a daemon restart cannot revive the container), then stops it.
 * Not both at once: `docker update` of a container that is stopping fails in runc.
 */
function stopContainer(name, timeoutSec) {
    shell_operand(name, 'container name');
    return shell_Shell.raw(`${shell_sh('docker', 'update', '--restart', 'no', END_OF_OPTIONS, name)} >/dev/null && ${shell_sh('docker', 'stop', '--time', timeoutSec, END_OF_OPTIONS, name)}`);
}
/**
 * Puts a host back on `previous` in one round trip: removes `failed` (when given; a container
 * that does not exist counts as removed), then restores the restart policy of `previous` and
 * starts it. Fails, starting nothing, when `failed` is still there.
 */
function restoreContainer(failed, previous, restart) {
    if (failed)
        shell_operand(failed, 'container name');
    shell_operand(previous, 'container name');
    const remove = failed
        ? `{ ${shell_sh('docker', 'rm', '--force', END_OF_OPTIONS, failed).text} >/dev/null 2>&1 || ! ${shell_sh('docker', 'container', 'inspect', END_OF_OPTIONS, failed).text} >/dev/null 2>&1; } && `
        : '';
    return shell_Shell.raw(`${remove}${shell_sh('docker', 'update', '--restart', restart, END_OF_OPTIONS, previous).text} >/dev/null && ${shell_sh('docker', 'start', END_OF_OPTIONS, previous).text} >/dev/null`);
}
function restartContainer(name, timeoutSec) {
    return shell_sh('docker', 'restart', '--time', timeoutSec, END_OF_OPTIONS, shell_operand(name, 'container name'));
}
function removeContainer(name) {
    return shell_sh('docker', 'rm', '--force', END_OF_OPTIONS, shell_operand(name, 'container name'));
}
/** Removes an image unless another container still uses it; never fails the caller. */
function removeImageIfUnused(imageRef) {
    return Shell.raw(`${sh('docker', 'image', 'rm', EOO, operand(imageRef, 'image'))} >/dev/null 2>&1 || true`);
}
/**
 * Removes old releases in one round trip: their containers (IDs or names), without force (Docker refuses
 * a running one), then (only when that worked) the env files of `envVersions`, then the images
 * no kept container uses (an image still in use stays; never fails).
 */
function pruneReleases(app, containers, envVersions, unusedImages) {
    if (containers.length === 0)
        return shell_Shell.raw('true');
    const removeContainers = shell_sh('docker', 'rm', END_OF_OPTIONS, ...containers.map((c) => shell_operand(c, 'container')));
    const removeEnvFiles = envVersions.length > 0 ? ` && ${shell_sh('rm', '-f', END_OF_OPTIONS, ...envVersions.map((v) => envFile(app, v))).text}` : '';
    const images = unusedImages.length > 0 ? ` && { ${shell_sh('docker', 'image', 'rm', END_OF_OPTIONS, ...unusedImages.map((i) => shell_operand(i, 'image'))).text} >/dev/null 2>&1 || true; }` : '';
    return shell_Shell.raw(`${removeContainers.text} >/dev/null${removeEnvFiles}${images}`);
}
function removeEnvFile(app, version) {
    return sh('rm', '-f', EOO, envFile(app, version));
}
function containerLogs(name, lines) {
    return shell_Shell.raw(`${shell_sh('docker', 'logs', '--tail', lines, END_OF_OPTIONS, shell_operand(name, 'container name'))} 2>&1`);
}
function hook(argv, vars) {
    const assignments = Object.entries(vars).map(([k, v]) => `${safe('envKey', k, 'hook variable')}=${v}`);
    return shell_sh('env', ...assignments, ...argv);
}
/** Two /proc/stat readings and /proc/meminfo in one round trip, for host metrics. */
function readProcStats() {
    return shell_Shell.raw('cat /proc/stat | head -1; echo ---; cat /proc/meminfo | head -5');
}
function renameContainer(name, to) {
    return shell_sh('docker', 'rename', END_OF_OPTIONS, shell_operand(name, 'container name'), shell_operand(to, 'container name'));
}

;// CONCATENATED MODULE: ./src/targets/ssh/inspect.ts



const ZERO_TIME = '0001-01-01T00:00:00Z';
/** The health check a release was deployed with, from its labels; null when absent or not valid. */
function recordedHealthCheck(labels) {
    const port = Number(labels[LABEL.healthPort]);
    const path = labels[LABEL.healthPath];
    if (!Number.isInteger(port) || port < 1 || port > 65535 || typeof path !== 'string' || (0,values/* checkValue */.Su)('httpPath', path) !== null)
        return null;
    return { port, path };
}
const STATUSES = new Set(['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead']);
/**
 * Parses `docker inspect` JSON. Every value read back is held to the rule its kind has in the
 * config (src/config/values.ts): a container whose rollwatch labels break those rules was not
 * written by rollwatch, so it is left out and `onIgnored` says why (with the offending value
 * made printable). Free-form fields (status, times) fall back to neutral values.
 */
function parseInspect(json, onIgnored = () => { }) {
    const entries = JSON.parse(json);
    if (!Array.isArray(entries))
        throw new Error('docker inspect did not return a list');
    const out = [];
    for (const e of entries) {
        if (e === null || typeof e !== 'object')
            continue;
        const labels = e.Config?.Labels && typeof e.Config.Labels === 'object' ? e.Config.Labels : {};
        const name = typeof e.Name === 'string' ? e.Name.replace(/^\//, '') : '';
        const problems = [];
        // Absent values read as '' (a container rollwatch did not label); present ones must fit their rule.
        const read = (rule, what, value) => {
            if (value === undefined || value === null || value === '')
                return '';
            const problem = typeof value === 'string' ? (0,values/* checkValue */.Su)(rule, value) : 'expected a string';
            if (problem)
                problems.push(`${what} ${JSON.stringify((0,sanitize/* oneLine */.T)(value, 80))}: ${problem}`);
            return problem ? '' : value;
        };
        const id = read('containerId', 'ID', e.Id);
        read('containerName', 'name', name);
        const version = read('version', `label ${LABEL.version}`, labels[LABEL.version]);
        const digest = read('digest', `label ${LABEL.digest}`, labels[LABEL.digest]);
        const image = read('imageRef', `label ${LABEL.image}`, labels[LABEL.image] ?? e.Config?.Image);
        const deployedAt = read('time', `label ${LABEL.deployedAt}`, labels[LABEL.deployedAt]);
        if (problems.length > 0) {
            onIgnored(`ignoring container ${JSON.stringify((0,sanitize/* oneLine */.T)(name || id || e.Id, 80))}: it is not one rollwatch wrote: ${problems.join('; ')}`);
            continue;
        }
        const time = (t) => (typeof t === 'string' && (0,values/* checkValue */.Su)('time', t) === null ? t : ZERO_TIME);
        const status = typeof e.State?.Status === 'string' && STATUSES.has(e.State.Status) ? e.State.Status : 'unknown';
        const h = e.State?.Health?.Status;
        const count = (n) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);
        out.push({
            id,
            name,
            version,
            digest,
            image,
            deployedAt,
            running: e.State?.Running === true,
            status,
            health: h === 'healthy' || h === 'unhealthy' || h === 'starting' ? h : 'none',
            startedAt: time(e.State?.StartedAt),
            finishedAt: time(e.State?.FinishedAt),
            restartCount: count(e.RestartCount),
            oomKilled: e.State?.OOMKilled === true,
            exitCode: count(e.State?.ExitCode),
            healthCheck: recordedHealthCheck(labels),
        });
    }
    return out;
}
/** Splits a host's containers into the running release and the retained ones, newest first. */
/** Docker prints RFC 3339 times with trailing zeros of the fraction trimmed: pad before comparing. */
function timeKey(t) {
    const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(t);
    if (!m)
        return t;
    return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}${m[3]}`;
}
const newestFirst = (key) => (a, b) => timeKey(key(b)).localeCompare(timeKey(key(a)));
function classifyReleases(containers) {
    const running = containers.filter((c) => c.running).sort(newestFirst((c) => c.startedAt));
    const retained = containers.filter((c) => !c.running).sort(newestFirst((c) => c.finishedAt));
    return { current: running[0] ?? null, extraRunning: running.slice(1), retained };
}
/**
 * Containers to prune so that `retain` previous releases stay (most recently stopped first).
 * Never returns the running release.
 */
function releasesToPrune(releases, retain) {
    const seen = new Set();
    if (releases.current)
        seen.add(releases.current.version);
    const kept = [];
    const pruned = [];
    for (const c of releases.retained) {
        if (!seen.has(c.version) && kept.length < retain) {
            kept.push(c);
            seen.add(c.version);
        }
        else
            pruned.push(c);
    }
    return pruned;
}
/** What pruning to `retain` previous releases removes: containers, env files, images. */
function prunePlan(releases, retain) {
    const containers = releasesToPrune(releases, retain);
    const kept = [releases.current, ...releases.extraRunning, ...releases.retained].filter((c) => c !== null && !containers.includes(c));
    const keptImages = new Set(kept.map((c) => c.image));
    const keptVersions = new Set(kept.map((c) => c.version));
    return {
        containers,
        envVersions: [...new Set(containers.map((c) => c.version).filter((v) => !keptVersions.has(v)))],
        unusedImages: [...new Set(containers.map((c) => c.image).filter((image) => image && !keptImages.has(image)))],
    };
}

// EXTERNAL MODULE: ./src/util/clock.ts
var util_clock = __webpack_require__(97110);
// EXTERNAL MODULE: ./node_modules/node-ssh/lib/esm/index.mjs + 2 modules
var esm = __webpack_require__(19487);
// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(74995);
;// CONCATENATED MODULE: ./src/targets/ssh/connection.ts




const TRANSIENT = /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|Timed out while waiting for handshake|EAI_AGAIN|socket hang up/i;
function hostKeyAlgorithms(types) {
    if (!types)
        return undefined;
    return types.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]));
}
/** One SSH connection per host per run, reused by every step. */
class HostConnection {
    host;
    settings;
    onWarning;
    ssh = null;
    jump = null;
    lastHostKey = null;
    /** Why the connection broke (keepalive timeout, reset, closed by the server); null while fine. */
    broken = null;
    /** Rejecters of commands in flight, called when the connection breaks under them. */
    inFlight = new Set();
    constructor(host, settings, onWarning = () => { }) {
        this.host = host;
        this.settings = settings;
        this.onWarning = onWarning;
    }
    get connected() {
        return this.broken === null && (this.ssh?.isConnected() ?? false);
    }
    /**
     * ssh2 reports a dead connection (keepalive timeout, reset) as an 'error' event on the client:
     * without a listener that event would crash the process, and a command in flight would wait
     * for its own timeout. Both now end at once; the next command reconnects. The jump host's
     * connection gets the same listeners: when it dies, the host behind it is lost too. Listeners
     * stay on a disposed client, so a late error from it cannot crash the process either.
     */
    watch(ssh, role) {
        const label = role === 'jump' ? `jump host ${this.settings.jumpHost?.address}:${this.settings.jumpHost?.port}: ` : '';
        const lost = (reason) => {
            if ((role === 'target' ? this.ssh : this.jump) !== ssh || this.broken !== null)
                return;
            this.broken = label + reason;
            for (const reject of this.inFlight)
                reject(new errors/* RollwatchError */.vP('deploy', `${this.host.name}: SSH connection lost: ${label}${reason}`));
        };
        ssh.connection?.on('error', (err) => lost((0,errors/* errorMessage */.gJ)(err)));
        ssh.connection?.on('close', () => lost('connection closed'));
    }
    async connect() {
        if (this.connected)
            return;
        await (0,p_retry/* default */.Ay)(() => this.connectOnce(), {
            retries: 2,
            minTimeout: 500,
            factor: 2,
            shouldRetry: ({ error }) => TRANSIENT.test(error.message),
        });
    }
    verifier(label, address, port, fingerprint, sink) {
        const listed = this.settings.knownHosts ? (0,hostkeys/* knownKeysFor */.De)(this.settings.knownHosts, address, port) : [];
        // accept-new trusts the first key a host offers in this run, not a new one on every reconnect
        const known = this.settings.hostKeys === 'accept-new' && listed.length === 0 && !fingerprint ? (0,hostkeys/* rememberedKeys */.$Q)(address, port) : listed;
        return {
            known,
            hostVerifier: (key) => {
                const decision = (0,hostkeys/* decideHostKey */["if"])(key, { hostLabel: label, fingerprint, known, mode: this.settings.hostKeys });
                sink(decision);
                if (decision.accept && decision.trustedOnFirstUse) {
                    (0,hostkeys/* rememberFirstKey */.Jt)(address, port, key);
                    this.onWarning(`${label}: trusting host key ${decision.offered.type} ${decision.offered.fingerprint} on first use (ssh.hostKeys: accept-new)`);
                }
                return decision.accept;
            },
        };
    }
    async connectOnce() {
        const { host, settings } = this;
        let decision = null;
        const label = `${host.name} (${host.address}:${host.port})`;
        const v = this.verifier(label, host.address, host.port, host.fingerprint, (d) => (decision = d));
        const config = {
            username: host.user,
            privateKey: settings.privateKey,
            passphrase: settings.passphrase,
            readyTimeout: settings.connectTimeoutMs,
            keepaliveInterval: 5000,
            keepaliveCountMax: 3,
            hostVerifier: v.hostVerifier,
            tryKeyboard: false,
        };
        const algos = hostKeyAlgorithms(host.fingerprint ? undefined : (0,hostkeys/* preferredKeyTypes */.o4)(v.known));
        if (algos)
            config.algorithms = { serverHostKey: algos };
        // a connection (jump or target) left by an earlier, failed attempt never outlives it
        this.closeLinks();
        let target = null;
        try {
            if (settings.jumpHost) {
                const j = settings.jumpHost;
                let jumpDecision = null;
                const jv = this.verifier(`jump host ${j.address}:${j.port}`, j.address, j.port, j.fingerprint, (d) => (jumpDecision = d));
                const jump = new esm/* NodeSSH */.H();
                this.jump = jump;
                try {
                    await jump.connect({ host: j.address, port: j.port, username: j.user, privateKey: settings.privateKey, passphrase: settings.passphrase, readyTimeout: settings.connectTimeoutMs, keepaliveInterval: 5000, keepaliveCountMax: 3, hostVerifier: jv.hostVerifier });
                }
                catch (err) {
                    const d = jumpDecision;
                    if (d && !d.accept)
                        throw new p_retry/* AbortError */.lc(new errors/* RollwatchError */.vP('preflight', d.reason, 'ssh.jumpHost'));
                    throw err;
                }
                this.watch(jump, 'jump');
                const stream = await new Promise((resolve, reject) => {
                    if (!jump.connection)
                        return reject(new Error(`jump host ${j.address}:${j.port}: connection closed`));
                    jump.connection.forwardOut('127.0.0.1', 0, host.address, host.port, (err, ch) => (err ? reject(err) : resolve(ch)));
                });
                config.sock = stream;
            }
            else {
                config.host = host.address;
                config.port = host.port;
            }
            const ssh = (target = new esm/* NodeSSH */.H());
            await ssh.connect(config);
            this.ssh = ssh;
            this.broken = null;
            this.watch(ssh, 'target');
            this.lastHostKey = decision;
        }
        catch (err) {
            try {
                target?.dispose();
            }
            catch {
                /* never connected */
            }
            this.closeLinks();
            this.lastHostKey = decision;
            const d = decision;
            if (d && !d.accept)
                throw new p_retry/* AbortError */.lc(new errors/* RollwatchError */.vP('preflight', d.reason, `hosts.${host.name}`));
            if (err instanceof p_retry/* AbortError */.lc)
                throw err;
            const msg = (0,errors/* errorMessage */.gJ)(err);
            if (/authentication methods failed|All configured authentication/i.test(msg)) {
                throw new p_retry/* AbortError */.lc(new errors/* RollwatchError */.vP('preflight', `${label}: SSH authentication failed for user ${host.user} (key refused)`, 'ssh.privateKey', 'check that the public key is in ~/.ssh/authorized_keys of that user'));
            }
            if (/passphrase|Encrypted private key/i.test(msg)) {
                throw new p_retry/* AbortError */.lc(new errors/* RollwatchError */.vP('input', 'the SSH private key is encrypted and the passphrase is missing or wrong', 'ssh.passphrase'));
            }
            throw new errors/* RollwatchError */.vP('preflight', `${label}: cannot connect over SSH: ${msg || 'the connection failed without a reason'}`);
        }
    }
    async run(command, options = {}) {
        if (!this.ssh || !this.connected) {
            if (this.ssh)
                this.dispose();
            await this.connect();
        }
        const ssh = this.ssh;
        const timeoutMs = options.timeoutMs ?? this.settings.commandTimeoutMs;
        let channel = null;
        let timer;
        const timeout = new Promise((_, reject) => {
            timer = setTimeout(() => {
                try {
                    channel?.signal?.('KILL');
                    channel?.close();
                }
                catch {
                    /* the channel may be gone already */
                }
                reject(new errors/* RollwatchError */.vP('deploy', `${this.host.name}: command timed out after ${Math.round(timeoutMs / 1000)}s: ${command.text.slice(0, 120)}`));
            }, timeoutMs);
        });
        let onLost;
        const lost = new Promise((_, reject) => (onLost = reject));
        this.inFlight.add(onLost);
        try {
            const result = await Promise.race([
                ssh.execCommand(command.text, { stdin: options.stdin, onChannel: (ch) => (channel = ch) }),
                timeout,
                lost,
            ]);
            return { code: result.code ?? (result.signal ? 128 : 255), stdout: result.stdout, stderr: result.stderr };
        }
        catch (err) {
            if (err instanceof errors/* RollwatchError */.vP)
                throw err;
            this.broken ??= (0,errors/* errorMessage */.gJ)(err); // reconnect for the next command
            throw new errors/* RollwatchError */.vP('deploy', `${this.host.name}: SSH command failed: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
        finally {
            clearTimeout(timer);
            this.inFlight.delete(onLost);
        }
    }
    /** Closes the target and jump connections of this host (each at most once). */
    closeLinks() {
        for (const link of [this.ssh, this.jump]) {
            try {
                link?.dispose();
            }
            catch {
                /* already closed */
            }
        }
        this.ssh = null;
        this.jump = null;
    }
    dispose() {
        this.closeLinks();
        this.broken = null;
    }
}

// EXTERNAL MODULE: ./src/util/log.ts
var log = __webpack_require__(29906);
;// CONCATENATED MODULE: ./src/targets/ssh/host-agent.ts








const DAEMON_DOWN = /Cannot connect to the Docker daemon/;
const DAEMON_RETRIES = [500, 1000, 2000, 4000, 8000, 10_000];
const firstLine = (s) => (0,sanitize/* oneLine */.T)(s.trim().split('\n').slice(-3).join(' | '), 400);
const outputTail = (s) => (s.trim() ? `: ${firstLine(s)}` : ', printing nothing');
/** The lock was taken, but reading the host's containers under it failed. */
class LockedReadError extends errors/* RollwatchError */.vP {
    constructor(message) {
        super('lock', message);
    }
}
/** Holder fields with the rule each value must fit (null: free text, made printable). */
const HOLDER_FIELDS = [
    ['run', 'runId'],
    ['commit', 'commit'],
    ['version', 'version'],
    ['actor', null],
    ['command', null],
    ['since', 'time'],
    ['host', 'hostName'],
];
/**
 * Reads what the lock commands print (the holder file, then the lock directory's mtime) into a
 * holder whose every value fits its rule or is marked unreadable, all of it printable. `since`
 * falls back to the directory's mtime, so a holder that wrote nothing still says since when.
 */
function parseHolder(stdout) {
    const mark = new RegExp(`^${LOCK_MTIME_MARK} ?([0-9]*)\\s*$`, 'm');
    const m = mark.exec(stdout);
    const body = (m ? stdout.slice(0, m.index) : stdout).trim();
    let raw = {};
    let unreadable = null;
    try {
        raw = JSON.parse(body || '{}');
    }
    catch {
        unreadable = body;
    }
    const holder = {};
    if (unreadable !== null || raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        holder.raw = (0,sanitize/* oneLine */.T)(unreadable ?? JSON.stringify(raw), 200);
        raw = {};
    }
    for (const [key, rule] of HOLDER_FIELDS) {
        const v = raw[key];
        if (v === undefined || v === null || v === '')
            continue;
        if (typeof v !== 'string')
            holder[key] = `(unreadable: ${(0,sanitize/* oneLine */.T)(JSON.stringify(v), 60)})`;
        else if (rule === null)
            holder[key] = (0,sanitize/* oneLine */.T)(v, 100);
        else
            holder[key] = (0,values/* checkValue */.Su)(rule, v) === null ? v : `(unreadable: ${(0,sanitize/* oneLine */.T)(v, 60)})`;
    }
    const mtime = m && m[1] ? Number(m[1]) : NaN;
    if ((typeof holder.since !== 'string' || (0,values/* checkValue */.Su)('time', holder.since) !== null) && Number.isFinite(mtime) && mtime > 0) {
        holder.since = new Date(mtime * 1000).toISOString();
    }
    return holder;
}
/** "run X (deploy by alice, version v2, commit abc) since T, for 2 h 5 min" */
function describeLockHolder(holder, nowMs) {
    const about = [holder.command, holder.actor ? `by ${holder.actor}` : null, holder.version ? `version ${holder.version}` : null, holder.commit ? `commit ${String(holder.commit).slice(0, 12)}` : null].filter(Boolean);
    const who = holder.run ? `run ${holder.run}` : holder.raw ? `an unreadable holder file (${holder.raw})` : 'a run that wrote no details';
    const since = typeof holder.since === 'string' && (0,values/* checkValue */.Su)('time', holder.since) === null ? ` since ${holder.since}, for ${ago(nowMs - Date.parse(holder.since))}` : ' since an unknown time';
    return `${who}${about.length ? ` (${about.join(', ')})` : ''}${since}`;
}
function ago(ms) {
    if (!Number.isFinite(ms) || ms < 0)
        return 'an unknown time';
    const s = Math.floor(ms / 1000);
    if (s < 60)
        return `${s} s`;
    const min = Math.floor(s / 60);
    if (min < 60)
        return `${min} min ${s % 60} s`;
    const h = Math.floor(min / 60);
    return h < 48 ? `${h} h ${min % 60} min` : `${Math.floor(h / 24)} days ${h % 24} h`;
}
/** Between two tries of a held lock, and between two progress lines while waiting. */
const LOCK_POLL_MS = 2000;
const LOCK_PROGRESS_MS = 10_000;
/** Operations on one host's Docker engine for one app, over a reused SSH connection. */
class HostAgent {
    shell;
    app;
    options;
    log;
    clock;
    /** Why containers were left out of a listing, each said once per run. */
    ignoredSaid = new Set();
    constructor(shell, app, options = {}) {
        this.shell = shell;
        this.app = app;
        this.options = options;
        this.log = options.log ?? log/* silentLogger */.qq;
        this.clock = options.clock ?? util_clock/* systemClock */.ml;
    }
    parse(json) {
        return parseInspect(json, (why) => {
            if (this.ignoredSaid.has(why))
                return;
            this.ignoredSaid.add(why);
            this.log.warn(`${this.host.name}: ${why}`);
        });
    }
    /**
     * Tries `take` until the lock is taken or rollout.lockTimeout has passed, saying every ~10 s
     * who holds it and since when. A refusal says how to release a lock whose run is gone.
     */
    async waitForLock(take) {
        const waitMs = this.options.lockWaitMs ?? 0;
        const start = this.clock.now();
        let r = await take();
        if (r.acquired)
            return r;
        const where = `${this.host.name}: the deploy lock of ${this.app}`;
        if (waitMs > 0) {
            this.log.info(`${where} is held by ${describeLockHolder(r.holder, this.clock.now())}; waiting up to ${Math.round(waitMs / 1000)} s for it (rollout.lockTimeout)`);
            let nextNote = start + LOCK_PROGRESS_MS;
            while (!r.acquired && !this.options.signal?.aborted) {
                const left = start + waitMs - this.clock.now();
                if (left <= 0)
                    break;
                await this.clock.sleep(Math.min(LOCK_POLL_MS, left), this.options.signal);
                r = await take();
                if (r.acquired) {
                    this.log.info(`${this.host.name}: took the deploy lock after waiting ${ago(this.clock.now() - start)}`);
                    return r;
                }
                if (this.clock.now() >= nextNote) {
                    const remaining = Math.max(0, start + waitMs - this.clock.now());
                    this.log.info(`${where}: still held by ${describeLockHolder(r.holder, this.clock.now())}; waiting ${Math.ceil(remaining / 1000)} s more`);
                    nextNote += LOCK_PROGRESS_MS;
                }
            }
        }
        if (!r.acquired) {
            const waited = waitMs > 0 ? ` after waiting ${ago(this.clock.now() - start)} (rollout.lockTimeout)` : '';
            this.log.warn(`${where} is held by ${describeLockHolder(r.holder, this.clock.now())}${waited}. ` +
                'If that run is gone (cancelled or crashed), release the lock: rollwatch lock release --config <your rollwatch config>');
        }
        return r;
    }
    get host() {
        return this.shell.host;
    }
    async must(command, what, kind = 'deploy', stdin, timeoutMs) {
        let r = await this.shell.run(command, { stdin, timeoutMs });
        // The docker CLI could not reach the engine (e.g. it is restarting): the engine did nothing,
        // so running the same command again is safe. Bounded backoff: ~25 s in all.
        for (let attempt = 0; r.code !== 0 && DAEMON_DOWN.test(r.stderr) && attempt < DAEMON_RETRIES.length; attempt++) {
            await new Promise((resolve) => setTimeout(resolve, DAEMON_RETRIES[attempt]));
            r = await this.shell.run(command, { stdin, timeoutMs });
        }
        if (r.code !== 0)
            throw new errors/* RollwatchError */.vP(kind, `${this.host.name}: ${typeof what === 'string' ? what : what(r)} failed (exit ${r.code})${outputTail(r.stderr || r.stdout)}`);
        return r;
    }
    async dockerVersion() {
        const r = await this.must(dockerServerVersion(), 'asking the Docker engine for its version', 'preflight', undefined, 20_000);
        const version = r.stdout.trim();
        if ((0,values/* checkValue */.Su)('engineVersion', version) !== null) {
            throw new errors/* RollwatchError */.vP('preflight', `${this.host.name}: the Docker engine answered an unexpected version ${JSON.stringify((0,sanitize/* oneLine */.T)(version, 80))} (expected e.g. "20.10.24")`);
        }
        return version;
    }
    async acquireLock(holder) {
        return this.waitForLock(() => this.acquireLockOnce(holder));
    }
    async acquireLockOnce(holder) {
        const r = await this.shell.run(acquireLock(this.app, JSON.stringify(holder)));
        if (r.code === 0)
            return { acquired: true };
        if (r.code === LOCK_HELD_EXIT)
            return { acquired: false, holder: parseHolder(r.stdout) };
        throw new errors/* RollwatchError */.vP('lock', `${this.host.name}: taking the deploy lock failed (exit ${r.code})${outputTail(r.stderr)}`);
    }
    /**
     * Takes the lock and reads the app's containers in one round trip. When the lock was taken
     * but the read failed, throws a LockedReadError: the caller holds the lock and must release it.
     */
    async acquireLockAndRead(holder) {
        return this.waitForLock(() => this.acquireLockAndReadOnce(holder));
    }
    async acquireLockAndReadOnce(holder) {
        const r = await this.shell.run(acquireLockAndInspect(this.app, JSON.stringify(holder)));
        if (r.code === LOCK_HELD_EXIT)
            return { acquired: false, holder: parseHolder(r.stdout) };
        const marked = r.stdout.startsWith(LOCK_TAKEN_MARK + '\n');
        if (!marked)
            throw new errors/* RollwatchError */.vP('lock', `${this.host.name}: taking the deploy lock failed (exit ${r.code})${outputTail(r.stderr)}`);
        const inspectJson = r.stdout.slice(LOCK_TAKEN_MARK.length + 1);
        if (r.code !== 0)
            throw new LockedReadError(`${this.host.name}: listing containers failed (exit ${r.code}): ${firstLine(r.stderr || inspectJson)}`);
        try {
            return { acquired: true, releases: classifyReleases(this.parse(inspectJson)) };
        }
        catch (err) {
            throw new LockedReadError(`${this.host.name}: listing containers failed: ${err instanceof Error ? err.message : String(err)}`);
        }
    }
    async readLock() {
        const r = await this.shell.run(readLock(this.app));
        if (r.code === LOCK_HELD_EXIT + 1)
            return null;
        if (r.code !== 0)
            throw new errors/* RollwatchError */.vP('lock', `${this.host.name}: reading the lock failed: ${firstLine(r.stderr)}`);
        return parseHolder(r.stdout);
    }
    async releaseLock(runId) {
        await this.must(releaseLock(this.app, runId), 'releasing the deploy lock', 'lock');
    }
    async containers() {
        const r = await this.must(inspectApp(this.app), 'listing containers');
        return this.parse(r.stdout);
    }
    async releases() {
        return classifyReleases(await this.containers());
    }
    async container(name) {
        const r = await this.must(inspectContainer(name), `inspecting container ${name}`);
        return this.parse(r.stdout).find((c) => c.name === name) ?? null;
    }
    /**
     * Pulls by digest. With registry credentials: login (password on stdin, never in argv), pull
     * and logout in one round trip; a failed login is told apart from a failed pull.
     */
    async pull(imageRef, registry) {
        if (!registry?.username || registry.password === undefined) {
            await (0,p_retry/* default */.Ay)(() => this.must(pull(imageRef), `pulling ${imageRef}`), { retries: 2, minTimeout: 1000, factor: 2 });
            return { loginMs: null };
        }
        const { server, username, password } = registry;
        const what = (r) => (r.code === LOGIN_FAILED_EXIT ? 'registry login' : `pulling ${imageRef}`);
        const attempt = () => this.must(pullWithLogin(this.app, server, username, imageRef), what, 'deploy', password + '\n');
        try {
            const r = await (0,p_retry/* default */.Ay)(attempt, { retries: 2, minTimeout: 1000, factor: 2 });
            const m = new RegExp(`^${LOGIN_TIMING_MARK} (\\d+)$`, 'm').exec(r.stdout);
            return { loginMs: m ? Number(m[1]) : null };
        }
        catch (err) {
            // The round trip may have been cut before it removed its Docker config (and the credentials in it).
            await this.shell.run(removeDockerConfigs(this.app)).catch(() => undefined);
            throw err;
        }
    }
    async imagePresent(imageRef) {
        return (await this.shell.run(imagePresent(imageRef))).code === 0;
    }
    async writeEnvFile(version, content) {
        await this.must(writeEnvFile(this.app, version), 'writing the env file', 'deploy', content);
    }
    async run(spec) {
        await this.must(runContainer(spec), `starting container ${containerName(spec.app, spec.version)}`);
    }
    async start(name, restart) {
        await this.must(startContainer(name, restart), `starting container ${name}`);
    }
    async stop(name, timeoutSec) {
        await this.must(stopContainer(name, timeoutSec), `stopping container ${name}`, 'deploy', undefined, (timeoutSec + 30) * 1000);
    }
    async restart(name, timeoutSec) {
        await this.must(restartContainer(name, timeoutSec), `restarting container ${name}`, 'deploy', undefined, (timeoutSec + 30) * 1000);
    }
    async rename(name, to) {
        await this.must(renameContainer(name, to), `renaming container ${name}`);
    }
    async remove(name) {
        await this.must(removeContainer(name), `removing container ${name}`);
    }
    /** Removes old releases (containers by ID, env files of `envVersions`) and the given images, in one round trip. */
    async prune(releases, envVersions, unusedImages) {
        if (releases.length === 0)
            return;
        await this.must(pruneReleases(this.app, releases.map((c) => c.id || c.name), envVersions, unusedImages), `removing ${releases.map((c) => c.name).join(', ')}`);
    }
    /** restoreContainer in one round trip; false (nothing started) when it did not work. */
    async restoreFast(failed, previous, restart) {
        const r = await this.shell.run(restoreContainer(failed, previous, restart));
        return r.code === 0;
    }
    async logs(name, lines = 20) {
        const r = await this.shell.run(containerLogs(name, lines), { timeoutMs: 15_000 }).catch(() => null);
        return r ? r.stdout.trim() : '';
    }
    async hook(argv, vars, phase) {
        await this.must(hook(argv, vars), `${phase} hook ${argv[0]}`);
    }
    async procStats() {
        return (await this.must(readProcStats(), 'reading /proc', 'verify', undefined, 15_000)).stdout;
    }
}

;// CONCATENATED MODULE: ./src/engine/fleet.ts




/** Parallelism for fleet-wide read-only steps (connect, inspect, lock). */
const FLEET_CONCURRENCY = 16;
/** The SSH connections of one run: one per host, opened once, closed at the end. */
class Fleet {
    ctx;
    members;
    locked = new Set();
    /** Each host's containers as read under this run's lock, and when (clock ms). */
    readings = new Map();
    /** Per host, how long preflight took: SSH connect, engine check, lock (with the read). */
    preflightTimes = new Map();
    /** Warnings of the connections (e.g. a host key trusted on first use), for the report. */
    warnings = [];
    constructor(ctx) {
        this.ctx = ctx;
        this.members = ctx.config.hosts.map((host) => {
            const connection = new HostConnection(host, ctx.config.ssh, (m) => {
                ctx.log.warn(m);
                this.warnings.push(m);
            });
            return { host, connection, agent: new HostAgent(connection, ctx.config.app, { lockWaitMs: ctx.config.rollout.lockTimeoutMs, log: ctx.log, clock: ctx.clock, signal: ctx.signal }) };
        });
    }
    get lockedHosts() {
        return [...this.locked];
    }
    /**
     * The host's containers as read when its lock was taken, if that was at most `maxAgeMs` ago;
     * else null (read again). Under the lock no other run changes the host.
     */
    readingUnderLock(name, maxAgeMs) {
        const r = this.readings.get(name);
        return r && this.locked.has(name) && this.ctx.clock.now() - r.at <= maxAgeMs ? r.releases : null;
    }
    /** The preflight steps of one host, for its report (empty before preflight). */
    preflightSteps(name) {
        return [...(this.preflightTimes.get(name) ?? [])];
    }
    timed(name, step, fn) {
        const t = this.ctx.clock.now();
        return fn().finally(() => {
            const list = this.preflightTimes.get(name) ?? [];
            list.push({ step, ms: this.ctx.clock.now() - t });
            this.preflightTimes.set(name, list);
        });
    }
    member(name) {
        const m = this.members.find((x) => x.host.name === name);
        if (!m)
            throw new errors/* RollwatchError */.vP('internal', `no host named ${name}`);
        return m;
    }
    /**
     * Connects to every host and checks its engine; with `lock`, takes the deploy lock on all.
     * Any failure releases what was taken and throws: nothing has changed on any host.
     */
    async preflight(options) {
        const { log } = this.ctx;
        const engines = new Map();
        const problems = [];
        const results = await (0,util_clock/* settleLimit */.X$)(this.members, FLEET_CONCURRENCY, async (m) => {
            await this.timed(m.host.name, 'ssh connect', () => m.connection.connect());
            engines.set(m.host.name, await this.timed(m.host.name, 'engine check', () => m.agent.dockerVersion()));
        });
        results.forEach((r, i) => {
            if (r.status === 'rejected')
                problems.push((0,errors/* hostMessage */.yd)(this.members[i].host.name, r.reason));
        });
        if (problems.length > 0) {
            const failedHosts = this.members.filter((_, i) => results[i].status === 'rejected').map((m) => m.host.name);
            throw new errors/* RollwatchError */.vP('preflight', `preflight failed on ${failedHosts.join(', ')}; nothing was changed.\n  ${problems.join('\n  ')}`, undefined, 'fix the hosts listed and run again');
        }
        for (const m of this.members)
            log.info(`${m.host.name}: reachable, Docker ${engines.get(m.host.name)}`);
        if (options.lock)
            await this.lockAll(options.version);
        return engines;
    }
    async lockAll(version) {
        const { ctx } = this;
        const holder = {
            run: ctx.runId,
            commit: ctx.commit,
            version,
            actor: ctx.actor,
            command: ctx.command,
            since: new Date(ctx.clock.now()).toISOString(),
        };
        const held = [];
        const failures = [];
        const note = (m, r) => {
            if (r.status === 'rejected')
                failures.push((0,errors/* hostMessage */.yd)(m.host.name, r.reason));
        };
        const read = (m, releases) => {
            this.readings.set(m.host.name, { releases, at: ctx.clock.now() });
        };
        // The other hosts' locks come with their containers, read under the lock in the same round trip.
        const takeAndRead = async (m) => {
            let r;
            try {
                r = await this.timed(m.host.name, 'lock', () => m.agent.acquireLockAndRead({ ...holder, host: m.host.name }));
            }
            catch (err) {
                if (err instanceof LockedReadError)
                    this.locked.add(m.host.name);
                throw err;
            }
            if (r.acquired) {
                this.locked.add(m.host.name);
                read(m, r.releases);
            }
            else
                held.push(`${m.host.name}: held by ${describeHolder(r.holder)}`);
        };
        // The first host (in config order) is taken alone, before the others: two runs that start
        // at once meet there, so exactly one of them goes on (taking all at once in parallel could
        // leave each run with part of the fleet, and both refused). Its containers are read while
        // the others are taken.
        const [first, ...rest] = this.members;
        const [firstTaken] = await (0,util_clock/* settleLimit */.X$)([first], 1, async (m) => {
            const r = await this.timed(m.host.name, 'lock', () => m.agent.acquireLock({ ...holder, host: m.host.name }));
            if (r.acquired)
                this.locked.add(m.host.name);
            else
                held.push(`${m.host.name}: held by ${describeHolder(r.holder)}`);
        });
        note(first, firstTaken);
        if (this.locked.has(first.host.name)) {
            const readFirst = async (m) => read(m, await this.timed(m.host.name, 'inspect', () => m.agent.releases()));
            const results = await (0,util_clock/* settleLimit */.X$)([first, ...rest], FLEET_CONCURRENCY, (m) => (m === first ? readFirst(m) : takeAndRead(m)));
            results.forEach((r, i) => note(i === 0 ? first : rest[i - 1], r));
        }
        this.checkpoint();
        if (held.length > 0 || failures.length > 0) {
            await this.releaseLocks();
            throw new errors/* RollwatchError */.vP('lock', `the deploy lock of ${ctx.config.app} is held, nothing was changed:\n  ${[...held, ...failures].join('\n  ')}`, undefined, 'wait for that run to finish, or if it is gone: rollwatch lock release --config FILE');
        }
    }
    /** Releases locks this run holds; failures are reported, never thrown. */
    async releaseLocks() {
        const failed = [];
        await (0,util_clock/* settleLimit */.X$)([...this.locked], FLEET_CONCURRENCY, async (name) => {
            try {
                await this.member(name).agent.releaseLock(this.ctx.runId);
                this.locked.delete(name);
            }
            catch (err) {
                failed.push((0,errors/* hostMessage */.yd)(name, err));
            }
        });
        for (const f of failed)
            this.ctx.log.warn(`could not release the lock on ${f}`);
        return failed;
    }
    checkpoint(extra = {}) {
        this.ctx.onCheckpoint?.({
            runId: this.ctx.runId,
            app: this.ctx.config.app,
            command: this.ctx.command === 'rollback' ? 'rollback' : 'deploy',
            version: null,
            phase: 'preflight',
            touched: {},
            lockedHosts: this.lockedHosts,
            ...extra,
        });
    }
    close() {
        for (const m of this.members)
            m.connection.dispose();
    }
}
function describeHolder(holder) {
    const parts = [
        holder.run ? `run ${holder.run}` : null,
        holder.actor ? `by ${holder.actor}` : null,
        holder.commit ? `commit ${String(holder.commit).slice(0, 12)}` : null,
        holder.version ? `version ${holder.version}` : null,
        holder.command ? `(${holder.command})` : null,
        holder.since ? `since ${holder.since}` : null,
    ].filter(Boolean);
    return parts.length > 0 ? parts.join(', ') : 'an unknown holder (no details written)';
}

// EXTERNAL MODULE: ./node_modules/axios/lib/axios.js + 65 modules
var axios = __webpack_require__(41542);
;// CONCATENATED MODULE: ./src/metrics/http.ts

/** A probe or health answer larger than this is cut off and counts as failed. */
const MAX_PROBE_RESPONSE_BYTES = 1 << 20;
const client = axios/* default */.A.create({
    proxy: false,
    maxRedirects: 0,
    maxContentLength: MAX_PROBE_RESPONSE_BYTES,
    responseType: 'text',
    transformResponse: (d) => d,
    validateStatus: () => true,
    headers: { 'User-Agent': 'rollwatch' },
});
/**
 * A deadline for one whole request (connect, headers and body), optionally tied to a caller's
 * signal. axios's `timeout` is a socket idle timeout: a peer that drips a byte now and then
 * would keep the request open for ever. AbortSignal.any registers no listener on the caller's
 * signal, so many requests under one caller signal do not pile up listeners on it.
 */
function requestDeadline(timeoutMs, signal) {
    const deadline = AbortSignal.timeout(timeoutMs);
    return { signal: signal ? AbortSignal.any([signal, deadline]) : deadline, expired: () => deadline.aborted };
}
/** Why a request failed, in words a user can act on. */
function requestError(err, timeoutMs, expired) {
    if (expired)
        return `no complete answer within ${timeoutMs} ms`;
    const e = err;
    if (/maxContentLength/.test(e.message ?? ''))
        return `answer larger than the ${Math.round(MAX_PROBE_RESPONSE_BYTES / 1024)} KiB limit`;
    return e.code ?? e.message ?? 'request failed';
}
/** One GET; never throws. 2xx counts as ok; anything else, resets and timeouts do not. */
async function httpGet(url, timeoutMs, signal) {
    const started = performance.now();
    const deadline = requestDeadline(timeoutMs, signal);
    try {
        const res = await client.get(url, { signal: deadline.signal });
        const ms = performance.now() - started;
        return { ok: res.status >= 200 && res.status < 300, status: res.status, ms, error: res.status >= 300 ? `HTTP ${res.status}` : null };
    }
    catch (err) {
        return { ok: false, status: null, ms: performance.now() - started, error: requestError(err, timeoutMs, deadline.expired()) };
    }
}
function hostUrl(scheme, address, port, path) {
    const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
    return `${scheme}://${host}:${port}${path}`;
}

;// CONCATENATED MODULE: ./src/engine/health.ts

function healthUrl(config, host) {
    const h = config.health;
    if (!h.path || !h.port)
        return null;
    return hostUrl(h.scheme, host.address, h.port, h.path);
}
/**
 * The config to health-check a release with: its own recorded port and path when it has them
 * (a release deployed with other health settings than today's config), else the config's.
 */
function releaseHealthConfig(config, release) {
    const recorded = release?.healthCheck;
    if (!recorded || !config.health.path || !config.health.port)
        return config;
    if (recorded.port === config.health.port && recorded.path === config.health.path)
        return config;
    return { ...config, health: { ...config.health, port: recorded.port, path: recorded.path } };
}
/** First re-check soon after a start (an app often answers within tens of ms), then back off. */
const FIRST_RECHECK_MS = 50;
/** Pause before check number `attempt` (1-based): 50 ms, doubling up to the configured interval. */
function recheckDelay(attempt, intervalMs) {
    return Math.min(intervalMs, FIRST_RECHECK_MS * 2 ** Math.max(0, attempt - 1));
}
/**
 * What the container's own state says, by `health.container`:
 * - `require`: the image's HEALTHCHECK must report healthy (no HEALTHCHECK is an error);
 * - `auto` with an HTTP check: the HTTP check decides; the HEALTHCHECK only must not say
 *   unhealthy (its first run comes one HEALTHCHECK interval after the start, so waiting for
 *   "healthy" would only add that interval);
 * - `auto` without an HTTP check: a HEALTHCHECK, when the image has one, must report healthy;
 * - `ignore`: only running counts.
 * A container that is gone, exited or unhealthy is final: waiting longer cannot help.
 */
function judgeContainer(c, name, mode, hasHttpCheck) {
    if (!c)
        return { ok: false, final: true, detail: `container ${name} is gone` };
    if (!c.running)
        return { ok: false, final: true, detail: `container ${name} is ${c.status} (exit code ${c.exitCode}${c.oomKilled ? ', OOM killed' : ''})` };
    if (mode === 'ignore')
        return { ok: true };
    if (c.health === 'none') {
        return mode === 'require' ? { ok: false, final: true, detail: `the image of ${name} has no HEALTHCHECK but health.container is "require"` } : { ok: true };
    }
    // Docker says unhealthy only after its own retries: no point waiting further.
    if (c.health === 'unhealthy')
        return { ok: false, final: true, detail: 'container health is unhealthy' };
    if (c.health === 'healthy' || (mode === 'auto' && hasHttpCheck))
        return { ok: true };
    return { ok: false, final: false, detail: `container health is ${c.health}` };
}
/** True when `p` settles within `ms` (no bound for Infinity); the timer is cleared either way. */
async function settledWithin(p, ms, clock) {
    if (ms === Number.POSITIVE_INFINITY)
        return p.then(() => true);
    const stop = new AbortController();
    let settled = false;
    await Promise.race([p.then(() => void (settled = true)), clock.sleep(ms, stop.signal)]);
    stop.abort();
    return settled;
}
/**
 * Waits until a container is running and healthy (see judgeContainer) and the HTTP health URL
 * (when configured) answers 2xx. The container state is read in the background (a docker call
 * on the host, often slower than the HTTP check): the HTTP check does not wait for it, except
 * that a success counts only with a state reading that says running and not unhealthy.
 * Fails fast when the container exits or turns unhealthy.
 */
async function waitHealthy(agent, containerName, config, clock, signal) {
    const started = clock.now();
    const deadline = started + config.health.timeoutMs;
    const url = healthUrl(config, agent.host);
    let last = 'no check ran yet';
    let seen = null;
    let readFailed = null;
    let reading = null;
    const readState = () => (reading ??= agent
        .container(containerName)
        .then((c) => void (seen = { verdict: judgeContainer(c, containerName, config.health.container, url !== null), health: c?.health, version: c?.version || undefined }), (error) => void (readFailed = { error }))
        .finally(() => (reading = null)));
    const outcome = (healthy, detail) => ({ healthy, detail, ms: clock.now() - started, version: seen?.version });
    try {
        for (let attempt = 1;; attempt++) {
            const state = readState();
            // Every wait inside ends by the deadline, so a restore or rollback that waits for health
            // is bounded by health.timeout even when the endpoint drips or the docker read hangs.
            // A timeout of 0 asks for one check (status, heal): that one runs to its end, the HTTP
            // request bounded by health.requestTimeout, the docker read by ssh.commandTimeout.
            const single = config.health.timeoutMs === 0 && attempt === 1;
            const left = () => (single ? Number.POSITIVE_INFINITY : Math.max(0, deadline - clock.now()));
            const http = url ? await httpGet(url, Math.max(50, Math.min(config.health.requestTimeoutMs, left())), signal) : null;
            if ((!http || http.ok) && !(await settledWithin(state, left(), clock))) {
                const verdict = seen?.verdict;
                const known = verdict && !verdict.ok ? verdict.detail : last !== 'no check ran yet' ? last : 'the container state could not be read in time';
                return outcome(false, `not healthy within ${Math.round(config.health.timeoutMs / 1000)}s: ${known}`);
            }
            if (readFailed)
                throw readFailed.error;
            const verdict = seen?.verdict ?? null;
            if (verdict && !verdict.ok && verdict.final)
                return outcome(false, verdict.detail);
            if (verdict && !verdict.ok)
                last = verdict.detail;
            if (http && !http.ok)
                last = `GET ${url}: ${http.error ?? `HTTP ${http.status}`}`;
            if (verdict?.ok && (!http || http.ok)) {
                return outcome(true, url ? `GET ${url} answered 2xx` : seen?.health === 'healthy' ? 'container healthy' : 'container running');
            }
            if (clock.now() >= deadline)
                return outcome(false, `not healthy within ${Math.round(config.health.timeoutMs / 1000)}s: ${last}`);
            if (signal?.aborted)
                return outcome(false, `interrupted while waiting: ${last}`);
            await clock.sleep(Math.min(recheckDelay(attempt, config.health.intervalMs), Math.max(0, deadline - clock.now())), signal);
        }
    }
    finally {
        // no docker call of this wait outlives it, unless it hangs past the deadline (then it ends
        // by ssh.commandTimeout on its own, and its answer is dropped)
        const pending = reading;
        if (pending)
            await settledWithin(pending.catch(() => undefined), config.health.timeoutMs === 0 ? Number.POSITIVE_INFINITY : Math.max(0, deadline - clock.now()), clock);
    }
}

;// CONCATENATED MODULE: ./src/engine/host-rollout.ts



class HostRolloutError extends errors/* RollwatchError */.vP {
    report;
    constructor(message, report) {
        super('deploy', message);
        this.report = report;
    }
}
function envFileContent(config) {
    return config.container.env.map((e) => `${e.key}=${e.value}`).join('\n') + (config.container.env.length ? '\n' : '');
}
async function timed(steps, step, ctx, fn) {
    const t = ctx.clock.now();
    try {
        return await fn();
    }
    finally {
        steps.push({ step, ms: ctx.clock.now() - t });
    }
}
function hookVars(ctx, agent, version, phase) {
    return { ROLLWATCH_APP: ctx.config.app, ROLLWATCH_VERSION: version, ROLLWATCH_HOST: agent.host.name, ROLLWATCH_HOST_ADDRESS: agent.host.address, ROLLWATCH_PHASE: phase, ROLLWATCH_RUN: ctx.runId };
}
/**
 * Puts `release` on one host: pull by digest, start it (stopping the old one first or after,
 * by strategy), gate on health. On any failure the host is returned to its previous container
 * before this throws a HostRolloutError carrying what happened. `known` is the host's state
 * read moments ago under this run's lock (then not read again).
 */
async function deployHost(ctx, agent, release, onTouched, known) {
    const { config, log } = ctx;
    const steps = [];
    const host = agent.host;
    const name = containerName(config.app, release.version);
    const before = known ?? (await timed(steps, 'inspect', ctx, () => agent.releases()));
    const previous = before.current;
    if (previous && previous.name === name && previous.digest === release.digest) {
        const health = await timed(steps, 'health', ctx, () => waitHealthy(agent, name, config, ctx.clock, ctx.signal));
        if (health.healthy) {
            log.info(`${host.name}: already runs ${release.version}, healthy; nothing to do`);
            return { previous, current: name, changed: false, steps, after: before };
        }
    }
    // Two channels of the one connection: the env file is written while the image is pulled.
    await Promise.all([
        (async () => {
            const t = ctx.clock.now();
            let loginMs = null;
            try {
                ({ loginMs } = await agent.pull(release.imageRef, config.registry));
            }
            finally {
                const total = ctx.clock.now() - t;
                // login, pull and logout are one round trip: the host says how long the login took
                if (loginMs !== null && loginMs <= total)
                    steps.push({ step: 'registry login', ms: loginMs }, { step: 'pull', ms: total - loginMs });
                else
                    steps.push({ step: 'pull', ms: total });
            }
        })(),
        timed(steps, 'env', ctx, () => agent.writeEnvFile(release.version, envFileContent(config))),
    ]);
    // A container with the target name may exist: an old copy of this version (stopped) or the
    // running one when the same version is redeployed with a new digest.
    const sameName = [previous, ...before.retained].find((c) => c?.name === name) ?? null;
    let previousName = previous?.name ?? null;
    if (sameName && !sameName.running)
        await agent.remove(name);
    if (sameName?.running) {
        previousName = `${name}_replaced_${Math.floor(ctx.clock.now() / 1000)}`;
        await agent.rename(name, previousName);
    }
    onTouched(previousName);
    const hooks = config.rollout.hooks;
    const stopSec = Math.ceil(config.container.stopTimeoutMs / 1000);
    const runSpec = {
        app: config.app,
        version: release.version,
        imageRef: release.imageRef,
        digest: release.digest,
        deployedAt: new Date(ctx.clock.now()).toISOString(),
        runId: ctx.runId,
        network: config.container.network,
        ports: config.container.ports,
        volumes: config.container.volumes,
        labels: config.container.labels,
        restart: config.container.restart,
        stopTimeoutSec: stopSec,
        memory: config.container.memory,
        cpus: config.container.cpus,
        hasEnvFile: true,
        healthCheck: config.health.path && config.health.port ? { port: config.health.port, path: config.health.path } : null,
    };
    let started = false;
    let lastKnown = `${previousName ?? 'nothing'} running, ${name} not started`;
    try {
        if (hooks.preHost)
            await timed(steps, 'pre-hook', ctx, () => agent.hook(hooks.preHost, hookVars(ctx, agent, release.version, 'pre'), 'pre-host'));
        if (config.rollout.strategy === 'stop-start' && previousName) {
            lastKnown = `stopping ${previousName}, ${name} not started`;
            await timed(steps, 'stop-old', ctx, () => agent.stop(previousName, stopSec));
        }
        started = true;
        lastKnown = `starting ${name}${config.rollout.strategy === 'stop-start' && previousName ? `, ${previousName} stopped` : ''}`;
        await timed(steps, 'start', ctx, () => agent.run(runSpec));
        lastKnown = `${name} started, waiting for its health gate${config.rollout.strategy === 'stop-start' && previousName ? `, ${previousName} stopped` : ''}`;
        const health = await timed(steps, 'health', ctx, () => waitHealthy(agent, name, config, ctx.clock, ctx.signal));
        if (!health.healthy) {
            const logs = await agent.logs(name);
            throw Object.assign(new errors/* RollwatchError */.vP('deploy', `${host.name}: ${release.version} failed its health gate: ${health.detail}`), { logs });
        }
        if (config.rollout.strategy === 'start-stop' && previousName)
            await timed(steps, 'stop-old', ctx, () => agent.stop(previousName, stopSec));
        if (hooks.postHost)
            await timed(steps, 'post-hook', ctx, () => agent.hook(hooks.postHost, hookVars(ctx, agent, release.version, 'post'), 'post-host'));
        log.info(`${host.name}: ${previous?.version ?? '(nothing)'} → ${release.version}, healthy (${health.detail})`);
        const now = new Date(ctx.clock.now()).toISOString();
        const stoppedPrevious = previous ? [{ ...previous, name: previousName, running: false, status: 'exited', finishedAt: now }] : [];
        const after = {
            current: { id: '', name, version: release.version, digest: release.digest, image: release.imageRef, deployedAt: runSpec.deployedAt, running: true, status: 'running', health: 'none', startedAt: now, finishedAt: '', restartCount: 0, oomKilled: false, exitCode: 0, healthCheck: runSpec.healthCheck },
            extraRunning: before.extraRunning,
            retained: [...stoppedPrevious, ...before.retained.filter((c) => c.name !== name)],
        };
        return { previous: previous ? { ...previous, name: previousName } : null, current: name, changed: true, steps, after };
    }
    catch (err) {
        const logs = err.logs;
        log.error((0,errors/* errorMessage */.gJ)(err));
        const restore = await restoreHost(ctx, agent, started ? name : null, previousName, { removeFailed: true });
        throw new HostRolloutError((0,errors/* errorMessage */.gJ)(err), {
            name: host.name,
            address: host.address,
            previous: previous?.version ?? null,
            final: restore.healthy ? (previous?.version ?? null) : null,
            result: restore.healthy || !previousName ? 'restored' : 'failed',
            healthy: previousName ? restore.healthy : null,
            detail: `${(0,errors/* errorMessage */.gJ)(err)}; ${restore.detail}${restore.healthy ? '' : `; last known state: ${lastKnown}`}`,
            retained: [],
            steps,
            logs,
            manual: restore.manual,
        });
    }
}
/**
 * Returns a host to `previousName`: stops (and optionally removes) `failedName`, starts the
 * previous container and waits until it is healthy. Never throws.
 */
async function restoreHost(ctx, agent, failedName, previousName, options) {
    const { config, log, clock } = ctx;
    const t0 = clock.now();
    const stopSec = Math.ceil(config.container.stopTimeoutMs / 1000);
    // The exact command that finishes the job by hand, whatever step fails below.
    const byHand = [
        failedName ? (options.removeFailed ? `docker rm -f ${failedName}` : `docker update --restart no ${failedName}; docker stop ${failedName}`) : null,
        previousName ? `docker update --restart ${config.container.restart} ${previousName} && docker start ${previousName}` : null,
    ].filter(Boolean);
    const manual = byHand.length ? `ssh ${agent.host.user}@${agent.host.address} '${byHand.join('; ')}'` : undefined;
    try {
        // One round trip does it in the usual case; only when that fails is the host looked at.
        const fast = previousName !== null && options.removeFailed && (await agent.restoreFast(failedName, previousName, config.container.restart));
        let prev = null;
        if (!fast) {
            if (failedName) {
                const c = await agent.container(failedName);
                if (c && options.removeFailed)
                    await agent.remove(failedName);
                else if (c?.running)
                    await agent.stop(failedName, stopSec);
            }
            if (!previousName) {
                return { healthy: false, detail: 'no previous release on this host; it runs nothing of this app now', ms: clock.now() - t0 };
            }
            prev = await agent.container(previousName);
            if (!prev) {
                return { healthy: false, detail: `previous container ${previousName} is gone; cannot restore it`, manual: `redeploy a retained version: rollwatch rollback --version <v>`, ms: clock.now() - t0 };
            }
            if (!prev.running)
                await agent.start(previousName, config.container.restart);
        }
        // Restoring must not be cut short by the interrupt that may have caused it. The release is
        // checked the way it was deployed (its recorded port and path), not with today's config.
        const recorded = prev ?? (options.previous?.name === previousName ? options.previous : await agent.container(previousName).catch(() => null));
        const health = await waitHealthy(agent, previousName, releaseHealthConfig(config, recorded), clock);
        const version = prev?.version ?? health.version ?? previousName;
        log.info(`${agent.host.name}: restored ${version}: ${health.healthy ? 'healthy' : health.detail}`);
        return { healthy: health.healthy, detail: health.healthy ? `restored ${version}, healthy` : `restored ${version} but it is not healthy: ${health.detail}`, ms: clock.now() - t0, manual: health.healthy ? undefined : manual };
    }
    catch (err) {
        log.error(`${agent.host.name}: restore failed: ${(0,errors/* errorMessage */.gJ)(err)}`);
        return { healthy: false, detail: `restore failed: ${(0,errors/* errorMessage */.gJ)(err)}`, manual, ms: clock.now() - t0 };
    }
}

;// CONCATENATED MODULE: ./src/engine/report-builder.ts
function newReport(ctx, command, version) {
    return {
        tool: 'rollwatch',
        schemaVersion: 1,
        command,
        app: ctx.config.app,
        version,
        previousVersion: null,
        image: null,
        digest: null,
        outcome: 'failed',
        reason: '',
        runId: ctx.runId,
        startedAt: new Date(ctx.clock.now()).toISOString(),
        finishedAt: '',
        timings: { buildMs: null, deployServerMs: null, deployMs: null, detectMs: null, recoverMs: null, recoveryMs: null, totalMs: 0 },
        hosts: [],
        verification: null,
        warnings: [],
        phases: [],
    };
}
/** Fills the derived timings (T_deploy = T_build + T_deploy_server; Recovery = T_detect + T_recover). */
function finishReport(ctx, report) {
    const t = report.timings;
    if (t.buildMs !== null && t.deployServerMs !== null)
        t.deployMs = t.buildMs + t.deployServerMs;
    if (report.verification?.detectMs != null)
        t.detectMs = report.verification.detectMs;
    if (t.detectMs !== null && t.recoverMs !== null)
        t.recoveryMs = t.detectMs + t.recoverMs;
    t.totalMs = ctx.clock.now() - Date.parse(report.startedAt);
    report.finishedAt = new Date(ctx.clock.now()).toISOString();
    return report;
}
/** The outcome of a release that stays: compared and kept, undecided, or a first release with nothing to compare with. */
function keptOutcome(verification) {
    if (verification?.baselineKind === 'none' && verification.verdict !== 'fail')
        return 'deployed';
    return verification?.verdict === 'inconclusive' ? 'inconclusive' : 'promoted';
}

;// CONCATENATED MODULE: ./src/engine/deploy.ts










/** A host's state read under the lock at most this long ago is used as is, not read again. */
const READING_REUSE_MS = 5_000;
function resolveVersion(ctx, requested) {
    const v = requested ?? ctx.config.version ?? ctx.commit ?? undefined;
    if (!v)
        throw (0,errors/* inputError */.Xu)('version', 'no version given and no git commit found', 'pass --version, set version in the config, or run inside a git checkout');
    const bad = (0,values/* checkValue */.Su)('version', v);
    if (bad)
        throw (0,errors/* inputError */.Xu)('version', bad);
    return v;
}
const regressedBy = (v) => v?.verdict === 'fail' || (v?.verdict === 'inconclusive' && policyRollsBackOnInconclusive(v));
async function deploy(ctx, options = {}) {
    const { config, log, clock } = ctx;
    const version = resolveVersion(ctx, options.version);
    const report = newReport(ctx, 'deploy', version);
    const phases = report.phases;
    const fleet = new Fleet(ctx);
    const changes = new Map();
    const touched = {};
    const hostReports = new Map();
    const checkpoint = (phase) => fleet.checkpoint({ version, phase, touched: { ...touched } });
    const phase = async (name, fn) => {
        const t = clock.now();
        try {
            return await log.group(name, fn);
        }
        finally {
            phases.push({ step: name, ms: clock.now() - t });
        }
    };
    try {
        await phase('preflight', async () => {
            await fleet.preflight({ lock: true, version });
            await (0,util_clock/* mapLimit */.sf)(fleet.members, 16, async (m) => {
                const r = fleet.readingUnderLock(m.host.name, Number.POSITIVE_INFINITY) ?? (await m.agent.releases());
                hostReports.set(m.host.name, {
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
        });
        report.previousVersion = mostCommon([...hostReports.values()].map((h) => h.previous));
        const tBuild = clock.now();
        const image = await phase('build', async () => {
            if (config.image.build) {
                return buildAndPush({ dockerHost: config.dockerHost, app: config.app, repository: config.image.repository, version, extraTags: config.image.tags, build: config.image.build, registry: config.registry, revision: ctx.commit, force: options.forceBuild }, log);
            }
            const existing = await resolveExisting(config.dockerHost, config.image.repository, version, config.registry);
            if (!existing)
                throw new errors/* RollwatchError */.vP('build', `${config.image.repository}:${version} is not in the registry and image.build is not configured`, 'image.build');
            return existing;
        });
        report.timings.buildMs = clock.now() - tBuild;
        report.image = image.tagRef;
        report.digest = image.digest;
        const release = { version, imageRef: image.imageRef, digest: image.digest };
        const preDeploy = options.baseline ? await phase('baseline', () => options.baseline(ctx, fleet)) : undefined;
        const batches = planBatches(fleet.members, config.rollout.batchSize, config.rollout.canary);
        const concurrency = config.rollout.concurrency ?? Number.MAX_SAFE_INTEGER;
        const tRollout = clock.now();
        let failure = null;
        let verification = null;
        const verifyNow = async (candidates, baselineHosts) => {
            if (!options.verify)
                return null;
            return phase('verify', () => options.verify({ ctx, fleet, release, candidates, baselineHosts, preDeploy, windowStartedAt: clock.now() }));
        };
        checkpoint('rollout');
        for (let b = 0; b < batches.length && !failure; b++) {
            if (ctx.signal.aborted) {
                failure = new errors/* RollwatchError */.vP('deploy', 'interrupted: no new host was started after the signal');
                break;
            }
            const batch = batches[b];
            await phase(`rollout batch ${b + 1}/${batches.length}: ${batch.map((m) => m.host.name).join(', ')}`, async () => {
                const results = await (0,util_clock/* settleLimit */.X$)(batch, concurrency, async (m) => {
                    if (ctx.signal.aborted)
                        throw new errors/* RollwatchError */.vP('deploy', 'interrupted before this host was started');
                    const change = await deployHost(ctx, m.agent, release, (prev) => {
                        touched[m.host.name] = prev;
                        checkpoint('rollout');
                    }, fleet.readingUnderLock(m.host.name, READING_REUSE_MS) ?? undefined);
                    changes.set(m.host.name, change);
                    if (!change.changed)
                        delete touched[m.host.name];
                    checkpoint('rollout');
                    return change;
                });
                results.forEach((r, i) => {
                    const m = batch[i];
                    const hr = hostReports.get(m.host.name);
                    if (r.status === 'fulfilled') {
                        Object.assign(hr, { final: version, result: r.value.changed ? 'deployed' : 'unchanged', healthy: true, steps: [...hr.steps, ...r.value.steps], detail: hr.detail });
                    }
                    else {
                        delete touched[m.host.name];
                        if (r.reason instanceof HostRolloutError)
                            Object.assign(hr, r.reason.report, { steps: [...hr.steps, ...r.reason.report.steps] });
                        else
                            Object.assign(hr, { result: 'untouched', detail: (0,errors/* errorMessage */.gJ)(r.reason) });
                        failure ??= r.reason instanceof errors/* RollwatchError */.vP ? r.reason : new errors/* RollwatchError */.vP('deploy', (0,errors/* errorMessage */.gJ)(r.reason));
                    }
                });
            });
            if (!failure && config.rollout.canary && b === 0 && batches.length > 1) {
                // The canary's pass only lets the rollout go on; the fleet is judged by its own window below.
                verification = await verifyNow(batch, batches.slice(1).flat());
                if (regressedBy(verification))
                    break;
                if (verification)
                    log.info(`canary window on ${batch.map((m) => m.host.name).join(', ')}: ${verification.verdict}; rolling out to the rest`);
            }
        }
        report.timings.deployServerMs = clock.now() - tRollout;
        if (!failure && !regressedBy(verification)) {
            const candidates = fleet.members.filter((m) => changes.has(m.host.name));
            const canaryWindow = verification;
            const canaryHosts = batches[0].map((m) => m.host.name);
            verification = await verifyNow(candidates, []);
            if (canaryWindow && verification)
                verification.canary = { hosts: canaryHosts, verdict: canaryWindow.verdict, reason: canaryWindow.reason, samples: canaryWindow.samples };
        }
        report.verification = verification;
        const regressed = regressedBy(verification);
        let outcome;
        if (failure || regressed) {
            const tVerdict = clock.now();
            checkpoint('rollback');
            await phase('rollback', () => rollbackTouched(ctx, fleet, touched, changes, hostReports));
            report.timings.recoverMs = regressed ? clock.now() - tVerdict : null;
            outcome = regressed ? 'rolled-back' : 'failed';
            report.reason = failure ? failure.message : `verification ${verification.verdict}: ${verification.reason}`;
            if (hostReportsFailed(hostReports))
                outcome = 'failed';
        }
        else {
            outcome = keptOutcome(verification);
            report.reason = verification ? `verification ${verification.verdict}: ${verification.reason}` : `all ${changes.size} host(s) on ${version} and healthy`;
            await phase('prune', () => pruneAll(ctx, fleet, changes, hostReports));
        }
        report.outcome = outcome;
        checkpoint('done');
    }
    catch (err) {
        report.outcome = 'failed';
        report.reason = (0,errors/* errorMessage */.gJ)(err);
        if (Object.keys(touched).length > 0) {
            await phase('rollback', () => rollbackTouched(ctx, fleet, touched, changes, hostReports)).catch((e) => log.error((0,errors/* errorMessage */.gJ)(e)));
        }
    }
    finally {
        await fleet.releaseLocks();
        // A host that could not be reached to the end keeps this run's lock: say how to free it.
        for (const name of fleet.lockedHosts) {
            const hr = hostReports.get(name);
            if (!hr)
                continue;
            const h = fleet.member(name).host;
            const release = `ssh ${h.user}@${h.address} 'rm -rf ${lockDir(config.app)}'`;
            hr.manual = hr.manual ? `${hr.manual} && ${release}` : release;
            hr.detail = [hr.detail, 'the deploy lock of this run is still held on this host'].filter(Boolean).join('; ');
        }
        report.warnings.push(...fleet.warnings);
        fleet.close();
    }
    report.hosts = config.hosts.flatMap((h) => hostReports.get(h.name) ?? []);
    if (report.hosts.length === 0)
        report.hosts = config.hosts.map((h) => ({ name: h.name, address: h.address, previous: null, final: null, result: 'untouched', healthy: null, detail: 'not changed by this run; the run stopped before reading which release it runs', retained: [], steps: [] }));
    return finishReport(ctx, report);
}
function policyRollsBackOnInconclusive(v) {
    return v.onInconclusive === 'rollback';
}
function hostReportsFailed(hosts) {
    return [...hosts.values()].some((h) => h.result === 'failed');
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
/** Returns every host this run changed to the container it ran before. */
async function rollbackTouched(ctx, fleet, touched, changes, hostReports) {
    const names = Object.keys(touched);
    if (names.length === 0)
        return;
    ctx.log.info(`returning ${names.join(', ')} to their previous release`);
    await (0,util_clock/* settleLimit */.X$)(names, 16, async (name) => {
        const m = fleet.member(name);
        const change = changes.get(name);
        const outcome = await restoreHost(ctx, m.agent, change?.current ?? null, touched[name], { removeFailed: true });
        const hr = hostReports.get(name);
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
/**
 * Keeps `retain` previous releases on each host; pruning problems are warnings. Works from the
 * state each host was left in (no second read): containers are removed by ID and without
 * force, so one that was started meanwhile is refused by Docker, not removed.
 */
async function pruneAll(ctx, fleet, changes, hostReports) {
    await (0,util_clock/* settleLimit */.X$)(fleet.members, 16, async (m) => {
        try {
            const r = changes.get(m.host.name)?.after ?? (await m.agent.releases());
            const plan = prunePlan(r, ctx.config.rollout.retain);
            const prune = plan.containers;
            await m.agent.prune(prune, plan.envVersions, plan.unusedImages);
            for (const c of prune)
                ctx.log.info(`${m.host.name}: pruned ${c.name}`);
            const hr = hostReports.get(m.host.name);
            if (hr)
                hr.retained = r.retained.filter((c) => !prune.includes(c)).map((c) => c.version);
        }
        catch (err) {
            ctx.log.warn(`${m.host.name}: pruning old releases failed: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
    });
}

;// CONCATENATED MODULE: ./src/engine/status.ts





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
    const report = newReport(ctx, 'status', null);
    const fleet = new Fleet(ctx);
    const quick = { ...ctx.config, health: { ...ctx.config.health, timeoutMs: 0 } };
    const lock = [];
    try {
        const results = await (0,util_clock/* settleLimit */.X$)(fleet.members, 16, async (m) => {
            await m.connection.connect();
            const r = await m.agent.releases();
            const holder = await m.agent.readLock();
            lock.push({ host: m.host.name, held: holder !== null, holder });
            const health = r.current ? await waitHealthy(m.agent, r.current.name, releaseHealthConfig(quick, r.current), ctx.clock) : null;
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
    return finishReport(ctx, report);
}
/** `lock status` / `lock release`: release removes the lock whoever holds it. */
async function lockCommand(ctx, action) {
    const report = newReport(ctx, `lock ${action}`, null);
    const fleet = new Fleet(ctx);
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
    return finishReport(ctx, report);
}

// EXTERNAL MODULE: ./src/detect/policy.ts
var detect_policy = __webpack_require__(84609);
;// CONCATENATED MODULE: ./src/detect/format.ts
// Number formatting shared by the rule explanations.
function fmt(x) {
    if (x === null || x === undefined || !Number.isFinite(x))
        return String(x);
    if (x === 0)
        return '0';
    const a = Math.abs(x);
    if (a >= 1e6 || a < 1e-3)
        return x.toExponential(2).replace(/\.?0+e/, 'e');
    return String(Number(x.toPrecision(4)));
}
function pct(r) {
    if (!Number.isFinite(r))
        return r > 0 ? '+∞ %' : '−∞ %';
    const v = Number((r * 100).toPrecision(3));
    return `${v >= 0 ? '+' : ''}${v} %`;
}
/** Relative change of x against m (±∞ when m is 0 and x is not). */
function relChange(x, m) {
    if (m !== 0)
        return (x - m) / Math.abs(m);
    return x === m ? 0 : x > m ? Infinity : -Infinity;
}

;// CONCATENATED MODULE: ./src/detect/stats.ts
// Pure numeric helpers for the detector. No I/O, no clock, no randomness.
//
// Everything here is written to stay finite on hostile input: medians of huge
// values do not overflow, tails never return NaN, z-scores are clamped.
/** Largest |z| the detector ever reports. Beyond this the number carries no information. */
const Z_CAP = 1e12;
/** Clamp a number into [-cap, cap] and map NaN to `fallback`. */
function finiteOr(x, fallback, cap = Number.MAX_VALUE) {
    if (Number.isNaN(x))
        return fallback;
    if (x > cap)
        return cap;
    if (x < -cap)
        return -cap;
    return x;
}
function clampZ(z) {
    return finiteOr(z, 0, Z_CAP);
}
/** Median of a non-empty array (the array is not modified). Overflow-safe. */
function median(xs) {
    if (xs.length === 0)
        return 0;
    const s = Float64Array.from(xs).sort();
    const h = s.length >> 1;
    if (s.length % 2 === 1)
        return s[h];
    // a/2 + b/2 instead of (a+b)/2: no overflow for values near ±MAX_VALUE.
    return s[h - 1] / 2 + s[h] / 2;
}
/** Quantile q ∈ [0, 1] of an ascending sorted array (linear interpolation between order statistics). */
function quantileSorted(sorted, q) {
    const n = sorted.length;
    if (n === 0)
        return 0;
    const h = (n - 1) * Math.min(1, Math.max(0, q));
    const lo = Math.floor(h);
    const hi = Math.min(n - 1, lo + 1);
    const a = sorted[lo];
    const b = sorted[hi];
    return a === b ? a : a + (h - lo) * (b - a);
}
function mean(xs) {
    if (xs.length === 0)
        return 0;
    // Divide while summing so that sums of huge values stay finite.
    let m = 0;
    for (let i = 0; i < xs.length; i++)
        m += (xs[i] - m) / (i + 1);
    return m;
}
/** Sample standard deviation (n − 1). 0 for fewer than two values. */
function stdev(xs) {
    if (xs.length < 2)
        return 0;
    // Welford's algorithm, numerically stable.
    let m = 0;
    let m2 = 0;
    for (let i = 0; i < xs.length; i++) {
        const x = xs[i];
        const d = x - m;
        m += d / (i + 1);
        m2 += d * (x - m);
    }
    const v = m2 / (xs.length - 1);
    return Number.isFinite(v) ? Math.sqrt(v) : Number.MAX_VALUE;
}
/** Median absolute deviation around `center` (unscaled). */
function mad(xs, center) {
    return median(xs.map((x) => Math.abs(x - center)));
}
function meanAbsDev(xs, center) {
    return mean(xs.map((x) => Math.abs(x - center)));
}
/** Consistency factor: 1.4826·MAD estimates σ for normal data. */
const MAD_TO_SIGMA = 1.4826;
/** Consistency factor: 1.2533·mean|x − m| (= √(π/2)) estimates σ for normal data. */
const MEANAD_TO_SIGMA = 1.2533;
/**
 * Robust location and scale of a baseline:
 * m = median, s = 1.4826·MAD; if MAD = 0 then s = 1.2533·mean|b − m|;
 * always s ≥ max(floorAbs, floorRel·|m|) so a constant baseline gives a finite z.
 */
function robustScale(xs, floorAbs, floorRel) {
    const m = median(xs);
    const madv = mad(xs, m);
    let s = finiteOr(MAD_TO_SIGMA * madv, 0);
    let source = 'mad';
    if (!(s > 0)) {
        s = finiteOr(MEANAD_TO_SIGMA * meanAbsDev(xs, m), 0);
        source = 'meanad';
    }
    const floor = Math.max(floorAbs, floorRel * Math.abs(m), Number.MIN_VALUE);
    if (!(s >= floor)) {
        s = floor;
        source = 'floor';
    }
    return { median: m, scale: finiteOr(s, Number.MAX_VALUE), source };
}
// ---------------------------------------------------------------------------
// Gamma function family (own implementation: Lanczos approximation for log Γ,
// series and Lentz continued fraction for the regularized incomplete gamma).
const LANCZOS_G = 7;
const LANCZOS_C = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
/** ln Γ(x) for x > 0. */
function logGamma(x) {
    if (x < 0.5) {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx)
        return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    const xx = x - 1;
    let a = LANCZOS_C[0];
    const t = xx + LANCZOS_G + 0.5;
    for (let i = 1; i < LANCZOS_G + 2; i++)
        a += LANCZOS_C[i] / (xx + i);
    return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}
const GAMMA_EPS = 1e-15;
const GAMMA_MAX_ITER = 10_000;
/** Regularized lower incomplete gamma P(a, x), a > 0, x ≥ 0. */
function gammaP(a, x) {
    if (!(a > 0) || Number.isNaN(x))
        return Number.NaN;
    if (x <= 0)
        return 0;
    if (x === Infinity)
        return 1;
    if (x < a + 1)
        return gammaSeries(a, x);
    return 1 - gammaContinuedFraction(a, x);
}
/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed without cancellation. */
function gammaQ(a, x) {
    if (!(a > 0) || Number.isNaN(x))
        return Number.NaN;
    if (x <= 0)
        return 1;
    if (x === Infinity)
        return 0;
    if (x < a + 1)
        return 1 - gammaSeries(a, x);
    return gammaContinuedFraction(a, x);
}
function gammaSeries(a, x) {
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < GAMMA_MAX_ITER; n++) {
        ap += 1;
        del *= x / ap;
        sum += del;
        if (Math.abs(del) < Math.abs(sum) * GAMMA_EPS)
            break;
    }
    const r = sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    return Math.min(1, Math.max(0, r));
}
function gammaContinuedFraction(a, x) {
    const tiny = 1e-300;
    let b = x + 1 - a;
    let c = 1 / tiny;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i < GAMMA_MAX_ITER; i++) {
        const an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (Math.abs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (Math.abs(c) < tiny)
            c = tiny;
        d = 1 / d;
        const del = d * c;
        h *= del;
        if (Math.abs(del - 1) < GAMMA_EPS)
            break;
    }
    const r = Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    return Math.min(1, Math.max(0, r));
}
/**
 * Upper tail of a Poisson law, P(X ≥ k | λ), extended to real k through the
 * incomplete gamma function (P(X ≥ k) = P(k, λ) for integer k ≥ 1). Used with
 * counts divided by an over-dispersion factor, which are not integers.
 */
function poissonUpperTail(k, lambda) {
    if (!(k > 0))
        return 1;
    if (!(lambda > 0))
        return 0;
    return gammaP(k, lambda);
}
/** Lower tail P(X ≤ k | λ) = Q(k + 1, λ), extended to real k ≥ 0. */
function poissonLowerTail(k, lambda) {
    if (k < 0)
        return 0;
    if (!(lambda > 0))
        return 1;
    return gammaQ(k + 1, lambda);
}
// ---------------------------------------------------------------------------
// Normal quantile (Acklam's rational approximation with one Halley step), used
// to express a tail probability as an equivalent z for explanations.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
/** Φ⁻¹(p): the standard normal quantile, for 0 < p < 1. */
function normalQuantile(p) {
    if (!(p > 0))
        return -Infinity;
    if (!(p < 1))
        return Infinity;
    const plow = 0.02425;
    let x;
    if (p < plow) {
        const q = Math.sqrt(-2 * Math.log(p));
        x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    else if (p <= 1 - plow) {
        const q = p - 0.5;
        const r = q * q;
        x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    }
    else {
        const q = Math.sqrt(-2 * Math.log(1 - p));
        x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    return x;
}
/**
 * The z whose one-sided normal tail equals p: z = Φ⁻¹(1 − p). For p that
 * underflows to 0 it uses the asymptotic z ≈ √(−2 ln p) on log p.
 */
function zFromUpperTail(p, logP) {
    if (p > 1e-300)
        return clampZ(-normalQuantile(Math.min(p, 1 - 1e-16)));
    const lp = logP ?? Math.log(Math.max(p, Number.MIN_VALUE));
    return clampZ(Math.sqrt(Math.max(0, -2 * lp)));
}
// ---------------------------------------------------------------------------
// Regularized incomplete beta I_x(a, b) (continued fraction, modified Lentz),
// for the conditional binomial test that compares two Poisson rates.
/** ln B(a, b). */
function logBeta(a, b) {
    return logGamma(a) + logGamma(b) - logGamma(a + b);
}
/** I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1. */
function betaInc(x, a, b) {
    if (!(a > 0) || !(b > 0) || Number.isNaN(x))
        return Number.NaN;
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const lnFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
    // The continued fraction converges fast for x < (a + 1)/(a + b + 2); otherwise use the symmetry.
    if (x < (a + 1) / (a + b + 2))
        return clamp01((Math.exp(lnFront) * betaContinuedFraction(x, a, b)) / a);
    return clamp01(1 - (Math.exp(lnFront) * betaContinuedFraction(1 - x, b, a)) / b);
}
function clamp01(v) {
    return v < 0 ? 0 : v > 1 ? 1 : v;
}
function betaContinuedFraction(x, a, b) {
    const tiny = 1e-300;
    const qab = a + b;
    const qap = a + 1;
    const qam = a - 1;
    let c = 1;
    let d = 1 - (qab * x) / qap;
    if (Math.abs(d) < tiny)
        d = tiny;
    d = 1 / d;
    let h = d;
    for (let m = 1; m < GAMMA_MAX_ITER; m++) {
        const m2 = 2 * m;
        let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        if (Math.abs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (Math.abs(c) < tiny)
            c = tiny;
        d = 1 / d;
        h *= d * c;
        aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (Math.abs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (Math.abs(c) < tiny)
            c = tiny;
        d = 1 / d;
        const del = d * c;
        h *= del;
        if (Math.abs(del - 1) < GAMMA_EPS)
            break;
    }
    return h;
}
/**
 * P(X ≥ k) for X ~ Binomial(n, p), extended to real n ≥ k ≥ 0 through
 * I_p(k, n − k + 1). Real arguments arise from counts divided by a dispersion factor.
 */
function binomialUpperTail(k, n, p) {
    if (!(k > 0))
        return 1;
    if (k > n)
        return 0;
    if (!(p > 0))
        return 0;
    if (p >= 1)
        return 1;
    return betaInc(p, k, n - k + 1);
}
/** P(X ≤ k) for X ~ Binomial(n, p), extended to real arguments: I_{1−p}(n − k, k + 1). */
function binomialLowerTail(k, n, p) {
    if (k < 0)
        return 0;
    if (k >= n)
        return 1;
    if (!(p > 0))
        return 1;
    if (p >= 1)
        return 0;
    return betaInc(1 - p, n - k, k + 1);
}
/**
 * Lag-1 autocorrelation of a series around `center`, on values winsorized at
 * ±3·scale so that one spike does not dominate; pairs with a missing value are skipped.
 */
function lag1Autocorrelation(xs, center, scale) {
    const w = (x) => {
        const d = (x - center) / scale;
        return d > 3 ? 3 : d < -3 ? -3 : d;
    };
    let num = 0;
    let den = 0;
    let n = 0;
    for (let i = 0; i < xs.length; i++) {
        const a = xs[i];
        if (a === null || a === undefined)
            continue;
        const da = w(a);
        den += da * da;
        n++;
        const b = xs[i + 1];
        if (b !== null && b !== undefined)
            num += da * w(b);
    }
    if (n < 3 || !(den > 0))
        return 0;
    return finiteOr(num / den, 0);
}

;// CONCATENATED MODULE: ./src/detect/rules/rule.ts
// What every rule family gives the tracker core.
/** The sides a direction judges. */
function sidesOf(direction) {
    return direction === 'either' ? ['increase', 'decrease'] : [direction];
}

;// CONCATENATED MODULE: ./src/detect/rules/level.ts
// Level rule (robust gauges): has the level moved? The median of the latest k
// candidate samples, in robust baseline sigmas, against how far the baseline's
// own medians of k consecutive samples wander.
//
// - Scale: 1.4826·MAD per side (semi-MAD above and below the median), so bursts
//   on one side do not widen the other side's limits and an "either" metric is
//   judged on each side with that side's own spread.
// - Windows trail the latest sample (k = 1, 3, 5, 8, 13, 20 by default): a
//   regression that starts late is not diluted by the quiet samples before it.
// - Autocorrelation is handled by the variance, not by switching the rule off:
//   the spread of a window median is the larger of the spread of the baseline's
//   own rolling medians of k samples (the series' real wandering, daily cycles
//   included) and the normal theory value 1.2533/√k inflated by the AR(1)
//   long-run variance factor.
// - A window fails when its z is above the threshold AND its median is worse
//   than the baseline median by the smallest change that matters
//   (minRelativeEffect, as a ratio, and minAbsoluteEffect), and beyond the
//   baseline's own envelope (the highest, or lowest, median of k consecutive
//   baseline samples): a level the old version itself held is not a regression.
// - The tracker core fails the metric when the rule holds for `consecutive`
//   looks in a row; windows start at k = 1 so a large step is held from its
//   first sample and decided on its third.



/** Candidate window sizes (trailing), capped by the policy's shiftWindow. */
const LEVEL_WINDOWS = [1, 3, 5, 8, 13, 20];
/** Robust z values beyond this are clipped when the baseline's autocorrelation is estimated. */
const CLIP = 3;
const ENVELOPE_HISTORY = 5000;
/** Robust z of a value: its distance from the baseline median in its own side's scale. */
function robustZ(x, m) {
    const d = x - m.center;
    return finiteOr(d >= 0 ? d / m.scaleUp : d / m.scaleDown, 0);
}
/** Long-run variance factor of a mean of k AR(1) samples: 1 + 2 Σ (1 − j/k) ρ^j. */
function longRunFactor(rho, k) {
    let f = 1;
    let p = 1;
    for (let j = 1; j < k; j++) {
        p *= rho;
        f += 2 * (1 - j / k) * p;
    }
    return f;
}
function windowSizes(pol) {
    const lo = Math.max(1, pol.shiftMinSamples);
    const ks = LEVEL_WINDOWS.filter((k) => k >= lo && k <= pol.shiftWindow);
    if (pol.shiftWindow > LEVEL_WINDOWS[LEVEL_WINDOWS.length - 1])
        ks.push(pol.shiftWindow);
    if (ks.length === 0)
        ks.push(Math.max(lo, Math.min(pol.shiftWindow, 3)));
    return ks;
}
/** Baseline side of the level rule. `ordered`: baseline levels in time order, null = not scored. */
function buildLevelModel(ordered, pol) {
    const xs = ordered.filter((x) => x !== null);
    const m = median(xs);
    const floor = Math.max(pol.scaleFloorAbsolute, pol.scaleFloorRelative * Math.abs(m), Number.MIN_VALUE);
    const dev = xs.map((x) => Math.abs(x - m));
    let scale = finiteOr(MAD_TO_SIGMA * median(dev), 0);
    let source = 'mad';
    if (!(scale > 0)) {
        scale = finiteOr(MEANAD_TO_SIGMA * (dev.reduce((a, b) => a + b, 0) / Math.max(1, dev.length)), 0);
        source = 'meanad';
    }
    if (!(scale >= floor)) {
        scale = floor;
        source = 'floor';
    }
    scale = finiteOr(scale, Number.MAX_VALUE);
    const side = (keep) => {
        const d = xs.filter(keep).map((x) => Math.abs(x - m));
        const nz = d.filter((v) => v > 0);
        // Half of a side's deviations exactly 0 (quantized or idle series): the side's mean deviation.
        let s = MAD_TO_SIGMA * median(d);
        if (!(s > 0) && nz.length)
            s = MEANAD_TO_SIGMA * (nz.reduce((a, b) => a + b, 0) / d.length);
        return finiteOr(Math.max(s, floor, scale * 0.5), Number.MAX_VALUE);
    };
    const scaleUp = side((x) => x >= m);
    const scaleDown = side((x) => x <= m);
    const model = { center: m, scaleUp, scaleDown };
    const us = ordered.map((x) => (x === null ? null : robustZ(x, model)));
    const rho0 = lag1Autocorrelation(us, 0, CLIP / 3);
    const rho = Math.min(0.95, Math.max(0, rho0 + (1 + 3 * Math.max(0, rho0)) / Math.max(1, xs.length)));
    // The baseline's own windows are taken over its latest ENVELOPE_HISTORY samples at most (cost O(n·k)).
    const zs = us.filter((u) => u !== null).slice(-ENVELOPE_HISTORY);
    const windows = windowSizes(pol);
    const envelopeUp = [];
    const envelopeDown = [];
    const rolling = [];
    const medianSpread = windows.map((k) => {
        const theory = (1.2533 / Math.sqrt(k)) * Math.sqrt(longRunFactor(rho, k));
        const meds = [];
        for (let i = 0; i + k <= zs.length; i++)
            meds.push(median(zs.slice(i, i + k)));
        rolling.push(meds);
        envelopeUp.push(meds.length ? Math.max(0, ...meds) : 0);
        envelopeDown.push(meds.length ? Math.min(0, ...meds) : 0);
        // The baseline median is an estimate too: its variance (normal theory,
        // AR(1) long-run factor over the whole baseline) adds to the window's.
        const own = (1.2533 ** 2 * longRunFactor(rho, zs.length)) / Math.max(1, zs.length);
        // How far the baseline's own k-sample medians wander from its median:
        // 1.4826·median |rolling median| (robust: a short regime in the baseline
        // does not set the scale for the rest), never below the normal theory.
        const wander = meds.length >= 3 ? MAD_TO_SIGMA * median(meds.map(Math.abs)) : 0;
        const window = Math.max(theory, wander);
        return Math.sqrt(window * window + own);
    });
    const exceedUp = [];
    const exceedDown = [];
    const windowCount = [];
    rolling.forEach((meds, w) => {
        const spread = medianSpread[w];
        let up = 0;
        let down = 0;
        for (const medZ of meds) {
            if (medZ / spread > pol.threshold && effectMatters(m + medZ * scaleUp, m, 'increase', pol))
                up++;
            if (-medZ / spread > pol.threshold && effectMatters(m + medZ * scaleDown, m, 'decrease', pol))
                down++;
        }
        exceedUp.push(up);
        exceedDown.push(down);
        windowCount.push(meds.length);
    });
    const zeros = xs.reduce((c, x) => (x === 0 ? c + 1 : c), 0);
    const idle = zeros * 2 > xs.length ? { busy: xs.length - zeros, n: xs.length } : null;
    return {
        center: m,
        scale,
        scaleUp,
        scaleDown,
        source,
        windows,
        medianSpread,
        envelopeUp,
        envelopeDown,
        exceedUp,
        exceedDown,
        windowCount,
        zs,
        rho,
        idle,
        effective: (xs.length * (1 - rho)) / (1 + rho),
        n: xs.length,
    };
}
/** Is the change from m to x at least the smallest change that matters, on side `side`? */
function effectMatters(x, m, side, pol) {
    const d = side === 'increase' ? x - m : m - x;
    if (!(d > 0) || d < pol.minAbsoluteEffect)
        return false;
    const r = pol.minRelativeEffect;
    if (r <= 0)
        return true;
    if (m > 0)
        return side === 'increase' ? x >= m * (1 + r) : x * (1 + r) <= m;
    return d >= r * Math.abs(m);
}
/**
 * Burst-aware check: a run of `run` consecutive exceeding looks at a window whose
 * baseline exceeded on `exceeded` of its `windows` rolling windows. With a clean
 * baseline (no exceedance) it always holds; otherwise the run must be significantly
 * longer than the baseline's own rate of exceedance predicts (the two-rate test:
 * P(X ≥ run) for X ~ Binomial(run + exceeded, run / (run + windows)) below α).
 */
function exceedsBaselineRate(run, exceeded, windows, alpha) {
    if (exceeded <= 0)
        return { ok: true, p: 0 };
    const p = binomialUpperTail(run, run + exceeded, run / (run + windows));
    return { ok: p < alpha, p };
}
/**
 * How often a median of k baseline samples sits at least `level` (robust z,
 * side-signed) beyond the centre: q = share of baseline samples that far, the
 * window median is that far when more than half of its k samples are, and
 * clustered exceedances (bursts) count as fewer independent samples,
 * k·(1 − ρ)/(1 + ρ) with ρ the lag-1 autocorrelation of the exceedance indicator.
 * 0 when no baseline sample was that far.
 */
function windowMedianTail(baselineZ, k, level, side) {
    const ind = baselineZ.map((z) => ((side === 'increase' ? z : -z) >= level ? 1 : 0));
    const n = ind.length;
    const hits = ind.reduce((a, b) => a + b, 0);
    if (hits === 0 || n === 0)
        return 0;
    const q = hits / n;
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
        const d = ind[i] - q;
        den += d * d;
        if (i + 1 < n)
            num += d * (ind[i + 1] - q);
    }
    const rho = den > 0 ? Math.min(0.95, Math.max(0, num / den)) : 0;
    const ke = Math.max(1, (k * (1 - rho)) / (1 + rho));
    return binomialUpperTail((ke + 1) / 2, ke, q);
}
function createLevelJudge(model, direction, pol) {
    const zs = [];
    const longest = model.windows[model.windows.length - 1];
    const sides = sidesOf(direction);
    const threshold = pol.threshold;
    const hold = Math.max(1, pol.consecutive);
    /** Current run of consecutive exceeding looks, per window and side. */
    const runs = { increase: model.windows.map(() => 0), decrease: model.windows.map(() => 0) };
    let busy = 0;
    let scored = 0;
    /** Mostly idle baselines: is the candidate busy significantly more often than the baseline (two-rate test)? */
    const activityChanged = () => {
        if (!model.idle)
            return true;
        const { busy: bB, n: nB } = model.idle;
        return binomialUpperTail(busy, bB + busy, scored / (nB + scored)) < pol.poissonAlpha;
    };
    /**
     * Persistence: how many of the samples the latest `hold` looks of a k-window
     * covered are themselves beyond the window's z threshold on that side. A level
     * is held by at least `hold` such samples (fewer at the very start of the
     * candidate), so one short spike, which two overlapping windows both see, is
     * not a level.
     */
    const persistent = (k, level, side) => {
        const span = Math.min(zs.length, k + hold - 1);
        let beyond = 0;
        for (let i = zs.length - span; i < zs.length; i++)
            if ((side === 'increase' ? zs[i] : -zs[i]) > level)
                beyond++;
        const need = Math.min(hold, span - Math.floor((k - 1) / 2));
        return { ok: beyond >= need, beyond, need, span };
    };
    /** Consecutive looks in which some window exceeded on each side (the hold of the level). */
    const held = { increase: 0, decrease: 0 };
    return {
        push(sample) {
            const u = robustZ(sample.level, model);
            scored++;
            if (sample.level !== 0)
                busy++;
            zs.push(u);
            if (zs.length > 2 * (longest + hold))
                zs.splice(0, zs.length - (longest + hold));
            const evaluated = [];
            const anyOnSide = { increase: false, decrease: false };
            for (let w = 0; w < model.windows.length; w++) {
                const k = model.windows[w];
                if (zs.length < k)
                    break;
                const medZ = median(zs.slice(zs.length - k));
                // The robust z is monotone in the value: the window median in the metric's unit is its image.
                const medX = finiteOr(model.center + (medZ >= 0 ? medZ * model.scaleUp : medZ * model.scaleDown), model.center);
                const spread = model.medianSpread[w];
                for (const side of sides) {
                    const signed = side === 'increase' ? medZ : -medZ;
                    const z = finiteOr(signed / spread, 0);
                    const exceeds = z > threshold && effectMatters(medX, model.center, side, pol);
                    const run = (runs[side][w] = exceeds ? runs[side][w] + 1 : 0);
                    const beyond = side === 'increase' ? medZ > model.envelopeUp[w] : medZ < model.envelopeDown[w];
                    const exceeded = side === 'increase' ? model.exceedUp[w] : model.exceedDown[w];
                    const rate = exceedsBaselineRate(run, exceeded, model.windowCount[w], pol.poissonAlpha);
                    const tail = exceeds && beyond ? windowMedianTail(model.zs, k, signed, side) : 0;
                    const candidate = exceeds && beyond && rate.ok && tail < pol.poissonAlpha && (side === 'decrease' || activityChanged());
                    if (candidate)
                        anyOnSide[side] = true;
                    const why = !exceeds
                        ? ''
                        : !beyond
                            ? "; within the baseline's own envelope"
                            : tail >= pol.poissonAlpha
                                ? `; the baseline's own samples put a ${k}-sample median this far with P ${fmt(tail)}`
                                : !rate.ok
                                    ? `; ${run} looks in a row vs ${exceeded} of the baseline's ${model.windowCount[w]} windows: P ${fmt(rate.p)}, not significant`
                                    : '';
                    evaluated.push({ w, k, side, medZ, medX, spread, z, candidate, why });
                }
            }
            for (const side of sides)
                held[side] = anyOnSide[side] ? held[side] + 1 : 0;
            // Explanations are built for the look that is returned only: formatting numbers for
            // every window and side was most of the cost of a long candidate.
            let best = null;
            for (const e of evaluated) {
                let why = e.why;
                let fired = false;
                if (e.candidate) {
                    const p = persistent(e.k, threshold * e.spread, e.side);
                    fired = held[e.side] >= hold && p.ok;
                    why =
                        held[e.side] < hold
                            ? `; held for ${held[e.side]} of ${hold} looks`
                            : !p.ok
                                ? `; only ${p.beyond} of the latest ${p.span} samples beyond, need ${p.need}`
                                : `; ${p.beyond} of the latest ${p.span} samples beyond`;
                }
                if (!best || (fired && !best.fired) || (fired === best.fired && e.z > best.e.z))
                    best = { e, fired, why };
            }
            if (best) {
                const { e, fired, why } = best;
                const detail = `median of the last ${e.k} samples ${fmt(e.medX)} vs baseline median ${fmt(model.center)} ` +
                    `(${fmt(e.medZ)} robust sigmas; the baseline's own ${e.k}-sample medians spread ${fmt(e.spread)}): z ${fmt(e.z)}, change ${pct(relChange(e.medX, model.center))}${why}`;
                const hit = fired
                    ? { rule: 'level-window', value: e.medX, center: model.center, scale: e.side === 'increase' ? model.scaleUp : model.scaleDown, z: e.z, detail, held: held[e.side] }
                    : null;
                return { z: e.z, value: e.medX, center: model.center, scale: model.scale, detail, hit };
            }
            return { z: 0, value: sample.level, center: model.center, scale: model.scale, detail: `${zs.length} of ${model.windows[0]} samples for the first window`, hit: null };
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/rules/classic.ts
// Classic rule (method 'classic', the textbook detector kept for comparison):
// z = (x − mean)/sd of the baseline, a breach when z in the bad direction is
// above the threshold; the metric fails after `consecutive` breaches in a row
// or `window.breaches` of the last `window.of` scored samples.




function buildClassicModel(xs, pol) {
    const m = mean(xs);
    const floor = Math.max(pol.scaleFloorAbsolute, pol.scaleFloorRelative * Math.abs(m), Number.MIN_VALUE);
    return { center: m, scale: finiteOr(Math.max(stdev(xs), floor), Number.MAX_VALUE) };
}
/** N consecutive breaches, or M of the last N scored samples. */
class BreachRuns {
    consecutive;
    window;
    run = 0;
    ring = [];
    ringBreaches = 0;
    constructor(consecutive, window) {
        this.consecutive = consecutive;
        this.window = window;
    }
    feed(breach) {
        this.run = breach ? this.run + 1 : 0;
        const w = this.window;
        if (w) {
            this.ring.push(breach);
            if (breach)
                this.ringBreaches++;
            if (this.ring.length > w.of && this.ring.shift())
                this.ringBreaches--;
        }
        if (this.run >= this.consecutive)
            return 'consecutive';
        if (w && this.ringBreaches >= w.breaches)
            return 'window';
        return null;
    }
}
function createClassicJudge(model, direction, pol) {
    const runs = new BreachRuns(pol.consecutive, pol.window ?? null);
    const sides = sidesOf(direction);
    return {
        push(s) {
            const x = s.level;
            const raw = finiteOr((x - model.center) / model.scale, 0);
            let z = -Infinity;
            let breach = false;
            for (const side of sides) {
                const zs = side === 'increase' ? raw : -raw;
                const b = zs > pol.threshold && effectMatters(x, model.center, side, pol);
                if (b || (!breach && zs > z))
                    z = zs;
                breach ||= b;
            }
            const fired = runs.feed(breach);
            const rule = fired === 'consecutive' && pol.consecutive === 1 ? 'classic-first-breach' : fired ? `classic-${fired}` : '';
            const detail = `value ${fmt(x)} vs baseline mean ${fmt(model.center)} (sd ${fmt(model.scale)}): z ${fmt(z)}, change ${pct(relChange(x, model.center))}` +
                (fired ? `; ${fired === 'consecutive' ? `${pol.consecutive} consecutive breaches` : `${pol.window.breaches} breaches in the last ${pol.window.of}`}, threshold z > ${fmt(pol.threshold)}` : '');
            return {
                z,
                value: x,
                center: model.center,
                scale: model.scale,
                detail,
                hit: fired ? { rule, value: x, center: model.center, scale: model.scale, z, detail } : null,
            };
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/rules/counts.ts
// Count rule: has the event rate changed? The conditional (exact) test for two
// Poisson rates, on the candidate's events since the deploy and over trailing
// windows of the latest samples, against the baseline's events and exposure
// (requests when totals are given, intervals otherwise).
//
// Given E = e_B + e_V events, e_V ~ Binomial(E, n_V/(n_B + n_V)) when the rates
// are equal. Counts are divided by the baseline's dispersion φ (quasi-Poisson:
// real error counts are burstier than Poisson). The test carries the baseline's
// own uncertainty and needs no pseudo-count: with e_B = 0 it is P = p₀^e_V, so
// "0 errors in 60 000 requests, then 5 in 20 000" gives P = 0.25⁵ ≈ 0.001.
// An estimated φ > 1 is itself uncertain: the counts are divided by φ·(t/z)²,
// the quasi-Poisson t on k − 1 degrees of freedom instead of a normal.
// Trailing windows catch errors that arrive late without the quiet samples
// since the deploy diluting them; each look is tested at α divided by the number
// of windows (Bonferroni).



/** Trailing windows of the count rule, besides "since the deploy". */
const COUNT_WINDOWS = [5, 10];
function buildCountModel(samples, usesTotals) {
    let events = 0;
    let exposure = 0;
    for (const s of samples) {
        events += s.events;
        exposure += s.exposure;
    }
    if (!(exposure > 0))
        return null;
    const rate = events / exposure;
    let phi = 1;
    if (rate > 0 && samples.length >= 2) {
        let chi2 = 0;
        for (const s of samples) {
            const e = s.exposure * rate;
            if (e > 0)
                chi2 += (s.events - e) ** 2 / e;
        }
        phi = Math.max(1, finiteOr(chi2 / (samples.length - 1), 1));
    }
    return {
        events: finiteOr(events, Number.MAX_VALUE),
        exposure: finiteOr(exposure, Number.MAX_VALUE),
        phi,
        phiDf: phi > 1 ? samples.length - 1 : 0,
        samples: samples.length,
        usesTotals,
    };
}
/**
 * (t_{1−α, df} / z_{1−α})²: how much wider a t quantile on df degrees of freedom
 * is than the normal one (Cornish–Fisher expansion of the t quantile). 1 when df is 0.
 */
function studentInflation(alpha, df) {
    if (!(df > 0))
        return 1;
    const z = normalQuantile(1 - alpha);
    if (!(z > 0))
        return 1;
    const t = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
    return (t / z) ** 2;
}
function createCountJudge(model, direction, pol) {
    const ev = [];
    const ex = [];
    const sides = sidesOf(direction);
    const looks = COUNT_WINDOWS.length + 1;
    const alpha = pol.poissonAlpha / looks / sides.length;
    // An estimated dispersion is itself uncertain (a χ² on k − 1 degrees of freedom,
    // right-skewed: it underestimates more often than not). As in a quasi-Poisson
    // test, the statistic is then a t on k − 1 df, not a normal: the counts are
    // divided by φ·(t/z)² so that the normal-theory tail at α matches the t tail.
    const phi = model.phi * studentInflation(alpha, model.phiDf);
    const { events: eB, exposure: nB } = model;
    const rateB = eB / nB;
    const unit = model.usesTotals ? 'requests' : 'intervals';
    function test(eV, nV, label) {
        const expected = finiteOr(nV * rateB, Number.MAX_VALUE);
        const p0 = nV / (nB + nV);
        const total = (eB + eV) / phi;
        const rateV = eV / nV;
        let best = null;
        for (const side of sides) {
            const p = side === 'increase' ? binomialUpperTail(eV / phi, total, p0) : binomialLowerTail(eV / phi, total, p0);
            const effect = side === 'increase' ? eV - expected : expected - eV;
            const r = pol.minRelativeEffect;
            const relOk = r <= 0 || (side === 'increase' ? eB === 0 || rateV >= rateB * (1 + r) : rateV * (1 + r) <= rateB);
            const absOk = (side === 'increase' ? rateV - rateB : rateB - rateV) >= pol.minAbsoluteEffect;
            const fired = p < alpha && effect > 0 && effect >= pol.minCountEffect && relOk && absOk;
            const z = zFromUpperTail(p);
            const scale = Math.sqrt(phi * Math.max(expected, 1));
            const tail = side === 'increase' ? '≥' : '≤';
            const detail = `${fmt(eV)} events in ${fmt(nV)} ${unit} ${label} vs ${fmt(expected)} expected at the baseline rate ` +
                `(${fmt(eB)} in ${fmt(nB)} ${unit}${phi > 1 ? `, dispersion ${fmt(phi)}` : ''}): ` +
                `P(X ${tail} ${fmt(eV)}) = ${fmt(p)} vs α ${fmt(alpha)}, rate ${pct(relChange(rateV, rateB))}`;
            const look = {
                z,
                value: eV,
                center: expected,
                scale,
                detail,
                hit: fired ? { rule: 'count-window', value: eV, center: expected, scale, z, detail } : null,
            };
            if (!best || (look.hit && !best.hit) || (!!look.hit === !!best.hit && z > best.z))
                best = look;
        }
        return best;
    }
    let cumE = 0;
    let cumN = 0;
    return {
        push(s) {
            ev.push(s.events);
            ex.push(s.exposure);
            cumE = finiteOr(cumE + s.events, Number.MAX_VALUE);
            cumN = finiteOr(cumN + s.exposure, Number.MAX_VALUE);
            if (!(cumN > 0))
                return null;
            let best = test(cumE, cumN, 'since the deploy');
            for (const k of COUNT_WINDOWS) {
                if (ev.length <= k)
                    break; // a window as long as the candidate is the cumulative look
                let e = 0;
                let n = 0;
                for (let i = ev.length - k; i < ev.length; i++) {
                    e += ev[i];
                    n += ex[i];
                }
                if (!(n > 0))
                    continue;
                const look = test(e, n, `over the last ${k} samples`);
                if ((look.hit && !best.hit) || (!!look.hit === !!best.hit && look.z > best.z))
                    best = look;
            }
            return best;
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/rules/cusum.ts
// Sequential rule (robust gauges): a one-sided CUSUM on the robust z-values,
// for moderate shifts that persist (a 2σ step is small for any one window but
// adds up sample after sample).
//
//   S_t = max(0, S_{t−1} + min(u_t, CLIP)/σ_lr − κ),   fail when S_t > h
//
// u = robust z (per-side MAD scale, as the level rule), clipped so that one
// spike adds at most CLIP; σ_lr = √((1 + ρ)/(1 − ρ)) the long-run standard
// deviation of an AR(1) series with the baseline's lag-1 autocorrelation, so an
// autocorrelated series is not switched off but judged on its real variance.
// h is calibrated on the baseline itself: the same CUSUM run over the baseline
// must never have reached it (h = max(CUSUM_H_MIN, CUSUM_CALIBRATION × the baseline's
// own highest S)). The samples since S last left 0 must also be worse than the
// baseline median by the smallest change that matters (the median of the
// latest shiftWindow of them).




const cusum_CLIP = 3;
const KAPPA = 0.5;
/** Threshold floor: the classic h for κ = ½ is 4–5 (one false alarm in ~400 iid samples); real series need more. */
const CUSUM_H_MIN = 12;
/** The candidate's CUSUM must exceed this many times the highest value the baseline's own CUSUM reached. */
const CUSUM_CALIBRATION = 8;
function step(s, u, side, sigmaLr) {
    const v = side === 'increase' ? u : -u;
    return Math.max(0, s + Math.min(v, cusum_CLIP) / sigmaLr - KAPPA);
}
function buildCusumModel(ordered, level) {
    const rho = Math.min(level.rho, 0.9);
    const sigmaLr = Math.sqrt((1 + rho) / (1 - rho));
    const h = { increase: CUSUM_H_MIN, decrease: CUSUM_H_MIN };
    for (const side of ['increase', 'decrease']) {
        let s = 0;
        let top = 0;
        for (const x of ordered) {
            if (x === null)
                continue;
            s = step(s, robustZ(x, level), side, sigmaLr);
            top = Math.max(top, s);
        }
        h[side] = Math.max(CUSUM_H_MIN, CUSUM_CALIBRATION * top);
    }
    return { sigmaLr, h };
}
function createCusumJudge(model, level, direction, pol) {
    const sides = sidesOf(direction);
    const state = { increase: { s: 0, since: [] }, decrease: { s: 0, since: [] } };
    return {
        push(sample) {
            const u = robustZ(sample.level, level);
            let best = null;
            for (const side of sides) {
                const st = state[side];
                st.s = step(st.s, u, side, model.sigmaLr);
                if (st.s === 0)
                    st.since = [];
                else {
                    st.since.push(sample.level);
                    // the effect is judged on the latest shiftWindow samples of the run (bounded cost on long windows)
                    if (st.since.length > 2 * pol.shiftWindow)
                        st.since.splice(0, st.since.length - pol.shiftWindow);
                }
                const h = model.h[side];
                const z = finiteOr((st.s / h) * pol.threshold, 0); // on the threshold's scale: z > threshold ⇔ S > h
                const med = st.since.length ? median(st.since.slice(-pol.shiftWindow)) : sample.level;
                const fired = st.s > h && effectMatters(med, level.center, side, pol);
                const detail = `CUSUM of robust z (clipped at ${cusum_CLIP}, κ ${KAPPA}, long-run sd ${fmt(model.sigmaLr)}) ${fmt(st.s)} vs ${fmt(h)} calibrated on the baseline, ` +
                    `over ${st.since.length} samples of median ${fmt(med)} vs baseline median ${fmt(level.center)}, change ${pct(relChange(med, level.center))}`;
                const look = {
                    z,
                    value: med,
                    center: level.center,
                    scale: side === 'increase' ? level.scaleUp : level.scaleDown,
                    detail,
                    hit: fired ? { rule: 'cusum', value: med, center: level.center, scale: side === 'increase' ? level.scaleUp : level.scaleDown, z, detail } : null,
                };
                if (!best || (look.hit && !best.hit) || (!!look.hit === !!best.hit && z > best.z))
                    best = look;
            }
            return best;
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/rules/departure.ts
// Departure rule (robust gauges): has the new version left everything the old
// version ever did?
//
// The level rule divides a window median by how far the baseline's own medians
// wander, which is right for a level the old version could have reached by
// itself. On a smooth, strongly autocorrelated baseline (temperature, request
// rates on a plateau, a slow daily cycle) that wander is several sigmas, so a
// step of 8 robust sigmas scores z < 6 and passes. The old version's range says
// something the wander cannot: it never went there.
//
// A trailing window of k samples (k = 3, 5, 8, 13, 20) departs on a bad side when
//   1. every one of its k samples lies beyond the baseline's extreme (above its
//      highest sample, below its lowest);
//   2. its median is worse than the baseline median by the smallest change that
//      matters (minRelativeEffect, minAbsoluteEffect);
//   3. its median is at least departureThreshold robust sigmas (per-side MAD
//      scale, no wander term) from the baseline median, or beyond the extreme by
//      more than the baseline's whole range (max − min): a drop to zero from a
//      two-regime baseline whose MAD is as wide as its regimes.
// The metric fails when some window departs on `consecutive` looks in a row on
// the same side: with k ≥ 3 that is at least k + consecutive − 1 samples in a row
// outside the old version's range. Under independent samples the chance of one
// sample beyond the extreme of n is 1/(n + 1), of five in a row about (n + 1)^−5.




const DEPARTURE_WINDOWS = [3, 5, 8, 13, 20];
function buildDepartureModel(ordered, pol) {
    const xs = ordered.filter((x) => x !== null);
    const windows = DEPARTURE_WINDOWS.filter((k) => k <= pol.shiftWindow);
    if (!xs.length || !windows.length)
        return null;
    let highest = -Infinity;
    let lowest = Infinity;
    for (const x of xs) {
        if (x > highest)
            highest = x;
        if (x < lowest)
            lowest = x;
    }
    return { highest, lowest, windows };
}
function createDepartureJudge(model, level, direction, pol) {
    const sides = sidesOf(direction);
    const hold = Math.max(1, pol.consecutive);
    const longest = model.windows[model.windows.length - 1];
    const range = model.highest - model.lowest;
    const xs = [];
    const held = { increase: 0, decrease: 0 };
    const outside = (x, side) => (side === 'increase' ? x > model.highest : x < model.lowest);
    return {
        push(sample) {
            xs.push(sample.level);
            if (xs.length > 2 * longest)
                xs.splice(0, xs.length - longest);
            let best = null;
            for (const side of sides) {
                const extreme = side === 'increase' ? model.highest : model.lowest;
                let departing = null;
                let closest = null;
                for (const k of model.windows) {
                    if (xs.length < k)
                        break;
                    const win = xs.slice(xs.length - k);
                    if (!win.every((x) => outside(x, side)))
                        break; // a longer window holds this one's samples too
                    const med = median(win);
                    const u = robustZ(med, level);
                    const z = finiteOr(side === 'increase' ? u : -u, 0);
                    const far = Math.abs(med - extreme) > range;
                    const look = { k, med, z, far };
                    if (!closest || z > closest.z)
                        closest = look;
                    if ((z > pol.departureThreshold || far) && effectMatters(med, level.center, side, pol))
                        departing = look;
                }
                held[side] = departing ? held[side] + 1 : 0;
                const shown = departing ?? closest;
                if (!shown)
                    continue;
                const fired = departing !== null && held[side] >= hold;
                const beyond = side === 'increase' ? `above its highest ${fmt(model.highest)}` : `below its lowest ${fmt(model.lowest)}`;
                const detail = `the last ${shown.k} samples all lie outside the old version's range (${beyond}); their median ${fmt(shown.med)} vs baseline median ${fmt(level.center)}: ` +
                    `${fmt(shown.z)} robust sigmas${shown.far ? ', beyond the extreme by more than the whole range' : ''}, change ${pct(relChange(shown.med, level.center))}` +
                    (departing ? `; held for ${held[side]} of ${hold} looks` : '');
                const scale = side === 'increase' ? level.scaleUp : level.scaleDown;
                const look = {
                    z: shown.z,
                    value: shown.med,
                    center: level.center,
                    scale,
                    detail,
                    hit: fired ? { rule: 'departure', value: shown.med, center: level.center, scale, z: shown.z, detail, held: held[side] } : null,
                };
                if (!best || (look.hit && !best.hit) || (!!look.hit === !!best.hit && look.z > best.z))
                    best = look;
            }
            return best;
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/rules/spread.ts
// Spread rule (robust gauges): same median, wider swings. The typical size of
// the candidate's sample-to-sample changes over a trailing window against the
// baseline's windows of the same size.
//
// Successive differences, not deviations from the median: a level step inside
// the window or a slow wander (daily cycle) barely moves them, so the rule
// answers "is it noisier?", not "has it moved?" (the level rule's job).
// Spread of a window of k differences = median |Δu| (u = robust z). Its z is
// taken on a log scale against the baseline's own rolling windows of k
// differences (their mean and standard deviation, the latter floored by the
// normal-theory value 1.2/√k), and the spread must also have grown at least
// ×SPREAD_MIN_RATIO: the smallest change in spread that matters.
//
// Wider swings show on both sides of the median. A burst (a spiky or mostly idle
// series jumping up and back) also makes large successive differences, but on
// one side only, and it is the level rule's business. So the window must also
// hold at least a SPREAD_TWO_SIDED_SHARE of its samples beyond SPREAD_TAIL robust
// sigmas on each side of the baseline median (one sample in ten: for three times
// the swings of a normal series that is about one in five per side, for the
// baseline one in 160).



const SPREAD_WINDOWS = [8, 16];
/** The window's typical change must be at least this many times the baseline's. */
const SPREAD_MIN_RATIO = 2;
/** Share of the window's samples that must lie beyond ±SPREAD_TAIL robust sigmas on each side. */
const SPREAD_TWO_SIDED_SHARE = 0.1;
const SPREAD_TAIL = 2.5;
function buildSpreadModel(ordered, level) {
    const us = ordered.filter((x) => x !== null).map((x) => robustZ(x, level));
    const diffs = [];
    for (let i = 1; i < us.length; i++)
        diffs.push(Math.abs(us[i] - us[i - 1]));
    if (diffs.length < SPREAD_WINDOWS[0] + 2)
        return null;
    const typical = median(diffs);
    const meanDiff = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    const eps = Math.max(0.1 * (typical > 0 ? typical : meanDiff), 0.05);
    const windows = [];
    const mu = [];
    const tau = [];
    for (const k of SPREAD_WINDOWS) {
        if (diffs.length < k + 2)
            break;
        const logs = [];
        for (let i = 0; i + k <= diffs.length; i++)
            logs.push(Math.log(median(diffs.slice(i, i + k)) + eps));
        const m = logs.reduce((a, b) => a + b, 0) / logs.length;
        const sd = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / logs.length);
        windows.push(k);
        mu.push(m);
        tau.push(Math.max(sd, 1.2 / Math.sqrt(k)));
    }
    return { windows, mu, tau, typical, eps };
}
function createSpreadJudge(model, level, pol) {
    const diffs = [];
    const us = [];
    const longest = model.windows[model.windows.length - 1] ?? 0;
    let prev = null;
    return {
        push(s) {
            const u = robustZ(s.level, level);
            us.push(u);
            if (prev !== null)
                diffs.push(Math.abs(u - prev));
            prev = u;
            if (diffs.length > 2 * longest) {
                diffs.splice(0, diffs.length - longest);
                us.splice(0, us.length - longest - 1);
            }
            let best = null;
            for (let w = 0; w < model.windows.length; w++) {
                const k = model.windows[w];
                if (diffs.length < k)
                    break;
                const spread = median(diffs.slice(diffs.length - k));
                const z = finiteOr((Math.log(spread + model.eps) - model.mu[w]) / model.tau[w], 0);
                const ratio = (spread + model.eps) / Math.exp(model.mu[w]);
                // the k differences span k + 1 samples
                const span = us.slice(us.length - k - 1);
                const above = span.filter((v) => v > SPREAD_TAIL).length;
                const below = span.filter((v) => v < -SPREAD_TAIL).length;
                const twoSided = Math.min(above, below) >= SPREAD_TWO_SIDED_SHARE * span.length;
                const fired = z > pol.spreadThreshold && ratio >= SPREAD_MIN_RATIO && twoSided;
                if (!best || (fired && !best.fired) || (fired === best.fired && z > best.z))
                    best = { w, k, spread, z, ratio, above, below, n: span.length, twoSided, fired };
            }
            if (!best)
                return null;
            const { w, k, spread, z, ratio, above, below, n, twoSided, fired } = best;
            const typical = Math.exp(model.mu[w]) - model.eps;
            const detail = `typical change between consecutive samples over the last ${k} ${fmt(spread)} robust sigmas vs ${fmt(typical)} in the baseline's windows ` +
                `(×${fmt(ratio)}, log-scale spread ${fmt(model.tau[w])}): z ${fmt(z)}; ${above} of ${n} samples beyond +${SPREAD_TAIL} and ${below} beyond −${SPREAD_TAIL} robust sigmas` +
                (twoSided ? '' : ', not wider on both sides');
            return {
                z,
                value: spread,
                center: typical,
                scale: model.tau[w],
                detail,
                hit: fired ? { rule: 'spread-window', value: spread, center: typical, scale: model.tau[w], z, detail } : null,
            };
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/tracker.ts
// The per-metric tracker (the core): takes candidate samples one by one, sorts
// them into scored / missing / without traffic, hands the scored ones to the
// rule families and keeps the verdict pending → fail | pass | inconclusive.
//
// Rule families (one module each, src/detect/rules/):
//   level   robust gauges: trailing-window medians against the baseline's own windows
//   cusum   robust gauges: sequential test on robust z, threshold calibrated on the baseline
//   departure robust gauges: every sample of a trailing window outside the old range (policy.departureThreshold)
//   spread  robust gauges: same median, wider swings (policy.spreadRule)
//   counts  count metrics: two-rate test since the deploy and over trailing windows
//   classic method 'classic': mean/sd z, N consecutive or M of N
// plus the absolute `limit` guard, judged here.
//
// State = f(baseline so far, candidate so far). When the baseline grows (a
// concurrent baseline: old hosts sampled in the same interval) the baseline
// model is rebuilt and the candidate replayed; a failure is sticky.










/**
 * Robust gauges: with fewer valid baseline samples than this the baseline's
 * median and spread are noisy; the live window warns about it (see docs/detector.md).
 */
const SHORT_BASELINE = 18;
function tracker_sanitize(s) {
    const v = s && typeof s === 'object' ? s.value : null;
    const t = s && typeof s === 'object' ? s.total : null;
    return {
        value: typeof v === 'number' && Number.isFinite(v) ? v : null,
        total: typeof t === 'number' && Number.isFinite(t) && t >= 0 ? t : null,
    };
}
function tracker_createMetricTracker(spec, policy) {
    const pol = { ...policy, ...(spec.policy ?? {}) };
    if (pol.window === undefined || pol.window === null)
        delete pol.window;
    const bad = (0,detect_policy/* checkPolicy */.hM)(pol);
    if (bad)
        throw new Error(`metric ${spec.name}: invalid policy: ${bad}`);
    const name = String(spec.name);
    const direction = spec.direction;
    const isCount = spec.kind === 'count';
    const limit = typeof spec.limit === 'number' && Number.isFinite(spec.limit) ? spec.limit : undefined;
    const limitCount = Math.max(1, Math.floor(spec.limitCount ?? 1) || 1);
    const baseline = [];
    const candidate = [];
    let usesTotals = false;
    let model = { kind: 'none', why: 'baseline', okCount: 0 };
    let dirty = true;
    let looks = [];
    let runs = [];
    let worstZ = null;
    let lastLook = null;
    let nOk = 0;
    let nMissing = 0;
    let nIdle = 0;
    let limitRun = 0;
    let verdict = 'pending';
    let decidedAt = null;
    let reason = 'waiting for candidate samples';
    let explain = { value: null, median: 0, scale: 0, z: null, rule: 'none', index: null };
    let finished = false;
    function stateOf(o) {
        if (o.value === null)
            return 'missing';
        if (isCount) {
            if (o.value < 0)
                return 'missing';
            if (usesTotals) {
                if (o.total === null)
                    return 'missing';
                if (o.total === 0)
                    return 'notraffic';
            }
            return 'ok';
        }
        if (o.total === 0)
            return 'notraffic';
        return 'ok';
    }
    /** The level judged: the ratio events/total for counts with totals. */
    function levelOf(o) {
        if (isCount && usesTotals)
            return o.value / o.total;
        return o.value;
    }
    function exposureOf(o) {
        return usesTotals ? o.total : 1;
    }
    function buildModel() {
        const ok = baseline.filter((o) => stateOf(o) === 'ok');
        if (ok.length < pol.minBaselineSamples) {
            const idle = baseline.filter((o) => stateOf(o) === 'notraffic').length;
            const why = idle > 0 && ok.length + idle >= pol.minBaselineSamples ? 'traffic' : 'baseline';
            return { kind: 'none', why, okCount: ok.length };
        }
        if (pol.method === 'classic') {
            const cm = buildClassicModel(ok.map(levelOf), pol);
            return { kind: 'ready', okCount: ok.length, center: cm.center, scale: cm.scale, judges: [{ family: 'classic', judge: createClassicJudge(cm, direction, pol), confirm: 1 }], level: null };
        }
        if (isCount) {
            const cm = buildCountModel(ok.map((o) => ({ events: o.value, exposure: exposureOf(o) })), usesTotals);
            if (!cm)
                return { kind: 'none', why: 'traffic', okCount: ok.length };
            return { kind: 'ready', okCount: ok.length, center: cm.events / cm.exposure, scale: 0, judges: [{ family: 'count', judge: createCountJudge(cm, direction, pol), confirm: 1 }], level: null };
        }
        const ordered = baseline.map((o) => (stateOf(o) === 'ok' ? levelOf(o) : null));
        const lm = buildLevelModel(ordered, pol);
        const judges = [
            { family: 'level', judge: createLevelJudge(lm, direction, pol), confirm: 1 },
            { family: 'cusum', judge: createCusumJudge(buildCusumModel(ordered, lm), lm, direction, pol), confirm: 1 },
        ];
        const dm = pol.departureThreshold > 0 ? buildDepartureModel(ordered, pol) : null;
        if (dm)
            judges.push({ family: 'departure', judge: createDepartureJudge(dm, lm, direction, pol), confirm: 1 });
        if (pol.spreadRule) {
            const sm = buildSpreadModel(ordered, lm);
            if (sm && sm.windows.length)
                judges.push({ family: 'spread', judge: createSpreadJudge(sm, lm, pol), confirm: pol.consecutive });
        }
        return { kind: 'ready', okCount: ok.length, center: lm.center, scale: lm.scale, judges, level: lm };
    }
    function fail(at, index, hit, confirm) {
        verdict = 'fail';
        decidedAt = at;
        explain = { value: hit.value, median: hit.center, scale: hit.scale, z: hit.z, rule: hit.rule, index };
        const looks = hit.held ?? confirm;
        const held = looks > 1 ? ` (held for ${looks} consecutive samples)` : '';
        reason = `${hit.rule}${held}, threshold ${pol.method === 'robust' && isCount ? `α ${fmt(pol.poissonAlpha)}` : `z > ${fmt(pol.threshold)}`}; at sample ${index}: ${hit.detail}`;
    }
    /** Feed candidate sample i to the rule families; returns true when the metric failed. */
    function evaluate(i, now) {
        const o = candidate[i];
        const st = stateOf(o);
        if (st === 'ok')
            nOk++;
        else if (st === 'missing')
            nMissing++;
        else
            nIdle++;
        if (st !== 'ok' || model.kind !== 'ready')
            return false;
        const sample = { level: levelOf(o), events: isCount ? o.value : 0, exposure: isCount ? exposureOf(o) : 1 };
        const js = model.judges;
        for (let j = 0; j < js.length; j++) {
            const look = js[j].judge.push(sample, i);
            looks[j] = look;
            if (!look)
                continue;
            if (worstZ === null || look.z > worstZ)
                worstZ = look.z;
            if (j === 0 || look.hit || !lastLook)
                lastLook = { index: i, look };
            runs[j] = look.hit ? (runs[j] ?? 0) + 1 : 0;
            if (look.hit && runs[j] >= js[j].confirm) {
                fail(now, i, look.hit, js[j].confirm);
                return true;
            }
        }
        return false;
    }
    function rescore(now) {
        usesTotals = isCount && (baseline.some((o) => o.total !== null) || candidate.some((o) => o.total !== null));
        model = buildModel();
        dirty = false;
        looks = [];
        runs = [];
        worstZ = null;
        lastLook = null;
        nOk = 0;
        nMissing = 0;
        nIdle = 0;
        for (let i = 0; i < candidate.length; i++) {
            if (evaluate(i, now))
                return;
        }
    }
    function checkLimit(i) {
        if (limit === undefined)
            return false;
        const o = candidate[i];
        if (stateOf(o) !== 'ok')
            return false; // missing: neither extends nor breaks the run
        const x = levelOf(o);
        const beyond = direction === 'decrease' ? x < limit : x > limit;
        limitRun = beyond ? limitRun + 1 : 0;
        if (limitRun < limitCount)
            return false;
        verdict = 'fail';
        decidedAt = i;
        explain = {
            value: x,
            median: model.kind === 'ready' ? model.center : 0,
            scale: model.kind === 'ready' ? model.scale : 0,
            z: lastLook?.index === i ? lastLook.look.z : null,
            rule: 'limit',
            index: i,
        };
        reason = `absolute guard: ${limitCount > 1 ? `${limitCount} values in a row` : 'value'} ${direction === 'decrease' ? 'below' : 'above'} limit ${fmt(limit)}${isCount && usesTotals ? ' (ratio events/total)' : ''}; at sample ${i}: value ${fmt(x)}`;
        return true;
    }
    function pendingReason() {
        const parts = [];
        if (model.kind === 'none') {
            parts.push(model.why === 'baseline'
                ? `baseline has ${model.okCount} valid samples, need ${pol.minBaselineSamples}: candidate samples not scored yet`
                : 'no traffic in the baseline: candidate samples not scored yet');
        }
        else if (lastLook) {
            parts.push(`sample ${lastLook.index}: ${lastLook.look.detail}`);
            const held = runs.map((r, j) => (r > 0 && model.kind === 'ready' ? `${model.judges[j].family} rule beyond its threshold for ${r} of ${model.judges[j].confirm} samples` : '')).filter(Boolean);
            parts.push(...held);
        }
        if (nMissing > 0)
            parts.push(`${nMissing} of ${candidate.length} samples missing`);
        return parts.length ? parts.join('; ') : 'waiting for candidate samples';
    }
    function currentExplain(rule) {
        const l = lastLook?.look;
        return {
            value: l?.value ?? null,
            median: finiteOr(model.kind === 'ready' ? (l?.center ?? model.center) : 0, 0),
            scale: finiteOr(model.kind === 'ready' ? (l?.scale ?? model.scale) : 0, 0),
            z: l?.z ?? null,
            rule,
            index: lastLook?.index ?? null,
        };
    }
    function snapshot() {
        const ex = verdict === 'pending' ? currentExplain('none') : explain;
        return {
            name,
            verdict,
            decidedAt,
            reason: verdict === 'pending' ? `pending: ${pendingReason()}` : reason,
            explain: {
                value: ex.value === null ? null : finiteOr(ex.value, 0),
                median: finiteOr(ex.median, 0),
                scale: finiteOr(ex.scale, 0),
                z: ex.z === null ? null : clampZ(ex.z),
                rule: ex.rule,
                index: ex.index,
            },
            worstZ: worstZ === null ? null : clampZ(worstZ),
            samples: candidate.length,
        };
    }
    function conclude() {
        const n = candidate.length;
        let rule = null;
        let why = '';
        if (model.kind === 'none' && model.why === 'baseline') {
            rule = 'inconclusive-baseline';
            why = `too few baseline samples: ${model.okCount} valid of ${baseline.length}, need ${pol.minBaselineSamples}`;
        }
        else if (model.kind === 'none') {
            rule = 'inconclusive-traffic';
            why = `no traffic in the baseline: ${model.okCount} of ${baseline.length} samples had traffic, need ${pol.minBaselineSamples}`;
        }
        else if (n === 0) {
            rule = 'inconclusive-candidate';
            why = 'no candidate samples';
        }
        else if (nOk === 0 && nIdle > 0) {
            rule = 'inconclusive-traffic';
            why = `no traffic in the candidate window (${nIdle} of ${n} samples had total 0${nMissing ? `, ${nMissing} missing` : ''})`;
        }
        else if (nMissing / n > pol.maxMissingFraction) {
            rule = 'inconclusive-missing';
            why = `${nMissing} of ${n} candidate samples missing (more than ${fmt(pol.maxMissingFraction * 100)} %)`;
        }
        else if (nOk < pol.minCandidateSamples) {
            rule = 'inconclusive-candidate';
            why = `too few candidate samples: ${nOk} valid of ${n}, need ${pol.minCandidateSamples}`;
        }
        if (rule) {
            verdict = 'inconclusive';
            explain = currentExplain(rule);
            reason = why;
            return;
        }
        verdict = 'pass';
        explain = currentExplain('none');
        const skipped = nMissing + nIdle;
        reason =
            `no rule fired over ${nOk} scored samples` +
                (worstZ !== null ? ` (worst z ${fmt(worstZ)})` : '') +
                (skipped ? `; ${nMissing ? `${nMissing} missing` : ''}${nMissing && nIdle ? ', ' : ''}${nIdle ? `${nIdle} without traffic` : ''} not counted` : '');
    }
    return {
        addBaseline(samples) {
            if (finished || !Array.isArray(samples))
                return;
            for (const s of samples)
                baseline.push(tracker_sanitize(s));
            dirty = true;
        },
        push(sample) {
            if (finished)
                return snapshot();
            const i = candidate.length;
            const o = tracker_sanitize(sample);
            candidate.push(o);
            if (verdict === 'fail')
                return snapshot();
            if (isCount && !usesTotals && o.total !== null)
                dirty = true;
            if (dirty) {
                rescore(i);
                if (verdict === 'fail')
                    return snapshot();
            }
            else if (evaluate(i, i)) {
                return snapshot();
            }
            checkLimit(i);
            return snapshot();
        },
        finish() {
            if (finished)
                return snapshot();
            finished = true;
            if (verdict === 'fail')
                return snapshot();
            if (dirty) {
                rescore(Math.max(0, candidate.length - 1));
                if (verdict === 'fail')
                    return snapshot();
            }
            conclude();
            return snapshot();
        },
        status() {
            return snapshot();
        },
    };
}

;// CONCATENATED MODULE: ./src/detect/decide.ts
// Release-level decision from the per-metric statuses.

/**
 * Combine metric statuses into one release decision.
 * - any critical 'fail' → 'fail' (decidedAt = the earliest critical failure);
 * - else any critical 'inconclusive' or still 'pending' → 'inconclusive';
 * - else 'pass' (when at least one critical metric passed).
 * Non-critical metrics never change the verdict; their failures are named in the reason.
 * `action` is 'rollback' on fail, and on inconclusive when the effective
 * `onInconclusive` (policy, overridden per metric by `spec.policy`) of an
 * inconclusive critical metric is 'rollback'.
 */
function decide_decide(statuses, specs, policy = detect_policy/* DEFAULT_POLICY */.zj) {
    const specOf = new Map();
    for (const s of specs)
        if (!specOf.has(s.name))
            specOf.set(s.name, s);
    const isCritical = (st) => specOf.get(st.name)?.critical ?? true;
    const onInc = (st) => specOf.get(st.name)?.policy?.onInconclusive ?? policy.onInconclusive;
    const critical = statuses.filter(isCritical);
    const nonCritical = statuses.filter((s) => !isCritical(s));
    const softFails = nonCritical.filter((s) => s.verdict === 'fail');
    const note = softFails.length ? `; non-critical failures: ${softFails.map((s) => s.name).join(', ')}` : '';
    const fails = critical
        .filter((s) => s.verdict === 'fail')
        .sort((a, b) => (a.decidedAt ?? Infinity) - (b.decidedAt ?? Infinity));
    if (fails.length) {
        const first = fails[0];
        const others = fails.length > 1 ? ` (also failing: ${fails.slice(1).map((s) => s.name).join(', ')})` : '';
        return {
            verdict: 'fail',
            decidedAt: first.decidedAt,
            deciding: first.name,
            reason: `${first.name} failed at sample ${first.decidedAt ?? '?'}: ${first.reason}${others}${note}`,
            action: 'rollback',
        };
    }
    const open = critical.filter((s) => s.verdict === 'inconclusive' || s.verdict === 'pending');
    if (open.length || critical.length === 0) {
        const first = open[0] ?? null;
        const rollback = open.some((s) => s.verdict === 'inconclusive' && onInc(s) === 'rollback') ||
            (critical.length === 0 && policy.onInconclusive === 'rollback');
        const what = first
            ? open.map((s) => `${s.name} ${s.verdict === 'pending' ? 'still pending' : `inconclusive (${s.reason})`}`).join('; ')
            : 'no critical metric to judge';
        return {
            verdict: 'inconclusive',
            decidedAt: null,
            deciding: first?.name ?? null,
            reason: `${what}${note}`,
            action: rollback ? 'rollback' : 'keep',
        };
    }
    return {
        verdict: 'pass',
        decidedAt: null,
        deciding: null,
        reason: `all ${critical.length} critical metric${critical.length > 1 ? 's' : ''} passed${note}`,
        action: 'keep',
    };
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 15 modules
var schemas = __webpack_require__(9691);
;// CONCATENATED MODULE: ./src/detect/analyze.ts
// Offline analysis: one JSON line in, one JSON line out, through exactly the
// code path of the live window (createMetricTracker → push sample by sample →
// finish → decide). Pure: no I/O; never throws.




/** Limits that keep a hostile line from exhausting memory or time. */
const ANALYZE_LIMITS = Object.freeze({
    maxLineLength: 64 * 1024 * 1024,
    maxMetrics: 1000,
    maxSeriesLength: 100_000,
    maxSamplesPerLine: 2_000_000,
    maxIdLength: 1000,
    maxNameLength: 200,
});
const L = ANALYZE_LIMITS;
/** A sample value: any JSON number (non-finite ones, e.g. 1e999, count as missing) or null. */
const sampleValue = schemas/* custom */.IeY((v) => v === null || typeof v === 'number', {
    error: 'a number or null (null = missing sample)',
});
const totalValue = schemas/* custom */.IeY((v) => v === null || (typeof v === 'number' && !(v < 0)), { error: 'a number ≥ 0 or null (events in that interval)' });
function series(item, what) {
    const form = `an array of at most ${L.maxSeriesLength} ${what}, in time order`;
    return schemas/* array */.YOg(item, { error: form }).max(L.maxSeriesLength, { error: form });
}
const metricSchema = schemas/* strictObject */.rej({
    name: schemas/* string */.YjP({ error: `a non-empty string of at most ${L.maxNameLength} characters` })
        .min(1, { error: `a non-empty string of at most ${L.maxNameLength} characters` })
        .max(L.maxNameLength, { error: `a non-empty string of at most ${L.maxNameLength} characters` }),
    direction: schemas/* enum */.k5n(['increase', 'decrease', 'either'], { error: '"increase", "decrease" or "either"' }),
    kind: schemas/* enum */.k5n(['gauge', 'count'], { error: '"gauge" or "count"' }),
    baseline: series(sampleValue, 'numbers or nulls'),
    candidate: series(sampleValue, 'numbers or nulls'),
    baselineTotals: series(totalValue, 'numbers ≥ 0 or nulls').optional(),
    candidateTotals: series(totalValue, 'numbers ≥ 0 or nulls').optional(),
    critical: schemas/* boolean */.zMY({ error: 'true or false' }).optional(),
    limit: schemas/* number */.aig({ error: 'a finite number' }).optional(),
    limitCount: schemas/* number */.aig({ error: 'an integer from 1 to 1000' })
        .int({ error: 'an integer from 1 to 1000' })
        .min(1, { error: 'an integer from 1 to 1000' })
        .max(1000, { error: 'an integer from 1 to 1000' })
        .optional(),
    policy: detect_policy/* detectorPolicySchema */.c_.optional(),
}, {
    error: (iss) => iss.code === 'unrecognized_keys'
        ? 'one of the keys name, direction, kind, baseline, candidate, baselineTotals, candidateTotals, critical, limit, limitCount, policy (unknown key rejected)'
        : 'an object {"name", "direction", "kind", "baseline": [...], "candidate": [...]}',
})
    .superRefine((m, ctx) => {
    if ((m.baselineTotals === undefined) !== (m.candidateTotals === undefined)) {
        const missing = m.baselineTotals === undefined ? 'baselineTotals' : 'candidateTotals';
        ctx.addIssue({ code: 'custom', path: [missing], message: 'an array of totals: give baselineTotals and candidateTotals both or neither' });
    }
    if (m.baselineTotals && m.baselineTotals.length !== m.baseline.length) {
        ctx.addIssue({ code: 'custom', path: ['baselineTotals'], message: `an array as long as baseline (${m.baseline.length})` });
    }
    if (m.candidateTotals && m.candidateTotals.length !== m.candidate.length) {
        ctx.addIssue({ code: 'custom', path: ['candidateTotals'], message: `an array as long as candidate (${m.candidate.length})` });
    }
});
const lineSchema = schemas/* strictObject */.rej({
    id: schemas/* union */.KCZ([schemas/* string */.YjP().max(L.maxIdLength), schemas/* number */.aig()], {
        error: `a string of at most ${L.maxIdLength} characters or a finite number`,
    }),
    metrics: schemas/* array */.YOg(metricSchema, { error: `an array of 1 to ${L.maxMetrics} metric objects` })
        .min(1, { error: `an array of 1 to ${L.maxMetrics} metric objects` })
        .max(L.maxMetrics, { error: `an array of 1 to ${L.maxMetrics} metric objects` }),
    policy: detect_policy/* detectorPolicySchema */.c_.optional(),
}, {
    error: (iss) => iss.code === 'unrecognized_keys'
        ? 'one of the keys id, metrics, policy (unknown key rejected)'
        : 'a JSON object {"id", "metrics": [...], "policy"?: {...}}',
})
    .superRefine((v, ctx) => {
    const seen = new Map();
    let total = 0;
    v.metrics.forEach((m, i) => {
        if (seen.has(m.name)) {
            ctx.addIssue({ code: 'custom', path: ['metrics', i, 'name'], message: `a name not used by another metric of the line (metrics[${seen.get(m.name)}] has it)` });
        }
        else
            seen.set(m.name, i);
        total += m.baseline.length + m.candidate.length;
    });
    if (total > L.maxSamplesPerLine) {
        ctx.addIssue({ code: 'custom', path: ['metrics'], message: `at most ${L.maxSamplesPerLine} samples in all per line (got ${total})` });
    }
});
function readableId(v) {
    if (!v || typeof v !== 'object' || Array.isArray(v))
        return null;
    const id = v.id;
    if (typeof id === 'string')
        return id.length <= L.maxIdLength ? id : null;
    if (typeof id === 'number' && Number.isFinite(id))
        return id;
    return null;
}
function toSamples(values, totals) {
    return values.map((value, i) => (totals ? { value, total: totals[i] ?? null } : { value }));
}
/** Run one parsed and validated request through the live code path. */
function analyze(input) {
    const top = input.policy;
    const specs = input.metrics.map((m) => ({
        name: m.name,
        direction: m.direction,
        kind: m.kind,
        ...(m.critical !== undefined ? { critical: m.critical } : {}),
        ...(m.limit !== undefined ? { limit: m.limit } : {}),
        ...(m.limitCount !== undefined ? { limitCount: m.limitCount } : {}),
        ...(m.policy?.onInconclusive ? { policy: { onInconclusive: m.policy.onInconclusive } } : {}),
    }));
    const trackers = input.metrics.map((m, i) => {
        const policy = resolvePolicy(top, m.policy);
        const t = createMetricTracker(specs[i], policy);
        t.addBaseline(toSamples(m.baseline, m.baselineTotals));
        return t;
    });
    const candidates = input.metrics.map((m) => toSamples(m.candidate, m.candidateTotals));
    const longest = Math.max(0, ...candidates.map((c) => c.length));
    // Sample by sample, all metrics in step, as the live window does.
    for (let i = 0; i < longest; i++) {
        for (let k = 0; k < trackers.length; k++) {
            const c = candidates[k];
            if (i < c.length)
                trackers[k].push(c[i]);
        }
    }
    const statuses = trackers.map((t) => t.finish());
    const d = decide(statuses, specs, resolvePolicy(top));
    return {
        id: input.id,
        verdict: d.verdict,
        decidedAt: d.decidedAt,
        metrics: statuses.map((s) => ({ name: s.name, verdict: s.verdict, decidedAt: s.decidedAt, reason: s.reason })),
    };
}
/**
 * One input line → one output line (JSON, no trailing newline). A malformed
 * line gives `{"id": <id or null>, "error": "field …: accepted form …"}`.
 */
function analyzeLine(line) {
    let id = null;
    try {
        if (typeof line !== 'string')
            return JSON.stringify({ id, error: 'field (line): accepted form a string holding one JSON object' });
        if (line.length > L.maxLineLength) {
            return JSON.stringify({ id, error: `field (line): accepted form a JSON object of at most ${L.maxLineLength} characters` });
        }
        let parsed;
        try {
            parsed = JSON.parse(line);
        }
        catch (e) {
            const msg = e instanceof Error ? e.message.slice(0, 200) : 'parse error';
            return JSON.stringify({ id, error: `field (line): accepted form one JSON object per line (${msg})` });
        }
        id = readableId(parsed);
        const r = lineSchema.safeParse(parsed);
        if (!r.success)
            return JSON.stringify({ id, error: formatZodError(r.error) });
        return JSON.stringify(analyze(r.data));
    }
    catch (e) {
        const msg = e instanceof Error ? e.message.slice(0, 200) : String(e).slice(0, 200);
        return JSON.stringify({ id, error: `internal error: ${msg}` });
    }
}

;// CONCATENATED MODULE: ./src/detect/index.ts





;// CONCATENATED MODULE: ./src/metrics/aggregate.ts
/** Pure summaries of what the probe and the host readers saw in one interval. */
function quantile(sorted, q) {
    if (sorted.length === 0)
        return null;
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
/** Latency percentiles cover every request, failed ones included (a timeout is slow too). */
function summarizeRequests(outcomes, health = []) {
    const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const errors = outcomes.filter((o) => !o.ok).length;
    return {
        requests: outcomes.length,
        errors,
        p50: quantile(times, 0.5),
        p95: quantile(times, 0.95),
        errorRatio: outcomes.length > 0 ? errors / outcomes.length : null,
        healthChecks: health.length,
        healthFailures: health.filter((h) => !h).length,
    };
}
/** The aggregate "cpu" line of /proc/stat; iowait counts as idle. */
function parseProcStat(text) {
    const line = text.split('\n').find((l) => /^cpu\s/.test(l));
    if (!line)
        return null;
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    if (f.length < 4 || f.some((x) => !Number.isFinite(x)))
        return null;
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
    const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
    const idleAll = idle + iowait;
    const total = user + nice + system + idle + iowait + irq + softirq + steal;
    return { busy: total - idleAll, total };
}
/** Busy share (0..1) between two readings; null when the counters did not move. */
function cpuUsage(before, after) {
    const dt = after.total - before.total;
    if (dt <= 0)
        return null;
    return Math.min(1, Math.max(0, (after.busy - before.busy) / dt));
}
/** Used memory share from /proc/meminfo (MemTotal − MemAvailable). */
function parseMeminfo(text) {
    const get = (k) => {
        const m = new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text);
        return m ? Number(m[1]) : null;
    };
    const total = get('MemTotal');
    const avail = get('MemAvailable');
    if (!total || avail === null)
        return null;
    return (total - avail) / total;
}

;// CONCATENATED MODULE: ./src/metrics/probe.ts


/**
 * Sends requests at a steady rate to every target and buckets the outcomes; `take()` closes
 * the current interval and returns one summary per host.
 */
class Prober {
    targets;
    ratePerSecond;
    timeoutMs;
    healthEveryMs;
    buckets = new Map();
    timers = [];
    inflight = new Set();
    /** One controller per request in flight: a signal shared by every request would collect one
     *  abort listener per request (MaxListenersExceededWarning under load). */
    requests = new Set();
    stopped = false;
    constructor(targets, ratePerSecond, timeoutMs, healthEveryMs) {
        this.targets = targets;
        this.ratePerSecond = ratePerSecond;
        this.timeoutMs = timeoutMs;
        this.healthEveryMs = healthEveryMs;
        for (const t of targets)
            this.buckets.set(t.host.name, { outcomes: [], health: [] });
    }
    start() {
        const period = 1000 / this.ratePerSecond;
        this.targets.forEach((t, ti) => {
            let n = 0;
            const fire = () => {
                const url = t.urls[n++ % t.urls.length];
                this.track(this.request(url).then((r) => {
                    if (!this.stopped)
                        this.buckets.get(t.host.name).outcomes.push({ ok: r.ok, ms: r.ms });
                }));
            };
            // Spread hosts over the period so requests do not all leave at once.
            const offset = (period * ti) / Math.max(1, this.targets.length);
            this.timers.push(setTimeout(() => {
                fire();
                this.timers.push(setInterval(fire, period));
            }, offset));
            if (t.healthUrl) {
                const check = () => this.track(this.request(t.healthUrl).then((r) => {
                    if (!this.stopped)
                        this.buckets.get(t.host.name).health.push(r.ok);
                }));
                this.timers.push(setInterval(check, this.healthEveryMs));
            }
        });
    }
    request(url) {
        const controller = new AbortController();
        this.requests.add(controller);
        return httpGet(url, this.timeoutMs, controller.signal).finally(() => this.requests.delete(controller));
    }
    track(p) {
        this.inflight.add(p);
        void p.finally(() => this.inflight.delete(p));
    }
    /** Closes the interval: the raw outcomes per host since the last call. */
    take() {
        const out = new Map(this.buckets);
        for (const name of this.buckets.keys())
            this.buckets.set(name, { outcomes: [], health: [] });
        return out;
    }
    /** One summary over several hosts' outcomes (pooled, not averaged). */
    static pool(buckets, hosts) {
        const outcomes = [];
        const health = [];
        for (const h of hosts) {
            const b = buckets.get(h);
            if (b)
                outcomes.push(...b.outcomes), health.push(...b.health);
        }
        return summarizeRequests(outcomes, health);
    }
    async stop() {
        for (const t of this.timers)
            clearTimeout(t), clearInterval(t);
        this.timers = [];
        this.stopped = true;
        for (const c of this.requests)
            c.abort();
        await Promise.allSettled([...this.inflight]);
    }
}
function probeTargets(hosts, scheme, port, paths, healthPath, healthPort) {
    return hosts.map((host) => ({
        host,
        urls: paths.map((p) => hostUrl(scheme, host.address, port, p)),
        healthUrl: healthPath && healthPort ? hostUrl(scheme, host.address, healthPort, healthPath) : null,
    }));
}

// EXTERNAL MODULE: ./src/util/urls.ts
var urls = __webpack_require__(59812);
;// CONCATENATED MODULE: ./src/metrics/prometheus.ts



/** Fills {{host}}, {{instance}}, {{version}}, {{app}} (values are label-escaped). */
function renderQuery(template, vars) {
    return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k) => (k in vars ? vars[k].replace(/\\/g, '\\\\').replace(/"/g, '\\"') : m));
}
function toNumber(s) {
    if (s === undefined)
        return null;
    const v = Number(s);
    return Number.isFinite(v) ? v : null;
}
/** Sums the series of a vector result; empty or NaN-only results are "no data", never 0. */
function valueOfInstant(body) {
    if (body.status !== 'success')
        return { value: null, error: body.error ?? 'query failed' };
    const d = body.data;
    if (!d)
        return { value: null, error: 'response without data' };
    if (d.resultType === 'scalar') {
        const v = toNumber(d.result[1]);
        return { value: v, error: null };
    }
    const values = d.result.map((r) => toNumber(r.value?.[1])).filter((v) => v !== null);
    if (values.length === 0)
        return { value: null, error: null };
    return { value: values.reduce((a, b) => a + b, 0), error: null };
}
/** query_range as one value per step (series summed per timestamp); gaps are null. */
function valuesOfRange(body, start, end, stepSec) {
    const n = Math.max(0, Math.floor((end - start) / stepSec) + 1);
    if (body.status !== 'success' || !body.data)
        return Array.from({ length: n }, () => ({ value: null, error: body.error ?? 'query failed' }));
    const sums = new Map();
    for (const series of body.data.result) {
        for (const [t, s] of series.values ?? []) {
            const v = toNumber(s);
            if (v === null)
                continue;
            const i = Math.round((t - start) / stepSec);
            sums.set(i, (sums.get(i) ?? 0) + v);
        }
    }
    return Array.from({ length: n }, (_, i) => ({ value: sums.has(i) ? sums.get(i) : null, error: null }));
}
/** A query answer larger than this is refused (a runaway query, or not Prometheus at all). */
const MAX_PROMETHEUS_RESPONSE_BYTES = 16 << 20;
class PrometheusClient {
    s;
    http;
    constructor(s) {
        this.s = s;
        this.http = axios/* default */.A.create({
            baseURL: s.url,
            proxy: false,
            // the bearer token (or the URL's user:password) must not follow a redirect elsewhere
            maxRedirects: 0,
            maxContentLength: MAX_PROMETHEUS_RESPONSE_BYTES,
            validateStatus: () => true,
            headers: s.bearerToken ? { Authorization: `Bearer ${s.bearerToken}` } : {},
        });
    }
    async get(path, params) {
        const deadline = requestDeadline(this.s.timeoutMs);
        try {
            const res = await this.http.get(path, { params, signal: deadline.signal });
            if (typeof res.data === 'object' && res.data && 'status' in res.data)
                return res.data;
            if (res.status >= 300 && res.status < 400)
                return { status: 'error', error: `HTTP ${res.status} from Prometheus: redirects are not followed (credentials stay with prometheus.url); set prometheus.url to the final address` };
            return { status: 'error', error: `HTTP ${res.status} from Prometheus` };
        }
        catch (err) {
            const e = err;
            if (deadline.expired())
                return { status: 'error', error: `Prometheus gave no complete answer within ${this.s.timeoutMs} ms (prometheus.timeout)` };
            if (/maxContentLength/.test(e.message ?? ''))
                return { status: 'error', error: `Prometheus answer larger than ${MAX_PROMETHEUS_RESPONSE_BYTES >> 20} MiB: refused` };
            return { status: 'error', error: (0,urls/* redactUserinfo */.P)(`Prometheus unreachable: ${e.code ?? e.message}`) };
        }
    }
    async instant(query, atSec) {
        const params = { query };
        if (atSec !== undefined)
            params.time = atSec.toFixed(3);
        return valueOfInstant(await this.get('/api/v1/query', params));
    }
    async range(query, startSec, endSec, stepSec) {
        const body = await this.get('/api/v1/query_range', { query, start: startSec.toFixed(3), end: endSec.toFixed(3), step: `${stepSec}` });
        return valuesOfRange(body, startSec, endSec, stepSec);
    }
}

;// CONCATENATED MODULE: ./src/engine/watch.ts









/** The metrics a window watches, with their built-in defaults and the config's overrides. */
function metricDefinitions(config) {
    const v = config.verify;
    const defs = [];
    const add = (source, spec) => {
        const o = v.metrics[spec.name];
        if (o?.enabled === false)
            return;
        defs.push({ source, spec: { ...spec, ...(o?.critical !== undefined && { critical: o.critical }), ...(o?.direction && { direction: o.direction }), ...(o?.limit !== undefined && { limit: o.limit }), ...(o?.limitCount !== undefined && { limitCount: o.limitCount }), ...(o?.policy && { policy: { ...spec.policy, ...o.policy } }) } });
    };
    if (v.probe.enabled && (v.probe.port ?? config.container.port)) {
        // Latency changes under 10 ms are not worth a rollback whatever their z.
        add('probe', { name: 'probe.latency_p95', direction: 'increase', kind: 'gauge', critical: true, policy: { minAbsoluteEffect: 10 } });
        add('probe', { name: 'probe.latency_p50', direction: 'increase', kind: 'gauge', critical: true, policy: { minAbsoluteEffect: 10 } });
        // New errors are judged by the count test on probe.errors; the ratio adds the absolute guard
        // and catches only large shifts (5 points) so a zero baseline does not make it twitchy.
        add('probe', { name: 'probe.error_ratio', direction: 'increase', kind: 'gauge', critical: true, limit: v.probe.errorRatioLimit, limitCount: 2, policy: { minAbsoluteEffect: 0.05 } });
        add('probe', { name: 'probe.errors', direction: 'increase', kind: 'count', critical: true });
        if (config.health.path)
            add('probe', { name: 'probe.health_failures', direction: 'increase', kind: 'gauge', critical: true, limit: 0.5, limitCount: v.probe.healthFailuresInARow, policy: { minAbsoluteEffect: 0.34 } });
    }
    if (v.host.enabled) {
        add('host', { name: 'host.cpu', direction: 'increase', kind: 'gauge', critical: false });
        add('host', { name: 'host.memory', direction: 'increase', kind: 'gauge', critical: false });
        add('host', { name: 'container.restarts', direction: 'increase', kind: 'gauge', critical: true, limit: 0.5, limitCount: 1, policy: { minAbsoluteEffect: 0.5 } });
        add('host', { name: 'container.oom_kills', direction: 'increase', kind: 'gauge', critical: true, limit: 0.5, limitCount: 1, policy: { minAbsoluteEffect: 0.5 } });
    }
    for (const q of v.prometheus?.queries ?? []) {
        add('prometheus', { name: `prom.${q.name}`, direction: q.direction, kind: q.kind, critical: q.critical, limit: q.limit, limitCount: q.limitCount, policy: q.policy });
    }
    return defs;
}
function probeSamples(p) {
    const m = new Map();
    m.set('probe.latency_p95', { value: p.p95 });
    m.set('probe.latency_p50', { value: p.p50 });
    m.set('probe.error_ratio', { value: p.errorRatio });
    m.set('probe.errors', { value: p.requests > 0 ? p.errors : null, total: p.requests });
    m.set('probe.health_failures', { value: p.healthChecks > 0 ? p.healthFailures / p.healthChecks : null });
    return m;
}
/** Reads everything one interval needs from a set of hosts; keeps per-host state between calls. */
class Sampler {
    ctx;
    defs;
    prober;
    cpu = new Map();
    restarts = new Map();
    prom;
    warnings = new Set();
    queryErrors = 0;
    /** Per Prometheus query: samples read in the window, and how many came back with no series. */
    promEmpty = new Map();
    constructor(ctx, defs, prober) {
        this.ctx = ctx;
        this.defs = defs;
        this.prober = prober;
        this.prom = ctx.config.prometheus && defs.some((d) => d.source === 'prometheus') ? new PrometheusClient(ctx.config.prometheus) : null;
        if (!ctx.config.prometheus && (ctx.config.verify.prometheus?.queries.length ?? 0) > 0) {
            this.warnings.add('verify.prometheus.queries are set but prometheus.url is not: those metrics have no data');
        }
    }
    hasSource(s) {
        return this.defs.some((d) => d.source === s);
    }
    /** One pooled sample per metric for each group of hosts (e.g. candidates and baseline). */
    async sample(groups, probeBuckets, atSec) {
        return Promise.all(groups.map((g) => this.sampleGroup(g.members, g.version, probeBuckets, atSec)));
    }
    async sampleGroup(members, version, buckets, atSec) {
        const out = new Map();
        if (members.length === 0)
            return out;
        if (buckets && this.hasSource('probe'))
            for (const [k, s] of probeSamples(Prober.pool(buckets, members.map((m) => m.host.name))))
                out.set(k, s);
        if (this.hasSource('host'))
            for (const [k, s] of await this.hostSamples(members))
                out.set(k, s);
        if (this.prom)
            for (const [k, s] of await this.promSamples(members, version, atSec))
                out.set(k, s);
        return out;
    }
    async hostSamples(members) {
        const cpu = [];
        const mem = [];
        let restarts = 0;
        let ooms = 0;
        let seen = 0;
        await (0,util_clock/* settleLimit */.X$)(members, 16, async (m) => {
            try {
                const [stats, releases] = await Promise.all([m.agent.procStats(), m.agent.releases()]);
                const [statText, memText] = stats.split('---');
                const now = parseProcStat(statText);
                const before = this.cpu.get(m.host.name);
                if (now)
                    this.cpu.set(m.host.name, now);
                const u = before && now ? cpuUsage(before, now) : null;
                if (u !== null)
                    cpu.push(u);
                const mu = parseMeminfo(memText ?? '');
                if (mu !== null)
                    mem.push(mu);
                const c = releases.current;
                if (c) {
                    const prev = this.restarts.get(m.host.name);
                    if (prev && prev.id === c.id) {
                        restarts += Math.max(0, c.restartCount - prev.restarts);
                        if (c.oomKilled && !prev.oom)
                            ooms++;
                    }
                    this.restarts.set(m.host.name, { id: c.id, restarts: c.restartCount, oom: c.oomKilled });
                    seen++;
                }
            }
            catch (err) {
                this.warnings.add(`${m.host.name}: host metrics unavailable: ${(0,errors/* errorMessage */.gJ)(err)}`);
            }
        });
        const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
        return new Map([
            ['host.cpu', { value: mean(cpu) }],
            ['host.memory', { value: mean(mem) }],
            ['container.restarts', { value: seen ? restarts : null }],
            ['container.oom_kills', { value: seen ? ooms : null }],
        ]);
    }
    vars(members, version) {
        const port = this.ctx.config.verify.probe.port ?? this.ctx.config.container.port ?? '';
        const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        return {
            app: this.ctx.config.app,
            version: version ?? '',
            hosts: members.map((m) => esc(m.host.name)).join('|'),
            instances: members.map((m) => esc(`${m.host.address}:${port}`)).join('|'),
            host: members[0]?.host.name ?? '',
            instance: members[0] ? `${members[0].host.address}:${port}` : '',
        };
    }
    async promSamples(members, version, atSec) {
        const out = new Map();
        for (const q of this.ctx.config.verify.prometheus?.queries ?? []) {
            const perHost = /\{\{\s*(host|instance)\s*\}\}/.test(q.query);
            const queries = perHost ? members.map((m) => renderQuery(q.query, this.vars([m], version))) : [renderQuery(q.query, this.vars(members, version))];
            const results = await Promise.all(queries.map((text) => this.prom.instant(text, atSec)));
            const values = results.map((r) => r.value).filter((v) => v !== null);
            for (const r of results)
                if (r.error)
                    (this.queryErrors++, this.warnings.add(`prom.${q.name}: ${r.error}`));
            const seen = this.promEmpty.get(q.name) ?? { read: 0, empty: 0 };
            seen.read++;
            if (values.length === 0 && results.every((r) => !r.error))
                seen.empty++;
            this.promEmpty.set(q.name, seen);
            let value = null;
            if (values.length > 0)
                value = q.kind === 'count' || !perHost ? values.reduce((a, b) => a + b, 0) : values.reduce((a, b) => a + b, 0) / values.length;
            out.set(`prom.${q.name}`, { value });
        }
        return out;
    }
    /** Prometheus history of the old version before the deploy, one value per interval. */
    async promHistory(members, version, endSec, spanSec, stepSec) {
        const out = new Map();
        if (!this.prom)
            return out;
        for (const q of this.ctx.config.verify.prometheus?.queries ?? []) {
            const perHost = /\{\{\s*(host|instance)\s*\}\}/.test(q.query);
            const texts = perHost ? members.map((m) => renderQuery(q.query, this.vars([m], version))) : [renderQuery(q.query, this.vars(members, version))];
            const series = await Promise.all(texts.map((t) => this.prom.range(t, endSec - spanSec, endSec, stepSec)));
            const len = Math.min(...series.map((s) => s.length));
            const samples = [];
            for (let i = 0; i < len; i++) {
                const vals = series.map((s) => s[i]);
                for (const v of vals)
                    if (v.error)
                        (this.queryErrors++, this.warnings.add(`prom.${q.name} (baseline): ${v.error}`));
                const nums = vals.map((v) => v.value).filter((v) => v !== null);
                samples.push({ value: nums.length ? (q.kind === 'count' || !perHost ? nums.reduce((a, b) => a + b, 0) : nums.reduce((a, b) => a + b, 0) / nums.length) : null });
            }
            out.set(`prom.${q.name}`, samples);
        }
        return out;
    }
}
function startProber(ctx, members) {
    const v = ctx.config.verify;
    const port = v.probe.port ?? ctx.config.container.port;
    if (!v.probe.enabled || !port)
        return null;
    const prober = new Prober(probeTargets(members.map((m) => m.host), ctx.config.health.scheme, port, v.probe.paths, ctx.config.health.path, ctx.config.health.port), v.probe.rate, v.probe.timeout, v.interval);
    prober.start();
    return prober;
}
/** Samples the old release on every host for `verify.baseline` before anything changes. */
async function collectBaseline(ctx, fleet) {
    const v = ctx.config.verify;
    const defs = metricDefinitions(ctx.config);
    const releases = await Promise.all(fleet.members.map((m) => m.agent.releases()));
    const running = fleet.members.filter((_, i) => releases[i].current);
    const version = releases.find((r) => r.current)?.current?.version ?? null;
    const samples = new Map(defs.map((d) => [d.spec.name, []]));
    if (running.length === 0)
        return { samples, version: null, warnings: ['no release was running before this deploy: no baseline, only absolute guards apply'] };
    const sampler = new Sampler(ctx, defs, null);
    const nowSec = ctx.clock.now() / 1000;
    const live = defs.some((d) => d.source !== 'prometheus');
    const n = Math.floor(v.baseline / v.interval);
    const shortBaseline = live && v.baseline > 0 && n < SHORT_BASELINE && !ctx.config.rollout.canary
        ? [`verify.baseline gives ${n} samples at the ${v.interval / 1000}s interval; with fewer than ${SHORT_BASELINE} the baseline says little about how the old release varies, and a healthy release is rolled back more often (docs/detector.md): use at least ${(SHORT_BASELINE * v.interval) / 1000}s, or canary mode`]
        : [];
    if (live && v.baseline > 0) {
        const prober = startProber(ctx, running);
        ctx.log.info(`sampling ${version} on ${running.length} host(s) for ${v.baseline / 1000}s as the baseline`);
        try {
            await sampler.sample([{ members: running, version }], null, nowSec); // primes CPU counters
            const t0 = ctx.clock.now();
            for (let i = 0; i < n && !ctx.signal.aborted; i++) {
                await ctx.clock.sleep(Math.max(0, t0 + (i + 1) * v.interval - ctx.clock.now()), ctx.signal);
                const buckets = prober?.take() ?? null;
                const [s] = await sampler.sample([{ members: running, version }], buckets, ctx.clock.now() / 1000);
                for (const d of defs)
                    if (d.source !== 'prometheus')
                        samples.get(d.spec.name).push(s.get(d.spec.name) ?? { value: null });
            }
        }
        finally {
            await prober?.stop();
        }
    }
    // Prometheus history over the same span, read after it (when the probe's own traffic is in it).
    const endSec = ctx.clock.now() / 1000;
    const spanSec = Math.max(v.baseline / 1000, endSec - nowSec);
    for (const [k, s] of await sampler.promHistory(running, version, endSec, spanSec, v.interval / 1000))
        samples.set(k, s);
    return { samples, version, warnings: [...shortBaseline, ...sampler.warnings] };
}
function reportMetric(d, st, baseline, candidate) {
    return {
        name: d.spec.name,
        source: d.source,
        verdict: st.verdict,
        reason: st.reason,
        median: Number.isFinite(st.explain.median) ? st.explain.median : null,
        scale: Number.isFinite(st.explain.scale) ? st.explain.scale : null,
        worstZ: st.worstZ,
        rule: st.explain.rule,
        decidedAt: st.decidedAt,
        critical: d.spec.critical !== false,
        baseline: baseline.map((s) => s.value).filter((x) => x !== null && Number.isFinite(x)),
        candidate: candidate.map((s) => (s.value !== null && Number.isFinite(s.value) ? s.value : null)),
    };
}
/**
 * The verification window: samples the candidates (and, in canary mode, the hosts still on the
 * old release) every interval, feeds the detector sample by sample, and stops at the first
 * failing critical metric.
 */
async function runWindow(ctx, candidates, baselineHosts, version, pre) {
    const v = ctx.config.verify;
    const defs = metricDefinitions(ctx.config);
    const policy = (0,detect_policy/* resolvePolicy */.nZ)(v.policy);
    const trackers = new Map();
    const baselineSeen = new Map();
    const candidateSeen = new Map();
    const concurrent = baselineHosts.length > 0;
    for (const d of defs) {
        const t = tracker_createMetricTracker(d.spec, (0,detect_policy/* resolvePolicy */.nZ)(v.policy, d.spec.policy));
        const seed = pre?.samples.get(d.spec.name) ?? [];
        t.addBaseline(seed);
        trackers.set(d.spec.name, t);
        baselineSeen.set(d.spec.name, [...seed]);
        candidateSeen.set(d.spec.name, []);
    }
    const sampler = new Sampler(ctx, defs, null);
    const prober = startProber(ctx, [...candidates, ...baselineHosts]);
    const windowStart = ctx.clock.now();
    const n = Math.max(1, Math.floor(v.window / v.interval));
    const warmupIntervals = Math.ceil(v.warmup / v.interval);
    let decision = decide_decide([...trackers.values()].map((t) => t.status()), defs.map((d) => d.spec), policy);
    let verdictAt = null;
    ctx.log.info(`verifying ${version} on ${candidates.map((m) => m.host.name).join(', ')} for ${v.window / 1000}s (every ${v.interval / 1000}s, baseline: ${concurrent ? 'concurrent' : pre?.version ? 'pre-deploy' : 'none'})`);
    try {
        await sampler.sample([{ members: candidates, version }], null, windowStart / 1000);
        for (let i = 0; i < n + warmupIntervals; i++) {
            await ctx.clock.sleep(Math.max(0, windowStart + (i + 1) * v.interval - ctx.clock.now()), ctx.signal);
            if (ctx.signal.aborted) {
                sampler.warnings.add('verification interrupted by a signal');
                break;
            }
            const buckets = prober?.take() ?? null;
            const [cand, base] = await sampler.sample([{ members: candidates, version }, { members: baselineHosts, version: pre?.version ?? null }], buckets, ctx.clock.now() / 1000);
            if (i < warmupIntervals)
                continue;
            for (const d of defs) {
                const t = trackers.get(d.spec.name);
                if (concurrent) {
                    const b = base.get(d.spec.name) ?? { value: null };
                    t.addBaseline([b]);
                    baselineSeen.get(d.spec.name).push(b);
                }
                const s = cand.get(d.spec.name) ?? { value: null };
                candidateSeen.get(d.spec.name).push(s);
                t.push(s);
            }
            decision = decide_decide([...trackers.values()].map((t) => t.status()), defs.map((d) => d.spec), policy);
            const failing = defs.filter((d) => trackers.get(d.spec.name).status().verdict === 'fail');
            if (failing.length)
                ctx.log.debug(`interval ${i}: failing ${failing.map((d) => d.spec.name).join(', ')}`);
            if (decision.verdict === 'fail') {
                verdictAt = ctx.clock.now();
                ctx.log.warn(`regression: ${decision.reason}`);
                break;
            }
        }
    }
    finally {
        await prober?.stop();
    }
    const statuses = [...trackers.values()].map((t) => t.finish());
    decision = decide_decide(statuses, defs.map((d) => d.spec), policy);
    verdictAt ??= ctx.clock.now();
    if (decision.verdict === 'inconclusive' && !concurrent && !pre?.version) {
        decision = { ...decision, reason: 'no baseline to compare with (no release ran before): only the absolute guards were applied, and they passed' };
    }
    const warnings = [...(pre?.warnings ?? []), ...sampler.warnings];
    if (sampler.queryErrors > 0)
        warnings.push(`${sampler.queryErrors} Prometheus query error(s): those samples count as missing data`);
    for (const [name, n] of sampler.promEmpty) {
        if (n.read > 0 && n.empty === n.read)
            warnings.push(`prom.${name}: Prometheus answered, but the query matched no series in any of the ${n.read} samples of the window: check its labels and metric names`);
    }
    if (decision.verdict === 'inconclusive' && (concurrent || pre?.version))
        warnings.push(`verification inconclusive: ${decision.reason}; policy: ${policy.onInconclusive === 'rollback' ? 'roll back' : 'keep the release'}`);
    return {
        verdict: decision.verdict,
        reason: decision.reason,
        deciding: decision.deciding,
        windowMs: verdictAt - windowStart,
        intervalMs: v.interval,
        samples: Math.max(0, ...[...candidateSeen.values()].map((s) => s.length)),
        baselineKind: concurrent ? 'concurrent' : pre?.version ? 'pre-deploy' : 'none',
        onInconclusive: policy.onInconclusive,
        detectMs: decision.verdict === 'fail' ? verdictAt - windowStart : null,
        metrics: defs.map((d, i) => reportMetric(d, statuses[i], baselineSeen.get(d.spec.name), candidateSeen.get(d.spec.name))),
        warnings,
    };
}
/** Restarts unhealthy containers that run the expected release (bounded), for `verify` with heal: restart. */
async function heal(ctx, fleet) {
    const out = [];
    const quick = { ...ctx.config, health: { ...ctx.config.health, timeoutMs: 0 } };
    await (0,util_clock/* settleLimit */.X$)(fleet.members, 16, async (m) => {
        const r = await m.agent.releases();
        if (!r.current)
            return;
        if ((await waitHealthy(m.agent, r.current.name, quick, ctx.clock)).healthy)
            return;
        let attempts = 0;
        let healthy = false;
        while (!healthy && attempts < ctx.config.verify.healAttempts) {
            attempts++;
            ctx.log.warn(`${m.host.name}: ${r.current.name} is unhealthy; restarting it (attempt ${attempts})`);
            await m.agent.restart(r.current.name, Math.ceil(ctx.config.container.stopTimeoutMs / 1000)).catch((e) => ctx.log.error((0,errors/* errorMessage */.gJ)(e)));
            healthy = (await waitHealthy(m.agent, r.current.name, ctx.config, ctx.clock, ctx.signal)).healthy;
        }
        out.push({ host: m.host.name, attempts, healthy });
    });
    return out;
}
function watcher(config) {
    if (!config.verify.enabled)
        return null;
    return {
        baseline: (ctx, fleet) => collectBaseline(ctx, fleet),
        verify: ({ ctx, candidates, baselineHosts, release, preDeploy }) => runWindow(ctx, candidates, baselineHosts, release.version, preDeploy ?? null),
        async verifyDeployed(ctx) {
            const report = newReport(ctx, 'verify', null);
            const fleet = new Fleet(ctx);
            try {
                await fleet.preflight({ lock: false, version: null });
                const healed = ctx.config.verify.heal === 'restart' ? await heal(ctx, fleet) : [];
                const releases = await Promise.all(fleet.members.map((m) => m.agent.releases()));
                report.version = releases.find((r) => r.current)?.current?.version ?? null;
                const pre = ctx.config.prometheus ? await collectBaseline({ ...ctx, config: { ...ctx.config, verify: { ...ctx.config.verify, baseline: 0 } } }, fleet) : null;
                const verification = await runWindow(ctx, fleet.members, [], report.version ?? 'unknown', pre);
                verification.heal = healed;
                report.verification = verification;
                report.hosts = fleet.members.map((m, i) => ({ name: m.host.name, address: m.host.address, previous: null, final: releases[i].current?.version ?? null, result: 'ok', healthy: healed.find((h) => h.host === m.host.name)?.healthy ?? null, detail: healed.find((h) => h.host === m.host.name) ? `restarted ${healed.find((h) => h.host === m.host.name).attempts}×` : '', retained: releases[i].retained.map((c) => c.version), steps: [] }));
                const unhealed = healed.filter((h) => !h.healthy);
                report.outcome = verification.verdict === 'fail' || unhealed.length ? 'failed' : verification.verdict === 'inconclusive' ? 'inconclusive' : 'ok';
                report.reason = unhealed.length ? `${unhealed.map((h) => h.host).join(', ')} stayed unhealthy after restarts` : `verification ${verification.verdict}: ${verification.reason}`;
            }
            catch (err) {
                report.outcome = 'failed';
                report.reason = (0,errors/* errorMessage */.gJ)(err);
            }
            finally {
                fleet.close();
            }
            return finishReport(ctx, report);
        },
    };
}

;// CONCATENATED MODULE: ./src/targets/orchestrated.ts







/**
 * The engine for targets whose orchestrator runs the units itself (Swarm today, Kubernetes
 * next): rollwatch builds, takes the lock, lets the orchestrator roll the release out, then runs
 * the same verification window, detector and report as the SSH target on the units' nodes, and
 * asks the orchestrator to roll back on a regression.
 *
 * The nodes are the config's `hosts`: SSH to them gives host metrics and the deploy lock (held
 * on the manager host), exactly as for the SSH target.
 */
function orchestratedTarget(kind, config, make) {
    const watch = watcher(config);
    /** Runs `body` with an orchestrator and the fleet; closes both. */
    async function session(ctx, command, version, body) {
        const report = newReport(ctx, command, version);
        const orch = make(ctx);
        const fleet = new Fleet(ctx);
        report.target = { kind, description: orch.describe() };
        const s = { ctx, report, orch, fleet, locked: false };
        try {
            await body(s);
        }
        catch (err) {
            report.outcome = 'failed';
            report.reason = (0,errors/* errorMessage */.gJ)(err);
        }
        finally {
            const order = (name) => ((i) => (i < 0 ? Number.MAX_SAFE_INTEGER : i))(ctx.config.hosts.findIndex((h) => h.name === name));
            report.hosts.sort((a, b) => order(a.name) - order(b.name));
            if (s.locked)
                await orchestrated_releaseLock(s);
            report.warnings.push(...fleet.warnings);
            orch.close();
            fleet.close();
        }
        return finishReport(ctx, report);
    }
    return {
        kind,
        deploy: (ctx, o) => session(ctx, 'deploy', resolveVersion(ctx, o.version), (s) => orchestrated_deploy(s, watch, o.forceBuild)),
        rollback: (ctx, version) => session(ctx, 'rollback', version ?? null, (s) => rollback(s, version)),
        status: (ctx) => session(ctx, 'status', null, (s) => orchestrated_status(s)),
        verify: (ctx) => session(ctx, 'verify', null, (s) => verify(s, watch)),
        plan: (ctx, version) => session(ctx, 'plan', resolveVersion(ctx, version), (s) => plan(s)),
        lock: (ctx, action) => lockCommand(ctx, action),
    };
}
function lockHost(s) {
    return s.fleet.member(s.ctx.config.swarm?.manager ?? s.ctx.config.hosts[0].name);
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
function checkpoint(s, version, p) {
    s.ctx.onCheckpoint?.({ runId: s.ctx.runId, app: s.ctx.config.app, command: s.ctx.command === 'rollback' ? 'rollback' : 'deploy', version, phase: p, touched: {}, lockedHosts: s.locked ? [lockHost(s).host.name] : [] });
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
        throw new errors/* RollwatchError */.vP('lock', `the deploy lock of ${s.ctx.config.app} is held, nothing was changed:\n  ${m.host.name}: held by ${describeHolder(r.holder)}`, undefined, 'wait for that run to finish, or if it is gone: rollwatch lock release --config FILE');
    }
    s.locked = true;
    checkpoint(s, version, 'preflight');
}
async function orchestrated_releaseLock(s) {
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
function membersFor(s, units) {
    const names = new Set(units.map((u) => u.host).filter((h) => h !== null));
    return s.fleet.members.filter((m) => names.has(m.host.name));
}
async function buildImage(s, version, forceBuild) {
    const { config, log } = s.ctx;
    if (config.image.build) {
        return buildAndPush({ dockerHost: config.dockerHost, app: config.app, repository: config.image.repository, version, extraTags: config.image.tags, build: config.image.build, registry: config.registry, revision: s.ctx.commit, force: forceBuild }, log);
    }
    const existing = await resolveExisting(config.dockerHost, config.image.repository, version, config.registry);
    if (!existing)
        throw new errors/* RollwatchError */.vP('build', `${config.image.repository}:${version} is not in the registry and image.build is not configured`, 'image.build');
    return existing;
}
async function orchestrated_deploy(s, watch, forceBuild) {
    const { ctx, report, orch } = s;
    const { clock, log } = ctx;
    const version = report.version;
    const before = await phase(s, 'preflight', async () => {
        await preflight(s, true, version);
        return orch.current();
    });
    report.previousVersion = before?.version ?? null;
    const beforeUnits = before?.units ?? [];
    report.hosts = rows(beforeUnits, [], () => ({ result: 'untouched', healthy: null, detail: '' }), report.previousVersion).map((h) => ({ ...h, final: h.previous }));
    const tBuild = clock.now();
    const image = await phase(s, 'build', () => buildImage(s, version, forceBuild));
    report.timings.buildMs = clock.now() - tBuild;
    report.image = image.tagRef;
    report.digest = image.digest;
    const release = { version, imageRef: image.imageRef, digest: image.digest };
    const preDeploy = watch && beforeUnits.length > 0 ? await phase(s, 'baseline', () => watch.baseline(ctx, s.fleet)) : undefined;
    if (ctx.signal.aborted)
        throw new errors/* RollwatchError */.vP('deploy', 'interrupted by a signal before the update was sent; nothing was changed');
    checkpoint(s, version, 'rollout');
    const tRollout = clock.now();
    const outcome = await phase(s, `rollout: ${orch.describe()}`, () => orch.rollout(ctx, release));
    report.timings.deployServerMs = clock.now() - tRollout;
    if (outcome.kind === 'rolled-back-by-orchestrator') {
        report.outcome = 'failed';
        report.reason = `${outcome.reason}; ${outcome.backHealthy ? `every task is back on ${report.previousVersion ?? 'the previous version'} and healthy` : 'the previous version is NOT healthy everywhere'}`;
        const failedOn = new Map(outcome.failedUnits.map((u) => [u.host ?? u.address, u]));
        report.hosts = rows(beforeUnits, outcome.units, (name, _had, has) => {
            const failed = failedOn.get(name);
            return {
                result: (failed ? 'restored' : 'untouched'),
                healthy: has ? outcome.backHealthy : null,
                detail: failed ? `${version} failed here: ${failed.error ?? failed.state}${failed.exitCode ? ` (exit code ${failed.exitCode})` : ''}; Swarm put ${report.previousVersion ?? 'the previous version'} back` : has ? `on ${has.version}` : '',
            };
        }, report.previousVersion);
        if (!outcome.backHealthy)
            report.hosts.forEach((h) => (h.result = h.healthy === false ? 'failed' : h.result));
        return;
    }
    if (outcome.kind === 'failed') {
        log.error(outcome.reason);
        const back = before ? await phase(s, 'rollback', () => orch.undo(ctx)) : null;
        report.outcome = 'failed';
        report.reason = `${outcome.reason}${back ? `; rolled back by rollwatch: ${back.detail}` : ''}`;
        report.hosts = rows(beforeUnits, back?.units ?? outcome.units, (_n, _had, has) => ({ result: back?.healthy ? 'restored' : 'failed', healthy: back ? back.healthy : false, detail: back?.detail ?? outcome.reason }), report.previousVersion);
        return;
    }
    const health = await s.orch.health(ctx, outcome.units);
    report.hosts = rows(beforeUnits, outcome.units, (_n, had, has) => ({
        result: has ? (had?.version === version ? 'unchanged' : 'deployed') : 'untouched',
        healthy: has ? (health.get(has.id)?.healthy ?? null) : null,
        detail: has ? `task ${has.id.slice(0, 12)} ${has.state}` : 'no task of the service here now',
    }), report.previousVersion);
    let verification = null;
    if (watch) {
        checkpoint(s, version, 'verify');
        const candidates = membersFor(s, outcome.units);
        if (candidates.length < outcome.units.length)
            report.warnings.push(`${outcome.units.length - candidates.length} task(s) run on nodes that are not in hosts: they are not verified`);
        verification = await phase(s, 'verify', () => watch.verify({ ctx, fleet: s.fleet, release, candidates, baselineHosts: [], preDeploy, windowStartedAt: clock.now() }));
    }
    report.verification = verification;
    // interrupted (SIGINT/SIGTERM) before the window could judge the release: put the old one back
    const interrupted = ctx.signal.aborted && verification?.verdict !== 'pass';
    const regressed = interrupted || verification?.verdict === 'fail' || (verification?.verdict === 'inconclusive' && verification.onInconclusive === 'rollback');
    if (!regressed) {
        report.outcome = keptOutcome(verification);
        report.reason = verification ? `verification ${verification.verdict}: ${verification.reason}` : `all ${outcome.units.length} task(s) on ${version} and healthy`;
        checkpoint(s, version, 'done');
        return;
    }
    if (!before) {
        report.outcome = 'failed';
        if (interrupted)
            return void (report.reason = 'interrupted by a signal before the release was verified; the service was created by this run and is left running');
        report.reason = `verification ${verification.verdict}: ${verification.reason}; the service was created by this run, so there is no previous version to return to`;
        return;
    }
    const tVerdict = clock.now();
    checkpoint(s, version, 'rollback');
    const back = await phase(s, 'rollback', () => orch.undo(ctx));
    report.timings.recoverMs = clock.now() - tVerdict;
    report.outcome = back.healthy && !interrupted ? 'rolled-back' : 'failed';
    report.timings.recoverMs = interrupted ? null : report.timings.recoverMs;
    report.reason = `${interrupted ? 'interrupted by a signal before the release was verified' : `verification ${verification.verdict}: ${verification.reason}`}; rolled back by rollwatch through Swarm's rollback: ${back.detail}`;
    report.hosts = rows(outcome.units, back.units, (_n, _had, has) => ({ result: back.healthy ? 'rolled-back' : 'failed', healthy: has ? back.healthy : null, detail: has ? `task ${has.id.slice(0, 12)} ${has.state}` : 'no task here after the rollback' }), null).map((h) => ({ ...h, previous: report.previousVersion }));
    checkpoint(s, version, 'done');
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
        const existing = await resolveExisting(ctx.config.dockerHost, ctx.config.image.repository, requested, ctx.config.registry);
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
async function orchestrated_status(s) {
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
async function verify(s, watch) {
    const { ctx, report, orch } = s;
    await preflight(s, false, null);
    const cur = await orch.current();
    if (!cur || cur.units.length === 0)
        throw new errors/* RollwatchError */.vP('verify', `service ${ctx.config.swarm?.service} runs no task: nothing to verify`);
    report.version = cur.version;
    const health = await orch.health(ctx, cur.units);
    report.hosts = cur.units.map((u) => ({ name: u.host ?? u.address, address: u.address, previous: null, final: u.version, result: 'ok', healthy: health.get(u.id)?.healthy ?? null, detail: `task ${u.id.slice(0, 12)} ${u.state}`, retained: [], steps: [] }));
    if (!watch) {
        report.outcome = report.hosts.some((h) => h.healthy === false) ? 'failed' : 'ok';
        report.reason = 'verify.enabled is false: health checks only';
        return;
    }
    const quiet = { ...ctx, config: { ...ctx.config, verify: { ...ctx.config.verify, baseline: 0 } } };
    const pre = ctx.config.prometheus ? await watch.baseline(quiet, s.fleet) : undefined;
    const v = await watch.verify({ ctx, fleet: s.fleet, release: { version: cur.version ?? 'unknown', imageRef: cur.image, digest: '' }, candidates: membersFor(s, cur.units), baselineHosts: [], preDeploy: pre, windowStartedAt: ctx.clock.now() });
    report.verification = v;
    report.outcome = v.verdict === 'fail' ? 'failed' : v.verdict === 'inconclusive' ? 'inconclusive' : 'ok';
    report.reason = `verification ${v.verdict}: ${v.reason}`;
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

;// CONCATENATED MODULE: ./src/engine/plan.ts







/** What a deploy would do, read-only: batches, per-host intent, lock state. Touches nothing. */
async function plan_plan(ctx, requested) {
    const { config } = ctx;
    const version = resolveVersion(ctx, requested);
    const report = newReport(ctx, 'plan', version);
    const fleet = new Fleet(ctx);
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
                : `batch ${batchOf.get(m.host.name)}/${batches.length}: pull ${config.image.repository}:${version} by digest, ${config.rollout.strategy === 'stop-start' ? `stop ${cur?.name ?? '(nothing)'}, start ${containerName(config.app, version)}` : `start ${containerName(config.app, version)}, then stop ${cur?.name ?? '(nothing)'}`}, gate on health${config.verify.enabled ? ', verify' : ''}; keep ${config.rollout.retain} previous release(s)`;
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
    return finishReport(ctx, report);
}

;// CONCATENATED MODULE: ./src/engine/rollback.ts







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
    const report = newReport(ctx, 'rollback', requested ?? null);
    const fleet = new Fleet(ctx);
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
                        const health = await waitHealthy(m.agent, r.current.name, releaseHealthConfig(config, r.current), clock);
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
                        const health = await waitHealthy(m.agent, to.name, releaseHealthConfig(config, to), clock);
                        if (!health.healthy)
                            throw new errors/* RollwatchError */.vP('rollback', `${target} did not become healthy: ${health.detail}`);
                        Object.assign(hr, { result: 'rolled-back', final: target, healthy: true, detail: `${r.current?.version ?? '(nothing)'} → ${target} (retained container, no pull)` });
                        log.info(`${m.host.name}: ${r.current?.version ?? '(nothing)'} → ${target}, healthy`);
                    }
                    catch (err) {
                        failed ??= (0,errors/* hostMessage */.yd)(m.host.name, err);
                        const back = await restoreHost(ctx, m.agent, to.name, r.current?.name ?? null, { removeFailed: false, previous: r.current });
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
    return finishReport(ctx, report);
}

;// CONCATENATED MODULE: ./src/targets/ssh-target.ts





/** The SSH target: the existing host-by-host engine, unchanged, behind the Target interface. */
function sshTarget(config) {
    const watch = watcher(config);
    return {
        kind: 'ssh',
        deploy: (ctx, o) => deploy(ctx, { version: o.version, forceBuild: o.forceBuild, verify: watch?.verify, baseline: watch?.baseline }),
        rollback: (ctx, version) => rollback_rollback(ctx, version),
        status: (ctx) => status_status(ctx),
        verify: (ctx) => (watch ? watch.verifyDeployed(ctx) : status_status(ctx)),
        plan: (ctx, version) => plan_plan(ctx, version),
        lock: (ctx, action) => lockCommand(ctx, action),
    };
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
;// CONCATENATED MODULE: ./src/targets/swarm/engine-connection.ts





/**
 * The Docker engine API of one host, reached over SSH with the same strict host-key check as
 * the SSH target: one SSH connection, and per HTTP connection a `docker system dial-stdio`
 * channel (the docker CLI's own way of tunnelling the engine socket). dockerode drives it.
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
        const agent = new (external_node_http_default()).Agent({ keepAlive: true, maxSockets: 4 });
        agent.createConnection = (_options, cb) => {
            const conn = ssh.connection;
            if (!conn) {
                cb(new errors/* RollwatchError */.vP('deploy', `${this.host.name}: the SSH connection to the Swarm manager is closed`));
                return undefined;
            }
            conn.exec('docker system dial-stdio', (err, channel) => {
                if (err)
                    return cb(err);
                // http expects a socket: the few socket methods it calls are no-ops on an SSH channel
                const socket = channel;
                for (const m of ['setKeepAlive', 'setNoDelay', 'setTimeout', 'ref', 'unref'])
                    if (typeof socket[m] !== 'function')
                        socket[m] = () => socket;
                cb(null, socket);
            });
            return undefined;
        };
        this.agent = agent;
        this.client = new (docker_default())({ host: 'swarm-manager', port: 80, protocol: 'http', agent, version: 'v1.41' });
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
    const labels = {
        ...config.container.labels,
        [LABEL.app]: config.app,
        [LABEL.version]: release.version,
        [LABEL.digest]: release.digest,
        [LABEL.image]: release.imageRef,
        [LABEL.deployedAt]: meta.deployedAt,
        [LABEL.run]: meta.runId,
    };
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
            version: t.Spec?.ContainerSpec?.Labels?.[LABEL.version] ?? null,
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
            version: svc.Spec.Labels?.[LABEL.version] ?? null,
            image: svc.Spec.TaskTemplate.ContainerSpec.Image,
            previousVersion: svc.PreviousSpec?.Labels?.[LABEL.version] ?? null,
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
        this.log.info(`asking Swarm to roll ${this.swarm.service} back to its previous spec (${svc.PreviousSpec.Labels?.[LABEL.version] ?? previousImage})`);
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
            const url = hostUrl(h.scheme, u.address, h.port, h.path);
            const r = await httpGet(url, h.requestTimeoutMs);
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
            return orchestratedTarget('swarm', config, (ctx) => new SwarmOrchestrator(ctx.config, ctx.log));
        default:
            return sshTarget(config);
    }
}


/***/ })

};
;