/**
 * Reading Swarm's own word on an update: UpdateStatus and the task list. Pure. The exit code
 * of `docker service update` says nothing (it is 0 even after Swarm rolled back by itself).
 */
export interface UpdateStatus {
  State?: string;
  Message?: string;
  StartedAt?: string;
  CompletedAt?: string;
}

export interface SwarmTask {
  ID: string;
  NodeID?: string;
  Slot?: number;
  DesiredState?: string;
  CreatedAt?: string;
  Status?: { State?: string; Err?: string; Message?: string; ContainerStatus?: { ExitCode?: number; ContainerID?: string } };
  Spec?: { ContainerSpec?: { Image?: string; Labels?: Record<string, string> } };
}

export type UpdatePhase =
  | { phase: 'pending' } // no status of this update yet (Swarm has not started it)
  | { phase: 'updating' }
  | { phase: 'completed' }
  | { phase: 'rolling-back'; message: string } // Swarm's failure action started a rollback
  | { phase: 'rolled-back'; message: string }
  | { phase: 'paused'; message: string };

/**
 * The phase of the update that started after `before` (the UpdateStatus read before sending
 * it): a status with the same StartedAt belongs to an earlier update and says nothing yet.
 */
export function updatePhase(status: UpdateStatus | undefined, before: UpdateStatus | undefined): UpdatePhase {
  if (!status?.State) return { phase: 'pending' };
  if (before?.StartedAt && status.StartedAt === before.StartedAt) return { phase: 'pending' };
  const message = status.Message ?? '';
  switch (status.State) {
    case 'updating':
      return { phase: 'updating' };
    case 'completed':
      return { phase: 'completed' };
    case 'rollback_started':
      return { phase: 'rolling-back', message };
    case 'rollback_completed':
      return { phase: 'rolled-back', message };
    case 'paused':
    case 'rollback_paused':
      return { phase: 'paused', message: `${status.State}: ${message}` };
    default:
      return { phase: 'updating' };
  }
}

export const imageOf = (t: SwarmTask): string => t.Spec?.ContainerSpec?.Image ?? '';

/** Running tasks of `image` and what keeps the service from being fully on it. */
export function readiness(tasks: SwarmTask[], image: string, replicas: number): { ready: boolean; running: SwarmTask[]; waiting: string } {
  const live = tasks.filter((t) => t.DesiredState === 'running');
  const running = live.filter((t) => t.Status?.State === 'running' && imageOf(t) === image);
  const others = tasks.filter((t) => t.Status?.State === 'running' && imageOf(t) !== image);
  const notYet = live.filter((t) => imageOf(t) === image && t.Status?.State !== 'running');
  const ready = running.length >= replicas && others.length === 0;
  const waiting = ready
    ? ''
    : [
        running.length < replicas ? `${running.length}/${replicas} task(s) running` : null,
        notYet.length ? `${notYet.map((t) => t.Status?.State ?? '?').join(', ')}` : null,
        others.length ? `${others.length} task(s) of another image still running` : null,
      ]
        .filter(Boolean)
        .join('; ');
  return { ready, running, waiting };
}

/**
 * Tasks of `image` that failed (exited, did not start, were rejected): tasks whose container
 * ran and failed first, then the rest; newest first within each. A scheduler rejection such as
 * "no suitable node (max replicas per node)" is usually a side effect of the rollout itself, so
 * it must not hide the task that shows the cause.
 */
export function failedTasks(tasks: SwarmTask[], image: string): SwarmTask[] {
  const ranAndFailed = (t: SwarmTask): number => (t.Status?.ContainerStatus?.ExitCode !== undefined || t.Status?.State === 'failed' ? 0 : 1);
  return tasks
    .filter((t) => imageOf(t) === image && (['failed', 'rejected'].includes(t.Status?.State ?? '') || (t.Status?.Err ?? '') !== ''))
    .sort((a, b) => ranAndFailed(a) - ranAndFailed(b) || (b.CreatedAt ?? '').localeCompare(a.CreatedAt ?? ''));
}

/** "task 3k2… (slot 2) on h2: task: non-zero exit (3), exit code 3". */
export function describeTask(t: SwarmTask, nodeName: (id: string | undefined) => string): string {
  const err = t.Status?.Err || t.Status?.Message || t.Status?.State || 'unknown';
  const code = t.Status?.ContainerStatus?.ExitCode;
  return `task ${t.ID.slice(0, 12)}${t.Slot ? ` (slot ${t.Slot})` : ''} on ${nodeName(t.NodeID)}: ${err}${code !== undefined && code !== 0 ? `, exit code ${code}` : ''}`;
}

/** The sentence for a rollback that Swarm's own failure action made. */
export function swarmRollbackReason(message: string, failed: SwarmTask[], nodeName: (id: string | undefined) => string): string {
  const tasks = failed.slice(0, 3).map((t) => describeTask(t, nodeName));
  return `rolled back by Swarm (update failure action): ${tasks.length ? tasks.join('; ') : 'a task of the new version failed'}${message ? ` (Swarm: "${message}")` : ''}`;
}
