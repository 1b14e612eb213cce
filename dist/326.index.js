"use strict";
exports.id = 326;
exports.ids = [326];
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

/***/ 68417:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   engineClient: () => (/* binding */ engineClient)
/* harmony export */ });
/* harmony import */ var dockerode__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(39040);
/* harmony import */ var dockerode__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(dockerode__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _docker_engine__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(66556);
/* harmony import */ var _engine_channel__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(31863);



/**
 * A dockerode client over `agent` (engine-channel.ts), speaking ENGINE_API_VERSION. Its own
 * module, loaded on first use: dockerode is a large share of start-up, and a deploy loads it
 * while its SSH handshakes wait on the hosts (Fleet.preflight), not before them.
 */
function engineClient(agent) {
    (0,_docker_engine__WEBPACK_IMPORTED_MODULE_1__/* .keepRegistryAuthOutOfDebugLogs */ .cc)();
    return new (dockerode__WEBPACK_IMPORTED_MODULE_0___default())({ host: 'docker', port: 80, protocol: 'http', agent, version: _engine_channel__WEBPACK_IMPORTED_MODULE_2__/* .ENGINE_API_VERSION */ .bG });
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