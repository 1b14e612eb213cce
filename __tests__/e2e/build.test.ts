/**
 * Builds with the engine's BuildKit, as `docker build` does since Docker 23: a cache mount that
 * outlives one build, a Dockerfile's own ignore file, and an inline cache a later build imports.
 * The image is built by the lab's builder engine, deployed to one host and read back there.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cli, labEnv, resetApp, runTag, writeConfig, ROOT } from './support/lab';

const APP = 'builds';
const PORT = 8140;

// a shell for RUN comes from Debian's static busybox; the app is the demo's static binary
const DOCKERFILE = `FROM scratch AS base
COPY tools/busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
COPY tools/demo /app

FROM base
ARG BUST=0
RUN --mount=type=cache,target=/var/cache/e2e sh -c 'echo "$BUST" >> /var/cache/e2e/builds; wc -l < /var/cache/e2e/builds > /builds-seen'
COPY files/ /files/
ENV PORT=${PORT}
HEALTHCHECK --interval=1s --timeout=2s --start-period=2s --retries=2 CMD ["/app", "healthcheck"]
ENTRYPOINT ["/app"]
`;

function context(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollwatch-build-'));
  mkdirSync(join(dir, 'tools'));
  mkdirSync(join(dir, 'files'));
  copyFileSync('/usr/bin/busybox', join(dir, 'tools/busybox'));
  copyFileSync(join(ROOT, 'demo/build/demo'), join(dir, 'tools/demo'));
  writeFileSync(join(dir, 'files/kept.txt'), 'kept\n');
  writeFileSync(join(dir, 'files/private.key'), 'not for the image\n');
  writeFileSync(join(dir, 'app.Dockerfile'), DOCKERFILE);
  // the Dockerfile's own ignore file wins over the context's, which would drop kept.txt instead
  writeFileSync(join(dir, 'app.Dockerfile.dockerignore'), 'files/*.key\n');
  writeFileSync(join(dir, '.dockerignore'), 'files/kept.txt\n');
  return dir;
}

let ctx = '';
const repositoryOf = (file: string) => (YAML.parse(readFileSync(file, 'utf8')) as { image: { repository: string } }).image.repository;
function config(build: Record<string, unknown>): string {
  return writeConfig((c) => {
    c.app = APP;
    c.hosts = c.hosts.slice(0, 1);
    c.image.build = { context: ctx, dockerfile: 'app.Dockerfile', network: 'host', ...build }; // the lab's build engine has no bridge
    c.container = { ...c.container, port: PORT, env: { PORT: String(PORT) } };
    c.health = { path: '/health', timeout: '20s', interval: '300ms' };
    c.verify = { enabled: false };
  });
}

const execOut = async (file: string, ...argv: string[]) => {
  const r = await cli(['exec', '--config', file, '--', ...argv]);
  expect(r.code).toBe(0);
  return r.stdout.replace(/^\S+ +\| /gm, '').trim();
};

describe('BuildKit builds', () => {
  beforeAll(() => {
    ctx = context();
    resetApp(APP);
  });
  afterAll(() => resetApp(APP));

  it('a cache mount survives from one build to the next, and <Dockerfile>.dockerignore decides what goes in', async () => {
    const first = config({ args: { BUST: '1' } });
    const r1 = await cli(['deploy', '--config', first, '--version', `b1-${runTag}`, '--json']);
    expect([r1.code, r1.report.outcome]).toEqual([0, 'promoted']);
    expect(r1.stderr).toMatch(/building \S+ from .* \(app\.Dockerfile, BuildKit\)/);
    const seenFirst = Number(await execOut(first, 'cat', '/builds-seen'));
    expect(await execOut(first, 'ls', '/files')).toBe('kept.txt');

    const second = config({ args: { BUST: '2' } });
    const r2 = await cli(['deploy', '--config', second, '--version', `b2-${runTag}`, '--json']);
    expect([r2.code, r2.report.outcome]).toEqual([0, 'promoted']);
    // the RUN step ran again (a new BUST) and found the first build's line in the cache mount
    expect(Number(await execOut(second, 'cat', '/builds-seen'))).toBe(seenFirst + 1);
  });

  it('an inline cache in the pushed image lets a build with an empty local cache skip the steps it already ran', async () => {
    const cached = config({ args: { BUST: '7' }, inlineCache: true });
    const tag = `b4-${runTag}`;
    expect((await cli(['deploy', '--config', cached, '--version', tag, '--json'])).report.outcome).toBe('promoted');
    const seen = Number(await execOut(cached, 'cat', '/builds-seen'));
    expect(seen).toBeGreaterThan(1); // the earlier builds' lines are in the cache mount
    execFileSync('docker', ['builder', 'prune', '--all', '--force'], { env: { ...process.env, DOCKER_HOST: labEnv().LAB_BUILDER_DOCKER_HOST }, stdio: 'ignore' });

    const repository = repositoryOf(cached);
    const fromCache = config({ args: { BUST: '7' }, cacheFrom: [`${repository}:${tag}`] });
    expect((await cli(['deploy', '--config', fromCache, '--version', `b5-${runTag}`, '--json'])).report.outcome).toBe('promoted');
    // the RUN layer came from the pushed image: had it run again, the emptied cache mount would say 1
    expect(Number(await execOut(fromCache, 'cat', '/builds-seen'))).toBe(seen);
  });

  it('the classic builder refuses what only BuildKit understands, and the report says why', async () => {
    const r = await cli(['deploy', '--config', config({ builder: 'classic', args: { BUST: '3' } }), '--version', `b3-${runTag}`, '--json']);
    expect(r.code).not.toBe(0);
    expect(r.report.outcome).toBe('failed');
    expect(r.report.reason).toMatch(/^image build failed: the --mount option requires BuildKit/);
  });
});
