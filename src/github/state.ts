import * as core from '@actions/core';
import type { Checkpoint } from '../engine/context';
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

export function readCheckpoint(): Checkpoint | null {
  try {
    restoreFirstUseKeys(JSON.parse(core.getState(HOST_KEYS) || '{}'));
  } catch {
    /* no keys saved: accept-new trusts on first use again */
  }
  const raw = core.getState(CHECKPOINT);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Checkpoint;
  } catch {
    return null;
  }
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
