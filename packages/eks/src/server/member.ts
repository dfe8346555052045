/**
 * One listener of the key server (a HyTrust KeyControl cluster has several, the other vendors
 * one), on a host and port that it keeps across stop and start, with the connections it
 * accepted. A plain TCP listener takes each connection, and only one its source check lets
 * through gets a TLS handshake (client-handshake.ts: the handshake inspector, then node:tls), so
 * a refused source never reaches TLS. The hooks get the TCP socket along with the TLS one: it
 * has the client's address (a TLSSocket over a Duplex has none). Stopping a member closes its
 * listener and drops its connections only; every other member keeps serving.
 */
import type { Clock, Logger } from '@ekmsim/core';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { SecureContext, TLSSocket } from 'node:tls';
import type { CertificateFault } from './certificate-verdict.js';
import { startHandshake } from './client-handshake.js';
import type { PeerCertificate } from './peer-identity.js';

export interface MemberAddress {
  readonly host: string;
  /** 0 picks a free port (at the first start; it is kept from then on). */
  readonly port: number;
}

/** A connection that passed every check and is being served. */
export interface LiveConnection {
  readonly socket: TLSSocket;
  readonly peer: PeerCertificate;
  readonly remoteAddress: string | undefined;
}

export interface MemberHooks {
  /** The server's certificate, key, trusted CAs and protocol settings. */
  readonly secureContext: SecureContext;
  readonly clock: Clock;
  /** A TCP connection just accepted, before TLS: false closes it at once. */
  accepts(raw: Socket, member: Member): boolean;
  /** The certificate chain a client presents in the handshake: why it is refused (with an alert), or undefined. */
  judge(chain: readonly Uint8Array[], raw: Socket, member: Member): CertificateFault | undefined;
  /** A TLS connection whose handshake completed, over the TCP connection `raw`. */
  secured(socket: TLSSocket, raw: Socket, member: Member): void;
}

export class Member {
  readonly index: number;
  readonly host: string;
  #port: number;
  #server: TcpServer | undefined;
  readonly #sockets = new Set<Socket>();
  readonly live = new Set<LiveConnection>();
  readonly #hooks: MemberHooks;
  readonly #logger: Logger;
  /** Start and stop run one at a time, in call order. */
  #queue: Promise<void> = Promise.resolve();

  constructor(index: number, address: MemberAddress, hooks: MemberHooks, logger: Logger) {
    this.index = index;
    this.host = address.host;
    this.#port = address.port;
    this.#hooks = hooks;
    this.#logger = logger;
  }

  get port(): number {
    return this.#port;
  }

  get listening(): boolean {
    return this.#server !== undefined;
  }

  get label(): string {
    return `${this.host}:${this.#port}`;
  }

  /** Listens on the kept port; rejects with the socket error if it cannot. */
  start(): Promise<void> {
    return this.#serialized(() => this.#start());
  }

  /** Closes the listener and drops every connection it accepted; the port is kept. */
  stop(): Promise<void> {
    return this.#serialized(() => this.#stop());
  }

  #serialized(step: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(step);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #start(): Promise<void> {
    if (this.#server !== undefined) return;
    const server = createTcpServer((s: Socket) => {
      if (!this.#hooks.accepts(s, this)) {
        s.destroy();
        return;
      }
      // KMIP is request/response: each reply is one write that must leave at once (no Nagle).
      s.setNoDelay(true);
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
      this.#handshake(s);
    });
    server.on('error', (e: Error) => this.#logger.log('error', `key server socket error: ${e.message}`, { member: this.index }));
    await listen(server, this.host, this.#port);
    const address = server.address();
    if (typeof address === 'object' && address !== null) this.#port = address.port;
    this.#server = server;
    this.#logger.log('info', 'key server listening', { host: this.host, port: this.#port, member: this.index });
  }

  #handshake(raw: Socket): void {
    const hooks = this.#hooks;
    startHandshake(raw, {
      secureContext: hooks.secureContext,
      clock: hooks.clock,
      logger: this.#logger,
      fields: { remote: `${raw.remoteAddress}:${raw.remotePort}`, member: this.index },
      judge: (chain) => hooks.judge(chain, raw, this),
      secured: (socket) => hooks.secured(socket, raw, this),
    });
  }

  async #stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.#sockets) s.destroy();
    this.live.clear();
    await closed;
    this.#logger.log('info', 'key server listener stopped', { host: this.host, port: this.#port, member: this.index });
  }
}

function listen(server: TcpServer, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
