/**
 * The remote build engine (docker.host): TLS with a CA and a client certificate for tcp://,
 * plain tcp refused to another machine unless accepted by name, strict host keys for ssh://,
 * and registry credentials kept out of docker-modem's DEBUG=modem lines. The engines are
 * stand-ins on 127.0.0.1 (an HTTPS server that requires a client certificate, an SSH server
 * bridging `docker system dial-stdio` to a plain HTTP one) answering the one Engine API call
 * the check makes: GET /distribution/<ref>/json.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import createDebug from 'debug';
import { buildConfig } from '../../../src/config/load';
import { RollwatchError } from '../../../src/errors';
import { resolveExisting } from '../../../src/docker/image';
import type { DockerEngine } from '../../../src/docker/engine';
import { forgetFirstUseKeys } from '../../../src/targets/ssh/hostkeys';
import { fakeSources, minimalRaw } from '../../fixtures/core/config';
import { keyBlob, newKey, startSshd } from './sshd';

const DIGEST = 'sha256:' + 'ab'.repeat(32);
let dir = '';
const pem = (name: string) => readFileSync(join(dir, name), 'utf8');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollwatch-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const issue = (name: string, ca: string, ext: string) => {
    openssl('req', ...ec, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}-key.pem`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`);
  };
  for (const ca of ['ca', 'other-ca']) openssl('req', '-x509', ...ec, '-keyout', `${ca}-key.pem`, '-out', `${ca}.pem`, '-days', '1', '-subj', `/CN=${ca}`);
  issue('server', 'ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('client', 'ca', 'extendedKeyUsage=clientAuth\n');
});

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
  forgetFirstUseKeys();
});

interface EngineCall {
  path: string;
  registryAuth?: string;
}
function engineApi(calls: EngineCall[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    calls.push({ path: req.url ?? '', registryAuth: req.headers['x-registry-auth'] as string | undefined });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ Descriptor: { digest: DIGEST } }));
  };
}

async function listen(server: ReturnType<typeof createHttpServer>): Promise<number> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  closers.push(() => new Promise<void>((ok) => (server.closeAllConnections(), server.close(() => ok()))));
  return (server.address() as AddressInfo).port;
}

/** A Docker engine stand-in over TLS that requires a client certificate signed by `ca`. */
async function tlsEngine(calls: EngineCall[]): Promise<number> {
  return listen(createHttpsServer({ key: pem('server-key.pem'), cert: pem('server.pem'), ca: pem('ca.pem'), requestCert: true, rejectUnauthorized: true }, engineApi(calls)) as never);
}

const ssh = { privateKey: newKey().private, hostKeys: 'strict' as const, user: 'root' };
const check = (engine: DockerEngine) => resolveExisting(engine, 'registry.example.com/web', 'v1', undefined);

