/**
 * `@grpc/grpc-js` and `@grpc/proto-loader` as dockerode imports them, kept out of start-up.
 *
 * dockerode loads both at its top for one purpose: the session a BuildKit build opens to
 * answer the engine's registry-credential requests. They are about 1 MB of the bundle, compiled
 * and run by every command that reaches a Docker engine. The build points both specifiers here
 * (tsconfig `paths`); the real packages are a chunk of their own, loaded by `loadGrpc()` before
 * a BuildKit build starts. Behaviour is the real packages'.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
interface Grpc {
  Server: new (...args: any[]) => object;
  ServerCredentials: { createInsecure(): object };
  loadPackageDefinition(...args: any[]): any;
}
interface ProtoLoader {
  loadSync(...args: any[]): any;
}

let real: { grpc: Grpc; protoLoader: ProtoLoader } | undefined;

/** Loads the real packages; await it before a BuildKit build. */
export async function loadGrpc(): Promise<void> {
  if (real) return;
  const [grpc, protoLoader] = await Promise.all([import('@grpc/grpc-js/build/src/index.js'), import('@grpc/proto-loader/build/src/index.js')]);
  real = { grpc: grpc as unknown as Grpc, protoLoader: protoLoader as unknown as ProtoLoader };
}

function loaded(): { grpc: Grpc; protoLoader: ProtoLoader } {
  if (!real) throw new Error('gRPC is loaded on demand: await loadGrpc() before a BuildKit build');
  return real;
}

export class Server {
  constructor(...args: any[]) {
    // a constructor may return another object: callers get the real grpc Server
    return new (loaded().grpc.Server)(...args);
  }
}

export const ServerCredentials = {
  createInsecure: (): object => loaded().grpc.ServerCredentials.createInsecure(),
};

export function loadPackageDefinition(...args: any[]): any {
  return loaded().grpc.loadPackageDefinition(...args);
}

/** `@grpc/proto-loader`'s one function dockerode uses. */
export function loadSync(...args: any[]): any {
  return loaded().protoLoader.loadSync(...args);
}
