/**
 * What the one bundle decides before it loads anything else: which role this process plays (the
 * action's main step, its post step, or the CLI) and where Node's compile cache may live. Only
 * Node built-ins here: everything else loads after the role is known.
 */
import { appendFileSync, lstatSync, mkdirSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type Role = 'main' | 'post' | 'cli';

/**
 * Set by the thin entry files before they load the bundle: "cli" (dist/cli/index.js, the bin) or
 * "post" (dist/post.js, action.yml's post). The action's main step loads the bundle directly.
 * The post step is told by its own file, never guessed from the runner's STATE_ variables: a
 * post step whose main step was killed before it saved anything must still be a post step
 * (guessing "main" would start a second deploy).
 */
export const ROLE_MARK = Symbol.for('rollwatch.role');
const MAIN_STARTED = 'main-started';

export function roleOf(mark: unknown): Role {
  return mark === 'cli' || mark === 'post' ? mark : 'main';
}

/**
 * Marks the main step as started before anything else loads (the main step saves it again through
 * @actions/core), so a post step knows a main step ran even when it was killed at once.
 */
export function recordMainStarted(env: NodeJS.ProcessEnv): void {
  if (!env.GITHUB_STATE) return; // an old runner: the main step's core.saveState falls back to a workflow command
  appendFileSync(env.GITHUB_STATE, `${MAIN_STARTED}=true\n`);
}

/** The compile cache's folder: in the temp folder, one per user and per rollwatch version. */
export function compileCacheDir(tmp: string, uid: number | null, version: string): string {
  return join(tmp, `rollwatch-compile-cache-${uid ?? 'user'}`, version);
}

type EnableCompileCache = (dir: string) => { status: number; message?: string };

/**
 * Turns on Node's compile cache (Node ≥ 22.1) for what loads from here on: the bundle's chunks.
 * Off where the folder is not this user's alone (another user could plant compiled code in it);
 * a folder that cannot be made or written leaves the run as it was: nothing here throws.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv, version: string): string | null {
  try {
    const enable = (nodeModule as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
    if (typeof enable !== 'function' || env.NODE_DISABLE_COMPILE_CACHE) return null;
    const uid = typeof process.getuid === 'function' ? process.getuid() : null;
    const dir = compileCacheDir(tmpdir(), uid, version);
    const top = dirname(dir);
    mkdirSync(top, { recursive: true, mode: 0o700 });
    const st = lstatSync(top);
    if (!st.isDirectory() || (uid !== null && st.uid !== uid) || (st.mode & 0o022) !== 0) return null;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    enable(dir);
    return dir;
  } catch {
    return null;
  }
}
