import { TtlvDecodeError, TtlvDecodeErrorCode as Code } from './errors.js';
import { formatTag, itemTypeName, ItemType } from './item.js';
import { defaultTtlvLimits } from './limits.js';

/**
 * Splits a KMIP byte stream into messages. A message is one Structure: the reader takes the
 * 8-byte header, then the Length it declares (KMIP 1.4 §9.1, the framing the TLS stream relies on).
 *
 * An explicit state machine in the manner of websockets/ws `receiver.js`: `header` collects
 * 8 bytes (across any number of chunks), checks them and allocates the message; `body` copies
 * bytes into it until full. Each stream byte is copied once, whatever the chunking, and the size
 * check runs on the header alone, so a hostile Length is refused before its body is buffered.
 * After an error the stream has lost its framing: the framer stays `failed` and rethrows. When a
 * chunk completes messages before the bytes that fail, `push` returns those messages and the
 * error waits in `failure` (and is thrown by the next `push` or `end`), so no whole message
 * that arrived before garbage is lost.
 *
 * It yields raw message bytes; the caller decodes them (or forwards them untouched).
 */
export interface TtlvFramerOptions {
  /** Largest message accepted, header included (default 1 MiB). */
  readonly maxMessageSize?: number;
}

export type TtlvFramerState = 'header' | 'body' | 'failed';

export class TtlvFramer {
  readonly #maxMessageSize: number;
  #state: TtlvFramerState = 'header';
  readonly #header = new Uint8Array(8);
  #headerFill = 0;
  #message: Uint8Array = new Uint8Array(0);
  #messageFill = 0;
  /** Stream offset of the first byte of the message being framed. */
  #messageOffset = 0;
  #error: TtlvDecodeError | undefined;

  constructor(options: TtlvFramerOptions = {}) {
    this.#maxMessageSize = options.maxMessageSize ?? defaultTtlvLimits.maxMessageSize;
  }

  get state(): TtlvFramerState {
    return this.#state;
  }

  /** Bytes of an incomplete message held since the last complete one. */
  get buffered(): number {
    return this.#state === 'body' ? this.#messageFill : this.#headerFill;
  }

  /** The error that ended framing, once the framer is `failed`. */
  get failure(): TtlvDecodeError | undefined {
    return this.#error;
  }

  /**
   * Feeds one chunk (any split of the stream); returns the messages it completes, in order.
   * Throws when the chunk fails before completing any message; otherwise see `failure`.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.#error !== undefined) throw this.#error;
    const messages: Uint8Array[] = [];
    try {
      this.#consume(chunk, messages);
    } catch (e) {
      if (messages.length === 0 || e !== this.#error) throw e;
    }
    return messages;
  }

  #consume(chunk: Uint8Array, messages: Uint8Array[]): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.#state === 'header') {
        const n = Math.min(8 - this.#headerFill, chunk.length - i);
        this.#header.set(chunk.subarray(i, i + n), this.#headerFill);
        this.#headerFill += n;
        i += n;
        if (this.#headerFill < 8) break;
        this.#startMessage();
      } else {
        const n = Math.min(this.#message.length - this.#messageFill, chunk.length - i);
        this.#message.set(chunk.subarray(i, i + n), this.#messageFill);
        this.#messageFill += n;
        i += n;
      }
      if (this.#state === 'body' && this.#messageFill === this.#message.length) messages.push(this.#finishMessage());
    }
  }

  /** Declares the end of the stream: throws TRUNCATED if it stopped inside a message. */
  end(): void {
    if (this.#error !== undefined) throw this.#error;
    if (this.buffered > 0) {
      const total = this.#state === 'body' ? this.#message.length : 8;
      this.#fail(Code.TRUNCATED, `stream ended after ${this.buffered} of its ${total} ${this.#state === 'body' ? 'bytes' : 'header bytes'}`, this.#tagIfKnown());
    }
  }

  #startMessage(): void {
    const header = this.#header;
    const tag = (header[0]! << 16) | (header[1]! << 8) | header[2]!;
    const type = header[3]!;
    const length = new DataView(header.buffer).getUint32(4);
    if (type !== ItemType.Structure) {
      const name = itemTypeName(type) ?? 'unknown type';
      this.#fail(Code.BAD_TYPE, `type 0x${type.toString(16).toUpperCase().padStart(2, '0')} (${name}), expected a Structure (0x01)`, tag);
    }
    if (length % 8 !== 0) this.#fail(Code.BAD_LENGTH, `length ${length} is not a multiple of 8`, tag);
    if (8 + length > this.#maxMessageSize) {
      this.#fail(Code.TOO_LARGE, `declares ${8 + length} bytes, over the ${this.#maxMessageSize}-byte limit`, tag);
    }
    this.#message = new Uint8Array(8 + length);
    this.#message.set(header);
    this.#messageFill = 8;
    this.#state = 'body';
  }

  #finishMessage(): Uint8Array {
    const message = this.#message;
    this.#messageOffset += message.length;
    this.#message = new Uint8Array(0);
    this.#messageFill = 0;
    this.#headerFill = 0;
    this.#state = 'header';
    return message;
  }

  #tagIfKnown(): number | undefined {
    return this.#state === 'body' || this.#headerFill >= 3 ? (this.#header[0]! << 16) | (this.#header[1]! << 8) | this.#header[2]! : undefined;
  }

  #fail(code: Code, detail: string, tag: number | undefined): never {
    this.#state = 'failed';
    const what = tag === undefined ? 'message' : `message ${formatTag(tag)}`;
    this.#error = new TtlvDecodeError(code, `${what} at stream offset ${this.#messageOffset}: ${detail}`, this.#messageOffset, tag);
    throw this.#error;
  }
}
