/**
 * What `rollwatch init` writes: a commented starter config and a GitHub workflow that uses the
 * action. Pure: the answers in, the file texts out; every answer is checked against the same
 * rules the loader applies, so a written file passes `rollwatch check`.
 */
import YAML from 'yaml';
import { inputError } from '../errors';
import { TOOL_VERSION } from '../version';
import { checkValue } from './values';

/** Where editors find the JSON Schema of this release line (the major tag moves with releases). */
export const SCHEMA_URL = `https://raw.githubusercontent.com/rollwatch/rollwatch/v${TOOL_VERSION.split('.')[0]}/schema/rollwatch.schema.json`;
export const SCHEMA_MODELINE = `# yaml-language-server: $schema=${SCHEMA_URL}`;
/** The action as the workflow uses it: the major tag of this release line. */
export const ACTION_REF = `rollwatch/rollwatch@v${TOOL_VERSION.split('.')[0]}`;

export interface StarterAnswers {
  app: string;
  image: string;
  /** `name=address` or `address`. */
  hosts: string[];
  /** Registry host; default: the host in `image`, else docker.io. */
  registry?: string;
  user: string;
  port: number;
  healthPath: string;
  /** The config file's path as the workflow names it, relative to the repository. */
  configPath: string;
}

export const STARTER_DEFAULTS = { user: 'deploy', port: 8080, healthPath: '/health' } as const;

export interface StarterHost {
  name: string;
  address: string;
}

const q = (v: string | number): string => (typeof v === 'number' ? String(v) : YAML.stringify(v, { lineWidth: 0 }).trimEnd());

/** The registry host an image lives on, as the loader reads it ("docker.io" without one). */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  return image.includes('/') && /[.:]|^localhost$/.test(first) ? first : 'docker.io';
}

/** `web-1=10.0.0.11` or `10.0.0.11` (its own name); `flag` names the option in errors. */
export function parseHost(text: string, flag = '--host'): StarterHost {
  const eq = text.indexOf('=');
  const [name, address] = eq === -1 ? [text.trim(), text.trim()] : [text.slice(0, eq).trim(), text.slice(eq + 1).trim()];
  const bad = checkValue('hostAddress', address) ?? (eq === -1 ? null : checkValue('hostName', name));
  if (bad) throw inputError(flag, `${JSON.stringify(text.slice(0, 80))}: ${bad}`, 'write NAME=ADDRESS (e.g. web-1=10.0.0.11) or an address alone');
  return { name, address };
}

/** Checks every answer with the loader's own rules; the error names the flag to fix. */
export function checkAnswers(a: StarterAnswers): StarterHost[] {
  const problem = (flag: string, bad: string | null) => {
    if (bad) throw inputError(flag, bad);
  };
  problem('--app', checkValue('app', a.app));
  problem('--image', checkValue('repository', a.image));
  if (a.registry !== undefined) {
    problem('--registry', /^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(a.registry) ? null : 'expected a registry host[:port], e.g. "ghcr.io"');
    if (a.registry !== registryOf(a.image)) throw inputError('--registry', `is ${a.registry} but --image lives on ${registryOf(a.image)}`, `leave --registry out, or give the image as ${a.registry}/${a.image.split('/').slice(-2).join('/')}`);
  }
  problem('--user', checkValue('user', a.user));
  if (!Number.isInteger(a.port) || a.port < 1 || a.port > 65535) throw inputError('--port', 'expected a port number from 1 to 65535');
  problem('--health-path', checkValue('httpPath', a.healthPath));
  if (a.hosts.length === 0) throw inputError('--host', 'at least one host is needed', 'repeat --host for each host: --host web-1=10.0.0.11 --host web-2=10.0.0.12');
  const hosts = a.hosts.map((h) => parseHost(h));
  const seen = new Set<string>();
  for (const h of hosts) {
    if (seen.has(h.name.toLowerCase())) throw inputError('--host', `${h.name} is given twice; every host needs a unique name`);
    seen.add(h.name.toLowerCase());
  }
  return hosts;
}

/** The starter rollwatch.yml: the answers, the defaults that matter, and what to do next. */
export function starterConfig(a: StarterAnswers): string {
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
const registrySecret = (registry: string) => (registry === 'ghcr.io' ? 'secrets.GITHUB_TOKEN' : 'secrets.REGISTRY_PASSWORD');

/**
 * .github/workflows/deploy.yml: every push to main deploys; "Run workflow" redeploys or rolls
 * back to a chosen version. The config is checked first (a broken file fails in seconds).
 */
export function starterWorkflow(a: StarterAnswers): string {
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
