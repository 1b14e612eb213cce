/**
 * The one bundle's entry (dist/index.js): the action's main step (action.yml's main), its post
 * step (dist/post.js loads it) and the CLI (dist/cli/index.js loads it). It loads only Node built-ins until
 * the role is known; each role's code is a chunk loaded on demand, so none pays for the others.
 */
import { ROLE_MARK, enableCompileCache, recordMainStarted, roleOf, type Role } from './startup';
import { TOOL_VERSION } from './version';

async function start(role: Role): Promise<void> {
  if (role === 'main') recordMainStarted(process.env);
  enableCompileCache(process.env, TOOL_VERSION);
  if (role === 'main') return (await import('./github/main')).run();
  if (role === 'post') return (await import('./github/post')).post();
  return (await import('./cli')).runCli(process.argv.slice(2));
}

const role = roleOf((globalThis as Record<symbol, unknown>)[ROLE_MARK]);
start(role).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stdout.write(role === 'cli' ? '' : `::error::rollwatch could not start: ${message}\n`);
  process.stderr.write(role === 'cli' ? `rollwatch: internal error: ${message}\n` : '');
  process.exitCode = 1;
});
