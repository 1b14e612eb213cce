#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { loadConfigFile } from './config/file';
import { EXIT, RollwatchError, errorMessage, exitCodeFor } from './errors';
import { exitCodeOf, runCommand, type Command } from './engine/run';
import { renderText } from './report/text';
import { renderSummary } from './report/summary';
import { annotateRun } from './integrations/grafana';
import { createMasker, maskedLogger, streamLogger } from './util/log';
import { writeFileSync } from 'node:fs';

const USAGE = `usage: rollwatch <command> [options]

commands:
  deploy    [--version V] [--force-build]   build, push, roll out, verify, roll back on regression
  rollback  [--version V]                   return every host to the previous (or named) release
  plan      [--version V]                   what a deploy would do (batches, hosts, lock); changes nothing
  status                                    per host: running version, health, retained releases, lock
  verify                                    run the verification window against what is deployed
  lock status | lock release                show or remove the deploy lock
  analyze                                   offline analysis: JSON Lines on stdin, results on stdout
  schema                                    print the JSON Schema of the config file

options:
  --config FILE   the rollwatch YAML file (default: rollwatch.yml)
  --json          print the report as JSON on stdout (logs go to stderr)
  --report FILE   also write the JSON report to FILE
  --summary FILE  also write the markdown summary (as on GitHub's run page) to FILE
  --verbose       more log lines

exit codes: 0 success (promoted, deployed, inconclusive-kept, ok), 1 failed, 2 bad input, 3 rolled back`;

function gitCommit(): string | null {
  if (process.env.GITHUB_SHA) return process.env.GITHUB_SHA;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}

function parseCommand(positionals: string[], values: Record<string, unknown>): Command {
  const [name, sub] = positionals;
  const version = values.version as string | undefined;
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
      if (sub !== 'status' && sub !== 'release') throw new RollwatchError('input', 'expected "lock status" or "lock release"', 'command');
      return { name, action: sub };
    default:
      throw new RollwatchError('input', `unknown command ${JSON.stringify(name ?? '')}: expected deploy, rollback, plan, status, verify, lock, analyze or schema`, 'command');
  }
}

async function analyzeStdin(): Promise<number> {
  const { analyzeLine } = await import('./detect/analyze');
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    if (!process.stdout.write(analyzeLine(line) + '\n')) await new Promise((r) => process.stdout.once('drain', r));
  }
  return EXIT.ok;
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c' },
        json: { type: 'boolean' },
        report: { type: 'string' },
        summary: { type: 'string' },
        version: { type: 'string' },
        'force-build': { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`rollwatch: ${errorMessage(err)}\n${USAGE}\n`);
    return EXIT.badInput;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    process.stderr.write(USAGE + '\n');
    return values.help ? EXIT.ok : EXIT.badInput;
  }
  if (positionals[0] === 'analyze') return analyzeStdin();
  if (positionals[0] === 'schema') {
    const { configJsonSchema } = await import('./config/json-schema');
    process.stdout.write(JSON.stringify(configJsonSchema(), null, 2) + '\n');
    return EXIT.ok;
  }

  let mask = (t: string) => t;
  try {
    const command = parseCommand(positionals, values);
    const config = loadConfigFile(values.config ?? 'rollwatch.yml');
    mask = createMasker(config.secrets);
    const log = maskedLogger(streamLogger((l) => process.stderr.write(l + '\n'), values.verbose === true), mask);
    const controller = new AbortController();
    let signals = 0;
    const onSignal = (sig: string) => {
      signals++;
      if (signals === 1) {
        log.warn(`${sig} received: starting nothing new, returning touched hosts to a known state`);
        controller.abort();
      } else if (signals >= 3) process.exit(130);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const report = await runCommand(command, { config, log, signal: controller.signal, commit: gitCommit(), actor: process.env.GITHUB_ACTOR ?? process.env.USER ?? null });
    await annotateRun(config.grafana, report, log, { mask });
    const json = mask(JSON.stringify(report, null, 2));
    if (values.report ?? config.reportFile) writeFileSync((values.report ?? config.reportFile)!, json + '\n', { mode: 0o600 });
    if (values.summary) writeFileSync(values.summary, mask(renderSummary(report)));
    if (values.json) process.stdout.write(json + '\n');
    else process.stdout.write(mask(renderText(report)) + '\n');
    if (report.outcome === 'failed') process.stderr.write(`rollwatch: ${mask(report.reason)}\n`);
    return exitCodeOf(report);
  } catch (err) {
    const hint = err instanceof RollwatchError && err.hint ? `\n  hint: ${err.hint}` : '';
    process.stderr.write(`rollwatch: ${mask(errorMessage(err))}${mask(hint)}\n`);
    return exitCodeFor(err);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`rollwatch: internal error: ${errorMessage(err)}\n`);
    process.exit(EXIT.failed);
  },
);
