/**
 * GitHub Deployments for the action's deploy and rollback modes: one deployment per run, an
 * `in_progress` status before anything changes, a final status after.
 *
 *   promoted / inconclusive-kept / ok (rollback done) → success (GitHub marks older ones inactive)
 *   rolled-back                                       → failure, description "rolled back: <reason>"
 *   failed                                            → failure, description = the reason (one line, ≤ 140)
 *   the run threw (bad input, internal error)         → error,   description = the message
 *
 * Every status carries log_url (this workflow run); environment_url when given. Nothing here
 * ever fails the deploy: an API error becomes a warning and the run goes on.
 */
import type { getOctokit } from '@actions/github';
import { loadUndici } from '../vendor/undici-on-demand';
import { errorMessage } from '../errors';
import type { RunReport } from '../report/model';

type State = 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

export interface DeploymentLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface DeploymentOptions {
  token: string;
  /** Deployment environment (default "production"). */
  environment?: string | null;
  environmentUrl?: string | null;
  app: string;
  /** The version being deployed, or rolled back to; null when the run decides (previous release). */
  version: string | null;
  command: 'deploy' | 'rollback';
  log: DeploymentLog;
  /** Masks secrets in text sent to GitHub. */
  mask?: (text: string) => string;
  env?: NodeJS.ProcessEnv;
  /** Per request (default 15 s). */
  timeoutMs?: number;
}

export interface DeploymentTracker {
  /** The deployment's id, null when it could not be created. */
  readonly id: number | null;
  /** Posts the final status for the run's report. */
  finish(report: RunReport): Promise<void>;
  /** Posts `error` when the run threw before producing a report. */
  error(message: string): Promise<void>;
  /**
   * Posts the status of a run that was cut off, after the post step's cleanup: failure with what
   * the cleanup did, or error when the cleanup itself failed.
   */
  cleanedUp(report: RunReport): Promise<void>;
}

const MAX_DESCRIPTION = 140;

export function shortDescription(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= MAX_DESCRIPTION ? oneLine : oneLine.slice(0, MAX_DESCRIPTION - 1) + '…';
}

/** The final state and description for a report. */
export function finalStatus(report: RunReport): { state: State; description: string } {
  const v = report.version ?? 'the previous release';
  const reason = report.reason; // shortDescription makes it one line of at most 140 characters
  switch (report.outcome) {
    case 'promoted':
      return { state: 'success', description: `${v} promoted` };
    case 'deployed':
      return { state: 'success', description: `${v} deployed (first release, nothing to compare with)` };
    case 'inconclusive':
      return { state: 'success', description: `${v} kept (verification inconclusive)` };
    case 'ok':
      return { state: 'success', description: report.command === 'rollback' ? `rolled back to ${v}` : `${v} deployed` };
    case 'rolled-back':
      return { state: 'failure', description: `rolled back: ${reason}` };
    default:
      return { state: 'failure', description: reason || 'failed' };
  }
}

const NOOP: DeploymentTracker = { id: null, finish: async () => {}, error: async () => {}, cleanedUp: async () => {} };

interface DeploymentApi {
  /** Creates the deployment; its id, or null after a warning. */
  create(description: string, payload: Record<string, unknown>): Promise<number | null>;
  /** Posts a status; an API error becomes a warning. */
  post(id: number, state: State, description: string): Promise<void>;
  environment: string;
}

