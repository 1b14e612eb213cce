/**
 * `undici` as the GitHub toolkit imports it, kept out of start-up.
 *
 * Every action step loads @actions/core, which imports @actions/http-client, which imports
 * undici at its top: about 0.9 MB of the bundle, compiled and run before the first log line,
 * though rollwatch needs it only for GitHub Deployments (@actions/github's fetch, and
 * http-client's ProxyAgent when the runner sets a proxy). The build points the `undici`
 * specifier here (tsconfig `paths`, which ncc applies to every import in the bundle); the real
 * package is a chunk of its own, loaded by `loadUndici()` before @actions/github is used.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
interface Undici {
  ProxyAgent: new (...args: any[]) => object;
  fetch: (...args: any[]) => Promise<any>;
}

let real: Undici | undefined;

/** Loads the real undici; call it (and await it) before using @actions/github. */
export async function loadUndici(): Promise<void> {
  real ??= (await import('undici/index.js')) as unknown as Undici;
}

function loaded(): Undici {
  if (!real) throw new Error('undici is loaded on demand: await loadUndici() before using @actions/github');
  return real;
}

export class ProxyAgent {
  constructor(...args: any[]) {
    // a constructor may return another object: callers get the real undici ProxyAgent
    return new (loaded().ProxyAgent)(...args);
  }
}

export async function fetch(...args: any[]): Promise<any> {
  await loadUndici();
  return loaded().fetch(...args);
}
