import * as core from '@actions/core';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { exitCodeOf, newRunId, runCommand, type Command } from '../engine/run';
import { loadTarget } from '../targets/lazy';
import { RollwatchError, errorMessage, inputError } from '../errors';
import type { Config } from '../config/types';
import { formatAnnotation, formatCheck } from '../config/check';
import { checkConfigFile } from '../config/check-run';
import type { RunReport } from '../report/model';
import { renderSummary } from '../report/summary';
import { createMasker, maskedLogger } from '../util/log';
import { annotateRun } from '../integrations/grafana';
import { configFromInputs, inputLabel } from './config';
import { startDeployment, type DeploymentTracker } from './deployments';
import { readInputs, secretInputs, type ActionInputs } from './inputs';
import { actionLogger } from './logger';
import { markDeploymentFinished, markMainStarted, saveCheckpoint, saveDeploymentId, saveRunId } from './state';

function commandFor(inputs: ActionInputs): Command {
  switch (inputs.mode) {
    case 'deploy':
      return { name: 'deploy', version: inputs.version };
    case 'rollback':
      return { name: 'rollback', version: inputs.version };
    case 'verify':
      return { name: 'verify' };
    case 'status':
      return { name: 'status' };
    case 'plan':
      return { name: 'plan', version: inputs.version };
    case 'check':
      throw new Error('check mode does not run a command');
  }
}

const seconds = (ms: number | null) => (ms == null ? '' : (ms / 1000).toFixed(1));

export function setOutputs(report: RunReport, reportPath: string, mask: (s: string) => string): void {
  core.setOutput('outcome', report.outcome);
  core.setOutput('version', report.version ?? '');
  core.setOutput('previous-version', report.previousVersion ?? '');
  core.setOutput('reason', mask(report.reason));
  core.setOutput('image', report.image ?? '');
  core.setOutput('digest', report.digest ?? '');
  core.setOutput('hosts', report.hosts.map((h) => h.name).join(','));
  core.setOutput('rolled-back', String(report.outcome === 'rolled-back' || report.hosts.some((h) => h.result === 'rolled-back')));
  core.setOutput('t-build', seconds(report.timings.buildMs));
  core.setOutput('t-deploy', seconds(report.timings.deployMs));
  core.setOutput('t-detect', seconds(report.timings.detectMs));
  core.setOutput('t-recover', seconds(report.timings.recoverMs));
  core.setOutput('report', reportPath);
}

/**
 * `mode: check`: the config file checked offline (no SSH, no secret values); every problem
 * becomes an error annotation on its line of the file, and the step fails.
 */
export function runCheckMode(inputs: ActionInputs, env: NodeJS.ProcessEnv = process.env, write: (line: string) => void = (l) => process.stdout.write(l + '\n')): void {
  if (!inputs.configFile) throw inputError('config', 'mode: check needs the config input (the rollwatch YAML file to check)');
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const result = checkConfigFile(resolve(workspace, inputs.configFile), inputs.configFile, { env, overrides: inputs.overrides, destination: inputs.destination });
  core.setOutput('outcome', result.problems.length === 0 ? 'ok' : 'failed');
  for (const p of result.deprecated) write(formatAnnotation(p, 'warning'));
  if (result.problems.length === 0) {
    core.info(formatCheck(result));
    return;
  }
  for (const p of result.problems) write(formatAnnotation(p));
  core.setFailed(`${inputs.configFile}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} (see the annotations)`);
}

/** A config that does not load: each problem that is in the file (not in an input) annotated on its line. */
function annotateFileProblems(inputs: ActionInputs, env: NodeJS.ProcessEnv = process.env, write: (line: string) => void = (l) => process.stdout.write(l + '\n')): void {
  if (!inputs.configFile) return;
  try {
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    const result = checkConfigFile(resolve(workspace, inputs.configFile), inputs.configFile, { env, overrides: inputs.overrides, destination: inputs.destination });
    for (const p of result.problems) if (p.field === '' || !inputLabel(p.field, inputs.inputFields)) write(formatAnnotation(p));
  } catch {
    // the annotations only help; the error itself is reported either way
  }
}

/** The action's main step. */
export async function run(): Promise<void> {
  markMainStarted();
  for (const s of secretInputs()) core.setSecret(s);
  let mask = createMasker(secretInputs());
  try {
    const inputs = readInputs();
    if (inputs.mode === 'check') return runCheckMode(inputs);
    let config: Config;
    try {
      config = configFromInputs(inputs);
    } catch (err) {
      if (err instanceof RollwatchError && err.kind === 'input') annotateFileProblems(inputs);
      throw err;
    }
    for (const s of config.secrets) core.setSecret(s);
    mask = createMasker([...config.secrets, ...secretInputs()]);
    const controller = new AbortController();
    const onSignal = (sig: string) => {
      if (!controller.signal.aborted) core.warning(`${sig} received: starting nothing new, returning touched hosts to a known state`);
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    const log = maskedLogger(actionLogger, mask);
    let deployment: DeploymentTracker | null = null;
    if (inputs.githubToken && inputs.deployments === 'auto' && (inputs.mode === 'deploy' || inputs.mode === 'rollback')) {
      deployment = await startDeployment({
        token: inputs.githubToken,
        environment: inputs.environment,
        environmentUrl: inputs.environmentUrl,
        app: config.app,
        version: inputs.mode === 'deploy' ? (inputs.version ?? config.version ?? process.env.GITHUB_SHA ?? null) : (inputs.version ?? null),
        command: inputs.mode,
        log,
        mask,
      });
      if (deployment.id !== null) saveDeploymentId(deployment.id);
    }

    const runId = newRunId();
    saveRunId(runId);
    let report: RunReport;
    try {
      report = await runCommand(commandFor(inputs), {
        config,
        target: loadTarget,
        runId,
        log,
        signal: controller.signal,
        commit: process.env.GITHUB_SHA ?? null,
        actor: process.env.GITHUB_ACTOR ?? null,
        onCheckpoint: saveCheckpoint,
      });
    } catch (err) {
      await deployment?.error(mask(errorMessage(err)));
      markDeploymentFinished();
      throw err;
    }
    // Neither ever throws nor fails the run: API errors are warnings.
    await deployment?.finish(report);
    markDeploymentFinished();
    await annotateRun(config.grafana, report, log, { mask });

    const dir = process.env.RUNNER_TEMP ?? mkdtempSync(join(tmpdir(), 'rollwatch-'));
    const reportPath = config.reportFile ?? join(dir, `rollwatch-report-${report.runId}.json`);
    writeFileSync(reportPath, mask(JSON.stringify(report, null, 2)) + '\n', { mode: 0o600 });
    setOutputs(report, reportPath, mask);
    const policy = config.verify.policy;
    const threshold = policy?.threshold ?? (policy?.method === 'classic' ? 3 : undefined);
    await core.summary.addRaw(mask(renderSummary(report, { chart: { threshold } })), true).write();
    const code = exitCodeOf(report);
    if (report.outcome === 'inconclusive') core.warning(mask(`verification inconclusive, release kept: ${report.reason}`));
    if (code !== 0) core.setFailed(mask(`${report.outcome}: ${report.reason}`));
  } catch (err) {
    core.setFailed(mask(errorMessage(err)));
  }
}
