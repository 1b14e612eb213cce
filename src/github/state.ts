import * as core from '@actions/core';
import type { Checkpoint } from '../engine/context';

/** Every saveState/getState of the action lives here. */
const CHECKPOINT = 'checkpoint';
const MAIN_STARTED = 'main-started';

export function markMainStarted(): void {
  core.saveState(MAIN_STARTED, 'true');
}

export function saveCheckpoint(c: Checkpoint): void {
  core.saveState(CHECKPOINT, JSON.stringify(c));
}

export function readCheckpoint(): Checkpoint | null {
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
