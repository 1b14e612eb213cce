import { Shell, sh, and } from '../targets/ssh/shell';
import type { AdminRequest } from './caddy';

/**
 * The remote commands for the proxy modules' output, built with the one quoting layer
 * (targets/ssh/shell.ts). Pure text: the SSH side runs them.
 */

/** Marks the end of each runtime command's reply in `haproxyRun` output. */
export const REPLY_END = '#rollwatch-reply-end';

/** Each command on its own connection to the admin socket (socat), each reply followed by REPLY_END and socat's status. */
export function haproxyRun(socket: string, commands: readonly string[]): Shell {
  return Shell.raw(
    commands
      .map((c) => `${sh('printf', '%s\\n', c)} | ${sh('socat', '-t', '5', 'stdio', `UNIX-CONNECT:${socket}`)}; ${sh('echo', Shell.raw(`"${REPLY_END} $?"`))}`)
      .join('; '),
  );
}

/** Splits `haproxyRun` output into one reply per command; a failed socat gives null. */
export function splitReplies(output: string, count: number): (string | null)[] {
  const parts = output.split(new RegExp(`^${REPLY_END} ([0-9]+)$`, 'm'));
  const replies: (string | null)[] = [];
  for (let i = 0; i + 1 < parts.length && replies.length < count; i += 2) replies.push(parts[i + 1] === '0' ? parts[i].replace(/^\n/, '') : null);
  while (replies.length < count) replies.push(null);
  return replies;
}

/** Dumps every backend's server state into the state file (temp file + rename: never half written). */
export function haproxySaveState(socket: string, stateFile: string): Shell {
  const tmp = `${stateFile}.rollwatch-tmp`;
  return Shell.raw(
    `out=$(${sh('printf', '%s\\n', 'show servers state')} | ${sh('socat', '-t', '5', 'stdio', `UNIX-CONNECT:${socket}`)}) && ` +
      `case $out in 1*) ${sh('printf', '%s\\n', Shell.raw('"$out"'))} > ${sh(tmp)} && ${sh('mv', '-f', '--', tmp, stateFile)} ;; *) ${sh('echo', 'not a server state dump:')} "$out" >&2; exit 1 ;; esac`,
  );
}

/**
 * Writes the nginx upstream file, runs the config test and reloads; a failing test puts the
 * previous file back (or removes the new one) before failing, so nginx never loads a bad file.
 */
export function nginxApply(upstreamFile: string, text: string, test: readonly string[], reload: readonly string[]): Shell {
  const prev = `${upstreamFile}.rollwatch-prev`;
  const next = `${upstreamFile}.rollwatch-new`;
  const restore = Shell.raw(`{ if [ -e ${sh(prev)} ]; then ${sh('mv', '-f', '--', prev, upstreamFile)}; else ${sh('rm', '-f', '--', upstreamFile)}; fi; exit 1; }`);
  return and(
    Shell.raw(`{ ${sh('rm', '-f', '--', prev)}; if [ -e ${sh(upstreamFile)} ]; then ${sh('cp', '-p', '--', upstreamFile, prev)}; fi; }`),
    Shell.raw(`${sh('printf', '%s', text)} > ${sh(next)}`),
    sh('mv', '-f', '--', next, upstreamFile),
    Shell.raw(`{ ${sh(...test)} || ${restore.text}; }`),
    sh(...reload),
  );
}

/** One admin API request with curl: on a unix socket (Host sent empty, as Caddy wants there) or on loopback TCP. */
export function caddyRequest(target: { socket?: string; adminUrl?: string }, req: AdminRequest): Shell {
  // "Host;" sends an empty Host header ("Host:" would drop it): Caddy refuses any other host on a socket
  const via = target.socket ? ['--unix-socket', target.socket, '-H', 'Host;'] : [];
  const url = target.socket ? `http://localhost${req.path}` : `${target.adminUrl}${req.path}`;
  const body = req.body !== undefined ? ['-H', 'Content-Type: application/json', '--data-binary', req.body] : [];
  return sh('curl', '-sS', '--fail-with-body', '--max-time', '10', '-X', req.method, ...via, ...body, '--', url);
}
