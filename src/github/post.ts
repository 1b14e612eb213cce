import * as core from '@actions/core';
import type { Checkpoint } from '../engine/context';
import { recoverCheckpoint } from '../engine/recover';
import { newRunId } from '../engine/run';
import { errorMessage } from '../errors';
import type { RunReport } from '../report/model';
import { renderSummary } from '../report/summary';
import { systemClock } from '../util/clock';
import { createMasker, maskedLogger } from '../util/log';
import { configFromInputs } from './config';
import { resumeDeployment } from './deployments';
import { readInputs, secretInputs, type ActionInputs } from './inputs';
import { actionLogger } from './logger';
import { readCheckpoint, unfinishedDeployment } from './state';

const needsCleanup = (c: Checkpoint | null): c is Checkpoint =>
  c !== null && c.phase !== 'done' && (Object.keys(c.touched).length > 0 || c.lockedHosts.length > 0);

/**
 * The post step: cleans up after a main step that was cancelled or crashed mid-rollout, and gives
 * the GitHub deployment that main step left open its final status.
 */
export async function post(): Promise<void> {
  const checkpoint = readCheckpoint();
  const deploymentId = unfinishedDeployment();
  if (!needsCleanup(checkpoint) && deploymentId === null) return;
  for (const s of secretInputs()) core.setSecret(s);
  let mask = createMasker(secretInputs());
  let cleanup: RunReport | null = null;
  let failure: string | null = null;
  let inputs: ActionInputs | null = null;
  try {
    inputs = readInputs();
    if (needsCleanup(checkpoint)) {
      const config = configFromInputs(inputs);
      mask = createMasker([...config.secrets, ...secretInputs()]);
      core.warning(`the main step stopped during ${checkpoint.phase}: returning ${Object.keys(checkpoint.touched).join(', ') || 'no host'} to the previous release and releasing the lock`);
      cleanup = await recoverCheckpoint(
        { config, log: maskedLogger(actionLogger, mask), clock: systemClock, runId: checkpoint.runId || newRunId(), signal: new AbortController().signal, command: 'recover', commit: process.env.GITHUB_SHA ?? null, actor: process.env.GITHUB_ACTOR ?? null },
        checkpoint,
      );
      await core.summary.addRaw(mask(renderSummary(cleanup)), true).write();
      if (cleanup.outcome === 'failed') core.setFailed(mask(`cleanup after cancel: ${cleanup.reason}`));
      else core.info(mask(cleanup.reason));
    }
  } catch (err) {
    failure = `cleanup after cancel failed: ${errorMessage(err)}`;
    core.setFailed(mask(failure));
  }
  if (deploymentId !== null && inputs?.githubToken) {
    const deployment = resumeDeployment(
      { token: inputs.githubToken, environment: inputs.environment, environmentUrl: inputs.environmentUrl, log: { info: core.info, warn: core.warning }, mask },
      deploymentId,
    );
    if (cleanup) await deployment.cleanedUp(cleanup);
    else await deployment.error(failure ?? `the main step stopped during ${checkpoint?.phase ?? 'start-up'} before it changed any host`);
  }
}
