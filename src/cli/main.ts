import { execFile } from 'node:child_process';
import { EXIT, RollwatchError, errorMessage, exitCodeFor } from '../errors';
import { exitCodeOf, runCommand } from '../engine/run';
import { loadTarget } from '../targets/lazy';
import { parseInvocation, wantsJson } from './args';
import { checkWritableFile, errorJson } from './output';
import { renderText } from '../report/text';
import { renderSummary } from '../report/summary';
import { annotateRun } from '../integrations/grafana';
import { openCliRun } from './setup';
import { colourWanted, paintHeadline } from './terminal';
import { writeFileSync } from 'node:fs';

/** The checkout's commit, or null; never rejects. Asked without waiting, so git runs while the config loads. */
function gitCommit(): Promise<string | null> {
  if (process.env.GITHUB_SHA) return Promise.resolve(process.env.GITHUB_SHA);
  return new Promise((resolve) => {
    try {
      execFile('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }, (err, stdout) => resolve(err ? null : stdout.trim() || null));
    } catch {
      resolve(null);
    }
  });
}

async function analyzeStdin(): Promise<number> {
  const { analyzeLine } = await import('../detect/analyze');
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    if (!process.stdout.write(analyzeLine(line) + '\n')) await new Promise((r) => process.stdout.once('drain', r));
  }
  return EXIT.ok;
}

export async function main(argv: string[]): Promise<number> {
  const json = wantsJson(argv);
  let mask = (t: string) => t;
  try {
    const invocation = parseInvocation(argv);
    if (invocation.kind === 'print') {
      (invocation.to === 'stdout' ? process.stdout : process.stderr).write(invocation.text + '\n');
      return invocation.exitCode;
    }
    if (invocation.kind === 'analyze') return await analyzeStdin();
    if (invocation.kind === 'schema') {
      const { configJsonSchema } = await import('../config/json-schema');
      process.stdout.write(JSON.stringify(configJsonSchema(), null, 2) + '\n');
      return EXIT.ok;
    }
    if (invocation.kind === 'init') return await (await import('./init')).runInit(invocation.flags);
    if (invocation.kind === 'check') return (await import('../config/check-run')).runCheck(invocation.options.config ?? 'rollwatch.yml', { json: invocation.options.json, destination: invocation.options.destination });
    if (invocation.kind === 'history' || invocation.kind === 'logs' || invocation.kind === 'exec') {
      return await (await import('./day2')).runDay2(invocation, { commit: await gitCommit(), actor: process.env.GITHUB_ACTOR ?? process.env.USER ?? null });
    }
    const { command, options } = invocation;
    const commit = gitCommit();
    const run = openCliRun(options, { firstSignal: 'starting nothing new, returning touched hosts to a known state', exitAt: 3 });
    const { config, log } = run;
    mask = run.mask;
    try {
      const reportFile = options.report ?? config.reportFile;
      if (reportFile) checkWritableFile(options.report ? '--report' : 'reportFile', reportFile);
      if (options.summary) checkWritableFile('--summary', options.summary);
      const report = await runCommand(command, { config, target: loadTarget, log, signal: run.signal, commit: await commit, actor: process.env.GITHUB_ACTOR ?? process.env.USER ?? null });
      await annotateRun(config.grafana, report, log, { mask });
      run.stderr.done();
      const reportJson = mask(JSON.stringify(report, null, 2));
      if (reportFile) writeFileSync(reportFile, reportJson + '\n', { mode: 0o600 });
      if (options.summary) writeFileSync(options.summary, mask(renderSummary(report)));
      if (options.json) process.stdout.write(reportJson + '\n');
      else process.stdout.write(paintHeadline(mask(renderText(report)), report.outcome, colourWanted(process.stdout, process.env)) + '\n');
      if (report.outcome === 'failed') process.stderr.write(`rollwatch: ${mask(report.reason)}\n`);
      return exitCodeOf(report);
    } finally {
      run.close();
    }
  } catch (err) {
    const hint = err instanceof RollwatchError && err.hint ? `\n  hint: ${err.hint}` : '';
    process.stderr.write(`rollwatch: ${mask(errorMessage(err))}${mask(hint)}\n`);
    if (json) process.stdout.write(errorJson(err, mask) + '\n');
    return exitCodeFor(err);
  }
}
