import { describe, it, expect } from '@jest/globals';
import { describeTask, failedTasks, readiness, swarmRollbackReason, updatePhase, type SwarmTask } from '../../../src/targets/swarm/status';

const V1 = 'repo@sha256:' + '1'.repeat(64);
const V2 = 'repo@sha256:' + '2'.repeat(64);
const task = (id: string, image: string, state: string, desired = 'running', extra: Partial<SwarmTask> = {}): SwarmTask => ({
  ID: id.padEnd(25, '0'),
  NodeID: `node-${id}`,
  DesiredState: desired,
  CreatedAt: `2026-12-05T10:00:0${id.length}Z`,
  Status: { State: state },
  Spec: { ContainerSpec: { Image: image } },
  ...extra,
});
const names = (id: string | undefined) => (id ? id.replace('node-', 'h') : 'no node');

describe('swarm update status', () => {
  const before = { State: 'completed', StartedAt: '2026-12-05T09:00:00Z' };

  it('ignores the status of the previous update (same StartedAt) until Swarm starts ours', () => {
    expect(updatePhase(before, before)).toEqual({ phase: 'pending' });
    expect(updatePhase(undefined, before)).toEqual({ phase: 'pending' });
  });

  it('maps each Swarm state of this update', () => {
    const at = { StartedAt: '2026-12-05T10:00:00Z' };
    expect(updatePhase({ ...at, State: 'updating' }, before)).toEqual({ phase: 'updating' });
    expect(updatePhase({ ...at, State: 'completed' }, before)).toEqual({ phase: 'completed' });
    expect(updatePhase({ ...at, State: 'rollback_started', Message: 'update rolled back due to failure or early termination of task abc' }, before)).toEqual({ phase: 'rolling-back', message: 'update rolled back due to failure or early termination of task abc' });
    expect(updatePhase({ ...at, State: 'rollback_completed', Message: 'rollback completed' }, before)).toEqual({ phase: 'rolled-back', message: 'rollback completed' });
    expect(updatePhase({ ...at, State: 'paused', Message: 'update paused due to failure' }, before)).toEqual({ phase: 'paused', message: 'paused: update paused due to failure' });
    expect(updatePhase({ ...at, State: 'rollback_paused', Message: 'x' }, before)).toEqual({ phase: 'paused', message: 'rollback_paused: x' });
  });

  it('takes a first status when there was none before', () => {
    expect(updatePhase({ State: 'updating', StartedAt: 't' }, undefined)).toEqual({ phase: 'updating' });
  });
});

describe('swarm task readiness', () => {
  it('is ready only when every replica runs the image and no task of another image runs', () => {
    expect(readiness([task('a', V2, 'running'), task('b', V2, 'running'), task('c', V2, 'running')], V2, 3).ready).toBe(true);
    const mixed = readiness([task('a', V2, 'running'), task('b', V2, 'running'), task('c', V1, 'running')], V2, 3);
    expect(mixed.ready).toBe(false);
    expect(mixed.waiting).toMatch(/2\/3 task\(s\) running.*1 task\(s\) of another image still running/);
    const starting = readiness([task('a', V2, 'running'), task('b', V2, 'starting'), task('c', V1, 'complete', 'shutdown')], V2, 2);
    expect(starting.ready).toBe(false);
    expect(starting.waiting).toMatch(/1\/2 task\(s\) running; starting/);
  });

  it('does not count a running task whose desired state is already shutdown', () => {
    expect(readiness([task('a', V2, 'running', 'shutdown')], V2, 1).ready).toBe(false);
  });
});

describe('swarm failed tasks', () => {
  const failed = task('bb', V2, 'failed', 'shutdown', { Status: { State: 'failed', Err: 'task: non-zero exit (3)', ContainerStatus: { ExitCode: 3 } }, Slot: 2 });
  const tasks = [task('a', V1, 'running'), failed, task('c', V2, 'shutdown', 'shutdown'), task('ddd', V1, 'failed', 'shutdown', { Status: { State: 'failed', Err: 'old' } })];

  it('finds the failed tasks of the new image only', () => {
    expect(failedTasks(tasks, V2).map((t) => t.ID)).toEqual([failed.ID]);
  });

  it('puts a task that ran and failed before a newer scheduler rejection', () => {
    const rejected = task('eeee', V2, 'rejected', 'shutdown', { NodeID: undefined, CreatedAt: '2026-12-05T10:00:09Z', Status: { State: 'rejected', Err: 'no suitable node (max replicas per node limit exceed)' }, Slot: 2 });
    expect(failedTasks([rejected, ...tasks], V2).map((t) => t.ID)).toEqual([failed.ID, rejected.ID]);
    expect(swarmRollbackReason('', failedTasks([rejected, ...tasks], V2), names)).toMatch(/^rolled back by Swarm \(update failure action\): task bb0+ \(slot 2\) on hbb: task: non-zero exit \(3\), exit code 3; task eeee0+ \(slot 2\) on no node: no suitable node/);
  });

  it('describes a task failure with node, error and exit code', () => {
    expect(describeTask(failed, names)).toBe('task bb0000000000 (slot 2) on hbb: task: non-zero exit (3), exit code 3');
  });

  it('says that Swarm rolled back by itself, with the task error and Swarm message', () => {
    const r = swarmRollbackReason('update rolled back due to failure or early termination of task bb', [failed], names);
    expect(r).toBe('rolled back by Swarm (update failure action): task bb0000000000 (slot 2) on hbb: task: non-zero exit (3), exit code 3 (Swarm: "update rolled back due to failure or early termination of task bb")');
    expect(swarmRollbackReason('', [], names)).toBe('rolled back by Swarm (update failure action): a task of the new version failed');
  });
});
