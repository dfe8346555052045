import { readBigInteger, bigIntegerWidth } from './big-integer.js';
import { TtlvDecodeError, TtlvDecodeErrorCode as Code } from './errors.js';
import { formatTag, itemTypeName, ItemType, type TtlvItem } from './item.js';
import { resolveLimits, type TtlvLimits } from './limits.js';
import { readUtf8 } from './utf8.js';

/**
 * Strict TTLV decoder. It accepts exactly the encodings `encodeTtlv` produces, so any item it
 * returns re-encodes byte for byte: fixed lengths per type, zero padding, minimal Big Integers,
 * Booleans 0 or 1, valid UTF-8, Structures filled exactly by their children. Every rejection is
 * a TtlvDecodeError carrying the offset of the offending item and, once its header is read, its tag.
 */

/** Decodes the one item that `bytes` must consist of. */
export function decodeTtlv(bytes: Uint8Array, limits?: Partial<TtlvLimits>): TtlvItem {
  const { item, length } = decodeTtlvPrefix(bytes, limits);
  if (length !== bytes.length) {
    throw new TtlvDecodeError(Code.TRAILING_BYTES, `${bytes.length - length} bytes after the item that ends at offset ${length}`, length);
  }
  return item;
}

/** Decodes the item at the start of `bytes`; `length` is its padded size, where any next item starts. */
export function decodeTtlvPrefix(bytes: Uint8Array, limits?: Partial<TtlvLimits>): { item: TtlvItem; length: number } {
  const { maxMessageSize, maxDepth } = resolveLimits(limits);
  if (bytes.length >= 8) {
    const declared = 8 + paddedLength(bytes[3]!, readUint32(bytes, 4));
    if (declared > maxMessageSize) {
      const tag = readTag(bytes, 0);
      throw new TtlvDecodeError(Code.TOO_LARGE, `${describe(bytes[3]!, tag, 0)}: ${declared} bytes exceed the ${maxMessageSize}-byte limit`, 0, tag);
    }
  }
  const reader = new Reader(bytes, maxDepth);
  const item = reader.item(0, bytes.length, 0);
  return { item, length: reader.pos };
}

/** Fixed value lengths (KMIP 1.4 §9.1.1.4, 2.0 §10.1.4); absent for the variable-length types. */
const FIXED_LENGTH: readonly (number | undefined)[] = (() => {
  const fixed: (number | undefined)[] = [];
  fixed[ItemType.Integer] = 4;
  fixed[ItemType.LongInteger] = 8;
  fixed[ItemType.Enumeration] = 4;
  fixed[ItemType.Boolean] = 8;
  fixed[ItemType.DateTime] = 8;
  fixed[ItemType.Interval] = 4;
  fixed[ItemType.DateTimeExtended] = 8;
  return fixed;
})();

