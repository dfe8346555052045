import { toHex } from '@ekmsim/core';
import { bigIntegerHex } from './big-integer.js';
import { emptyDictionary, type TtlvDictionary } from './dictionary.js';
import { formatIso, ISO_MAX_SECONDS, ISO_MIN_SECONDS } from './iso8601.js';
import { formatTag, type ItemTypeName, type TtlvItem } from './item.js';
import { hexFixed } from './json-hex.js';

/**
 * The KMIP JSON form (OASIS KMIP Profiles, "JSON Encoding" in the Additional Message Encodings
 * 1.0 and Profiles 2.0): every item is `{"tag", "type", "value"}`. Tags and enumeration values
 * are names when the dictionary knows them, else hex; a missing type means Structure.
 * `toJson` writes one canonical form; `fromJson` (from-json.ts) reads every form the profile allows.
 */
export interface TtlvJson {
  /** Tag name (`ProtocolVersionMajor`) or `0x` and six hex digits (`0x42006A`). */
  readonly tag: string;
  /** One of the names in item.ts; absent means Structure. */
  readonly type?: ItemTypeName;
  readonly value: TtlvJsonValue;
}

export type TtlvJsonValue = readonly TtlvJson[] | string | number | boolean;

/**
 * The item as a plain object, ready for JSON.stringify. Per type:
 * - Structure: array of items. Integer, Interval: number. Boolean: true/false. TextString: string.
 * - LongInteger: number when a safe integer, else `0x` and 16 hex digits.
 * - BigInteger: `0x` and its encoded two's-complement bytes (a multiple of 16 digits).
 * - Enumeration: the dictionary's name, else `0x` and 8 hex digits (`0x0000000F`).
 * - ByteString: upper-case hex without `0x`.
 * - DateTime: `2008-03-14T11:56:40Z`; DateTimeExtended: `2008-03-14T11:56:40.000000Z`;
 *   both as `0x` and 16 hex digits outside years 0000..9999.
 */
export function toJson(item: TtlvItem, dictionary: TtlvDictionary = emptyDictionary): TtlvJson {
  return { tag: dictionary.tagName(item.tag) ?? formatTag(item.tag), type: item.type, value: jsonValue(item, dictionary) };
}

function jsonValue(item: TtlvItem, dictionary: TtlvDictionary): TtlvJsonValue {
  switch (item.type) {
    case 'Structure':
      return item.value.map((child) => toJson(child, dictionary));
    case 'Integer':
    case 'Interval':
    case 'Boolean':
    case 'TextString':
      return item.value;
    case 'LongInteger':
      return isSafe(item.value) ? Number(item.value) : hexFixed(item.value, 16);
    case 'BigInteger':
      return '0x' + bigIntegerHex(item.value);
    case 'Enumeration':
      return dictionary.enumName(item.tag, item.value) ?? hexFixed(item.value, 8);
    case 'ByteString':
      return toHex(item.value);
    case 'DateTime':
      return item.value >= ISO_MIN_SECONDS && item.value <= ISO_MAX_SECONDS ? formatIso(item.value) : hexFixed(item.value, 16);
    case 'DateTimeExtended': {
      // Floor division, so that instants before 1970 keep a positive microsecond field.
      let seconds = item.value / 1_000_000n;
      let micros = item.value % 1_000_000n;
      if (micros < 0n) {
        seconds -= 1n;
        micros += 1_000_000n;
      }
      return seconds >= ISO_MIN_SECONDS && seconds <= ISO_MAX_SECONDS ? formatIso(seconds, Number(micros)) : hexFixed(item.value, 16);
    }
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function isSafe(v: bigint): boolean {
  return v >= -MAX_SAFE && v <= MAX_SAFE;
}
