import Docker from 'dockerode';
import dockerignore from '@balena/dockerignore';
import { readFileSync, existsSync } from 'node:fs';
import { relative, join } from 'node:path';
import * as tar from 'tar-fs';
import { RollwatchError, errorMessage } from '../errors';
import type { Logger } from '../util/log';
import type { Config } from '../config/types';
import { loadGrpc } from '../vendor/grpc-on-demand';
import { readProgress, summarizeProgress, type ProgressEvent } from './progress';
import { dockerClient, engineRefusal, type DockerEngine } from './engine';

export { dockerClient };

export interface RegistryAuth {
  server: string;
  username?: string;
  password?: string;
}

export interface BuildRequest {
  /** The engine that builds and pushes (docker.host / DOCKER_HOST, resolved by the config). */
  dockerHost?: DockerEngine;
  app: string;
  repository: string;
  version: string;
  extraTags: string[];
  build?: BuildSettings;
  registry?: RegistryAuth;
  revision: string | null;
  /** Build even when the registry already has this version. */
  force?: boolean;
}

export type BuildSettings = NonNullable<Config['image']['build']>;

export interface BuiltImage {
  imageRef: string;
  tagRef: string;
  digest: string;
  built: boolean;
}

function authconfig(reg: RegistryAuth | undefined) {
  if (!reg?.username || reg.password === undefined) return undefined;
  return { username: reg.username, password: reg.password, serveraddress: reg.server };
}

/**
 * The ignore file that applies: BuildKit reads `<Dockerfile>.dockerignore` next to the Dockerfile
 * first (so one context can serve several Dockerfiles), then the context's `.dockerignore`.
 */
export function ignoreFileFor(context: string, dockerfile: string, builder: BuildSettings['builder'], exists: (path: string) => boolean = existsSync): string | null {
  const candidates = [...(builder === 'buildkit' ? [join(context, `${dockerfile}.dockerignore`)] : []), join(context, '.dockerignore')];
  return candidates.find((path) => exists(path)) ?? null;
}

function packContext(b: BuildSettings): NodeJS.ReadableStream {
  // tar-fs's Pack is a streamx Readable, which the engine API accepts as a body.
  const { context, dockerfile } = b;
  if (!existsSync(context)) throw new RollwatchError('input', `build context ${context} does not exist`, 'image.build.context');
  if (!existsSync(join(context, dockerfile))) throw new RollwatchError('input', `no ${dockerfile} in ${context}`, 'image.build.dockerfile');
  const ignoreFile = ignoreFileFor(context, dockerfile, b.builder);
  const ig = dockerignore({ ignorecase: false });
  if (ignoreFile) ig.add(readFileSync(ignoreFile, 'utf8').split(/\r?\n/));
  return tar.pack(context, {
    ignore: (name: string) => {
      const rel = relative(context, name);
      return rel !== '' && rel !== dockerfile && ig.ignores(rel);
    },
  }) as unknown as NodeJS.ReadableStream;
}

/** The engine's build options for these settings (POST /build; version "2" selects BuildKit). */
export function buildOptions(b: BuildSettings, tagRef: string, labels: Record<string, string>): Record<string, unknown> {
  const buildargs = b.inlineCache ? { ...b.args, BUILDKIT_INLINE_CACHE: '1' } : b.args;
  return {
    t: tagRef,
    dockerfile: b.dockerfile,
    buildargs,
    target: b.target,
    labels,
    rm: true,
    forcerm: true,
    ...(b.cacheFrom.length > 0 && { cachefrom: b.cacheFrom }),
    ...(b.network !== 'default' && { networkmode: b.network }),
    ...(b.builder === 'buildkit' && { version: '2' }),
  };
}

/** The digest of repository:tag in the registry, or null when it is not there. */
export async function remoteDigest(docker: Docker, ref: string, reg: RegistryAuth | undefined): Promise<string | null> {
  try {
    const info = (await docker.getImage(ref).distribution({ authconfig: authconfig(reg) } as never)) as unknown as { Descriptor?: { digest?: string } };
    return info.Descriptor?.digest ?? null;
  } catch (err) {
    const msg = engineRefusal(docker) ?? errorMessage(err);
    if (engineRefusal(docker)) throw new RollwatchError('build', msg, 'docker.host');
    if (/unknown|not found|no such|manifest/i.test(msg)) return null;
    throw new RollwatchError('build', `cannot ask the registry about ${ref}: ${msg.split('\n')[0]}`);
  }
}

