import * as core from '@actions/core';
import { recoverCheckpoint } from '../engine/recover';
import { newRunId } from '../engine/run';
import { errorMessage } from '../errors';
import { renderSummary } from '../report/summary';
import { systemClock } from '../util/clock';
import { createMasker, maskedLogger } from '../util/log';
import { configFromInputs } from './config';
import { readInputs, secretInputs } from './inputs';
import { actionLogger } from './logger';
import { readCheckpoint } from './state';

/** The post step: cleans up after a main step that was cancelled or crashed mid-rollout. */
export async function post(): Promise<void> {
  const checkpoint = readCheckpoint();
  if (!checkpoint || checkpoint.phase === 'done') return;
  if (Object.keys(checkpoint.touched).length === 0 && checkpoint.lockedHosts.length === 0) return;
  for (const s of secretInputs()) core.setSecret(s);
  let mask = createMasker(secretInputs());
  try {
    const config = configFromInputs(readInputs());
    mask = createMasker([...config.secrets, ...secretInputs()]);
    core.warning(`the main step stopped during ${checkpoint.phase}: returning ${Object.keys(checkpoint.touched).join(', ') || 'no host'} to the previous release and releasing the lock`);
    const report = await recoverCheckpoint(
      { config, log: maskedLogger(actionLogger, mask), clock: systemClock, runId: checkpoint.runId || newRunId(), signal: new AbortController().signal, command: 'recover', commit: process.env.GITHUB_SHA ?? null, actor: process.env.GITHUB_ACTOR ?? null },
      checkpoint,
    );
    await core.summary.addRaw(mask(renderSummary(report)), true).write();
    if (report.outcome === 'failed') core.setFailed(mask(`cleanup after cancel: ${report.reason}`));
    else core.info(mask(report.reason));
  } catch (err) {
    core.setFailed(mask(`cleanup after cancel failed: ${errorMessage(err)}`));
  }
}
