/**
 * Where the Docker engine that builds and pushes is (`docker.host`, or DOCKER_HOST), as the
 * config loader checks it: pure settings, no client (src/docker/engine.ts connects).
 */
import { join } from 'node:path';
import type { ConfigSources } from '../config/load';
import type { Config } from '../config/types';
import { inputError } from '../errors';
import { redactUserinfo } from '../util/urls';

export interface DockerEngine {
  /** unix://, npipe://, tcp:// or ssh:// */
  url: string;
  /** tcp:// over TLS: PEM texts (the engine's CA, the client certificate and its key). */
  tls?: { ca?: string; cert?: string; key?: string };
  /** ssh://: the key and host key rules of the deploy hosts. */
  ssh?: Pick<Config['ssh'], 'privateKey' | 'passphrase' | 'knownHosts' | 'hostKeys'> & { user: string };
}

export interface DockerSettings {
  host?: string;
  tls?: { ca?: string; cert?: string; key?: string };
  allowPlainTcp?: boolean;
}

const LOCAL = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;

function readPem(sources: ConfigSources, field: string, path: string): string {
  let text: string;
  try {
    text = sources.readFile(path.startsWith('/') ? path : `${sources.baseDir.replace(/\/$/, '')}/${path}`);
  } catch (err) {
    throw inputError(field, `cannot read file ${JSON.stringify(path)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, 'give a readable PEM file');
  }
  if (!/-----BEGIN [A-Z0-9 ]+-----/.test(text)) throw inputError(field, `${JSON.stringify(path)} is not a PEM file (expected a "-----BEGIN …-----" block)`);
  return text;
}

/**
 * The engine of a validated config, or undefined for the local default. Throws an input error
 * naming the field for TLS files that cannot be read, TLS on a non-tcp engine, and plain tcp
 * to another machine without `docker.allowPlainTcp: true`.
 */
export function resolveDockerEngine(d: DockerSettings, sources: ConfigSources, ssh: NonNullable<DockerEngine['ssh']>): { engine: DockerEngine | undefined; secrets: string[] } {
  const fromEnv = d.host === undefined && !!sources.env.DOCKER_HOST;
  const url = d.host ?? (sources.env.DOCKER_HOST || undefined);
  const field = fromEnv ? 'DOCKER_HOST' : 'docker.host';
  if (url === undefined) {
    if (d.tls) throw inputError('docker.tls', 'applies to a tcp:// engine only, and docker.host is not set');
    return { engine: undefined, secrets: [] };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw inputError(field, `${JSON.stringify(redactUserinfo(url))} is not an engine address`, 'use unix:///path, tcp://host:port or ssh://user@host');
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (!['unix', 'npipe', 'tcp', 'ssh'].includes(scheme)) throw inputError(field, `unsupported Docker engine address ${JSON.stringify(redactUserinfo(url))}`, 'use unix:///path, tcp://host:port or ssh://user@host');
  if (d.tls && scheme !== 'tcp') throw inputError('docker.tls', `applies to a tcp:// engine only, and ${field} is ${scheme}://`);

  let tls: DockerEngine['tls'];
  if (d.tls) {
    if ((d.tls.cert === undefined) !== (d.tls.key === undefined)) throw inputError('docker.tls', 'give cert and key together (the client certificate and its private key), or neither');
    tls = {
      ca: d.tls.ca === undefined ? undefined : readPem(sources, 'docker.tls.ca', d.tls.ca),
      cert: d.tls.cert === undefined ? undefined : readPem(sources, 'docker.tls.cert', d.tls.cert),
      key: d.tls.key === undefined ? undefined : readPem(sources, 'docker.tls.key', d.tls.key),
    };
  } else if (scheme === 'tcp' && sources.env.DOCKER_TLS_VERIFY && sources.env.DOCKER_TLS_VERIFY !== '0') {
    // the docker CLI's convention: DOCKER_TLS_VERIFY=1, files ca.pem, cert.pem, key.pem in DOCKER_CERT_PATH (default ~/.docker)
    const dir = sources.env.DOCKER_CERT_PATH || join(sources.env.HOME ?? '/root', '.docker');
    tls = {
      ca: readPem(sources, 'DOCKER_CERT_PATH', join(dir, 'ca.pem')),
      cert: readPem(sources, 'DOCKER_CERT_PATH', join(dir, 'cert.pem')),
      key: readPem(sources, 'DOCKER_CERT_PATH', join(dir, 'key.pem')),
    };
  }
  if (scheme === 'tcp' && !tls && !d.allowPlainTcp && !LOCAL.test(parsed.hostname)) {
    throw inputError(
      field,
      `${redactUserinfo(url)} is plain, unauthenticated TCP to a Docker engine on another machine: whoever reaches that port runs containers as root there, and the registry password crosses the network in clear`,
      'use TLS (docker.tls: { ca, cert, key }, or DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH) or ssh://user@host; to accept plain tcp all the same, set docker.allowPlainTcp: true',
    );
  }
  return {
    engine: { url, tls, ssh: scheme === 'ssh' ? { ...ssh, user: decodeURIComponent(parsed.username) || ssh.user } : undefined },
    secrets: tls?.key ? [tls.key] : [],
  };
}
