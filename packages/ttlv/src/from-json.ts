import { fromHex } from '@ekmsim/core';
import { emptyDictionary, type TtlvDictionary } from './dictionary.js';
import { TtlvJsonError, TtlvJsonErrorCode as Code } from './errors.js';
import { parseIso } from './iso8601.js';
import { ItemType, type ItemTypeName, type TtlvItem } from './item.js';
import { parseHex } from './json-hex.js';
import { defaultTtlvLimits } from './limits.js';

/**
 * Reads the KMIP JSON form (see json.ts) into an item. It accepts what the profile allows, not
 * only what `toJson` writes: names or `0x` hex for tags and enumerations, numbers or fixed-width
 * hex for the numeric types, `|`-joined names for Integer masks, ISO 8601 with any UTC offset or
 * hex for the date-times, and a missing `type` for Structures. Errors carry a JSONPath.
 */
export function fromJson(json: unknown, dictionary: TtlvDictionary = emptyDictionary, options: { maxDepth?: number } = {}): TtlvItem {
  return new JsonReader(dictionary, options.maxDepth ?? defaultTtlvLimits.maxDepth).item(json, '$', 0);
}

const INT32 = { min: -0x80000000, max: 0x7fffffff, what: 'a signed 32-bit integer' };
const UINT32 = { min: 0, max: 0xffffffff, what: 'an unsigned 32-bit integer' };

class JsonReader {
  readonly #dictionary: TtlvDictionary;
  readonly #maxDepth: number;

  constructor(dictionary: TtlvDictionary, maxDepth: number) {
    this.#dictionary = dictionary;
    this.#maxDepth = maxDepth;
  }

  item(json: unknown, path: string, depth: number): TtlvItem {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TtlvJsonError(Code.BAD_SHAPE, 'expected an object with "tag" and "value"', path);
    const { tag: tagText, type: typeText, value } = json as Record<string, unknown>;
    const tag = this.#tag(tagText, `${path}.tag`);
    const type = typeText === undefined ? 'Structure' : typeName(typeText, `${path}.type`);
    if (!('value' in json)) throw new TtlvJsonError(Code.BAD_SHAPE, 'missing "value"', path);
    const at = `${path}.value`;
    switch (type) {
      case 'Structure': {
        if (!Array.isArray(value)) throw new TtlvJsonError(Code.BAD_SHAPE, 'a Structure value must be an array of items', at);
        if (depth + 1 > this.#maxDepth) throw new TtlvJsonError(Code.BAD_SHAPE, `Structures nested deeper than ${this.#maxDepth}`, path);
        return { tag, type, value: value.map((child, i) => this.item(child, `${at}[${i}]`, depth + 1)) };
      }
      case 'Integer':
        return { tag, type, value: typeof value === 'string' && !isHex(value) ? this.#mask(tag, value, at) : Number(BigInt.asIntN(32, numeric(value, 8, INT32, at))) };
      case 'Interval':
        return { tag, type, value: Number(numeric(value, 8, UINT32, at)) };
      case 'LongInteger':
        return { tag, type, value: BigInt.asIntN(64, numeric(value, 16, undefined, at)) };
      case 'BigInteger': {
        if (typeof value === 'number') return { tag, type, value: numeric(value, 'words', undefined, at) };
        const raw = typeof value === 'string' ? parseHex(value, 'words') : undefined;
        if (raw === undefined) throw badValue('expected a safe integer or 0x and a multiple of 16 hex digits', at);
        const bits = ((value as string).length - 2) * 4;
        return { tag, type, value: BigInt.asIntN(bits, raw) };
      }
      case 'Enumeration':
        return { tag, type, value: this.#enumeration(tag, value, at) };
      case 'Boolean':
        return { tag, type, value: boolean(value, at) };
      case 'TextString':
        if (typeof value !== 'string') throw badValue('expected a string', at);
        return { tag, type, value };
      case 'ByteString':
        if (typeof value !== 'string' || value.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(value)) throw badValue('expected hex digits (an even count, no 0x)', at);
        return { tag, type, value: fromHex(value) };
      case 'DateTime':
        return { tag, type, value: dateTime(value, false, at) };
      case 'DateTimeExtended':
        return { tag, type, value: dateTime(value, true, at) };
    }
  }

  #tag(text: unknown, path: string): number {
    if (typeof text !== 'string') throw new TtlvJsonError(Code.BAD_TAG, 'expected a tag name or 0x and six hex digits', path);
    const hex = parseHex(text, 6);
    if (hex !== undefined) return Number(hex);
    const tag = this.#dictionary.tagByName(text);
    if (tag === undefined) throw new TtlvJsonError(Code.BAD_TAG, `unknown tag name ${JSON.stringify(text)}`, path);
    return tag;
  }

  #enumeration(tag: number, value: unknown, path: string): number {
    if (typeof value !== 'string') throw badValue('expected an enumeration name or 0x and 8 hex digits', path);
    const hex = parseHex(value, 8);
    if (hex !== undefined) return Number(hex);
    const n = this.#dictionary.enumByName(tag, value);
    if (n === undefined) throw new TtlvJsonError(Code.UNKNOWN_NAME, `unknown enumeration name ${JSON.stringify(value)}`, path);
    return n;
  }

  /** A mask written as names joined by `|` (e.g. `Encrypt|Decrypt` for Cryptographic Usage Mask). */
  #mask(tag: number, text: string, path: string): number {
    let mask = 0;
    for (const name of text.split('|')) {
      const bit = this.#dictionary.enumByName(tag, name.trim());
      if (bit === undefined) throw new TtlvJsonError(Code.UNKNOWN_NAME, `unknown mask name ${JSON.stringify(name.trim())}`, path);
      mask |= bit;
    }
    return mask;
  }
}

