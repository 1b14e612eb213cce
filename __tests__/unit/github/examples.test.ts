/**
 * The CI examples in examples/ stay true to the code: their YAML parses, every input given to
 * this action exists in action.yml, every CLI invocation names a command and options the CLI
 * accepts (checked against `--help` and by running the built CLI), and the example config
 * validates.
 */
import { describe, it, expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { buildConfig, parseYaml } from '../../../src/config/load';
import { configSchema } from '../../../src/config/schema';
import { MODES } from '../../../src/github/inputs';
import { PRIVATE_KEY, fakeSources } from '../../fixtures/core/config';

const ROOT = resolve(process.cwd());
const EX = join(ROOT, 'examples');
const CLI = join(ROOT, 'dist/cli/index.js');
const read = (f: string) => readFileSync(join(EX, f), 'utf8');

const action = YAML.parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };

/** What the CLI's usage text (`--help`) says: commands, their sub-commands, and options (with whether they take a value). */
function cliUsage() {
  expect(existsSync(CLI)).toBe(true); // dist/ is committed; `npm run build` refreshes it
  const r = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  const text = r.stderr + r.stdout;
  const section = (name: string) => {
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.trim() === `${name}:`);
    expect(start).toBeGreaterThanOrEqual(0);
    const out: string[] = [];
    for (let i = start + 1; i < lines.length && lines[i].trim() !== ''; i++) out.push(lines[i]);
    return out;
  };
  const commands = new Map<string, { subs: Set<string>; options: Map<string, boolean> }>();
  const optionsIn = (s: string) => new Map([...s.matchAll(/\[?(--[a-z][a-z-]*)( [A-Z]+)?/g)].map((m) => [m[1], m[2] !== undefined] as const));
  for (const line of section('commands')) {
    const trimmed = line.trim();
    const cut = [...trimmed.matchAll(/\s{3,}/g)].pop();
    const usage = cut ? trimmed.slice(0, cut.index) : trimmed;
    const name = usage.split(' ')[0];
    const subs = new Set([...usage.matchAll(new RegExp(`\\b${name} ([a-z]+)`, 'g'))].map((m) => m[1]));
    commands.set(name, { subs, options: optionsIn(usage) });
  }
  const global = new Map<string, boolean>();
  for (const line of section('options')) for (const [k, v] of optionsIn(line.trim().split(/\s{2,}/)[0])) global.set(k, v);
  return { commands, global };
}

interface Invocation {
  where: string;
  command: string;
  sub: string | null;
  flags: string[];
}

/** `node …dist/cli/index.js <cmd> …` and `rollwatch <cmd> …` in a piece of shell text. */
function invocations(where: string, shell: string): Invocation[] {
  const out: Invocation[] = [];
  for (const m of shell.matchAll(/(?:^|[\s'"(;&|])(?:node\s+\S*dist\/cli\/index\.js|rollwatch)\s+([a-z][a-z-]*)([^\n'";&|)]*)/g)) {
    const rest = m[2].trim();
    const words = rest.split(/\s+/).filter(Boolean);
    const sub = words[0] && /^[a-z]+$/.test(words[0]) ? words[0] : null;
    out.push({ where, command: m[1], sub, flags: [...rest.matchAll(/(?:^|[\s+:])(--[a-z][a-z-]*)/g)].map((f) => f[1]) });
  }
  return out;
}

/** The shell of a Jenkinsfile: its text without `//` comments. */
const jenkinsShell = (groovy: string) =>
  groovy
    .split('\n')
    .filter((l) => !l.trim().startsWith('//'))
    .map((l) => l.replace(/\s\/\/\s.*$/, ''))
    .join('\n');

function gitlabScripts(doc: Record<string, any>): string[] {
  return Object.values(doc).flatMap((job) => (job && typeof job === 'object' ? ['before_script', 'script', 'after_script'].flatMap((k) => (Array.isArray(job[k]) ? job[k] : [])) : []));
}

/** Brackets balance outside strings and comments (a cheap Groovy sanity check). */
function balanced(groovy: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let quote: string | null = null;
  for (let i = 0; i < groovy.length; i++) {
    const c = groovy[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '/' && groovy[i + 1] === '/') {
      while (i < groovy.length && groovy[i] !== '\n') i++;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ('([{'.includes(c)) stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) return false;
  }
  return stack.length === 0 && quote === null;
}

/** Environment variables the example config reads (fromEnv / passwordEnv anywhere in it; comments do not count). */
function envNames(yml: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'fromEnv' || k === 'passwordEnv') && typeof x === 'string') out.push(x);
        else walk(x);
      }
  };
  walk(YAML.parse(yml));
  return [...new Set(out)];
}

