/**
 * The handshake inspector: a Duplex between a client's TCP socket and node:tls's server side, so
 * that the key server refuses a client certificate as an OpenSSL server does, with a fatal TLS
 * alert during the handshake (node:tls has no way to send an alert of its choosing; it verifies
 * after the handshake). Until the client's certificate is judged, its bytes are read
 * (handshake-reader.ts) and passed on record by record; the Certificate message is held back
 * and judged first:
 * - refused: the alert record goes to the client in plaintext, the socket is ended (and drained
 *   until the client hangs up, so the alert is not lost to a reset) and OpenSSL never sees the
 *   certificate: the TLS side just closes;
 * - accepted (or no certificate to judge: ChangeCipherSpec came first, or the bytes do not
 *   frame and OpenSSL will fail the handshake on them): what was held goes on, and from then on
 *   the inspector only passes chunks through, both ways, without copying them.
 */
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { CertificateFault } from './certificate-verdict.js';
import { HandshakeReader } from './handshake-reader.js';
import { fatalAlertRecord } from './tls-alert.js';

export interface InspectorOptions {
  /** The chain the client presented (DER, leaf first), when complete: why it is refused, or undefined. */
  judge(chain: readonly Uint8Array[]): CertificateFault | undefined;
  /** The alert was written and the socket ended. */
  refused(fault: CertificateFault): void;
}

export class HandshakeInspector extends Duplex {
  readonly #raw: Socket;
  readonly #options: InspectorOptions;
  /** Set while the client's bytes are read; undefined once they only pass through. */
  #reader: HandshakeReader | undefined = new HandshakeReader();
  /** Received and not yet passed on, while reading. */
  #held: Buffer[] = [];
  /** Stream offset of the first held byte. */
  #heldFrom = 0;
  #refused = false;

  constructor(raw: Socket, options: InspectorOptions) {
    // Not half-open, like the sockets a net.Server accepts: the client's FIN ends the TLS side too.
    super({ allowHalfOpen: false });
    this.#raw = raw;
    this.#options = options;
    raw.on('data', (chunk: Buffer) => this.#received(chunk));
    raw.on('end', () => {
      if (!this.#refused) this.push(null);
    });
    raw.on('error', (e: Error) => this.destroy(e));
    raw.on('close', () => this.destroy());
  }

  override _read(): void {
    this.#raw.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.#raw.write(chunk)) done();
    else this.#raw.once('drain', () => done());
  }

  override _final(done: (error?: Error | null) => void): void {
    this.#raw.end();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    // After a refusal the socket stays up until the alert is out and the client has gone.
    if (!this.#refused) this.#raw.destroy();
    done(error);
  }

  #received(chunk: Buffer): void {
    if (this.destroyed) return; // refused: drained until the client hangs up
    const reader = this.#reader;
    if (reader === undefined) {
      this.#pass(chunk);
      return;
    }
    this.#held.push(chunk);
    const event = reader.push(chunk);
    if (event.kind === 'reading') {
      this.#release(reader.released);
      return;
    }
    this.#reader = undefined;
    const fault = event.kind === 'certificate' ? this.#options.judge(event.chain) : undefined;
    if (fault === undefined) this.#release(Infinity);
    else this.#refuse(fault);
  }

  /** Passes on the held bytes before stream offset `upTo`. */
  #release(upTo: number): void {
    while (this.#held.length > 0 && this.#heldFrom < upTo) {
      const chunk = this.#held[0]!;
      const n = Math.min(chunk.length, upTo - this.#heldFrom);
      if (n === chunk.length) this.#held.shift();
      else this.#held[0] = chunk.subarray(n);
      this.#heldFrom += n;
      this.#pass(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
  }

  #pass(chunk: Buffer): void {
    if (!this.push(chunk)) this.#raw.pause();
  }

  #refuse(fault: CertificateFault): void {
    this.#refused = true;
    this.#held = [];
    this.#raw.end(fatalAlertRecord(fault.alert));
    this.#options.refused(fault);
    this.destroy();
  }
}
