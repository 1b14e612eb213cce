import * as core from '@actions/core';
import { needsRecovery } from '../engine/checkpoint';
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

/**
 * The post step: cleans up after a main step that was cancelled or crashed mid-rollout, and gives
 * the GitHub deployment that main step left open its final status. It changes hosts only from a
 * well-formed checkpoint of an unfinished run that is provably this step's own (see
 * recoverCheckpoint); a run that finished, a rollback that completed, or a read-only mode leaves
 * nothing for it to do.
 */
export async function post(): Promise<void> {
  const saved = readCheckpoint();
  const deploymentId = unfinishedDeployment();
  if (saved.kind === 'corrupt') {
    core.warning(
      `the main step's saved checkpoint is unreadable (${saved.reason}): the post step changed nothing. If the main step was cut off mid-rollout, check the hosts with \`rollwatch status\` and release a stale lock with \`rollwatch lock release --config <your rollwatch config>\`.`,
    );
  }
  const checkpoint = saved.kind === 'ok' && needsRecovery(saved.checkpoint) ? saved.checkpoint : null;
  if (!checkpoint && deploymentId === null) return;
  for (const s of secretInputs()) core.setSecret(s);
  let mask = createMasker(secretInputs());
  let cleanup: RunReport | null = null;
  let failure: string | null = saved.kind === 'corrupt' ? `the saved checkpoint is unreadable (${saved.reason}); nothing was changed` : null;
  let inputs: ActionInputs | null = null;
  try {
    inputs = readInputs();
    if (checkpoint) {
      const config = configFromInputs(inputs);
      mask = createMasker([...config.secrets, ...secretInputs()]);
      const touched = Object.keys(checkpoint.touched);
      core.warning(`the main step stopped during ${checkpoint.phase} of ${checkpoint.command}: ${touched.length ? `returning ${touched.join(', ')} to the release each ran before` : 'no host was changed'}, releasing the run's locks`);
      // loaded only when there is something to recover: most post steps have nothing to do
      const { recoverCheckpoint } = await import('../targets/ssh/recover');
      cleanup = await recoverCheckpoint(
        { config, log: maskedLogger(actionLogger, mask), clock: systemClock, runId: checkpoint.runId, signal: new AbortController().signal, command: 'recover', commit: process.env.GITHUB_SHA ?? null, actor: process.env.GITHUB_ACTOR ?? null },
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
    else await deployment.error(failure ?? `the main step stopped during ${saved.kind === 'ok' ? saved.checkpoint.phase : 'start-up'} before it changed any host`);
  }
}
