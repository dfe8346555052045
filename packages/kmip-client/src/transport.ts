import { KmipTransportError } from './errors.js';

/**
 * A byte duplex the KMIP connection runs over: mutually authenticated TLS in production
 * (`connectTls`), memory in tests and in a fully simulated run. The connection logic sees only
 * this interface, never a socket.
 */
export interface Transport {
  /** `host:port` of the peer, for errors and logs. */
  readonly peer: string;
  /** Starts delivering events to `sink`; called once. Earlier events are held until then. */
  start(sink: TransportSink): void;
  /** Queues bytes for the peer; ignored once closed. */
  write(bytes: Uint8Array): void;
  /** Closes the duplex; `sink.closed` follows, once. */
  close(): void;
}

export interface TransportSink {
  data(chunk: Uint8Array): void;
  /** The duplex is gone: `error` says why when it failed, undefined for an orderly close. */
  closed(error: KmipTransportError | undefined): void;
}

/** One end of an in-memory pair. `fail` closes both ends, this one reporting `error`. */
export interface MemoryTransport extends Transport {
  fail(error: KmipTransportError): void;
}

/**
 * Two connected in-memory ends. Writes arrive at the other end in order, asynchronously (one
 * microtask later, as from a network), so neither side runs inside the other's `write`.
 */
export function memoryTransportPair(peers: { client?: string; server?: string } = {}): [client: MemoryTransport, server: MemoryTransport] {
  const a = new MemoryEnd(peers.server ?? 'memory-server');
  const b = new MemoryEnd(peers.client ?? 'memory-client');
  a.other = b;
  b.other = a;
  return [a, b];
}

type Event = { readonly chunk: Uint8Array } | { readonly closed: KmipTransportError | undefined };

class MemoryEnd implements MemoryTransport {
  other: MemoryEnd | undefined;
  #sink: TransportSink | undefined;
  #held: Event[] = [];
  #open = true;
  /** `closed` was delivered: nothing more is. */
  #ended = false;

  constructor(readonly peer: string) {}

  start(sink: TransportSink): void {
    if (this.#sink !== undefined) throw new Error('transport already started');
    this.#sink = sink;
    for (const e of this.#held.splice(0)) this.#emit(e);
  }

  write(bytes: Uint8Array): void {
    if (!this.#open) return;
    const copy = bytes.slice();
    const other = this.other;
    if (other !== undefined) void Promise.resolve().then(() => other.#deliver({ chunk: copy }));
  }

  close(): void {
    this.#shut(undefined, undefined);
  }

  fail(error: KmipTransportError): void {
    this.#shut(error, undefined);
  }

  #shut(mine: KmipTransportError | undefined, theirs: KmipTransportError | undefined): void {
    if (!this.#open) return;
    this.#open = false;
    const other = this.other;
    void Promise.resolve().then(() => {
      this.#deliver({ closed: mine });
      if (other !== undefined && other.#open) {
        other.#open = false;
        other.#deliver({ closed: theirs });
      }
    });
  }

  #deliver(e: Event): void {
    if (this.#sink === undefined) this.#held.push(e);
    else this.#emit(e);
  }

  #emit(e: Event): void {
    if (this.#ended) return;
    if ('chunk' in e) {
      this.#sink?.data(e.chunk);
    } else {
      this.#ended = true;
      this.#sink?.closed(e.closed);
    }
  }
}
