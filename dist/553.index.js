"use strict";
exports.id = 553;
exports.ids = [553];
exports.modules = {

/***/ 16553:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  WORKFLOW_PATH: () => (/* binding */ WORKFLOW_PATH),
  appNameFrom: () => (/* binding */ appNameFrom),
  runInit: () => (/* binding */ runInit)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:readline"
var external_node_readline_ = __webpack_require__(80481);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./src/version.ts
var version = __webpack_require__(311);
// EXTERNAL MODULE: ./src/config/values.ts
var values = __webpack_require__(73750);
;// CONCATENATED MODULE: ./src/config/starter.ts
/**
 * What `rollwatch init` writes: a commented starter config and a GitHub workflow that uses the
 * action. Pure: the answers in, the file texts out; every answer is checked against the same
 * rules the loader applies, so a written file passes `rollwatch check`.
 */




/** Where editors find the JSON Schema of this release line (the major tag moves with releases). */
const SCHEMA_URL = `https://raw.githubusercontent.com/rollwatch/rollwatch/v${version/* TOOL_VERSION */.w.split('.')[0]}/schema/rollwatch.schema.json`;
const SCHEMA_MODELINE = `# yaml-language-server: $schema=${SCHEMA_URL}`;
/** The action as the workflow uses it: the major tag of this release line. */
const ACTION_REF = `rollwatch/rollwatch@v${version/* TOOL_VERSION */.w.split('.')[0]}`;
const STARTER_DEFAULTS = { user: 'deploy', port: 8080, healthPath: '/health' };
const q = (v) => (typeof v === 'number' ? String(v) : dist.stringify(v, { lineWidth: 0 }).trimEnd());
/** The registry host an image lives on, as the loader reads it ("docker.io" without one). */
function registryOf(image) {
    const first = image.split('/')[0];
    return image.includes('/') && /[.:]|^localhost$/.test(first) ? first : 'docker.io';
}
/** `web-1=10.0.0.11` or `10.0.0.11` (its own name); `flag` names the option in errors. */
function parseHost(text, flag = '--host') {
    const eq = text.indexOf('=');
    const [name, address] = eq === -1 ? [text.trim(), text.trim()] : [text.slice(0, eq).trim(), text.slice(eq + 1).trim()];
    const bad = (0,values/* checkValue */.Su)('hostAddress', address) ?? (eq === -1 ? null : (0,values/* checkValue */.Su)('hostName', name));
    if (bad)
        throw (0,errors/* inputError */.Xu)(flag, `${JSON.stringify(text.slice(0, 80))}: ${bad}`, 'write NAME=ADDRESS (e.g. web-1=10.0.0.11) or an address alone');
    return { name, address };
}
/** Checks every answer with the loader's own rules; the error names the flag to fix. */
function checkAnswers(a) {
    const problem = (flag, bad) => {
        if (bad)
            throw (0,errors/* inputError */.Xu)(flag, bad);
    };
    problem('--app', (0,values/* checkValue */.Su)('app', a.app));
    problem('--image', (0,values/* checkValue */.Su)('repository', a.image));
    if (a.registry !== undefined) {
        problem('--registry', /^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(a.registry) ? null : 'expected a registry host[:port], e.g. "ghcr.io"');
        if (a.registry !== registryOf(a.image))
            throw (0,errors/* inputError */.Xu)('--registry', `is ${a.registry} but --image lives on ${registryOf(a.image)}`, `leave --registry out, or give the image as ${a.registry}/${a.image.split('/').slice(-2).join('/')}`);
    }
    problem('--user', (0,values/* checkValue */.Su)('user', a.user));
    if (!Number.isInteger(a.port) || a.port < 1 || a.port > 65535)
        throw (0,errors/* inputError */.Xu)('--port', 'expected a port number from 1 to 65535');
    problem('--health-path', (0,values/* checkValue */.Su)('httpPath', a.healthPath));
    if (a.hosts.length === 0)
        throw (0,errors/* inputError */.Xu)('--host', 'at least one host is needed', 'repeat --host for each host: --host web-1=10.0.0.11 --host web-2=10.0.0.12');
    const hosts = a.hosts.map((h) => parseHost(h));
    const seen = new Set();
    for (const h of hosts) {
        if (seen.has(h.name.toLowerCase()))
            throw (0,errors/* inputError */.Xu)('--host', `${h.name} is given twice; every host needs a unique name`);
        seen.add(h.name.toLowerCase());
    }
    return hosts;
}
/** The starter rollwatch.yml: the answers, the defaults that matter, and what to do next. */
function starterConfig(a) {
    const hosts = checkAnswers(a);
    const registry = a.registry ?? registryOf(a.image);
    const hostLines = hosts.map((h) => (h.name === h.address ? `  - ${q(h.address)}` : `  - { name: ${q(h.name)}, address: ${q(h.address)} }`));
    return `${SCHEMA_MODELINE}
# rollwatch configuration, written by \`rollwatch init\`. Check it with \`rollwatch check\` (offline:
# no SSH, no secret values); every field is in docs/configuration.md and examples/rollwatch.yml.
# Secrets come from the environment ({ fromEnv: NAME }) and are masked in every log and report.

app: ${q(a.app)} # names the containers (${a.app}-<version>) and the deploy lock on each host

image:
  repository: ${q(a.image)} # tagged with the version: --version, else the git commit SHA
  build: { context: ., dockerfile: Dockerfile } # leave \`build\` out to deploy an image built elsewhere

registry:
  server: ${q(registry)}
  username: \${REGISTRY_USERNAME} # \${NAME} is read from the environment when the file is loaded
  password: { fromEnv: REGISTRY_PASSWORD } # a token with push and pull rights; sent to hosts on stdin only

ssh:
  user: ${q(a.user)} # needs access to the Docker socket on each host
  privateKey: { fromEnv: DEPLOY_SSH_KEY } # the private key itself (a CI secret); or { fromFile: PATH }
  # Host keys are verified strictly. Pin them once, from a network you trust, and commit the file:
  #   ssh-keyscan ${hosts.map((h) => h.address).join(' ')} > known_hosts   (then compare with ssh-keygen -lf on each host)
  # or give each host a fingerprint: "SHA256:…" below.
  knownHostsFile: known_hosts

hosts: # NAME and address; a plain address is its own name
${hostLines.join('\n')}

container:
  port: ${a.port} # the app's port: the health check and the probes use it
  ports: ["${a.port}:${a.port}"] # published on each host
  # env: { LOG_LEVEL: info, DATABASE_URL: { fromEnv: DATABASE_URL, secret: true } }
  # memory: 512m # Docker's units: 512m, 1.5g

health: # a host counts as deployed only once this answers 2xx
  path: ${q(a.healthPath)}
  timeout: 1m

rollout:
  batchSize: 1 # hosts per batch, or a percentage such as "50%"
  retain: 3 # previous releases kept on each host for rollbacks

verify: # the new release is watched against the old one's baseline, and rolled back on regression
  baseline: 2m
  window: 2m
`;
}
/** The secret the workflow passes as REGISTRY_PASSWORD: the job's own token on ghcr.io. */
const registrySecret = (registry) => (registry === 'ghcr.io' ? 'secrets.GITHUB_TOKEN' : 'secrets.REGISTRY_PASSWORD');
/**
 * .github/workflows/deploy.yml: every push to main deploys; "Run workflow" redeploys or rolls
 * back to a chosen version. The config is checked first (a broken file fails in seconds).
 */
function starterWorkflow(a) {
    checkAnswers(a);
    const registry = a.registry ?? registryOf(a.image);
    const config = q(a.configPath);
    return `# .github/workflows/deploy.yml, written by \`rollwatch init\`: every push to main is deployed,
# verified against the previous release and rolled back by itself on regression. "Run workflow"
# (Actions tab) redeploys a chosen version or rolls back to one.
# Repository secrets it needs: DEPLOY_SSH_KEY (the private key for ${a.user}@ each host)${registry === 'ghcr.io' ? '' : ', REGISTRY_PASSWORD'}.
name: deploy

on:
  push:
    branches: [main]
  workflow_dispatch:
    inputs:
      mode:
        description: "deploy: (re)deploy the version below; rollback: return to it (empty: the previous release)"
        type: choice
        options: [deploy, rollback]
        default: deploy
      version:
        description: "Version (a commit SHA): empty deploys this commit, or rolls back to the previous release"
        type: string
        required: false

# One deploy of ${a.app} at a time; a newer run waits instead of cancelling one mid-rollout.
concurrency:
  group: rollwatch-${a.app}
  cancel-in-progress: false

permissions:
  contents: read
  packages: write # push the image${registry === 'ghcr.io' ? ' to ghcr.io' : ''}
  deployments: write # GitHub Deployments (github-token below)

jobs:
  deploy:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    env:
      DEPLOY_SSH_KEY: \${{ secrets.DEPLOY_SSH_KEY }}
      REGISTRY_USERNAME: \${{ github.actor }}
      REGISTRY_PASSWORD: \${{ ${registrySecret(registry)} }}
    steps:
      - uses: actions/checkout@v4
        with:
          # a redeploy builds (or reuses) the chosen commit; a rollback uses this commit's config
          ref: \${{ inputs.mode == 'deploy' && inputs.version || github.sha }}

      - name: Check the config
        uses: ${ACTION_REF}
        with:
          mode: check
          config: ${config}

      - name: Deploy, verify, roll back on regression
        id: rollwatch
        uses: ${ACTION_REF}
        with:
          mode: \${{ inputs.mode || 'deploy' }}
          config: ${config}
          version: \${{ inputs.version }}
          github-token: \${{ github.token }}
          environment: production
`;
}

;// CONCATENATED MODULE: ./src/cli/init.ts
/**
 * `rollwatch init`: writes a starter rollwatch.yml and .github/workflows/deploy.yml from flags,
 * or from a few questions on a terminal. Refuses to overwrite a file unless --force.
 */





const WORKFLOW_PATH = '.github/workflows/deploy.yml';
/** A default app name from the directory: lower-case, only the characters an app name takes. */
function appNameFrom(dir) {
    const name = (0,external_node_path_.basename)((0,external_node_path_.resolve)(dir))
        .toLowerCase()
        .replace(/[^a-z0-9_.-]+/g, '-')
        .replace(/^[^a-z0-9]+/, '')
        .slice(0, 63);
    return name || 'app';
}
function portOf(text) {
    if (text === undefined || text === '')
        return STARTER_DEFAULTS.port;
    if (!/^[0-9]{1,5}$/.test(text))
        throw (0,errors/* inputError */.Xu)('--port', `expected a port number from 1 to 65535, got ${JSON.stringify(text.slice(0, 20))}`);
    return Number(text);
}
/** Asks for what the flags left out; a blank answer takes the default shown in brackets. */
async function askMissing(flags, io, cwd) {
    const rl = (0,external_node_readline_.createInterface)({ input: io.input, terminal: false });
    // lines are read through the iterator, which buffers them: typed-ahead (or piped) answers count
    const lines = rl[Symbol.asyncIterator]();
    const ask = async (question, fallback) => {
        io.output.write(`${question}${fallback ? ` [${fallback}]` : ''}: `);
        const next = await lines.next();
        const answer = next.done ? '' : String(next.value).trim();
        return answer || fallback || '';
    };
    try {
        const out = { ...flags };
        out.app ??= await ask('App name', appNameFrom(cwd));
        out.image ??= await ask('Image repository (e.g. ghcr.io/acme/web)');
        if (!out.host || out.host.length === 0)
            out.host = (await ask('Hosts, comma-separated (NAME=ADDRESS or ADDRESS)')).split(',').map((h) => h.trim()).filter(Boolean);
        out.user ??= await ask('SSH user on the hosts', STARTER_DEFAULTS.user);
        out.port ??= await ask("The app's port", String(STARTER_DEFAULTS.port));
        out['health-path'] ??= await ask('Health check path', STARTER_DEFAULTS.healthPath);
        return out;
    }
    finally {
        rl.close();
    }
}
/** Runs init; returns the exit code. Bad or missing answers throw an input error (exit 2). */
async function runInit(flags, io = {}) {
    const cwd = io.cwd ?? process.cwd();
    const write = io.write ?? ((t) => process.stdout.write(t));
    const interactive = !flags['non-interactive'] && (io.interactive ?? (process.stdin.isTTY === true && process.stdout.isTTY === true));
    const given = interactive ? await askMissing(flags, { input: io.input ?? process.stdin, output: io.output ?? process.stdout }, cwd) : flags;
    const missing = [
        ['--app', given.app],
        ['--image', given.image],
        ['--host', given.host?.length ? 'x' : undefined],
    ].filter(([, v]) => !v).map(([flag]) => flag);
    if (missing.length > 0) {
        throw (0,errors/* inputError */.Xu)(missing[0], `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} needed${interactive ? '' : ' with --non-interactive (or without a terminal)'}`, 'e.g. rollwatch init --app web --image ghcr.io/acme/web --host web-1=10.0.0.11');
    }
    const configFile = (0,external_node_path_.resolve)(cwd, given.config ?? 'rollwatch.yml');
    const workflowFile = (0,external_node_path_.join)(cwd, WORKFLOW_PATH);
    const answers = {
        app: given.app,
        image: given.image,
        hosts: given.host,
        registry: given.registry || undefined,
        user: given.user || STARTER_DEFAULTS.user,
        port: portOf(given.port),
        healthPath: given['health-path'] || STARTER_DEFAULTS.healthPath,
        configPath: (0,external_node_path_.relative)(cwd, configFile).split('\\').join('/'),
    };
    const files = [[configFile, starterConfig(answers)]];
    if (!flags['no-workflow'])
        files.push([workflowFile, starterWorkflow(answers)]);
    const existing = files.map(([p]) => p).filter((p) => (0,external_node_fs_.existsSync)(p));
    if (existing.length > 0 && !flags.force) {
        throw (0,errors/* inputError */.Xu)(existing.map((p) => (0,external_node_path_.relative)(cwd, p)).join(', '), `already exist${existing.length === 1 ? 's' : ''}; nothing was written`, 'pass --force to overwrite, or --config PATH to write the config elsewhere');
    }
    for (const [path, text] of files) {
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
        (0,external_node_fs_.writeFileSync)(path, text);
        write(`wrote ${(0,external_node_path_.relative)(cwd, path)}\n`);
    }
    write([
        '',
        'next:',
        `  1. pin the hosts' keys: ssh-keyscan ${answers.hosts.map((h) => h.split('=').pop()).join(' ')} > ${(0,external_node_path_.join)((0,external_node_path_.dirname)(answers.configPath), 'known_hosts')} (and compare the fingerprints)`,
        `  2. rollwatch check --config ${answers.configPath}`,
        flags['no-workflow'] ? '' : '  3. add the repository secret DEPLOY_SSH_KEY (and REGISTRY_PASSWORD unless the registry is ghcr.io), then push to main',
    ]
        .filter(Boolean)
        .join('\n') + '\n');
    return errors/* EXIT */.dc.ok;
}


/***/ })

};
;