/**
 * The key server: a node:tls listener (TLS 1.2 minimum, client certificates required and judged
 * on the injected Clock, see peer-identity.ts) in front of the KMIP protocol handler and the
 * durable object store.
 */
import { silentLogger, type Clock, type Logger, type Rng } from '@ekmsim/core';
import type { TtlvLimits } from '@ekmsim/ttlv';
import type { Socket } from 'node:net';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { KeyServerError } from '../errors.js';
import type { ServerServices } from '../protocol/dispatcher.js';
import { ObjectStore } from '../store/object-store.js';
import { serveConnection } from './connection.js';
import { parseCertificates, verifyPeer } from './peer-identity.js';

export interface KeyServerTls {
  /** The server's certificate (chain), PEM. */
  readonly certPem: string;
  readonly keyPem: string;
  /** The CA certificate(s) client certificates must chain to, PEM. */
  readonly caPem: string;
}

export interface KeyServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly tls: KeyServerTls;
  /** Where the object store lives (created if missing); the same directory restores every object. */
  readonly dataDir: string;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger?: Logger;
  /** Message size (default 1 MiB) and nesting depth (default 32) limits on requests. */
  readonly limits?: Partial<TtlvLimits>;
}

export interface KeyServer {
  readonly host: string;
  readonly port: number;
  /** Stops listening, drops every connection and closes the store. */
  close(): Promise<void>;
}

const DEFAULT_LIMITS: TtlvLimits = { maxMessageSize: 1_048_576, maxDepth: 32 };

export async function startKeyServer(options: KeyServerOptions): Promise<KeyServer> {
  const logger = options.logger ?? silentLogger;
  const limits: TtlvLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const anchors = guard('TLS_CONFIG', 'the CA certificate cannot be read', () => parseCertificates(options.tls.caPem));
  if (anchors.length === 0) throw new KeyServerError('TLS_CONFIG', 'no CA certificate given for client certificates');
  const store = guard('STORE', `the object store in ${options.dataDir} cannot be opened`, () => ObjectStore.open(options.dataDir));
  const services: ServerServices = { store, clock: options.clock, rng: options.rng, logger };
  let server: Server;
  try {
    server = createServer({
      cert: options.tls.certPem,
      key: options.tls.keyPem,
      ca: options.tls.caPem,
      minVersion: 'TLSv1.2',
      requestCert: true,
      // Verified in verifyPeer on the injected Clock; OpenSSL's verdict is kept there.
      rejectUnauthorized: false,
    });
  } catch (e) {
    store.close();
    throw new KeyServerError('TLS_CONFIG', `the TLS certificate or key cannot be used: ${String(e)}`, { cause: e });
  }
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    // KMIP is request/response: each reply is one write that must leave at once (no Nagle).
    s.setNoDelay(true);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    try {
      const verdict = verifyPeer(socket, anchors, options.clock.now());
      if (!verdict.ok) {
        logger.log('warn', `client refused: ${verdict.reason}`, { remote });
        socket.destroy();
        return;
      }
      logger.log('info', 'client connected', { client: verdict.client, remote, tls: socket.getProtocol() ?? undefined });
      serveConnection({ socket, client: verdict.client, remote, services, limits });
    } catch (e) {
      logger.log('error', `connection setup failed: ${String(e)}`, { remote });
      socket.destroy();
    }
  });
  server.on('tlsClientError', (e, socket) => {
    logger.log('warn', `TLS handshake failed: ${e.message}`, { remote: `${socket.remoteAddress}:${socket.remotePort}` });
  });
  server.on('error', (e: Error) => logger.log('error', `key server socket error: ${e.message}`));
  try {
    await listen(server, options.host, options.port);
  } catch (e) {
    store.close();
    throw new KeyServerError('LISTEN', `cannot listen on ${options.host}:${options.port}: ${String(e)}`, { cause: e });
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  logger.log('info', 'key server listening', { host: options.host, port, objects: store.size });
  let closed: Promise<void> | undefined;
  return {
    host: options.host,
    port,
    close: () => (closed ??= shutdown(server, sockets, store, logger)),
  };
}

function guard<T>(code: 'STORE' | 'TLS_CONFIG', message: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof KeyServerError) throw e;
    throw new KeyServerError(code, `${message}: ${String(e)}`, { cause: e });
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function shutdown(server: Server, sockets: Set<Socket>, store: ObjectStore, logger: Logger): Promise<void> {
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const s of sockets) s.destroy();
  await stopped;
  store.close();
  logger.log('info', 'key server stopped');
}
