/**
 * One KMIP connection: framing plus in-order correlation. A KMIP server answers the requests of
 * a connection in the order they arrived, so the response to the oldest request in flight is the
 * next message framed. Up to `maxInFlight` requests are written before their responses come back
 * (pipelining); the rest wait their turn in order.
 *
 * Every failure closes the connection once correlation is in doubt: a framing error, an
 * unsolicited response, or a request that timed out after it was written (its response may still
 * come and would be taken for the next one's). A request that times out while still queued is
 * just dropped.
 */
import type { Clock, TimerId } from '@ekmsim/core';
import { TtlvFramer } from '@ekmsim/ttlv';
import { KmipTransportError } from './errors.js';
import type { Transport } from './transport.js';

export interface KmipConnectionOptions {
  readonly clock: Clock;
  /** Time from `request` to its response (default 30 s); 0 disables it. */
  readonly requestTimeoutMs?: number;
  /** Requests written and not yet answered at once (default 1). */
  readonly maxInFlight?: number;
  /** Largest response message accepted, header included (default 1 MiB). */
  readonly maxResponseSize?: number;
}

interface Pending {
  readonly bytes: Uint8Array;
  readonly resolve: (response: Uint8Array) => void;
  readonly reject: (error: KmipTransportError) => void;
  /** The armed timeout, boxed because a TimerId may be any value. */
  timer: { readonly id: TimerId } | undefined;
  sent: boolean;
}

export class KmipConnection {
  readonly peer: string;
  readonly #transport: Transport;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #maxInFlight: number;
  readonly #framer: TtlvFramer;
  /** Written, awaiting their responses, oldest first. */
  readonly #inFlight: Pending[] = [];
  /** Not yet written, oldest first. */
  readonly #queue: Pending[] = [];
  #failure: KmipTransportError | undefined;
  #transportClosed = false;
  readonly #whenClosed: Promise<void>;
  #markClosed!: () => void;

  constructor(transport: Transport, options: KmipConnectionOptions) {
    this.peer = transport.peer;
    this.#transport = transport;
    this.#clock = options.clock;
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#maxInFlight = options.maxInFlight ?? 1;
    if (!Number.isInteger(this.#maxInFlight) || this.#maxInFlight < 1) throw new RangeError(`maxInFlight must be a positive integer, not ${this.#maxInFlight}`);
    this.#framer = new TtlvFramer(options.maxResponseSize === undefined ? {} : { maxMessageSize: options.maxResponseSize });
    this.#whenClosed = new Promise((resolve) => (this.#markClosed = resolve));
    transport.start({ data: (chunk) => this.#onData(chunk), closed: (error) => this.#onClosed(error) });
  }

  /** False once the connection failed or was closed: every later request is refused. */
  get isOpen(): boolean {
    return this.#failure === undefined;
  }

  /** Requests accepted and not yet settled (in flight plus queued). */
  get pending(): number {
    return this.#inFlight.length + this.#queue.length;
  }

  /** Resolves once the transport is closed. */
  get closed(): Promise<void> {
    return this.#whenClosed;
  }

  /** Sends one encoded request message; resolves with the raw response message. */
  request(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure.forRequest(false));
    return new Promise((resolve, reject) => {
      const p: Pending = { bytes, resolve, reject, timer: undefined, sent: false };
      if (this.#timeoutMs > 0) p.timer = { id: this.#clock.setTimeout(() => this.#onTimeout(p), this.#timeoutMs) };
      this.#queue.push(p);
      this.#pump();
    });
  }

  close(): Promise<void> {
    this.#fail(new KmipTransportError('closed', `${this.peer}: connection closed by the client`, { server: this.peer }));
    return this.#whenClosed;
  }

  #pump(): void {
    while (this.#failure === undefined && this.#inFlight.length < this.#maxInFlight && this.#queue.length > 0) {
      const p = this.#queue.shift()!;
      p.sent = true;
      this.#inFlight.push(p);
      this.#transport.write(p.bytes);
    }
  }

  #onData(chunk: Uint8Array): void {
    if (this.#failure !== undefined) return;
    let messages: Uint8Array[];
    try {
      messages = this.#framer.push(chunk);
    } catch (e) {
      this.#failFraming(e);
      return;
    }
    for (const message of messages) {
      const p = this.#inFlight.shift();
      if (p === undefined) {
        this.#fail(new KmipTransportError('protocol', `${this.peer}: response received with no request in flight`, { server: this.peer }));
        return;
      }
      this.#settle(p);
      p.resolve(message);
    }
    // Responses that arrived whole before bytes that do not frame still reach their requests.
    if (this.#framer.failure !== undefined) {
      this.#failFraming(this.#framer.failure);
      return;
    }
    this.#pump();
  }

  #failFraming(e: unknown): void {
    this.#fail(new KmipTransportError('protocol', `${this.peer}: response stream does not frame: ${(e as Error).message}`, { cause: e, server: this.peer }));
  }

  #onClosed(error: KmipTransportError | undefined): void {
    this.#transportClosed = true;
    this.#fail(error ?? new KmipTransportError('closed', `${this.peer}: connection closed by the server`, { server: this.peer }));
    this.#markClosed();
  }

  #onTimeout(p: Pending): void {
    p.timer = undefined;
    const error = new KmipTransportError('timeout', `${this.peer}: no response within ${this.#timeoutMs} ms`, { server: this.peer, requestSent: p.sent });
    if (!p.sent) {
      this.#queue.splice(this.#queue.indexOf(p), 1);
      p.reject(error);
      return;
    }
    this.#inFlight.splice(this.#inFlight.indexOf(p), 1);
    p.reject(error);
    this.#fail(new KmipTransportError('closed', `${this.peer}: connection closed after a request timed out`, { cause: error, server: this.peer }));
  }

  /** Fails every pending request with `error` and closes the transport. Idempotent. */
  #fail(error: KmipTransportError): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    for (const p of [...this.#inFlight.splice(0), ...this.#queue.splice(0)]) {
      this.#settle(p);
      p.reject(error.forRequest(p.sent));
    }
    if (!this.#transportClosed) this.#transport.close();
  }

  #settle(p: Pending): void {
    if (p.timer !== undefined) this.#clock.clearTimeout(p.timer.id);
    p.timer = undefined;
  }
}