describe('tcp:// with TLS', () => {
  it('verifies the engine against the CA and presents the client certificate', async () => {
    const calls: EngineCall[] = [];
    const port = await tlsEngine(calls);
    const engine = { url: `tcp://127.0.0.1:${port}`, tls: { ca: pem('ca.pem'), cert: pem('client.pem'), key: pem('client-key.pem') } };
    expect(await check(engine)).toMatchObject({ digest: DIGEST, imageRef: `registry.example.com/web@${DIGEST}` });
    expect(calls.map((c) => c.path)).toEqual([expect.stringMatching(/\/distribution\/registry\.example\.com\/web:v1\/json$/)]);
  });

  it('an engine whose certificate another CA signed is refused; so is a client without a certificate', async () => {
    const calls: EngineCall[] = [];
    const port = await tlsEngine(calls);
    await expect(check({ url: `tcp://127.0.0.1:${port}`, tls: { ca: pem('other-ca.pem'), cert: pem('client.pem'), key: pem('client-key.pem') } })).rejects.toThrow(/cannot ask the registry about registry\.example\.com\/web:v1: .*certificate/i);
    await expect(check({ url: `tcp://127.0.0.1:${port}`, tls: { ca: pem('ca.pem') } })).rejects.toThrow(RollwatchError);
    expect(calls).toEqual([]);
  });

  it('the config reads docker.tls files, or DOCKER_TLS_VERIFY with DOCKER_CERT_PATH like the docker CLI', () => {
    const files = { '/certs/ca.pem': pem('ca.pem'), '/certs/cert.pem': pem('client.pem'), '/certs/key.pem': pem('client-key.pem') };
    const viaConfig = buildConfig({ ...minimalRaw(), docker: { host: 'tcp://builder.example.com:2376', tls: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' } } }, fakeSources({}, files));
    expect(viaConfig.dockerHost).toMatchObject({ url: 'tcp://builder.example.com:2376', tls: { ca: pem('ca.pem'), cert: pem('client.pem'), key: pem('client-key.pem') } });
    expect(viaConfig.secrets).toContain(pem('client-key.pem'));
    const viaEnv = buildConfig(minimalRaw(), fakeSources({ DOCKER_HOST: 'tcp://builder.example.com:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, files));
    expect(viaEnv.dockerHost?.tls?.cert).toBe(pem('client.pem'));
  });
});

describe('load-time checks of docker.host (before anything is touched)', () => {
  const inputError = (raw: Record<string, unknown>, env: Record<string, string> = {}, files: Record<string, string> = {}) => {
    try {
      buildConfig({ ...minimalRaw(), ...raw }, fakeSources(env, files));
    } catch (err) {
      if (err instanceof RollwatchError && err.kind === 'input') return { field: err.field, message: err.message, hint: err.hint };
      throw err;
    }
    throw new Error('accepted');
  };

  it('plain tcp to another machine is refused, naming the field and the way to accept it', () => {
    const e = inputError({ docker: { host: 'tcp://10.0.0.5:2375' } });
    expect(e.field).toBe('docker.host');
    expect(e.message).toMatch(/^docker\.host: tcp:\/\/10\.0\.0\.5:2375 is plain, unauthenticated TCP to a Docker engine on another machine/);
    expect(e.hint).toMatch(/docker\.tls: \{ ca, cert, key \}.*DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH.*ssh:\/\/user@host.*docker\.allowPlainTcp: true/);
    expect(inputError({}, { DOCKER_HOST: 'tcp://builder:2375' }).field).toBe('DOCKER_HOST');
  });

  it('plain tcp to this machine, or accepted by docker.allowPlainTcp, passes', () => {
    for (const host of ['tcp://127.0.0.1:2375', 'tcp://localhost:2375', 'tcp://[::1]:2375']) expect(buildConfig({ ...minimalRaw(), docker: { host } }, fakeSources()).dockerHost?.url).toBe(host);
    expect(buildConfig({ ...minimalRaw(), docker: { host: 'tcp://10.0.0.5:2375', allowPlainTcp: true } }, fakeSources()).dockerHost).toEqual({ url: 'tcp://10.0.0.5:2375', tls: undefined, ssh: undefined });
  });

  it('TLS settings that cannot work are refused by field', () => {
    expect(inputError({ docker: { host: 'tcp://b:2376', tls: { ca: 'ca.pem' } } })).toMatchObject({ field: 'docker.tls.ca', message: 'docker.tls.ca: cannot read file "ca.pem": ENOENT' });
    expect(inputError({ docker: { host: 'tcp://b:2376', tls: { ca: '/x' } } }, {}, { '/x': 'not a pem' }).field).toBe('docker.tls.ca');
    expect(inputError({ docker: { host: 'tcp://b:2376', tls: { cert: '/c' } } }).message).toMatch(/^docker\.tls: give cert and key together/);
    expect(inputError({ docker: { host: 'ssh://root@b', tls: { ca: '/x' } } }).message).toBe('docker.tls: applies to a tcp:// engine only, and docker.host is ssh://');
    expect(inputError({}, { DOCKER_HOST: 'tcp://b:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nowhere' }).field).toBe('DOCKER_CERT_PATH');
  });
});

describe('ssh:// checks the engine host key like the deploy hosts', () => {
  async function sshEngine() {
    const calls: EngineCall[] = [];
    const httpPort = await listen(createHttpServer(engineApi(calls)));
    const hostKey = newKey();
    const sshd = await startSshd(hostKey.private, 0, httpPort);
    closers.push(() => sshd.close());
    const knownLine = `[127.0.0.1]:${sshd.port} ssh-ed25519 ${keyBlob(hostKey.public).toString('base64')}`;
    return { calls, sshd, knownLine, url: `ssh://root@127.0.0.1:${sshd.port}` };
  }

  it('an unknown host key is refused before logging in, with the reason', async () => {
    const { sshd, url } = await sshEngine();
    const err = await check({ url, ssh: { ...ssh, knownHosts: undefined } }).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(RollwatchError);
    expect(err!.message).toMatch(new RegExp(`^docker\\.host: host key of Docker engine 127\\.0\\.0\\.1:${sshd.port} \\(docker\\.host\\) is unknown \\(offered ssh-ed25519 SHA256:[^)]+\\); add it to ssh\\.knownHostsFile \\(the build engine is checked like the hosts\\)$`));
    expect(sshd.logins()).toBe(0);
  });

  it('a host key listed in known_hosts is accepted and the engine answers through dial-stdio', async () => {
    const { calls, sshd, knownLine, url } = await sshEngine();
    expect(await check({ url, ssh: { ...ssh, knownHosts: knownLine } })).toMatchObject({ digest: DIGEST });
    expect(sshd.logins()).toBe(1);
    expect(calls).toHaveLength(1);
  });
});

describe('DEBUG=modem', () => {
  it('prints requests but never the registry auth header (base64 user and password)', async () => {
    const calls: EngineCall[] = [];
    const port = await listen(createHttpServer(engineApi(calls)));
    const lines: string[] = [];
    const original = createDebug.log;
    createDebug.log = (...args: unknown[]) => lines.push(format(...args)); // stands in for stderr
    createDebug.enable('modem');
    try {
      await resolveExisting({ url: `tcp://127.0.0.1:${port}` }, 'registry.example.com/web', 'v1', { server: 'registry.example.com', username: 'deployer', password: 'pa55-w0rd!' });
    } finally {
      createDebug.disable();
      createDebug.log = original;
    }
    const header = calls[0].registryAuth!;
    expect(JSON.parse(Buffer.from(header, 'base64').toString())).toMatchObject({ username: 'deployer', password: 'pa55-w0rd!' });
    const printed = lines.join('\n');
    expect(printed).toMatch(/modem Sending: .*X-Registry-Auth/s);
    expect(printed).not.toContain(header);
    expect(printed).not.toContain(header.slice(0, 24));
    expect(printed).not.toContain('pa55-w0rd!');
  });
});