const usage = cliUsage();
const workflow = YAML.parse(read('github-workflow.yml')) as Record<string, any>;
const gitlab = YAML.parse(read('.gitlab-ci.yml')) as Record<string, any>;
const jenkinsfile = read('Jenkinsfile');
const all: Invocation[] = [
  ...invocations('Jenkinsfile', jenkinsShell(jenkinsfile)),
  ...gitlabScripts(gitlab).flatMap((line, i) => invocations(`.gitlab-ci.yml script line ${i}`, line)),
  ...Object.values(workflow.jobs as Record<string, { steps: { run?: string }[] }>).flatMap((j) => j.steps.flatMap((s) => (s.run ? invocations('github-workflow.yml run', s.run) : []))),
];

describe('examples/github-workflow.yml', () => {
  const steps: Record<string, any>[] = Object.entries(workflow.jobs as Record<string, { steps: Record<string, any>[] }>).flatMap(([job, j]) => j.steps.map((s) => ({ job, ...s })));
  const ours = steps.filter((s) => typeof s.uses === 'string' && /^(rollwatch\/rollwatch@|\.\/?$)/.test(s.uses));

  it('pushes deploy, workflow_dispatch takes a version to roll back to, one concurrency group that never cancels a rollout', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on.workflow_dispatch.inputs.version).toMatchObject({ required: false, type: 'string' });
    expect(workflow.concurrency).toEqual({ group: expect.any(String), 'cancel-in-progress': false });
    expect(workflow.permissions.deployments).toBe('write');
    expect(ours.map((s) => [s.job, s.with.mode])).toEqual([
      ['deploy', 'deploy'],
      ['rollback', 'rollback'],
    ]);
    expect(ours.find((s) => s.job === 'rollback')!.with.version).toBe('${{ inputs.version }}');
  });

  it('every input given to this action exists in action.yml, and every mode is one the action accepts', () => {
    expect(ours.length).toBeGreaterThan(0);
    for (const s of ours) {
      for (const k of Object.keys(s.with ?? {})) expect([s.job, k, k in action.inputs]).toEqual([s.job, k, true]);
      expect(MODES).toContain(s.with.mode);
    }
  });

  it('every output read from the action exists in action.yml', () => {
    const ids = new Set(ours.map((s) => s.id).filter(Boolean));
    const refs = [...read('github-workflow.yml').matchAll(/steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)].filter((m) => ids.has(m[1]));
    expect(refs.length).toBeGreaterThan(0);
    for (const m of refs) expect([m[2], m[2] in action.outputs]).toEqual([m[2], true]);
  });

  it('every environment variable the example config reads is given to each rollwatch step', () => {
    for (const s of ours) for (const name of envNames(read('rollwatch.yml'))) expect([s.job, name, name in (s.env ?? {})]).toEqual([s.job, name, true]);
  });
});

