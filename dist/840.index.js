"use strict";
exports.id = 840;
exports.ids = [840];
exports.modules = {

/***/ 94840:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  configJsonSchema: () => (/* binding */ configJsonSchema)
});

// EXTERNAL MODULE: ./node_modules/zod/v4/core/json-schema-processors.js
var json_schema_processors = __webpack_require__(98439);
// EXTERNAL MODULE: ./src/config/schema.ts
var config_schema = __webpack_require__(90131);
;// CONCATENATED MODULE: ./src/config/descriptions.ts
/**
 * What editors show on hover for every field of the config (the JSON Schema's `description`).
 * Keyed by the field's path with `[]` for list entries and `*` for map entries; the detector
 * policy's fields and a secret's sources are the same wherever they appear, so they are written
 * once. A unit test walks the generated schema and fails on any field without a description.
 */
const D = 'a duration such as "30s", "1m30s" or "500ms"';
const SECRET = 'a string, or { fromEnv: NAME } / { fromFile: PATH }; masked in every log and report';
const FIELD_DESCRIPTIONS = {
    app: 'The app\'s name: names the containers (APP-VERSION), the deploy lock and the state on each host. Lower-case letters, digits, ".", "_" and "-".',
    version: 'The version to deploy, usually left out: --version or the action\'s `version` input, else the git commit SHA.',
    target: 'Where the app runs: "ssh" (default): containers on each host over SSH; "swarm": a Docker Swarm service (see docs/swarm.md).',
    swarm: 'Docker Swarm settings, with target: swarm. The hosts are then the swarm\'s nodes.',
    'swarm.manager': 'The host (by name, from `hosts`) whose engine is a Swarm manager. Default: the first host.',
    'swarm.service': 'The service name. Default: the app name.',
    'swarm.replicas': 'Number of tasks. Default: the number of hosts.',
    'swarm.parallelism': 'Tasks updated at once (default 1).',
    'swarm.delay': `Pause between batches of tasks: ${D} (default 1s).`,
    'swarm.monitor': `How long Swarm watches each new task before the next batch: ${D} (default 5s).`,
    'swarm.order': '"auto" (default): start-first unless a task holds a host port, then stop-first; or "start-first" / "stop-first".',
    'swarm.rollbackParallelism': 'Tasks rolled back at once (default 1).',
    'swarm.updateTimeout': `How long an update or a rollback may run before rollwatch stops waiting: ${D} (default 5m).`,
    'swarm.healthcheck': 'A health command for the service\'s tasks (Swarm runs it inside each container).',
    'swarm.healthcheck.test': 'The command as a list of arguments, e.g. ["curl", "-fsS", "http://127.0.0.1:8080/health"].',
    'swarm.healthcheck.interval': `Time between two runs of the command: ${D} (default 1s).`,
    'swarm.healthcheck.timeout': `How long one run may take: ${D} (default 2s).`,
    'swarm.healthcheck.retries': 'Failures in a row that make a task unhealthy (default 2).',
    'swarm.healthcheck.startPeriod': `Grace period after a task starts, when failures do not count: ${D} (default 2s).`,
    image: 'The image deployed: its repository and, to build it, the build settings.',
    'image.repository': 'The image repository without tag or digest, e.g. "ghcr.io/acme/web". Each release is tagged with its version and pinned by digest.',
    'image.digest': 'A prebuilt image to deploy as repository@digest, e.g. the digest output of docker/build-push-action ("sha256:…"); nothing is built, and the registry must hold it. Leave out image.build with it.',
    'image.tags': 'Extra tags pushed with each build, e.g. ["latest"] (default none).',
    'image.build': 'Build the image from this repository (leave out to deploy an image that is already in the registry).',
    'image.build.context': 'The build context, relative to the config file (default ".").',
    'image.build.dockerfile': 'The Dockerfile, inside the context (default "Dockerfile").',
    'image.build.args': 'Build arguments (ARG), NAME: value.',
    'image.build.target': 'The stage of a multi-stage Dockerfile to build.',
    'image.build.labels': 'Labels set on the image.',
    'image.build.builder': 'The Docker engine\'s builder: "buildkit" (default; RUN --mount=type=cache, <Dockerfile>.dockerignore, cache import) or "classic" (the legacy builder). Multi-platform images: build them with docker/build-push-action and deploy the digest (image.digest).',
    'image.build.cacheFrom': 'Images whose layers the build may reuse, e.g. the previous release pushed with inlineCache ("registry/app:latest").',
    'image.build.network': 'The network of RUN steps, as docker build --network: "default", "host" (for a build engine without a bridge network) or "none".',
    'image.build.inlineCache': 'Write BuildKit\'s cache metadata into the pushed image, so a later build can name it in cacheFrom (BuildKit only).',
    registry: 'The registry the image is pushed to and the hosts pull from.',
    'registry.server': 'The registry host[:port], e.g. "ghcr.io"; must be the host of image.repository ("docker.io" for Docker Hub).',
    'registry.username': 'The registry user.',
    'registry.password': `The registry password or token: ${SECRET}. Sent to the hosts on stdin only.`,
    'registry.passwordEnv': 'Deprecated: write password: { fromEnv: NAME }. The environment variable holding the password.',
    'registry.passwordFile': 'Deprecated: write password: { fromFile: PATH }. A file holding the password.',
    docker: 'The Docker engine that builds and pushes (default: DOCKER_HOST, else the local engine).',
    'docker.host': 'The engine\'s address: "unix:///var/run/docker.sock", "tcp://host:2376" (with TLS) or "ssh://user@host".',
    'docker.tls': 'TLS for a tcp:// engine: PEM files (relative to the config file).',
    'docker.tls.ca': 'The CA certificate of the engine (PEM file).',
    'docker.tls.cert': 'The client certificate (PEM file).',
    'docker.tls.key': 'The client certificate\'s private key (PEM file).',
    'docker.allowPlainTcp': 'Allow plain tcp:// (no TLS) to an engine on another machine; refused unless true.',
    ssh: 'How rollwatch reaches the hosts over SSH.',
    'ssh.user': 'The SSH user (default root); per host: hosts[].user. It needs access to the Docker socket.',
    'ssh.port': 'The SSH port (default 22); per host: hosts[].port.',
    'ssh.privateKey': `The SSH private key (OpenSSH or PEM): ${SECRET}. The action's \`ssh-key\` input replaces it.`,
    'ssh.privateKeyFile': 'Deprecated: write privateKey: { fromFile: PATH }. A file holding the private key.',
    'ssh.passphrase': `The passphrase of the private key, if it has one: ${SECRET}.`,
    'ssh.knownHostsFile': 'A known_hosts file (relative to the config file) with the hosts\' keys.',
    'ssh.knownHosts': 'known_hosts lines, inline.',
    'ssh.hostKeys': '"strict" (default): every host key must be pinned (hosts[].fingerprint or known_hosts); "accept-new": trust a host\'s key on first use.',
    'ssh.connectTimeout': `How long connecting to a host may take: ${D} (default 10s).`,
    'ssh.commandTimeout': `The longest a single remote command may run, an image pull included: ${D} (default 10m).`,
    'ssh.jumpHost': 'A bastion every SSH connection goes through.',
    'ssh.jumpHost.address': 'The bastion\'s host name or IP address.',
    'ssh.jumpHost.port': 'The bastion\'s SSH port (default 22).',
    'ssh.jumpHost.user': 'The user on the bastion (default ssh.user).',
    'ssh.jumpHost.fingerprint': 'The bastion\'s host key fingerprint, "SHA256:…" as `ssh-keygen -lf` prints it.',
    hosts: 'The hosts the app runs on: addresses, or { name, address, port, user, fingerprint }.',
    'hosts[].name': 'The host\'s name in logs, reports and `swarm.manager` (default: its address). A destination file merges its entries by this name.',
    'hosts[].address': 'The host name or IP address to connect to.',
    'hosts[].port': 'The SSH port of this host (default ssh.port).',
    'hosts[].user': 'The SSH user on this host (default ssh.user).',
    'hosts[].fingerprint': 'The host key\'s fingerprint, "SHA256:…" as `ssh-keygen -lf` prints it: pins the key.',
    container: 'How the app\'s container runs on each host.',
    'container.port': 'The app\'s port: the health check and the probes use it. With rollout.strategy proxy: the port the proxy serves the app on (the probes go through the proxy).',
    'container.network': 'The container\'s Docker network, e.g. "host" (default: Docker\'s bridge).',
    'container.ports': 'Published ports, "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp]", e.g. ["80:8080"].',
    'container.env': 'The container\'s environment: NAME: value, or NAME: { value | fromEnv | fromFile, secret }.',
    'container.env.*.value': 'The value, inline.',
    'container.env.*.fromEnv': 'The environment variable of the deploy that holds the value.',
    'container.env.*.fromFile': 'A file (relative to the config file) that holds the value; its last newline is dropped.',
    'container.env.*.secret': 'Mask the value in every log and report (default false).',
    'container.volumes': 'Volumes, "SOURCE:/container/path[:ro|rw]" with SOURCE an absolute path or a volume name.',
    'container.labels': 'Labels set on the container.',
    'container.restart': 'Docker\'s restart policy: "no", "always", "unless-stopped" (default) or "on-failure".',
    'container.stopTimeout': `Grace period between SIGTERM and SIGKILL when a container stops: ${D} (default 10s).`,
    'container.memory': 'Memory limit in Docker\'s units, e.g. "512m", "1.5g", "512MB" (powers of 1024), or bytes; at least 6m.',
    'container.cpus': 'CPU limit, e.g. 1.5.',
    health: 'The health gate: a host counts as deployed only when it passes.',
    'health.path': 'An HTTP path that answers 2xx when the app is healthy, e.g. "/health".',
    'health.port': 'The port of the health check (default container.port).',
    'health.scheme': '"http" (default) or "https".',
    'health.timeout': `How long a new container may take to become healthy: ${D} (default 1m).`,
    'health.interval': `Time between two health checks: ${D} (default 1s).`,
    'health.requestTimeout': `How long one health request may take: ${D} (default 2s).`,
    'health.container': '"auto" (default): also wait for the image\'s HEALTHCHECK when it has one; "require": it must have one; "ignore".',
    rollout: 'How the new release reaches the hosts.',
    'rollout.batchSize': 'Hosts per batch: a number (default 1) or a percentage such as "25%".',
    'rollout.concurrency': 'Hosts worked on at once within a batch (default: the whole batch).',
    'rollout.strategy': '"stop-start" (default): the old container stops before the new one starts (one port, a short gap); "start-stop": new before old (needs no port clash); "proxy": the new release starts on a free port, your reverse proxy (the proxy section) is switched to it, the old one stays running until the window passes (no gap, rollback by switching back).',
    'rollout.retain': 'Previous releases kept on each host for rollbacks (default 3).',
    'rollout.canary': 'Verify the first batch against the hosts still on the old release before going on (default false).',
    'rollout.lockTimeout': `How long to wait for another run's deploy lock: ${D} (default 0: fail at once).`,
    'rollout.hooks': 'Commands run on each host around its switch (their environment has ROLLWATCH_APP, ROLLWATCH_VERSION, ROLLWATCH_HOST, ROLLWATCH_PHASE …).',
    'rollout.hooks.preHost': 'A command (list of arguments) run on the host before its switch, e.g. to drain it at a load balancer.',
    'rollout.hooks.postHost': 'A command (list of arguments) run on the host after its switch.',
    proxy: 'The reverse proxy each host runs in front of the app, driven by rollout.strategy: proxy. Its admin socket or API stays on the host: rollwatch reaches it over SSH.',
    'proxy.kind': '"nginx" (an upstream file rollwatch owns, then the test and reload commands), "haproxy" (runtime API on the admin socket, two server slots) or "caddy" (admin API, Caddy 2.6: no weights).',
    'proxy.ports': 'The range each new release takes a free port from (checked with `ss -ltn` on the host); the old release keeps its port, so give room for both and the retained ones.',
    'proxy.ports.from': 'First port of the range.',
    'proxy.ports.to': 'Last port of the range (at least from + 1).',
    'proxy.portEnv': 'The environment variable that tells the app its port (default PORT).',
    'proxy.address': 'The address the proxy reaches the app on, on the host (default 127.0.0.1); a release not on the host network is published there.',
    'proxy.drain': `After the window passes: how long the old release keeps running without new requests before it is stopped: ${D} (default 10s).`,
    'proxy.weights': 'Traffic canary steps in percent for the new release, rising and ending with 100, e.g. [10, 50, 100] (not supported by the strategy yet: leave it out).',
    'proxy.nginx': 'nginx settings: the upstream file and the commands that test and reload the config.',
    'proxy.nginx.upstreamFile': 'The file rollwatch owns and rewrites on every switch, included in your http block (default /etc/nginx/rollwatch/APP.conf).',
    'proxy.nginx.upstream': 'The upstream block\'s name, the one your proxy_pass http://NAME points at (default: the app name).',
    'proxy.nginx.test': 'The config test, as a list of arguments (default ["nginx", "-t"]); run in preflight and before every reload.',
    'proxy.nginx.reload': 'The reload command, as a list of arguments (default ["nginx", "-s", "reload"]).',
    'proxy.haproxy': 'HAProxy settings: the runtime API socket, the backend and its two server slots.',
    'proxy.haproxy.socket': 'The admin socket (`stats socket PATH level admin`; default /run/haproxy/admin.sock), used through socat on the host.',
    'proxy.haproxy.backend': 'The backend whose servers rollwatch sets (default: the app name).',
    'proxy.haproxy.servers': 'Its two server slots: one serves the current release, the other takes the next (default ["APP-blue", "APP-green"]).',
    'proxy.haproxy.stateFile': 'The server-state-file of your global section, written after every change so a restart keeps the upstream (default /var/lib/haproxy/server-state).',
    'proxy.caddy': 'Caddy settings: its admin API (a unix socket or loopback TCP) and the reverse_proxy handler.',
    'proxy.caddy.socket': 'The admin API on a unix socket (admin.listen unix//PATH).',
    'proxy.caddy.adminUrl': 'The admin API on the host\'s loopback (default http://127.0.0.1:2019).',
    'proxy.caddy.id': 'The "@id" of the reverse_proxy handler whose upstreams rollwatch sets (default: the app name).',
    prometheus: 'A Prometheus server the verification queries read.',
    'prometheus.url': 'Its http(s) URL, e.g. "http://prometheus:9090".',
    'prometheus.timeout': `How long one query may take: ${D} (default 5s).`,
    'prometheus.bearerToken': `A bearer token for Prometheus: ${SECRET}.`,
    grafana: 'Grafana annotations: one per deploy and rollback.',
    'grafana.url': 'Grafana\'s http(s) URL, e.g. "https://grafana.example.com".',
    'grafana.token': `A service account token with annotations:write: ${SECRET}.`,
    'grafana.dashboardUid': 'The dashboard to annotate (its UID, as in /d/<uid>/…); leave out for an organization-wide annotation.',
    'grafana.tags': 'Tags added to rollwatch, the app, the outcome and the command.',
    verify: 'The verification window after a rollout: the new release against the old one\'s baseline, rolled back on regression.',
    'verify.enabled': 'Verify after the rollout (default true).',
    'verify.window': `How long the new release is watched: ${D} (default 2m).`,
    'verify.interval': `One sample of every metric per interval: ${D} (default 5s).`,
    'verify.warmup': `Ignored at the start of the window: ${D} (default 0).`,
    'verify.baseline': `How long the old release is sampled before the deploy: ${D} (default 2m).`,
    'verify.probe': 'rollwatch\'s own HTTP probe: latency p50/p95, errors, health failures.',
    'verify.probe.enabled': 'Probe the hosts (default true).',
    'verify.probe.paths': 'The paths probed, e.g. ["/", "/api/products"] (default ["/"]).',
    'verify.probe.port': 'The port probed (default container.port).',
    'verify.probe.rate': 'Requests per second per host, from 0.2 to 200 (default 5).',
    'verify.probe.timeout': `How long one probe may take: ${D} (default 2s).`,
    'verify.probe.errorRatioLimit': 'Absolute guard: roll back when this share of the probes fails (default 0.5).',
    'verify.probe.healthFailuresInARow': 'Absolute guard: roll back after this many failed health checks in a row (default 3).',
    'verify.host': 'Host and container metrics: CPU, memory, restarts and OOM kills.',
    'verify.host.enabled': 'Read them (default true).',
    'verify.prometheus': 'Prometheus queries judged like the built-in metrics.',
    'verify.prometheus.queries': 'The queries; {{app}}, {{version}}, {{hosts}} and {{instances}} (regex alternatives of the hosts judged), {{host}} and {{instance}} are filled in.',
    'verify.prometheus.queries[].name': 'The metric\'s name, e.g. "error_rate" (it becomes prom.<name>).',
    'verify.prometheus.queries[].query': 'The PromQL query.',
    'verify.prometheus.queries[].direction': 'Which way is worse: "increase" (default), "decrease" or "either".',
    'verify.prometheus.queries[].kind': '"gauge" (default, judged by a z-score) or "count" (events, judged by a rate test).',
    'verify.prometheus.queries[].critical': 'A regression here rolls back (default true); false: reported only.',
    'verify.prometheus.queries[].limit': 'Absolute guard: a value beyond it fails at once, whatever the baseline.',
    'verify.prometheus.queries[].limitCount': 'Values beyond `limit` in a row that fail (default 1).',
    'verify.prometheus.queries[].policy': 'Detector settings for this metric (see verify.policy).',
    'verify.metrics': 'Overrides of the built-in metrics, by name, e.g. "host.cpu": { critical: false }.',
    'verify.metrics.*.critical': 'A regression of this metric rolls back; false: reported only.',
    'verify.metrics.*.direction': 'Which way is worse: "increase", "decrease" or "either".',
    'verify.metrics.*.limit': 'Absolute guard: a value beyond it fails at once.',
    'verify.metrics.*.limitCount': 'Values beyond `limit` in a row that fail (default 1).',
    'verify.metrics.*.enabled': 'Watch this metric (default true).',
    'verify.metrics.*.policy': 'Detector settings for this metric (see verify.policy).',
    'verify.policy': 'The detector\'s settings for every metric (docs/detector.md explains each and its default).',
    'verify.heal': '"off" (default) or "restart": restart an unhealthy container before judging.',
    'verify.healAttempts': 'Restarts tried with heal: restart (default 2).',
    report: 'Where the JSON report of each run goes.',
    'report.file': 'Also write the JSON report to this file (CLI: --report FILE).',
    notify: 'Webhooks told of each deploy and rollback; a failing webhook never fails the deploy.',
    'notify[].url': `The webhook URL (it carries a token): ${SECRET}.`,
    'notify[].format': '"slack" (a Slack-compatible incoming webhook) or "json" (rollwatch\'s own body, the default).',
    'notify[].on': 'The outcomes sent: deployed, promoted, rolled-back, inconclusive, failed (default all).',
    'notify[].timeout': `How long one request may take: ${D} (default 5s); 3 attempts on network errors, 5xx, 408 and 429.`,
};
/** A secret's sources, under every secret field. */
const SOURCE_DESCRIPTIONS = {
    value: 'The secret, inline.',
    fromEnv: 'The environment variable of the deploy that holds the secret (`rollwatch check` only looks at whether it is set).',
    fromFile: 'A file (relative to the config file) that holds the secret; its last newline is dropped, except for an SSH key.',
};
/** The detector policy's fields, under every `policy`. */
const POLICY_DESCRIPTIONS = {
    method: '"robust" (default: median and MAD, effect-size gates) or "classic" (textbook z-score, first breach fails).',
    threshold: 'The z-score above which a sample breaches (default 6).',
    minAbsoluteEffect: 'Changes smaller than this, in the metric\'s unit, never fail (default 0).',
    minRelativeEffect: 'Changes smaller than this share of the baseline never fail, e.g. 0.25 = 25 % (default 0.1).',
    consecutive: 'Breaches in a row that fail (default 3).',
    window: 'Also fail on M breaches among the last N samples, { breaches: M, of: N } (default 4 of 6); null switches it off.',
    'window.breaches': 'M: breaches needed among the last N samples.',
    'window.of': 'N: the samples looked at.',
    minBaselineSamples: 'Fewer baseline samples than this: inconclusive (default 10).',
    minCandidateSamples: 'Fewer candidate samples than this: inconclusive (default 5).',
    poissonAlpha: 'Count metrics: the rate test\'s significance level (default 0.01).',
    minCountEffect: 'Count metrics: events above expectation needed to fail (default 3).',
    onInconclusive: 'When the data cannot decide: "keep" (default) the new release, or "rollback".',
    scaleFloorAbsolute: 'The smallest spread assumed for the baseline, in the metric\'s unit (default 1e-9).',
    scaleFloorRelative: 'The smallest spread assumed, as a share of the baseline\'s median (default 0.01).',
    maxMissingFraction: 'More candidate samples missing than this share: inconclusive (default 0.5).',
    shiftMinSamples: 'The level-shift rule\'s shortest window, in samples (default 1; 0 switches it off).',
    shiftWindow: 'The level-shift rule\'s longest window, in samples (default 20).',
    quantileGate: 'Accepted for compatibility; no longer used by the robust rules.',
    baselineCalibration: 'Accepted for compatibility; no longer used by the robust rules.',
    tailScale: 'Accepted for compatibility; no longer used by the robust rules.',
    spreadRule: 'Fail on wider swings around the same median (default true).',
    spreadThreshold: 'The spread rule\'s z on the log scale (default 3).',
    departureThreshold: 'The departure rule: robust sigmas for a window wholly outside the old range (default 5; 0 switches it off). Used with baselines shorter than 30 samples, or when envelopeMargin is 0.',
    envelopeMargin: 'The envelope rule (baselines of 30 samples or more): robust sigmas a window median must lie beyond the old version\'s own window medians, at 60 baseline samples (default 2, × √(60/n); 0 switches it off and the level and departure rules judge instead).',
    countMinRelativeEffect: 'Count metrics: the smallest change of the event rate that matters (default 0.5: up by half).',
};
/** The description of the field at `path` (generic: `[]` for list entries, `*` for map entries), or undefined. */
function describeField(path) {
    const policy = /^(?:.*\.)?policy\.(.+)$/.exec(path);
    if (policy)
        return POLICY_DESCRIPTIONS[policy[1]];
    const last = path.slice(path.lastIndexOf('.') + 1);
    if (last in SOURCE_DESCRIPTIONS && !path.startsWith('container.env.'))
        return SOURCE_DESCRIPTIONS[last];
    return FIELD_DESCRIPTIONS[path];
}
/** Every property of a JSON Schema with its generic path, wherever it is (unions, lists, maps). */
function schemaProperties(schema) {
    const out = [];
    const walk = (node, path, depth) => {
        if (depth > 40 || node === null || typeof node !== 'object')
            return;
        const n = node;
        for (const k of ['anyOf', 'oneOf', 'allOf'])
            if (Array.isArray(n[k]))
                for (const x of n[k])
                    walk(x, path, depth + 1);
        if (n.properties && typeof n.properties === 'object') {
            for (const [k, v] of Object.entries(n.properties)) {
                const p = path ? `${path}.${k}` : k;
                out.push({ path: p, node: v });
                walk(v, p, depth + 1);
            }
        }
        if (n.items)
            walk(n.items, `${path}[]`, depth + 1);
        if (n.additionalProperties && typeof n.additionalProperties === 'object')
            walk(n.additionalProperties, `${path}.*`, depth + 1);
    };
    walk(schema, '', 0);
    return out;
}
/** Sets the description of every property the maps above describe; returns the schema. */
function withDescriptions(schema) {
    for (const { path, node } of schemaProperties(schema)) {
        const text = describeField(path);
        if (text !== undefined)
            node.description = text;
    }
    return schema;
}

;// CONCATENATED MODULE: ./src/config/json-schema.ts



/** The JSON Schema shipped for editors, generated from the same schema that validates, with a description on every field. */
function configJsonSchema() {
    // a plain copy: zod may hand out one object for a schema used in several places (the detector policy)
    const schema = JSON.parse(JSON.stringify(json_schema_processors/* toJSONSchema */.bl(config_schema/* configSchema */.Qn, { io: 'input', unrepresentable: 'any' })));
    return withDescriptions({
        $id: 'https://github.com/rollwatch/rollwatch/schema/rollwatch.schema.json',
        title: 'rollwatch configuration',
        description: 'The rollwatch config file (rollwatch.yml). Every field is described in docs/configuration.md and examples/rollwatch.yml.',
        ...schema,
    });
}


/***/ })

};
;