function typeName(text: unknown, path: string): ItemTypeName {
  if (typeof text === 'string' && Object.hasOwn(ItemType, text)) return text as ItemTypeName;
  throw new TtlvJsonError(Code.BAD_TYPE, `unknown item type ${JSON.stringify(text)}`, path);
}

/** A JSON number (an integer, within `range` when given, else safe) or fixed-width hex; hex is returned unsigned. */
function numeric(value: unknown, digits: number | 'words', range: { min: number; max: number; what: string } | undefined, path: string): bigint {
  if (typeof value === 'number') {
    if (range === undefined && !Number.isSafeInteger(value)) throw badValue(`${value} is not a safe integer: write it as 0x and hex digits`, path);
    if (range !== undefined && (!Number.isInteger(value) || value < range.min || value > range.max)) throw badValue(`${value} is not ${range.what}`, path);
    return BigInt(value);
  }
  const hex = typeof value === 'string' ? parseHex(value, digits) : undefined;
  if (hex === undefined) throw badValue(`expected a number or 0x and ${digits === 'words' ? 'a multiple of 16' : digits} hex digits`, path);
  return hex;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  const hex = typeof value === 'string' ? parseHex(value, 16) : undefined;
  if (hex === 0n || hex === 1n) return hex === 1n;
  throw badValue('expected true, false, 0x0000000000000000 or 0x0000000000000001', path);
}

function dateTime(value: unknown, extended: boolean, path: string): bigint {
  if (typeof value !== 'string') throw badValue('expected an ISO 8601 date-time or 0x and 16 hex digits', path);
  const hex = parseHex(value, 16);
  if (hex !== undefined) return BigInt.asIntN(64, hex);
  const parsed = parseIso(value);
  if (typeof parsed === 'string') throw badValue(`${JSON.stringify(value)}: ${parsed}`, path);
  if (extended) {
    if (parsed.nanos % 1000 !== 0) throw badValue('Date-Time Extended has microsecond precision', path);
    return parsed.seconds * 1_000_000n + BigInt(parsed.nanos / 1000);
  }
  if (parsed.nanos !== 0) throw badValue('Date-Time has whole-second precision', path);
  return parsed.seconds;
}

function isHex(text: string): boolean {
  return text.startsWith('0x') || text.startsWith('0X');
}

function badValue(detail: string, path: string): TtlvJsonError {
  return new TtlvJsonError(Code.BAD_VALUE, detail, path);
}
