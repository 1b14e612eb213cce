import type http from 'node:http';
import Docker from 'dockerode';
import { keepRegistryAuthOutOfDebugLogs } from '../../docker/engine';
import { ENGINE_API_VERSION } from './engine-channel';

/**
 * A dockerode client over `agent` (engine-channel.ts), speaking ENGINE_API_VERSION. Its own
 * module, loaded on first use: dockerode is a large share of start-up, and a deploy loads it
 * while its SSH handshakes wait on the hosts (Fleet.preflight), not before them.
 */
export function engineClient(agent: http.Agent): Docker {
  keepRegistryAuthOutOfDebugLogs();
  return new Docker({ host: 'docker', port: 80, protocol: 'http', agent, version: ENGINE_API_VERSION } as Docker.DockerOptions);
}
