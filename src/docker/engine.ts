/**
 * The Docker engine that builds and pushes (`docker.host`, or DOCKER_HOST): checked at load like
 * every other input, and reached the way the deploy hosts are: TLS with the engine's CA and a
 * client certificate for tcp://, strict host keys for ssh://, plain tcp only to this machine
 * unless the config accepts it by name.
 */
import Docker from 'dockerode';
import createDebug from 'debug';
import { decideHostKey, knownKeysFor, rememberFirstKey, rememberedKeys, type HostKeyDecision } from '../targets/ssh/hostkeys';

export { resolveDockerEngine, type DockerEngine, type DockerSettings } from './engine-settings';
import type { DockerEngine } from './engine-settings';

/** Why the last connection of a client was refused (an ssh:// host key), to name in its error. */
const refusals = new WeakMap<Docker, () => string | null>();

export function dockerClient(engine: DockerEngine | undefined): Docker {
  keepRegistryAuthOutOfDebugLogs();
  if (!engine) return new Docker();
  const u = new URL(engine.url);
  if (u.protocol === 'unix:') return new Docker({ socketPath: u.pathname });
  if (u.protocol === 'npipe:') return new Docker({ socketPath: engine.url.slice('npipe://'.length) });
  if (u.protocol === 'tcp:') {
    if (!engine.tls) return new Docker({ host: u.hostname, port: Number(u.port || 2375), protocol: 'http' });
    return new Docker({ host: u.hostname, port: Number(u.port || 2376), protocol: 'https', ca: engine.tls.ca, cert: engine.tls.cert, key: engine.tls.key });
  }
  const ssh = engine.ssh!;
  const port = Number(u.port || 22);
  const label = `Docker engine ${u.hostname}:${port} (docker.host)`;
  let decision: HostKeyDecision | null = null;
  const listed = ssh.knownHosts ? knownKeysFor(ssh.knownHosts, u.hostname, port) : [];
  const docker = new Docker({
    protocol: 'ssh',
    host: u.hostname,
    port,
    username: ssh.user,
    sshOptions: {
      privateKey: ssh.privateKey,
      passphrase: ssh.passphrase,
      agent: process.env.SSH_AUTH_SOCK,
      hostVerifier: (key: Buffer) => {
        const known = listed.length > 0 || ssh.hostKeys !== 'accept-new' ? listed : rememberedKeys(u.hostname, port);
        decision = decideHostKey(key, { hostLabel: label, known, mode: ssh.hostKeys, pinHint: 'add it to ssh.knownHostsFile (the build engine is checked like the hosts)' });
        if (decision.accept && decision.trustedOnFirstUse) rememberFirstKey(u.hostname, port, key);
        return decision.accept;
      },
    },
  } as Docker.DockerOptions);
  refusals.set(docker, () => {
    const d = decision as HostKeyDecision | null;
    return d && !d.accept ? d.reason : null;
  });
  return docker;
}

/** The host key refusal behind a failed call of this client, if that is what failed it. */
export function engineRefusal(docker: Docker): string | null {
  return refusals.get(docker)?.() ?? null;
}

/**
 * docker-modem logs every request under DEBUG=modem, headers included: X-Registry-Auth is the
 * registry user and password in base64, and a TLS client key would follow. Those values are
 * replaced once debug has formatted a line, before any writer (stderr or another) gets it.
 */
let hooked = false;
export function keepRegistryAuthOutOfDebugLogs(): void {
  if (hooked) return;
  hooked = true;
  const formatArgs = createDebug.formatArgs;
  createDebug.formatArgs = function (this: unknown, args: unknown[]) {
    formatArgs.call(this, args);
    for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = redactEngineSecrets(args[i] as string);
  };
}

export function redactEngineSecrets(text: string): string {
  return text
    .replace(/(X-Registry-(?:Auth|Config)'?"?\s*[:=]\s*['"]?)[^'"\s,}]+/gi, '$1***')
    .replace(/(\bkey:\s*)(<Buffer[^>]*>|'[^']*'|"[^"]*")/g, '$1***');
}
