/**
 * Real SSH servers in the test process (ssh2's Server on 127.0.0.1): any key logs in, `exec`
 * answers `echo X` with X and holds any other command open, and `direct-tcpip` forwards to
 * 127.0.0.1 (so one server can be the jump host of another). Optionally it forwards
 * `direct-streamlocal@openssh.com` to a unix socket and bridges `docker system dial-stdio`. A TCP relay in front of a server
 * can reset every link that runs through it.
 */
import ssh2 from 'ssh2';
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../../src/config/types';

const { Server, utils } = ssh2;

/**
 * A fresh ed25519 key pair. ssh2's generator strips leading zero bytes from the public key, so
 * about one pair in 256 cannot be parsed back (mscdex/ssh2#1390, #1513): such a pair is drawn again.
 */
export function newKey(): { private: string; public: string } {
  for (;;) {
    const k = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(k.private) instanceof Error) && !(utils.parseKey(k.public) instanceof Error)) return { private: k.private, public: k.public };
  }
}

/** The host key blob (as a server offers it) of an OpenSSH public key line. */
export function keyBlob(publicLine: string): Buffer {
  return Buffer.from(publicLine.trim().split(/\s+/)[1], 'base64');
}

export interface TestSshd {
  port: number;
  /** Number of client connections that logged in. */
  logins: () => number;
  /** Socket forwards asked for (the socket paths), and dial-stdio commands run. */
  streamLocal: () => string[];
  dialStdios: () => number;
  close(): Promise<void>;
}

/** Where an engine channel goes: a TCP port or unix socket of a Docker engine stand-in; 'down': like an engine that is not running. */
export type EngineEnd = number | string | 'down';

const connectTo = (end: number | string) => (typeof end === 'number' ? connect(end, '127.0.0.1') : connect(end));

/**
 * `dialStdio`: where `docker system dial-stdio` is bridged to. `streamLocal`: where socket
 * forwards go (any socket path asked for); without it the server refuses them as an sshd with
 * AllowStreamLocalForwarding no (not a channel type it serves).
 */
export async function startSshd(hostKey: string, port = 0, dialStdio?: EngineEnd, streamLocal?: EngineEnd): Promise<TestSshd> {
  let logins = 0;
  let dialStdios = 0;
  const forwards: string[] = [];
  const clients = new Set<ssh2.Connection>();
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    clients.add(client);
    client.on('error', () => undefined);
    client.on('close', () => clients.delete(client));
    client.on('authentication', (ctx) => ctx.accept());
    client.on('ready', () => {
      logins++;
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          const ch = acceptExec();
          if (dialStdio !== undefined && info.command === 'docker system dial-stdio') {
            dialStdios++;
            if (dialStdio === 'down') {
              ch.stderr.write('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n');
              ch.exit(1);
              ch.end();
              return;
            }
            const sock = connectTo(dialStdio);
            ch.pipe(sock).pipe(ch);
            sock.on('close', () => ch.close());
            sock.on('error', () => ch.close());
            return;
          }
          const echo = /^echo (\w+)$/.exec(info.command);
          if (!echo) return; // held open: a command in flight
          ch.write(`${echo[1]}\n`);
          ch.exit(0);
          ch.end();
        });
      });
      if (streamLocal !== undefined) {
        client.on('openssh.streamlocal', (acceptFwd, rejectFwd, info) => {
          forwards.push(info.socketPath);
          if (streamLocal === 'down') return rejectFwd();
          const sock = connectTo(streamLocal);
          sock.once('connect', () => {
            const ch = acceptFwd();
            ch.pipe(sock);
            sock.on('data', (d) => ch.write(d));
            // as OpenSSH: the socket's end is an EOF on the channel, which closes only once writing to the socket fails too
            sock.on('end', () => ch.end());
            sock.on('error', () => ch.close());
            ch.on('close', () => sock.destroy());
          });
          sock.once('error', () => rejectFwd());
        });
      }
      client.on('tcpip', (acceptFwd, rejectFwd, info) => {
        const sock = connect(info.destPort, '127.0.0.1');
        sock.once('connect', () => {
          const ch = acceptFwd();
          ch.pipe(sock).pipe(ch);
          ch.on('close', () => sock.destroy());
          sock.on('close', () => ch.close());
        });
        sock.once('error', () => rejectFwd());
      });
    });
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  return {
    port: (server.address() as AddressInfo).port,
    logins: () => logins,
    streamLocal: () => [...forwards],
    dialStdios: () => dialStdios,
    close: () =>
      new Promise<void>((ok) => {
        for (const c of clients) c.end();
        server.close(() => ok());
      }),
  };
}

/** A TCP relay to 127.0.0.1:`to`; `reset()` cuts every link open through it with a TCP reset. */
/** A TCP relay on 127.0.0.1 to `host:to`; `reset()` cuts every link through it with a TCP reset and says how many it cut. */
export async function startRelay(to: number, host = '127.0.0.1'): Promise<{ port: number; open: () => number; accepted: () => number; reset(): number; close(): Promise<void> }> {
  const links = new Set<Socket>();
  let accepted = 0;
  const server: TcpServer = createTcpServer((inbound) => {
    accepted++;
    const outbound = connect(to, host);
    links.add(inbound);
    inbound.on('close', () => (links.delete(inbound), outbound.destroy()));
    outbound.on('close', () => inbound.destroy());
    inbound.on('error', () => undefined);
    outbound.on('error', () => undefined);
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as AddressInfo).port,
    open: () => links.size,
    accepted: () => accepted,
    reset: () => {
      const cut = links.size;
      for (const s of links) s.resetAndDestroy();
      return cut;
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const s of links) s.destroy();
        server.close(() => ok());
      }),
  };
}

export function sshSettings(over: Partial<Config['ssh']> = {}): Config['ssh'] {
  return { privateKey: newKey().private, hostKeys: 'strict', connectTimeoutMs: 3000, commandTimeoutMs: 20_000, ...over };
}
