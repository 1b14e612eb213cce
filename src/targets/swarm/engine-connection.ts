import type http from 'node:http';
import type Docker from 'dockerode';
import { NodeSSH } from 'node-ssh';
import type { Config, Host } from '../../config/types';
import { RollwatchError, errorMessage } from '../../errors';
import { decideHostKey, knownKeysFor, preferredKeyTypes, type HostKeyDecision } from '../ssh/hostkeys';
import { engineAgent } from '../ssh/engine-channel';
import { engineClient } from '../ssh/engine-client';

/**
 * The Docker engine API of one host, reached over SSH with the same strict host-key check as
 * the SSH target: one SSH connection, and per HTTP connection a channel of it to the engine
 * (engine-channel.ts: a socket forward, else `docker system dial-stdio`). dockerode drives it.
 */
export class EngineConnection {
  private ssh: NodeSSH | null = null;
  private agent: http.Agent | null = null;
  private client: Docker | null = null;

  constructor(
    readonly host: Host,
    private readonly settings: Config['ssh'],
    private readonly onWarning: (message: string) => void,
  ) {}

  async docker(): Promise<Docker> {
    if (this.client && this.ssh?.isConnected()) return this.client;
    this.close();
    const ssh = await this.connect();
    this.ssh = ssh;
    const agent = engineAgent(
      () => ssh.connection,
      () => `${this.host.name}: the SSH connection to the Swarm manager is closed`,
    );
    this.agent = agent;
    this.client = engineClient(agent);
    return this.client;
  }

  private async connect(): Promise<NodeSSH> {
    const { host, settings } = this;
    const label = `${host.name} (${host.address}:${host.port})`;
    const known = settings.knownHosts ? knownKeysFor(settings.knownHosts, host.address, host.port) : [];
    let decision: HostKeyDecision | null = null;
    const ssh = new NodeSSH();
    const types = host.fingerprint ? undefined : preferredKeyTypes(known);
    try {
      await ssh.connect({
        host: host.address,
        port: host.port,
        username: host.user,
        privateKey: settings.privateKey,
        passphrase: settings.passphrase,
        readyTimeout: settings.connectTimeoutMs,
        keepaliveInterval: 5000,
        keepaliveCountMax: 3,
        tryKeyboard: false,
        ...(types && { algorithms: { serverHostKey: types.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t])) as never } }),
        hostVerifier: (key: Buffer) => {
          decision = decideHostKey(key, { hostLabel: label, fingerprint: host.fingerprint, known, mode: settings.hostKeys });
          if (decision.accept && decision.trustedOnFirstUse) this.onWarning(`${label}: trusting host key ${decision.offered.type} ${decision.offered.fingerprint} on first use (ssh.hostKeys: accept-new)`);
          return decision.accept;
        },
      });
    } catch (err) {
      const d = decision as HostKeyDecision | null;
      if (d && !d.accept) throw new RollwatchError('preflight', d.reason, `hosts.${host.name}`);
      throw new RollwatchError('preflight', `${label}: cannot connect over SSH to the Swarm manager: ${errorMessage(err)}`);
    }
    ssh.connection?.on('error', () => undefined); // a dead connection is noticed by the next call
    return ssh;
  }

  close(): void {
    this.agent?.destroy();
    try {
      this.ssh?.dispose();
    } catch {
      /* already closed */
    }
    this.agent = null;
    this.ssh = null;
    this.client = null;
  }
}
