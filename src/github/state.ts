import * as core from '@actions/core';
import { parseCheckpoint, type Checkpoint, type ParsedCheckpoint } from '../engine/checkpoint';
import { firstUseKeys, restoreFirstUseKeys } from '../targets/ssh/hostkeys';

/** Every saveState/getState of the action lives here. */
const CHECKPOINT = 'checkpoint';
const MAIN_STARTED = 'main-started';
/** Host keys the main step trusted on first use (accept-new): the post step must meet the same. */
const HOST_KEYS = 'host-keys';

export function markMainStarted(): void {
  core.saveState(MAIN_STARTED, 'true');
}

export function saveCheckpoint(c: Checkpoint): void {
  core.saveState(CHECKPOINT, JSON.stringify(c));
  core.saveState(HOST_KEYS, JSON.stringify(firstUseKeys()));
}

/**
 * The checkpoint the main step saved: none, a well-formed one, or corrupt (with the reason). The
 * host keys main trusted on first use come back with it, so the post step meets the same keys.
 */
export function readCheckpoint(): ParsedCheckpoint {
  try {
    restoreFirstUseKeys(JSON.parse(core.getState(HOST_KEYS) || '{}'));
  } catch {
    /* no keys saved: accept-new trusts on first use again */
  }
  return parseCheckpoint(core.getState(CHECKPOINT));
}

const RUN_ID = 'run-id';

/** The main step's run id (unique per job, matrix leg and attempt): its locks carry it. */
export function saveRunId(id: string): void {
  core.saveState(RUN_ID, id);
}


export function mainStarted(): boolean {
  return core.getState(MAIN_STARTED) === 'true';
}

const DEPLOYMENT = 'deployment-id';
const DEPLOYMENT_FINISHED = 'deployment-finished';

/** The GitHub deployment the main step created; the post step finishes it if the main step could not. */
export function saveDeploymentId(id: number): void {
  core.saveState(DEPLOYMENT, String(id));
}

export function markDeploymentFinished(): void {
  core.saveState(DEPLOYMENT_FINISHED, 'true');
}

/** The id of a deployment the main step created but never gave a final status, or null. */
export function unfinishedDeployment(): number | null {
  if (core.getState(DEPLOYMENT_FINISHED) === 'true') return null;
  const id = Number(core.getState(DEPLOYMENT));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
