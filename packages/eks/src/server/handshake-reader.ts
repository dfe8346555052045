/**
 * Reads the client's half of a TLS 1.2 handshake while it is still plaintext, far enough to find
 * its Certificate message (RFC 5246 §7.4.6). Bytes are pushed as the socket delivers them; the
 * reader keeps record and handshake-message state across chunks (a message may span records,
 * a record may hold several messages) and says how much of the stream may already go on to
 * OpenSSL (`released`). It stops at the first of:
 * - the Certificate message complete: `certificate`, with the DER certificates as sent (leaf
 *   first). The record that completed it, and all after, are not released: the caller judges
 *   the chain before OpenSSL has the whole message (OpenSSL acts on a handshake message only
 *   once it has all of it, so the records before may go on);
 * - ChangeCipherSpec (all that follows is encrypted), or bytes it cannot frame: `done`. Framing
 *   it refuses is framing OpenSSL refuses too, so OpenSSL fails that handshake itself; the reader
 *   is never stricter than OpenSSL about what comes before the certificate, which is how a
 *   handshake OpenSSL would complete cannot get past it unjudged.
 * Only a Certificate message is buffered, and only up to MAX_CERTIFICATE_MESSAGE; every other
 * message is skipped by its declared length.
 */

export type ReaderEvent =
  | { readonly kind: 'reading' }
  | { readonly kind: 'certificate'; readonly chain: readonly Uint8Array[] }
  | { readonly kind: 'done' };

const RECORD_HEADER = 5;
const CONTENT_CHANGE_CIPHER_SPEC = 20;
const CONTENT_HANDSHAKE = 22;
/** RFC 5246 §6.2.3's ceiling (2^14 + 2048): OpenSSL refuses longer records. */
const MAX_RECORD = 16_384 + 2_048;
const MESSAGE_HEADER = 4;
const MESSAGE_CERTIFICATE = 11;
/** Above OpenSSL's default max_cert_list (100 KiB), which refuses longer Certificate messages itself. */
const MAX_CERTIFICATE_MESSAGE = 128 * 1024;
/** An SSLv2-format ClientHello (RFC 5246 Appendix E.2), which OpenSSL still accepts as the first record. */
const SSL2_CLIENT_HELLO = 1;

const READING: ReaderEvent = { kind: 'reading' };
const DONE: ReaderEvent = { kind: 'done' };

export class HandshakeReader {
  /** Bytes received and not yet framed (the start of the next record). */
  readonly #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  /** Stream offset of the first pending byte. */
  #offset = 0;
  #released = 0;
  #finished: ReaderEvent | undefined;
  /** The header of the handshake message being read, while incomplete. */
  readonly #header: number[] = [];
  /** The message being read: its type and how many body bytes are still to come. */
  #type = -1;
  #remaining = 0;
  /** The Certificate message's body, as read so far. */
  readonly #certificate: Uint8Array[] = [];

  /** Stream offset up to which the bytes pushed so far may go on to OpenSSL. */
  get released(): number {
    return this.#released;
  }

  push(chunk: Uint8Array): ReaderEvent {
    if (this.#finished !== undefined) return this.#finished;
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    for (;;) {
      const length = this.#nextRecordLength();
      if (length === undefined || this.#pendingBytes < length) return READING;
      if (length < 0) return this.#finish(DONE);
      const first = this.#offset === 0;
      const record = this.#take(length);
      const event = first && (record[0]! & 0x80) !== 0 ? READING : this.#read(record);
      if (event !== READING) return this.#finish(event);
      this.#released = this.#offset;
    }
  }

  #finish(event: ReaderEvent): ReaderEvent {
    this.#finished = event;
    return event;
  }

  /** The whole length of the next record, -1 if it cannot be framed, undefined if not known yet. */
  #nextRecordLength(): number | undefined {
    const [first, b1, b2, b3, b4] = this.#peek(RECORD_HEADER);
    if (first === undefined || b1 === undefined || b2 === undefined) return undefined;
    if (this.#offset === 0 && (first & 0x80) !== 0) return b2 === SSL2_CLIENT_HELLO ? 2 + (((first & 0x7f) << 8) | b1) : -1;
    if (b3 === undefined || b4 === undefined) return undefined;
    const length = (b3 << 8) | b4;
    if (b1 !== 3 || length > MAX_RECORD) return -1;
    return RECORD_HEADER + length;
  }

  /** One complete TLS record (an SSLv2 ClientHello is passed on unread). */
  #read(record: Uint8Array): ReaderEvent {
    const type = record[0];
    if (type === CONTENT_CHANGE_CIPHER_SPEC) return DONE;
    if (type !== CONTENT_HANDSHAKE) return READING; // alerts and the unexpected go on to OpenSSL
    return this.#readMessages(record.subarray(RECORD_HEADER));
  }

  #readMessages(fragment: Uint8Array): ReaderEvent {
    let at = 0;
    while (at < fragment.length) {
      if (this.#type < 0) {
        while (this.#header.length < MESSAGE_HEADER && at < fragment.length) this.#header.push(fragment[at++]!);
        if (this.#header.length < MESSAGE_HEADER) return READING;
        const [type, l0, l1, l2] = this.#header as [number, number, number, number];
        this.#header.length = 0;
        this.#type = type;
        this.#remaining = (l0 << 16) | (l1 << 8) | l2;
        if (type === MESSAGE_CERTIFICATE && this.#remaining > MAX_CERTIFICATE_MESSAGE) return DONE;
      } else {
        const n = Math.min(this.#remaining, fragment.length - at);
        if (this.#type === MESSAGE_CERTIFICATE) this.#certificate.push(fragment.subarray(at, at + n));
        at += n;
        this.#remaining -= n;
      }
      if (this.#remaining === 0) {
        if (this.#type === MESSAGE_CERTIFICATE) return certificateList(join(this.#certificate));
        this.#type = -1;
      }
    }
    return READING;
  }

  /** Up to `n` pending bytes from the start, without consuming them. */
  #peek(n: number): number[] {
    const out: number[] = [];
    for (const piece of this.#pending) {
      for (let i = 0; i < piece.length && out.length < n; i++) out.push(piece[i]!);
      if (out.length === n) break;
    }
    return out;
  }

  /** The first `n` pending bytes (n ≤ #pendingBytes), as one array. */
  #take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let whole = 0;
    while (filled < n) {
      const piece = this.#pending[whole]!;
      const used = Math.min(piece.length, n - filled);
      out.set(piece.subarray(0, used), filled);
      filled += used;
      if (used === piece.length) whole++;
      else this.#pending[whole] = piece.subarray(used);
    }
    this.#pending.splice(0, whole);
    this.#pendingBytes -= n;
    this.#offset += n;
    return out;
  }
}

/** TLS 1.2's Certificate body: a 24-bit-length list of 24-bit-length DER certificates. */
function certificateList(body: Uint8Array): ReaderEvent {
  const length = (at: number): number => (body[at]! << 16) | (body[at + 1]! << 8) | body[at + 2]!;
  if (body.length < 3 || length(0) !== body.length - 3) return DONE;
  const chain: Uint8Array[] = [];
  for (let at = 3; at < body.length; ) {
    if (at + 3 > body.length) return DONE;
    const n = length(at);
    if (n === 0 || at + 3 + n > body.length) return DONE;
    chain.push(body.subarray(at + 3, at + 3 + n));
    at += 3 + n;
  }
  return { kind: 'certificate', chain };
}

function join(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
