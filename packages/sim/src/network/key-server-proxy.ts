/**
 * The network in front of one key server endpoint: a TCP relay on the endpoint's published
 * loopback port to the key server's private port. Each connection is judged by its source
 * address, at connect time and again for every chunk, so a fault set later acts on live
 * connections too: a black hole or a partition swallows bytes both ways (the client's timeout
 * decides), latency delays each chunk in each direction (on the simulation clock, order kept),
 * and a refusal for everyone closes the listener, so connecting is refused by the kernel itself.
 * The relay dials the key server from the client's own source address: the key server sees the
 * real node (its allow-list acts on it).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { Clock } from '@ekmsim/core';
import type { Effect } from './faults.js';

export interface ProxyOptions {
  readonly upstreamPort: number;
  readonly clock: Clock;
  /** What a connection from `source` meets now. */
  readonly effect: (source: string) => Effect;
  /** The loopback address it listens on (default 127.0.0.1). */
  readonly address?: string;
  /** A connection from `source` the fault in force kept from the key server (refused or swallowed). */
  readonly kept?: (source: string, effect: Effect) => void;
}

export class KeyServerProxy {
  readonly #o: ProxyOptions;
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  #port: number;

  constructor(options: ProxyOptions, port: number) {
    this.#o = options;
    this.#port = port;
  }

  /** The published port (kept across stop and start). */
  get port(): number {
    return this.#port;
  }

  get listening(): boolean {
    return this.#server !== undefined;
  }

  /** Listens on its address at the published port (a free one the first time). */
  async start(): Promise<void> {
    if (this.#server !== undefined) return;
    const server = createServer((client) => this.#accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, this.#o.address ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (typeof address === 'object' && address !== null) this.#port = address.port;
    this.#server = server;
  }

  /** Stops listening (new connections are refused); live connections go on. */
  async stopListening(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise((resolve) => server.close(resolve));
  }

  async close(): Promise<void> {
    const stopped = this.stopListening();
    for (const s of this.#sockets) s.destroy();
    await stopped;
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  #accept(client: Socket): void {
    this.#track(client);
    const source = (client.remoteAddress ?? '').replace(/^::ffff:/, '');
    const first = this.#o.effect(source);
    if (first.kind === 'connectionRefused' || first.kind === 'blackHole' || first.kind === 'partition') this.#o.kept?.(source, first);
    if (first.kind === 'connectionRefused') {
      // Refused for this source only: the name server already sends it to an address where
      // nothing listens; a connection made by address is reset, the nearest a listener can do.
      client.resetAndDestroy();
      return;
    }
    if (first.kind === 'blackHole' || first.kind === 'partition') {
      // Nothing comes back, ever: the client's own timeout ends it.
      client.on('data', () => undefined);
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: this.#o.upstreamPort, localAddress: source });
    this.#track(upstream);
    this.#relay(source, client, upstream);
    this.#relay(source, upstream, client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  }

  /** Bytes from `from` to `to`, each chunk judged on arrival; an end follows the last delayed chunk. */
  #relay(source: string, from: Socket, to: Socket): void {
    let lastDelivery = 0;
    let inFlight = 0;
    let ended = false;
    const finish = (): void => {
      if (ended && inFlight === 0 && !to.destroyed) to.end();
    };
    from.on('data', (chunk: Buffer) => {
      const effect = this.#o.effect(source);
      if (effect.kind === 'blackHole' || effect.kind === 'partition') return; // lost on the way
      const latency = effect.kind === 'latency' ? effect.latencyMs : 0;
      if (latency === 0 && inFlight === 0) {
        to.write(chunk);
        return;
      }
      const now = this.#o.clock.now();
      lastDelivery = Math.max(lastDelivery, now + latency);
      inFlight++;
      this.#o.clock.setTimeout(() => {
        inFlight--;
        if (!to.destroyed) to.write(chunk);
        finish();
      }, lastDelivery - now);
    });
    from.once('end', () => {
      ended = true;
      finish();
    });
  }
}
