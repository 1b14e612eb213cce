import type { NotifyEvent, VerifyConfig } from './schema';
import type { SwarmSettings } from './swarm';
import type { ProxySettings } from './proxy';
import type { DockerEngine } from '../docker/engine';

/** The validated, resolved configuration the engine works from. Secrets are plain values here
 *  and listed in `secrets` so every renderer can mask them. */
export interface Host {
  name: string;
  address: string;
  port: number;
  user: string;
  fingerprint?: string;
}

export interface EnvVar {
  key: string;
  value: string;
  secret: boolean;
}

export interface Config {
  app: string;
  version?: string;
  target: 'ssh' | 'swarm';
  /** Set when target is swarm. */
  swarm?: SwarmSettings;
  image: {
    repository: string;
    /** A prebuilt image deployed as repository@digest: nothing is built. */
    digest?: string;
    tags: string[];
    build?: {
      context: string;
      dockerfile: string;
      args: Record<string, string>;
      target?: string;
      labels: Record<string, string>;
      builder: 'buildkit' | 'classic';
      cacheFrom: string[];
      inlineCache: boolean;
      network: 'default' | 'host' | 'none';
    };
  };
  registry?: { server: string; username?: string; password?: string };
  /** The engine that builds and pushes (docker.host or DOCKER_HOST); unset: the local default. */
  dockerHost?: DockerEngine;
  ssh: {
    privateKey: string;
    passphrase?: string;
    knownHosts?: string;
    hostKeys: 'strict' | 'accept-new';
    connectTimeoutMs: number;
    commandTimeoutMs: number;
    jumpHost?: { address: string; port: number; user: string; fingerprint?: string };
  };
  hosts: Host[];
  container: {
    port?: number;
    network?: string;
    ports: string[];
    env: EnvVar[];
    volumes: string[];
    labels: Record<string, string>;
    restart: 'no' | 'always' | 'unless-stopped' | 'on-failure';
    stopTimeoutMs: number;
    /** The limit in bytes, as a decimal string (`docker run --memory` and the swarm spec read it as bytes). */
    memory?: string;
    cpus?: number;
  };
  health: {
    path?: string;
    port?: number;
    scheme: 'http' | 'https';
    timeoutMs: number;
    intervalMs: number;
    requestTimeoutMs: number;
    container: 'auto' | 'require' | 'ignore';
  };
  rollout: {
    batchSize: number | string;
    concurrency?: number;
    strategy: 'stop-start' | 'start-stop' | 'proxy';
    retain: number;
    canary: boolean;
    lockTimeoutMs: number;
    hooks: { preHost?: string[]; postHost?: string[] };
  };
  /** Set with rollout.strategy proxy: the reverse proxy each host runs in front of the app. */
  proxy?: ProxySettings;
  prometheus?: { url: string; timeoutMs: number; bearerToken?: string };
  /** Grafana annotations of deploys and rollbacks (token resolved, listed in `secrets`). */
  grafana?: { url: string; token: string; dashboardUid?: string; tags: string[] };
  verify: VerifyConfig;
  reportFile?: string;
  /** Webhooks told of the outcome (URLs resolved, listed in `secrets`); unset or empty: none. */
  notify?: NotifyTarget[];
  secrets: string[];
}

/** One `notify:` webhook, resolved. */
export interface NotifyTarget {
  url: string;
  format: 'slack' | 'json';
  on: NotifyEvent[];
  timeoutMs: number;
}
