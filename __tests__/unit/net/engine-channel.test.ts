/**
 * The engine channel of a HostConnection against a real SSH server in the test process and a
 * Docker engine stand-in: requests go through SSH socket forwards to /var/run/docker.sock on
 * the one connection, dial-stdio when sshd refuses the forward (for good) or cannot reach the
 * socket (for that request), and an engine that is down is an error HostAgent retries.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { inspect } from 'node:util';
import { HostConnection } from '../../../src/targets/ssh/connection';
import { fingerprintOf } from '../../../src/targets/ssh/hostkeys';
import { DOCKER_SOCKET, isEngineUnreachable } from '../../../src/targets/ssh/engine-channel';
import { HostAgent } from '../../../src/targets/ssh/host-agent';
import { fakeEngine } from '../../fixtures/core/fake-engine';
import { keyBlob, newKey, sshSettings, startSshd, type EngineEnd } from './sshd';

let closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.reverse()) await c();
  closers = [];
});

async function hostWith(dialStdio: EngineEnd | undefined, streamLocal: EngineEnd | 'engine' | undefined) {
  const engine = await fakeEngine((r) => (r.path === '/version' ? { status: 200, json: { Version: '27.5.1', ApiVersion: '1.47' } } : { status: 404, json: { message: 'No such container: x' } }));
  const socket = (engine.docker.modem as unknown as { socketPath: string }).socketPath;
  const key = newKey();
  const sshd = await startSshd(key.private, 0, dialStdio === undefined ? socket : dialStdio, streamLocal === 'engine' ? socket : streamLocal);
  const conn = new HostConnection({ name: 'h1', address: '127.0.0.1', port: sshd.port, user: 'root', fingerprint: fingerprintOf(keyBlob(key.public)) }, sshSettings());
  closers.push(() => engine.close(), () => sshd.close(), () => conn.dispose());
  return { engine, sshd, conn };
}

const version = (conn: HostConnection) => conn.engine((d) => d.version(), { what: 'version' });

describe('engine channel', () => {
  it('speaks to the engine through socket forwards to /var/run/docker.sock on the one SSH connection, kept alive', async () => {
    const { engine, sshd, conn } = await hostWith(undefined, 'engine');
    for (let i = 0; i < 3; i++) expect((await version(conn)).Version).toBe('27.5.1');
    expect(sshd.logins()).toBe(1);
    expect(sshd.streamLocal()).toEqual([DOCKER_SOCKET]);
    expect(sshd.dialStdios()).toBe(0);
    // pinned API version
    expect(engine.requests.map((r) => r.path)).toEqual(['/version', '/version', '/version']);
  });

  it('the description docker-modem builds of every request (util.inspect, no depth limit) does not walk the SSH connection', async () => {
    const { conn } = await hostWith(undefined, 'engine');
    expect((await version(conn)).Version).toBe('27.5.1'); // a kept-alive channel now sits in the agent
    const docker = await conn.docker();
    const requestOptions = { path: '/v1.41/version', method: 'GET', agent: (docker.modem as unknown as { agent: unknown }).agent };
    const text = inspect(requestOptions, { showHidden: true, depth: null });
    expect(text).toContain('[engine agent over SSH: forward]');
    expect(text.length).toBeLessThan(300);
  });

  it('a kept-alive channel the engine ended (it restarted) is not reused: the next request goes through', async () => {
    const { engine, sshd, conn } = await hostWith(undefined, 'engine');
    await version(conn);
    engine.dropConnections();
    await new Promise((r) => setTimeout(r, 100));
    expect((await version(conn)).Version).toBe('27.5.1');
    expect(sshd.streamLocal()).toEqual([DOCKER_SOCKET, DOCKER_SOCKET]);
  });

  it('an sshd that refuses socket forwards: dial-stdio, and no forward is asked for again on that connection', async () => {
    const { sshd, conn } = await hostWith(undefined, undefined);
    await version(conn);
    await conn.engine((d) => Promise.all([d.version(), d.version()]), { what: 'two at once' });
    expect(sshd.streamLocal()).toEqual([]);
    expect(sshd.dialStdios()).toBeGreaterThanOrEqual(1);
    expect(sshd.logins()).toBe(1);
  });

  it('a socket sshd cannot reach (the engine listens elsewhere): that request goes through dial-stdio', async () => {
    const { sshd, conn } = await hostWith(undefined, 'down');
    expect((await version(conn)).Version).toBe('27.5.1');
    expect(sshd.streamLocal()).toEqual([DOCKER_SOCKET]);
    expect(sshd.dialStdios()).toBe(1);
  });

  it('an engine that is down: an unreachable-engine error carrying what the host said', async () => {
    const { conn } = await hostWith('down', 'down');
    const err = await version(conn).catch((e: unknown) => e);
    expect(isEngineUnreachable(err)).toBe(true);
    expect((err as Error).message).toMatch(/Cannot connect to the Docker daemon .*docker system dial-stdio: Cannot connect to the Docker daemon at unix:\/\/\/var\/run\/docker\.sock/);
  });

  it('HostAgent over it: the engine version, and a container that does not exist', async () => {
    const { conn } = await hostWith(undefined, 'engine');
    const agent = new HostAgent(conn, 'web');
    expect(await agent.dockerVersion()).toBe('27.5.1');
    expect(await agent.container('web-v1')).toBeNull();
  });
});
