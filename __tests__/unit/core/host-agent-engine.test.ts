/**
 * HostAgent's docker operations through the Engine API, against a fake engine driven by real
 * dockerode: the requests they make (registry credentials only in the X-Registry-Auth header,
 * the environment only in the create body), how answers and errors are read, and the retries of
 * an engine that cannot be reached.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import { HostAgent } from '../../../src/targets/ssh/host-agent';
import { ENGINE_UNREACHABLE } from '../../../src/targets/ssh/engine-channel';
import { RollwatchError } from '../../../src/errors';
import { fakeEngine, fakeHost, inspected, type EngineAnswer, type EngineRequest } from '../../fixtures/core/fake-engine';
import { runSpec } from '../../fixtures/core/run-spec';

const IMAGE = `reg.example:5000/web@sha256:${'a'.repeat(64)}`;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function agentWith(answer: (r: EngineRequest) => EngineAnswer | Promise<EngineAnswer>) {
  const engine = await fakeEngine(answer);
  closers.push(engine.close);
  const host = fakeHost(engine.docker);
  return { agent: new HostAgent(host, 'web'), requests: engine.requests, host };
}

const NOT_FOUND = { status: 404, json: { message: 'No such container: x' } };
const call = (r: EngineRequest) => `${r.method} ${r.path}`;

describe('reading the host', () => {
  it('lists the app by its label, inspects each container, and skips an ID that is not one', async () => {
    const { agent, requests } = await agentWith((r) => {
      if (r.path === '/containers/json') return { status: 200, json: [{ Id: 'a'.repeat(64) }, { Id: '../../images/x' }, { Id: 'b'.repeat(64) }] };
      if (r.path === `/containers/${'a'.repeat(64)}/json`) return { status: 200, json: inspected('web-v2', 'v2', { running: true, id: 'a'.repeat(64) }) };
      if (r.path === `/containers/${'b'.repeat(64)}/json`) return NOT_FOUND; // removed between list and inspect
      return { status: 500, json: { message: 'unexpected' } };
    });
    const releases = await agent.releases();
    expect(releases.current?.name).toBe('web-v2');
    expect(releases.retained).toEqual([]);
    expect(requests[0].query.get('all')).toBe('true');
    expect(JSON.parse(requests[0].query.get('filters')!)).toEqual({ label: ['rollwatch.app=web'] });
    expect(requests.map(call).filter((c) => c.includes('images'))).toEqual([]);
  });

  it('container(): the inspect answer, or null for a container that does not exist', async () => {
    const { agent } = await agentWith((r) => (r.path === '/containers/web-v1/json' ? { status: 200, json: inspected('web-v1', 'v1') } : NOT_FOUND));
    expect((await agent.container('web-v1'))?.version).toBe('v1');
    expect(await agent.container('web-v9')).toBeNull();
  });

  it('a name that is not one Docker name never reaches a request path', async () => {
    const { agent, requests } = await agentWith(() => NOT_FOUND);
    for (const bad of ['../images/x', '-f', 'a/b', 'web v1']) await expect(agent.container(bad)).rejects.toMatchObject({ kind: 'input', field: 'container name' });
    expect(requests).toEqual([]);
  });

  it('dockerVersion: the engine version, and a hint when the engine is older than API 1.41', async () => {
    const { agent } = await agentWith(() => ({ status: 200, json: { Version: '20.10.24+dfsg1', ApiVersion: '1.41' } }));
    expect(await agent.dockerVersion()).toBe('20.10.24+dfsg1');
    const old = await agentWith(() => ({ status: 400, json: { message: 'client version 1.41 is too new. Maximum supported API version is 1.40' } }));
    const err = (await old.agent.dockerVersion().catch((e: unknown) => e)) as RollwatchError;
    expect(err.kind).toBe('preflight');
    expect(err.message).toMatch(/^h1: asking the Docker engine for its version failed: client version 1\.41 is too new.*Docker Engine 20\.10 or later/);
  });
});

describe('pull', () => {
  const done = [{ status: 'Pulling from web' }, { status: `Digest: sha256:${'a'.repeat(64)}` }, { status: `Status: Downloaded newer image for ${IMAGE}` }];
  const stream = (events: object[]) => ({ status: 200, raw: events.map((e) => JSON.stringify(e)).join('\r\n') + '\r\n' });

  it('sends the registry credentials in X-Registry-Auth only; nothing runs in a shell on the host', async () => {
    const { agent, requests, host } = await agentWith(() => stream(done));
    await agent.pull(IMAGE, { server: 'reg.example:5000', username: 'bot', password: 'hunter2' });
    expect(requests.map(call)).toEqual(['POST /images/create']);
    const [r] = requests;
    expect(r.query.get('fromImage')).toBe('reg.example:5000/web');
    expect(r.query.get('tag')).toBe(`sha256:${'a'.repeat(64)}`);
    const auth = JSON.parse(Buffer.from(String(r.headers['x-registry-auth']).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
    expect(auth).toEqual({ username: 'bot', password: 'hunter2', serveraddress: 'reg.example:5000' });
    expect(r.query.toString()).not.toContain('hunter2');
    expect(host.commands).toEqual([]);
  });

  it('without credentials: no X-Registry-Auth header', async () => {
    const { agent, requests } = await agentWith(() => stream(done));
    await agent.pull(IMAGE, undefined);
    expect(requests[0].headers['x-registry-auth']).toBeUndefined();
  });

  it('an error in the progress stream fails the pull with the engine\'s words, after the retries', async () => {
    const { agent, requests } = await agentWith(() => stream([{ status: 'Pulling fs layer' }, { errorDetail: { message: 'write /var/lib/docker/tmp/x: no space left on device' }, error: 'no space left on device' }]));
    const err = (await agent.pull(IMAGE, undefined).catch((e: unknown) => e)) as RollwatchError;
    expect(err.kind).toBe('deploy');
    expect(err.message).toBe(`h1: pulling ${IMAGE} failed: write /var/lib/docker/tmp/x: no space left on device`);
    expect(requests).toHaveLength(3);
  }, 20_000);

  it('a stream that ends before the engine says the image is there is a failed pull', async () => {
    const { agent } = await agentWith(() => stream([{ status: 'Pulling fs layer' }]));
    await expect(agent.pull(IMAGE, undefined)).rejects.toThrow(/progress stream ended before the engine said the image was there/);
  }, 20_000);

  it('a registry the engine cannot reach: the HTTP error\'s message, naming the host', async () => {
    const { agent } = await agentWith(() => ({ status: 500, json: { message: 'Get "http://10.213.0.1:5001/v2/": dial tcp 10.213.0.1:5001: connect: connection refused' } }));
    await expect(agent.pull(IMAGE, undefined)).rejects.toThrow(/^h1: pulling \S+ failed: Get .*connection refused$/);
  }, 20_000);
});

describe('containers', () => {
  it('run: create with the name in the query and the environment only in the body, then start', async () => {
    const { agent, requests } = await agentWith((r) => (r.path === '/containers/create' ? { status: 201, json: { Id: 'c'.repeat(64) } } : { status: 204 }));
    await agent.run(runSpec({ env: [{ key: 'API_TOKEN', value: 'S3cr3t' }] }));
    expect(requests.map(call)).toEqual(['POST /containers/create', `POST /containers/${'c'.repeat(64)}/start`]);
    const [create] = requests;
    expect([...create.query.keys()]).toEqual(['name']);
    expect(create.query.get('name')).toBe('web-v1');
    expect((create.body as { Env: string[] }).Env).toContain('API_TOKEN=S3cr3t');
  });

  it('stop clears the restart policy first, then stops; an already stopped container is stopped', async () => {
    const { agent, requests } = await agentWith((r) => (r.path.endsWith('/stop') ? { status: 304 } : { status: 200, json: { Warnings: [] } }));
    await agent.stop('web-v1', 7);
    expect(requests.map(call)).toEqual(['POST /containers/web-v1/update', 'POST /containers/web-v1/stop']);
    expect(requests[0].body).toEqual({ RestartPolicy: { Name: 'no', MaximumRetryCount: 0 } });
    expect(requests[1].query.get('t')).toBe('7');
  });

  it('start restores the restart policy, then starts (an already running one counts as started)', async () => {
    const { agent, requests } = await agentWith((r) => (r.path.endsWith('/start') ? { status: 304 } : { status: 200, json: {} }));
    await agent.start('web-v1', 'always');
    expect(requests.map(call)).toEqual(['POST /containers/web-v1/update', 'POST /containers/web-v1/start']);
    expect(requests[0].body).toEqual({ RestartPolicy: { Name: 'always', MaximumRetryCount: 0 } });
  });

  it('remove forces, and a container that is not there counts as removed', async () => {
    const { agent, requests } = await agentWith(() => NOT_FOUND);
    await agent.remove('web-v1');
    expect(requests.map(call)).toEqual(['DELETE /containers/web-v1']);
    expect(requests[0].query.get('force')).toBe('true');
  });

  it('restoreFast: removes the failed one, then restores and starts the previous one', async () => {
    const { agent, requests } = await agentWith((r) => (r.method === 'DELETE' ? NOT_FOUND : { status: 204 }));
    expect(await agent.restoreFast('web-v2', 'web-v1', 'unless-stopped')).toBe(true);
    expect(requests.map(call)).toEqual(['DELETE /containers/web-v2', 'POST /containers/web-v1/update', 'POST /containers/web-v1/start']);
  });

  it('restoreFast: a failed container that cannot be removed starts nothing', async () => {
    const { agent, requests } = await agentWith((r) => (r.method === 'DELETE' ? { status: 409, json: { message: 'removal in progress' } } : { status: 204 }));
    expect(await agent.restoreFast('web-v2', 'web-v1', 'unless-stopped')).toBe(false);
    expect(requests.map(call)).toEqual(['DELETE /containers/web-v2']);
  });

  it('prune removes without force; one refused keeps the images', async () => {
    const a = inspected('web-v1', 'v1', { id: '1'.repeat(64) });
    const b = inspected('web-v0', 'v0', { id: '0'.repeat(64) });
    const infos = [a, b].map((e) => ({ id: e.Id, name: e.Name.slice(1) })) as never[];
    const { agent, requests } = await agentWith((r) => (r.path === `/containers/${'0'.repeat(64)}` ? { status: 409, json: { message: 'container is running' } } : { status: 204 }));
    await expect(agent.prune(infos, ['reg/web:v0'])).rejects.toThrow(/^h1: removing web-v1, web-v0 failed: container is running$/);
    expect(requests.every((r) => r.method === 'DELETE' && r.path.startsWith('/containers/') && r.query.get('force') !== 'true')).toBe(true);
    const ok = await agentWith(() => ({ status: 204 }));
    await ok.agent.prune(infos, ['reg/web:v0']);
    expect(ok.requests.map(call).sort()).toEqual([`DELETE /containers/${'0'.repeat(64)}`, `DELETE /containers/${'1'.repeat(64)}`, 'DELETE /images/reg/web:v0'].sort());
  });

  it('logs: the last lines, stdout and stderr merged in order', async () => {
    const frame = (stream: number, text: string) => Buffer.concat([Buffer.from([stream, 0, 0, 0, 0, 0, 0, Buffer.byteLength(text)]), Buffer.from(text)]);
    const { agent, requests } = await agentWith(() => ({ status: 200, raw: Buffer.concat([frame(1, 'demo listening\n'), frame(2, 'boom\n')]) }));
    expect(await agent.logs('web-v2', 5)).toBe('demo listening\nboom');
    expect(requests[0].query.get('tail')).toBe('5');
    expect(requests[0].query.get('stderr')).toBe('true');
  });
});

describe('errors', () => {
  it('an engine error reaches the message on one clean line, naming the host and what failed', async () => {
    const { agent } = await agentWith(() => ({ status: 500, json: { message: 'Error: boom\n::error::pwned\u001b[2J' } }));
    const err = (await agent.containers().catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^h1: listing containers failed: /);
    expect(err.message).not.toMatch(/\n|\u001b/);
  });

  it('an engine that cannot be reached (restarting) is tried again; the call then goes through', async () => {
    const engine = await fakeEngine(() => ({ status: 204 }));
    closers.push(engine.close);
    let failures = 1;
    const host = fakeHost(engine.docker, undefined, () => (failures-- > 0 ? Object.assign(new Error('Cannot connect to the Docker daemon (connection refused)'), { [ENGINE_UNREACHABLE]: true }) : null));
    await new HostAgent(host, 'web').remove('web-v1');
    expect(engine.requests.map(call)).toEqual(['DELETE /containers/web-v1']);
  });

  it('a lost connection keeps its own message (not retried as an engine error)', async () => {
    const host = fakeHost(null, undefined, () => new RollwatchError('deploy', 'h1: SSH connection lost: connection closed'));
    await expect(new HostAgent(host, 'web').remove('web-v1')).rejects.toThrow(/^h1: SSH connection lost: connection closed$/);
  });
});

describe('an engine that just restarted', () => {
  it('start is tried again after a server error (it is safe to repeat); a client error is not', async () => {
    let failures = 1;
    const { agent, requests } = await agentWith((r) =>
      r.path.endsWith('/start') && failures-- > 0 ? { status: 500, json: { message: 'failed to update store for object type *libnetwork.endpoint: open : no such file or directory' } } : { status: 204 },
    );
    await agent.start('web-v1', 'always');
    expect(requests.map(call)).toEqual(['POST /containers/web-v1/update', 'POST /containers/web-v1/start', 'POST /containers/web-v1/update', 'POST /containers/web-v1/start']);
    const refused = await agentWith(() => NOT_FOUND);
    await expect(refused.agent.start('web-v9', 'always')).rejects.toThrow(/^h1: starting container web-v9 failed: No such container: x$/);
    expect(refused.requests).toHaveLength(1);
  });
});