class Reader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #maxDepth: number;
  /** Offset just after the last item read. */
  pos = 0;

  constructor(bytes: Uint8Array, maxDepth: number) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#maxDepth = maxDepth;
  }

  /** Reads the item at `at`, which must end by `end`; `depth` counts the Structures around it. */
  item(at: number, end: number, depth: number): TtlvItem {
    const bytes = this.#bytes;
    if (end - at < 8) {
      const tag = end - at >= 3 ? readTag(bytes, at) : undefined;
      throw new TtlvDecodeError(Code.TRUNCATED, `item at offset ${at}: header needs 8 bytes, only ${end - at} available`, at, tag);
    }
    const tag = readTag(bytes, at);
    const code = bytes[at + 3]!;
    const type = itemTypeName(code);
    if (type === undefined) {
      throw new TtlvDecodeError(Code.BAD_TYPE, `item ${formatTag(tag)} at offset ${at}: unknown type code 0x${hex2(code)}`, at, tag);
    }
    const length = this.#view.getUint32(at + 4);

    const fixed = FIXED_LENGTH[code];
    if (fixed !== undefined && length !== fixed) throw failure(Code.BAD_LENGTH, type, tag, at, `length ${length}, expected ${fixed}`);
    if (code === ItemType.Structure && length % 8 !== 0) throw failure(Code.BAD_LENGTH, type, tag, at, `length ${length} is not a multiple of 8`);
    if (code === ItemType.BigInteger && (length === 0 || length % 8 !== 0)) {
      throw failure(Code.BAD_LENGTH, type, tag, at, `length ${length} is not a positive multiple of 8`);
    }
    const start = at + 8;
    const next = start + paddedLength(code, length);
    if (next > end) {
      // Only the outermost item is bounded by the input; an inner one is bounded by its parent.
      if (depth === 0) throw failure(Code.TRUNCATED, type, tag, at, `needs ${next - at} bytes, only ${end - at} available`);
      throw failure(Code.BAD_LENGTH, type, tag, at, `length ${length} overruns the enclosing Structure, which ends at offset ${end}`);
    }
    for (let i = start + length; i < next; i++) {
      if (bytes[i] !== 0) throw failure(Code.BAD_PADDING, type, tag, at, `padding byte at offset ${i} is 0x${hex2(bytes[i]!)}, expected 0x00`);
    }
    this.pos = next;

    const view = this.#view;
    switch (code) {
      case ItemType.Structure: {
        if (depth + 1 > this.#maxDepth) throw failure(Code.TOO_DEEP, type, tag, at, `Structures nested deeper than ${this.#maxDepth}`);
        const children: TtlvItem[] = [];
        let p = start;
        while (p < next) {
          children.push(this.item(p, next, depth + 1));
          p = this.pos;
        }
        this.pos = next;
        return { tag, type: 'Structure', value: children };
      }
      case ItemType.Integer:
        return { tag, type: 'Integer', value: view.getInt32(start) };
      case ItemType.LongInteger:
        return { tag, type: 'LongInteger', value: view.getBigInt64(start) };
      case ItemType.BigInteger: {
        const value = readBigInteger(view, start, length);
        if (bigIntegerWidth(value) !== length) throw failure(Code.BAD_PADDING, type, tag, at, `${length} bytes hold a value that needs ${bigIntegerWidth(value)}: redundant sign extension`);
        return { tag, type: 'BigInteger', value };
      }
      case ItemType.Enumeration:
        return { tag, type: 'Enumeration', value: view.getUint32(start) };
      case ItemType.Boolean: {
        const low = view.getUint32(start + 4);
        if (view.getUint32(start) !== 0 || low > 1) {
          throw failure(Code.BAD_BOOLEAN, type, tag, at, `value 0x${view.getBigUint64(start).toString(16).toUpperCase().padStart(16, '0')}, expected 0 or 1`);
        }
        return { tag, type: 'Boolean', value: low === 1 };
      }
      case ItemType.TextString:
        try {
          return { tag, type: 'TextString', value: readUtf8(bytes, start, start + length) };
        } catch (cause) {
          throw failure(Code.BAD_UTF8, type, tag, at, 'value is not valid UTF-8', cause);
        }
      case ItemType.ByteString:
        return { tag, type: 'ByteString', value: bytes.slice(start, start + length) };
      case ItemType.DateTime:
        return { tag, type: 'DateTime', value: view.getBigInt64(start) };
      case ItemType.Interval:
        return { tag, type: 'Interval', value: view.getUint32(start) };
      default:
        return { tag, type: 'DateTimeExtended', value: view.getBigInt64(start) };
    }
  }
}

/** Value length rounded up to 8; Structures and Big Integers are already multiples of 8 when valid. */
function paddedLength(code: number, length: number): number {
  return code === ItemType.Structure ? length : length + ((8 - (length % 8)) % 8);
}

function readTag(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 16) | (bytes[at + 1]! << 8) | bytes[at + 2]!;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) >>> 0) + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!);
}

function failure(code: Code, type: string, tag: number, at: number, detail: string, cause?: unknown): TtlvDecodeError {
  return new TtlvDecodeError(code, `${type} ${formatTag(tag)} at offset ${at}: ${detail}`, at, tag, cause === undefined ? undefined : { cause });
}

function describe(code: number, tag: number, at: number): string {
  return `${itemTypeName(code) ?? 'item'} ${formatTag(tag)} at offset ${at}`;
}

function hex2(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}
