/**
 * A storage node as its own OS process (`ekmsim node --join ws://HOST:PORT`): the node joins the
 * master over a WebSocket. When the socket closes the node runtime stops (drives powered off, as
 * a node losing its master link would be restarted) and the socket is dialed again with backoff
 * on the clock, so a restarted master gets its node back.
 *
 * The node runs on a SimulationClock over the given clock, kept across reconnections, which
 * follows the master's offset. The WebSocket handshake says which node is joining
 * (`x-ekmsim-node-id`); a simulation answers with the node's place on the simulated network
 * (`x-ekmsim-name-server`, `x-ekmsim-local-address`), and the node dials key servers through it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { silentLogger, SimulationClock, type Clock, type Logger, type Rng, type TimerId } from '@ekmsim/core';
import { nameServiceDialer, type Dialer, type NameServiceOptions } from '@ekmsim/kmip-client';
import { MAX_MESSAGE_CHARS, webSocketChannel } from '@ekmsim/wire';
import { WebSocket } from 'ws';
import { describeError } from './errors.js';
import { prepareNodeDir } from './prepare-node-dir.js';
import { DEFAULT_BACKOFF, type Backoff } from './retry-loop.js';
import { startNode } from './start-node.js';
import type { StorageNode } from './storage-node.js';

export interface JoinOptions {
  /** The master's node listener, `ws://HOST:PORT`. */
  readonly url: string;
  readonly nodeID: number;
  readonly dataDir: string;
  readonly drivesPerNode: number;
  /** The host clock; the node runs on a SimulationClock over it. */
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger?: Logger;
  readonly capacityBytes?: number;
  /** Overrides the simulated network's dialer (default: the one the master's handshake names, else node:tls). */
  readonly kmipDialer?: Dialer;
  readonly kmipTimeouts?: { readonly connectMs?: number; readonly requestMs?: number };
  /** Between connection attempts, and for the node's unlock retries. */
  readonly backoff?: Partial<Backoff>;
}

/** Handshake headers between a joining node and a simulation's node listener. */
export const JOIN_HEADERS = {
  /** Request: the joining node's ID. */
  nodeID: 'x-ekmsim-node-id',
  /** Response: the simulated network's name server, `ADDRESS:PORT`. */
  nameServer: 'x-ekmsim-name-server',
  /** Response: the loopback address this node dials from. */
  localAddress: 'x-ekmsim-local-address',
} as const;

/** The simulated network named by a handshake response, if it names one. */
export function networkFromHeaders(headers: IncomingHttpHeaders): NameServiceOptions | undefined {
  const nameServer = headers[JOIN_HEADERS.nameServer];
  const localAddress = headers[JOIN_HEADERS.localAddress];
  return typeof nameServer === 'string' && typeof localAddress === 'string' ? { nameServer, localAddress } : undefined;
}

export interface JoinedNode {
  /** Stops the node (clean stop) and dialing. */
  stop(): Promise<void>;
}

/** Prepares the node's directory (a problem with it rejects), then connects in the background until stopped. */
export function joinOverWebSocket(options: JoinOptions): Promise<JoinedNode> {
  return Promise.resolve().then(() => {
    prepareNodeDir({ ...options, drives: nodeDrives(options) });
    const link = new WebSocketLink(options);
    link.connect();
    return { stop: () => link.stop() };
  });
}

function nodeDrives(o: JoinOptions): { count: number; capacityBytes?: number } {
  return { count: o.drivesPerNode, ...(o.capacityBytes === undefined ? {} : { capacityBytes: o.capacityBytes }) };
}

class WebSocketLink {
  readonly #logger: Logger;
  readonly #backoff: Backoff;
  readonly #clock: SimulationClock;
  #network: NameServiceOptions | undefined;
  #socket: WebSocket | undefined;
  #node: StorageNode | undefined;
  /** Boxed: a TimerId may be any value, undefined included. */
  #timer: { readonly id: TimerId } | undefined;
  #serving: Promise<void> = Promise.resolve();
  #failures = 0;
  #stopping = false;

  constructor(private readonly o: JoinOptions) {
    this.#logger = o.logger ?? silentLogger;
    this.#backoff = { ...DEFAULT_BACKOFF, ...o.backoff };
    this.#clock = new SimulationClock(o.clock);
  }

  connect(): void {
    this.#timer = undefined;
    if (this.#stopping) return;
    const socket = new WebSocket(this.o.url, { maxPayload: MAX_MESSAGE_CHARS * 4, headers: { [JOIN_HEADERS.nodeID]: String(this.o.nodeID) } });
    this.#socket = socket;
    socket.once('upgrade', (response) => (this.#network = networkFromHeaders(response.headers)));
    let opened = false;
    socket.on('error', (e) => this.#logger.log('debug', `node link ${this.o.url}: ${e.message}`));
    socket.once('open', () => {
      opened = true;
      this.#failures = 0;
      this.#serving = this.#serve(socket);
    });
    socket.once('close', () => {
      if (!opened) this.#again();
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer.id);
    this.#timer = undefined;
    const node = this.#node;
    if (node !== undefined) await node.stop();
    else this.#socket?.terminate();
    await this.#serving;
  }

  /** Runs the node over an open socket until either ends, then dials again. */
  async #serve(socket: WebSocket): Promise<void> {
    let node: StorageNode;
    const dialer = this.o.kmipDialer ?? (this.#network === undefined ? undefined : nameServiceDialer(this.#network));
    try {
      node = await startNode({
        nodeID: this.o.nodeID,
        dataDir: this.o.dataDir,
        channel: webSocketChannel(socket),
        clock: this.#clock,
        rng: this.o.rng,
        logger: this.#logger,
        drives: nodeDrives(this.o),
        ...(dialer === undefined ? {} : { kmipDialer: dialer }),
        ...(this.o.kmipTimeouts === undefined ? {} : { kmipTimeouts: this.o.kmipTimeouts }),
        ...(this.o.backoff === undefined ? {} : { unlockBackoff: this.o.backoff }),
      });
    } catch (e) {
      this.#logger.log('error', `node ${this.o.nodeID} could not start: ${describeError(e)}`);
      socket.terminate();
      this.#again();
      return;
    }
    this.#node = node;
    // A socket that closed while the node was starting: its close event came before the node listened.
    if (socket.readyState !== WebSocket.OPEN || this.#stopping) void node.stop();
    await node.stopped;
    this.#node = undefined;
    socket.terminate();
    this.#logger.log('info', `node ${this.o.nodeID}: link to ${this.o.url} closed`);
    this.#again();
  }

  #again(): void {
    if (this.#stopping || this.#timer !== undefined) return;
    const delay = Math.min(this.#backoff.maxMs, this.#backoff.initialMs * 2 ** this.#failures);
    this.#failures++;
    this.#timer = { id: this.#clock.setTimeout(() => this.connect(), delay) };
  }
}
