import { bigIntegerWidth, writeBigInteger } from './big-integer.js';
import { TtlvEncodeError, TtlvEncodeErrorCode } from './errors.js';
import { formatTag, ItemType, type TtlvItem } from './item.js';
import { utf8Length, writeUtf8 } from './utf8.js';

/**
 * TTLV encoder (KMIP 1.4 §9.1, 2.0 §10): Tag (3) | Type (1) | Length (4, the unpadded value
 * length) | Value, zero-padded to a multiple of 8. A Structure's length is the sum of its
 * children's padded lengths.
 *
 * It runs in two passes because a Structure's length precedes its children: `measure` validates
 * every value and records each Structure, Text String and Big Integer value length in preorder;
 * `write` then fills one zeroed buffer through a DataView, reading those lengths back in the same
 * order. Nothing is concatenated and no Text String is encoded twice.
 */
export function encodeTtlv(item: TtlvItem): Uint8Array {
  const lengths: number[] = [];
  const size = measure(item, lengths);
  const out = new Uint8Array(size);
  const writer = new Writer(out, lengths);
  writer.write(item);
  return out;
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const UINT32_MAX = 0xffffffff;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Padded size of the whole item (header included); pushes variable value lengths to `lengths`. */
function measure(item: TtlvItem, lengths: number[]): number {
  const tag = item.tag;
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffff) {
    throw new TtlvEncodeError(TtlvEncodeErrorCode.BAD_TAG, `tag ${String(tag)} is not a 24-bit unsigned integer`, tag);
  }
  switch (item.type) {
    case 'Structure': {
      const children: unknown = item.value;
      if (!Array.isArray(children)) throw badValue(item, 'value is not an array of items');
      const slot = lengths.length;
      lengths.push(0);
      let sum = 0;
      for (const child of item.value) sum += measure(child, lengths);
      if (sum > UINT32_MAX) throw outOfRange(item, `value length ${sum} does not fit the 32-bit Length field`);
      lengths[slot] = sum;
      return 8 + sum;
    }
    case 'Integer':
      checkNumber(item, item.value, INT32_MIN, INT32_MAX, 'a signed 32-bit integer');
      return 16;
    case 'Enumeration':
    case 'Interval':
      checkNumber(item, item.value, 0, UINT32_MAX, 'an unsigned 32-bit integer');
      return 16;
    case 'LongInteger':
    case 'DateTime':
    case 'DateTimeExtended':
      expectType(item, 'bigint');
      if (item.value < INT64_MIN || item.value > INT64_MAX) throw outOfRange(item, `value ${item.value} is not a signed 64-bit integer`);
      return 16;
    case 'BigInteger': {
      expectType(item, 'bigint');
      const width = bigIntegerWidth(item.value);
      if (width > UINT32_MAX) throw outOfRange(item, 'value does not fit the 32-bit Length field');
      lengths.push(width);
      return 8 + width;
    }
    case 'Boolean':
      expectType(item, 'boolean');
      return 16;
    case 'TextString': {
      expectType(item, 'string');
      const n = utf8Length(item.value);
      if (n < 0) throw badValue(item, 'value holds a lone surrogate, which has no UTF-8 encoding');
      lengths.push(n);
      return 8 + padded(n);
    }
    case 'ByteString':
      if (!(item.value instanceof Uint8Array)) throw badValue(item, 'value is not a Uint8Array');
      return 8 + padded(item.value.length);
    default: {
      const bad = item as { type: unknown; tag: number };
      throw new TtlvEncodeError(TtlvEncodeErrorCode.BAD_TYPE, `item ${formatTag(bad.tag)} has unknown type ${String(bad.type)}`, bad.tag);
    }
  }
}

/** Second pass: writes into a zeroed buffer, so padding needs no writes. */
class Writer {
  readonly #out: Uint8Array;
  readonly #view: DataView;
  readonly #lengths: readonly number[];
  #next = 0;
  #pos = 0;

  constructor(out: Uint8Array, lengths: readonly number[]) {
    this.#out = out;
    this.#view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    this.#lengths = lengths;
  }

  write(item: TtlvItem): void {
    const view = this.#view;
    switch (item.type) {
      case 'Structure':
        this.#header(item.tag, ItemType.Structure, this.#lengths[this.#next++]!);
        for (const child of item.value) this.write(child);
        return;
      case 'Integer':
        this.#header(item.tag, ItemType.Integer, 4);
        view.setInt32(this.#pos, item.value);
        this.#pos += 8;
        return;
      case 'Enumeration':
      case 'Interval':
        this.#header(item.tag, ItemType[item.type], 4);
        view.setUint32(this.#pos, item.value);
        this.#pos += 8;
        return;
      case 'LongInteger':
      case 'DateTime':
      case 'DateTimeExtended':
        this.#header(item.tag, ItemType[item.type], 8);
        view.setBigInt64(this.#pos, item.value);
        this.#pos += 8;
        return;
      case 'Boolean':
        this.#header(item.tag, ItemType.Boolean, 8);
        this.#out[this.#pos + 7] = item.value ? 1 : 0;
        this.#pos += 8;
        return;
      case 'BigInteger': {
        const width = this.#lengths[this.#next++]!;
        this.#header(item.tag, ItemType.BigInteger, width);
        writeBigInteger(view, this.#pos, item.value, width);
        this.#pos += width;
        return;
      }
      case 'TextString': {
        const n = this.#lengths[this.#next++]!;
        this.#header(item.tag, ItemType.TextString, n);
        writeUtf8(item.value, this.#out, this.#pos);
        this.#pos += padded(n);
        return;
      }
      case 'ByteString':
        this.#header(item.tag, ItemType.ByteString, item.value.length);
        this.#out.set(item.value, this.#pos);
        this.#pos += padded(item.value.length);
        return;
    }
  }

  #header(tag: number, type: number, length: number): void {
    const out = this.#out;
    const pos = this.#pos;
    out[pos] = tag >>> 16;
    out[pos + 1] = (tag >>> 8) & 0xff;
    out[pos + 2] = tag & 0xff;
    out[pos + 3] = type;
    this.#view.setUint32(pos + 4, length);
    this.#pos = pos + 8;
  }
}

function padded(n: number): number {
  return n + ((8 - (n % 8)) % 8);
}

/** Guards against untyped callers (JSON, JavaScript): the type system cannot vouch for them. */
function expectType(item: TtlvItem, expected: 'bigint' | 'boolean' | 'string'): void {
  const actual = typeof (item.value as unknown);
  if (actual !== expected) throw badValue(item, `value is a ${actual}, expected a ${expected}`);
}

function checkNumber(item: TtlvItem, v: unknown, min: number, max: number, what: string): void {
  if (typeof v !== 'number') throw badValue(item, `value is a ${typeof v}, expected a number`);
  if (!Number.isInteger(v) || v < min || v > max) throw outOfRange(item, `value ${v} is not ${what}`);
}

function badValue(item: TtlvItem, detail: string): TtlvEncodeError {
  return new TtlvEncodeError(TtlvEncodeErrorCode.BAD_VALUE, `${item.type} ${formatTag(item.tag)}: ${detail}`, item.tag);
}

function outOfRange(item: TtlvItem, detail: string): TtlvEncodeError {
  return new TtlvEncodeError(TtlvEncodeErrorCode.OUT_OF_RANGE, `${item.type} ${formatTag(item.tag)}: ${detail}`, item.tag);
}