describe('examples/Jenkinsfile and examples/.gitlab-ci.yml', () => {
  it('the Jenkinsfile is a declarative pipeline with balanced brackets, no concurrent builds, a rollback parameter', () => {
    expect(balanced(jenkinsfile)).toBe(true);
    expect(jenkinsfile).toMatch(/^pipeline \{$/m);
    expect(jenkinsfile).toContain('disableConcurrentBuilds()');
    expect(jenkinsfile).toMatch(/string\(name: 'ROLLBACK_VERSION'/);
    for (const name of envNames(read('rollwatch.yml'))) expect(jenkinsfile).toMatch(new RegExp(`^\\s+${name} = credentials\\(`, 'm'));
  });

  it('the GitLab pipeline parses, serialises deploys with a resource_group, and documents every variable the config reads', () => {
    expect(gitlab.stages).toEqual(['deploy']);
    expect(gitlab['.rollwatch-change'].resource_group).toBe('production');
    expect(gitlab.deploy.extends).toBe('.rollwatch-change');
    expect(gitlab.rollback.extends).toBe('.rollwatch-change');
    expect(gitlab.variables.ROLLBACK_VERSION).toMatchObject({ value: '' });
    for (const name of envNames(read('rollwatch.yml'))) expect(read('.gitlab-ci.yml')).toContain(name);
  });

  it('the examples call deploy, rollback, plan and status', () => {
    expect(new Set(all.map((i) => i.command))).toEqual(new Set(['deploy', 'rollback', 'plan', 'status']));
    expect(new Set(all.map((i) => i.where.split(' ')[0]))).toEqual(new Set(['Jenkinsfile', '.gitlab-ci.yml']));
  });

  it.each(all.map((i) => [`${i.where}: ${i.command} ${i.flags.join(' ')}`, i] as const))('%s — a command and options the CLI accepts', (_label, inv) => {
    const cmd = usage.commands.get(inv.command);
    expect([inv.command, cmd !== undefined]).toEqual([inv.command, true]);
    if (cmd!.subs.size > 0) expect(cmd!.subs).toContain(inv.sub);
    const known = new Map([...usage.global, ...cmd!.options]);
    for (const f of inv.flags) expect([f, known.has(f)]).toEqual([f, true]);
    // The built CLI itself: it gets past argument parsing and the command check, and stops at the
    // (missing) config file with exit code 2.
    const args = [inv.command, ...(cmd!.subs.size > 0 ? [inv.sub!] : [])];
    for (const f of inv.flags.filter((f) => f !== '--config')) args.push(f, ...(known.get(f) ? ['v1'] : []));
    args.push('--config', '/nonexistent/rollwatch.yml');
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).not.toMatch(/unknown command|Unknown option|unexpected argument/i);
    expect(r.stderr).toContain('cannot read /nonexistent/rollwatch.yml');
    expect(r.status).toBe(2);
  });

  it('the checks would catch a wrong command or option', () => {
    const [bad] = invocations('x', 'rollwatch redeploy --config x.yml');
    expect(usage.commands.has(bad.command)).toBe(false);
    const [opt] = invocations('x', 'node dist/cli/index.js deploy --dry-run');
    expect(usage.global.has(opt.flags[0]) || usage.commands.get('deploy')!.options.has(opt.flags[0])).toBe(false);
    expect(invocations('x', 'cp rollwatch.yml /tmp && rollwatch-report.json')).toEqual([]);
    const r = spawnSync(process.execPath, [CLI, 'deploy', '--dry-run', '--config', '/nonexistent/rollwatch.yml'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option '?--dry-run/i);
    expect(r.stdout).toBe('');
  });
});

describe('examples/rollwatch.yml', () => {
  const text = read('rollwatch.yml');
  const env = { REGISTRY_PASSWORD: 'ghp_registry', DATABASE_URL: 'postgres://shop:pw@db/shop', PROMETHEUS_TOKEN: 'prom_token', GRAFANA_TOKEN: 'glsa_token', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/xoxtoken' };

  it('validates with buildConfig (key file and secrets from fake sources)', () => {
    expect(Object.keys(env).sort()).toEqual([...new Set(envNames(text))].sort());
    const sources = fakeSources(env, { '/srv/deploy/.secrets/deploy_key': PRIVATE_KEY });
    const config = buildConfig(parseYaml(text, 'examples/rollwatch.yml'), sources);
    expect(config.app).toBe('shop-api');
    expect(config.hosts.map((h) => h.name)).toEqual(['web-1', 'web-2', 'web-3']);
    expect(config.grafana).toEqual({ url: 'https://grafana.example.com', token: 'glsa_token', dashboardUid: 'shop-overview', tags: ['production'] });
    expect(config.prometheus?.bearerToken).toBe('prom_token');
    expect(config.notify).toEqual([{ url: 'https://hooks.slack.com/services/T0/B0/xoxtoken', format: 'slack', on: ['rolled-back', 'inconclusive', 'failed'], timeoutMs: 5_000 }]);
    expect(config.verify.prometheus?.queries.map((q) => q.name)).toEqual(['http_p95_seconds', 'http_5xx']);
    expect(config.secrets).toEqual(expect.arrayContaining([PRIVATE_KEY, 'ghp_registry', 'postgres://shop:pw@db/shop', 'prom_token', 'glsa_token', 'https://hooks.slack.com/services/T0/B0/xoxtoken']));
    expect(sources.reads).toEqual(['/srv/deploy/.secrets/deploy_key']);
  });

  it('is the full config: every top-level section of the schema is there (version, swarm and proxy only as comments)', () => {
    const raw = parseYaml(text, 'x') as Record<string, unknown>;
    const sections = Object.keys(configSchema.shape).filter((k) => k !== 'version' && k !== 'swarm' && k !== 'proxy');
    expect(Object.keys(raw).sort()).toEqual(sections.sort());
    expect(text).toMatch(/^# version: /m);
    expect(text).toMatch(/^# swarm: /m);
    expect(text).toMatch(/^# proxy: /m);
  });
});

describe('the action references in the docs', () => {
  it('every `uses: rollwatch/rollwatch@vN` names the major tag of this package\'s version (the one a release moves)', async () => {
    const { ACTION_REF } = await import('../../../src/config/starter');
    const { readdirSync } = await import('node:fs');
    const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`), ...readdirSync(EX).map((f) => `examples/${f}`)];
    const refs = files.flatMap((f) => [...readFileSync(join(ROOT, f), 'utf8').matchAll(/rollwatch\/rollwatch@(v\d+)(?![.\d])/g)].map((m) => `${f}: rollwatch/rollwatch@${m[1]}`));
    expect(refs.length).toBeGreaterThan(3);
    for (const r of refs) expect(r).toMatch(new RegExp(`${ACTION_REF.replace(/[.@/]/g, '\\$&')}$`));
  });
});