/** The REST calls both the main step and the post step make; null (after a warning) when they cannot be made. */
function deploymentApi(o: DeploymentOptions): DeploymentApi | null {
  const env = o.env ?? process.env;
  const mask = o.mask ?? ((t: string) => t);
  const environment = o.environment || 'production';
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const ref = env.GITHUB_SHA;
  if (!owner || !repo || !ref) {
    o.log.warn('GitHub deployment skipped: GITHUB_REPOSITORY and GITHUB_SHA are needed');
    return null;
  }
  const baseUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, '');
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '');
  const logUrl = env.GITHUB_RUN_ID ? `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const timeoutMs = o.timeoutMs ?? 15_000;
  // @actions/github (Octokit) and the undici it uses are loaded on first use: most runs start without them.
  let client: Promise<ReturnType<typeof getOctokit>> | undefined;
  const octokit = () => (client ??= loadUndici().then(() => import('@actions/github')).then((m) => m.getOctokit(o.token, { baseUrl })));
  const why = (err: unknown) => {
    const e = err as { status?: number; message?: string };
    return mask(`${e.status ? `HTTP ${e.status}: ` : ''}${errorMessage(err).split('\n')[0]}`);
  };
  return {
    environment,
    async create(description, payload) {
      try {
        const res = await (await octokit()).rest.repos.createDeployment({
          owner,
          repo,
          ref,
          environment,
          task: 'deploy',
          auto_merge: false,
          required_contexts: [],
          payload,
          description: shortDescription(mask(description)),
          request: { signal: AbortSignal.timeout(timeoutMs) },
        });
        if (res.status !== 201 || !('id' in res.data)) {
          o.log.warn(`GitHub deployment not created (HTTP ${res.status}): ${mask(JSON.stringify(res.data)).slice(0, 200)}`);
          return null;
        }
        return res.data.id;
      } catch (err) {
        o.log.warn(`GitHub deployment could not be created (the deploy goes on): ${why(err)}`);
        return null;
      }
    },
    async post(id, state, description) {
      try {
        await (await octokit()).rest.repos.createDeploymentStatus({
          owner,
          repo,
          deployment_id: id,
          state,
          description: shortDescription(mask(description)),
          ...(logUrl ? { log_url: logUrl } : {}),
          ...(o.environmentUrl ? { environment_url: o.environmentUrl } : {}),
          request: { signal: AbortSignal.timeout(timeoutMs) },
        });
      } catch (err) {
        o.log.warn(`GitHub deployment ${id}: status "${state}" could not be posted: ${why(err)}`);
      }
    },
  };
}

function tracker(api: DeploymentApi, id: number): DeploymentTracker {
  let done = false;
  const once = async (state: State, description: string) => {
    if (done) return;
    done = true;
    await api.post(id, state, description);
  };
  return {
    id,
    finish: (report) => {
      const s = finalStatus(report);
      return once(s.state, s.description);
    },
    error: (message) => once('error', message || 'error'),
    cleanedUp: (report) => once(report.outcome === 'failed' ? 'error' : 'failure', `run stopped mid-way; cleanup: ${report.reason}`),
  };
}

/**
 * Creates the deployment and posts `in_progress`. Never throws: without what it needs
 * (GITHUB_REPOSITORY, GITHUB_SHA) or on an API error it warns and returns a tracker that does nothing.
 */
export async function startDeployment(o: DeploymentOptions): Promise<DeploymentTracker> {
  const api = deploymentApi(o);
  if (!api) return NOOP;
  const what = o.command === 'rollback' ? `rollback of ${o.app} to ${o.version ?? 'the previous release'}` : `${o.app} ${o.version ?? ''}`.trim();
  const id = await api.create(`rollwatch: ${what}`, { app: o.app, version: o.version, command: o.command });
  if (id === null) return NOOP;
  await api.post(id, 'in_progress', o.command === 'rollback' ? `rolling back to ${o.version ?? 'the previous release'}` : `rolling out ${o.version ?? ''}`.trim());
  o.log.info(`GitHub deployment ${id} (${api.environment}) created`);
  return tracker(api, id);
}

/** The tracker of a deployment a main step created and could not finish (the post step's view). */
export function resumeDeployment(o: Omit<DeploymentOptions, 'app' | 'version' | 'command'>, id: number): DeploymentTracker {
  const api = deploymentApi({ ...o, app: '', version: null, command: 'deploy' });
  return api ? tracker(api, id) : NOOP;
}
