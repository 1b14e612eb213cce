import { join } from 'node:path';
import { buildOptions, ignoreFileFor, type BuildSettings } from '../../../src/docker/image';
import { configErrorOf, minimalRaw } from '../../fixtures/core/config';

const settings = (over: Partial<BuildSettings> = {}): BuildSettings => ({
  context: '/src',
  dockerfile: 'Dockerfile',
  args: { NODE_ENV: 'production' },
  labels: {},
  builder: 'buildkit',
  cacheFrom: [],
  inlineCache: false,
  network: 'default',
  ...over,
});

describe('build options', () => {
  it('asks the engine for BuildKit (version 2) by default and for the classic builder when configured', () => {
    expect(buildOptions(settings(), 'r/app:1', {}).version).toBe('2');
    expect(buildOptions(settings({ builder: 'classic' }), 'r/app:1', {})).not.toHaveProperty('version');
  });

  it('imports the cache of the named images and writes an inline cache through the build argument BuildKit reads', () => {
    const o = buildOptions(settings({ cacheFrom: ['r/app:latest'], inlineCache: true }), 'r/app:1', { a: 'b' });
    expect(o).toMatchObject({ t: 'r/app:1', cachefrom: ['r/app:latest'], labels: { a: 'b' }, buildargs: { NODE_ENV: 'production', BUILDKIT_INLINE_CACHE: '1' } });
    expect(buildOptions(settings(), 'r/app:1', {})).not.toHaveProperty('cachefrom');
    expect(buildOptions(settings(), 'r/app:1', {}).buildargs).toEqual({ NODE_ENV: 'production' });
  });

  it('runs RUN steps on the network asked for, and on the engine\'s default otherwise', () => {
    expect(buildOptions(settings({ network: 'host' }), 'r/app:1', {}).networkmode).toBe('host');
    expect(buildOptions(settings(), 'r/app:1', {})).not.toHaveProperty('networkmode');
  });
});

describe('the ignore file of a build', () => {
  const present = (...paths: string[]) => (p: string) => paths.includes(p);

  it('prefers <Dockerfile>.dockerignore next to the Dockerfile under BuildKit', () => {
    const exists = present(join('/src', 'docker/web.Dockerfile.dockerignore'), join('/src', '.dockerignore'));
    expect(ignoreFileFor('/src', 'docker/web.Dockerfile', 'buildkit', exists)).toBe(join('/src', 'docker/web.Dockerfile.dockerignore'));
    expect(ignoreFileFor('/src', 'docker/web.Dockerfile', 'classic', exists)).toBe(join('/src', '.dockerignore'));
  });

  it('falls back to the context\'s .dockerignore, and to none', () => {
    expect(ignoreFileFor('/src', 'Dockerfile', 'buildkit', present(join('/src', '.dockerignore')))).toBe(join('/src', '.dockerignore'));
    expect(ignoreFileFor('/src', 'Dockerfile', 'buildkit', present())).toBeNull();
  });
});

describe('build settings in the config', () => {
  const errorOf = (build: Record<string, unknown>) => configErrorOf({ ...minimalRaw(), image: { repository: 'ghcr.io/acme/web', build } });

  it('refuses an unknown builder and an inline cache without BuildKit, naming the field', () => {
    expect(errorOf({ builder: 'kaniko' })).toMatch(/image\.build\.builder: expected "buildkit" .* or "classic"/);
    expect(errorOf({ builder: 'classic', inlineCache: true })).toMatch(/image\.build\.inlineCache: an inline cache is written by BuildKit only/);
    expect(errorOf({ cacheFrom: ['not a ref'] })).toMatch(/image\.build\.cacheFrom\[0\]: expected an image reference/);
  });
});