/** BuildKit reports its steps as protobuf trace messages; dockerode decodes them into plain `stream` lines. */
function followBuildKit(docker: Docker, stream: NodeJS.ReadableStream, onEvent: (e: ProgressEvent) => void): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    (docker as unknown as { followProgress: (s: NodeJS.ReadableStream, done: (err: Error | null, out: ProgressEvent[]) => void, progress: (e: ProgressEvent) => void) => void })
      .followProgress(stream, (err, out) => (err ? reject(new RollwatchError('build', `the build stream broke: ${errorMessage(err)}`)) : resolve(out)), onEvent);
  });
}

export async function buildAndPush(req: BuildRequest, log: Logger): Promise<BuiltImage> {
  const docker = dockerClient(req.dockerHost);
  const tagRef = `${req.repository}:${req.version}`;
  const auth = authconfig(req.registry);

  if (!req.force) {
    const existing = await remoteDigest(docker, tagRef, req.registry);
    if (existing) {
      log.info(`${tagRef} is already in the registry (${existing}); skipping the build`);
      return { imageRef: `${req.repository}@${existing}`, tagRef, digest: existing, built: false };
    }
  }
  if (!req.build) {
    throw new RollwatchError('build', `${tagRef} is not in the registry and image.build is not configured`, 'image.build', 'configure image.build or push the image first');
  }

  const b = req.build;
  const labels: Record<string, string> = { ...b.labels, 'rollwatch.app': req.app, 'org.opencontainers.image.version': req.version };
  if (req.revision) labels['org.opencontainers.image.revision'] = req.revision;
  log.info(`building ${tagRef} from ${b.context} (${b.dockerfile}${b.target ? `, target ${b.target}` : ''}, ${b.builder === 'buildkit' ? 'BuildKit' : 'classic builder'})`);
  let stream: NodeJS.ReadableStream;
  try {
    if (b.builder === 'buildkit') await loadGrpc(); // dockerode's BuildKit session runs on gRPC
    stream = await docker.buildImage(packContext(b), buildOptions(b, tagRef, labels) as Docker.ImageBuildOptions);
  } catch (err) {
    if (err instanceof RollwatchError) throw err;
    throw new RollwatchError('build', `the Docker engine refused the build: ${(engineRefusal(docker) ?? errorMessage(err)).split('\n')[0]}`);
  }
  const onEvent = (e: ProgressEvent) => e.stream?.trim() && log.debug(e.stream.trim());
  const built = summarizeProgress(b.builder === 'buildkit' ? await followBuildKit(docker, stream, onEvent) : await readProgress(stream, onEvent));
  if (built.errors.length > 0) {
    throw new RollwatchError('build', `image build failed: ${built.errors[0]}\n${built.lines.slice(-8).join('\n')}`);
  }

  for (const tag of req.extraTags) await docker.getImage(tagRef).tag({ repo: req.repository, tag });

  let digest: string | null = null;
  for (const tag of [req.version, ...req.extraTags]) {
    log.info(`pushing ${req.repository}:${tag}`);
    let pushStream: NodeJS.ReadableStream;
    try {
      pushStream = (await docker.getImage(`${req.repository}:${tag}`).push({ tag, authconfig: auth } as never)) as unknown as NodeJS.ReadableStream;
    } catch (err) {
      throw new RollwatchError('build', `push of ${req.repository}:${tag} was refused: ${errorMessage(err).split('\n')[0]}`);
    }
    const pushed = summarizeProgress(await readProgress(pushStream));
    if (pushed.errors.length > 0) throw new RollwatchError('build', `push of ${req.repository}:${tag} failed: ${pushed.errors[0]}`);
    if (tag === req.version) digest = pushed.digest;
  }
  if (!digest) digest = await remoteDigest(docker, tagRef, req.registry);
  if (!digest) throw new RollwatchError('build', `pushed ${tagRef} but the registry reported no digest`);
  return { imageRef: `${req.repository}@${digest}`, tagRef, digest, built: true };
}

/** Resolves an existing tag (no build configured, e.g. a rerun or a redeploy of a version). */
/** A prebuilt image pinned by digest (image.digest), checked in the registry; null when the registry does not hold it. */
export async function resolvePinned(dockerHost: DockerEngine | undefined, repository: string, digest: string, reg: RegistryAuth | undefined): Promise<BuiltImage | null> {
  const imageRef = `${repository}@${digest}`;
  const found = await remoteDigest(dockerClient(dockerHost), imageRef, reg);
  return found === digest ? { imageRef, tagRef: imageRef, digest, built: false } : null;
}

export async function resolveExisting(dockerHost: DockerEngine | undefined, repository: string, version: string, reg: RegistryAuth | undefined): Promise<BuiltImage | null> {
  const tagRef = `${repository}:${version}`;
  const digest = await remoteDigest(dockerClient(dockerHost), tagRef, reg);
  return digest ? { imageRef: `${repository}@${digest}`, tagRef, digest, built: false } : null;
}
