/**
 * Attributes as plain JSON values, for the CLI, the API and logs: enumerations by name, usage
 * masks as the names of their bits, dates as ISO 8601, byte strings as hex, structures as
 * objects keyed by tag name.
 */
import { toHex } from '@ekmsim/core';
import { Enum, enumName, Tag, tagName, type Attribute } from '@ekmsim/kmip';
import type { TtlvItem } from '@ekmsim/ttlv';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const USAGE_BITS = Object.entries(Enum.CryptographicUsageMask);

function longToJson(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

function isoSeconds(seconds: bigint): string {
  const ms = Number(seconds) * 1000;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : seconds.toString();
}

/** One TTLV value as JSON. */
export function itemToJson(item: TtlvItem): JsonValue {
  switch (item.type) {
    case 'Structure':
      return grouped(item.value.map((c) => [tagName(c.tag) ?? `0x${c.tag.toString(16).toUpperCase()}`, itemToJson(c)] as const));
    case 'Integer':
      if (item.tag === Tag.CryptographicUsageMask) return USAGE_BITS.filter(([, bit]) => (item.value & bit) !== 0).map(([name]) => name);
      return item.value;
    case 'Enumeration':
      return enumName(item.tag, item.value) ?? item.value;
    case 'LongInteger':
    case 'BigInteger':
      return longToJson(item.value);
    case 'DateTime':
      return isoSeconds(item.value);
    case 'DateTimeExtended': {
      const ms = Number(item.value / 1000n);
      return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : item.value.toString();
    }
    case 'ByteString':
      return toHex(item.value);
    case 'Boolean':
    case 'TextString':
    case 'Interval':
      return item.value;
  }
}

/** Groups values by key: a key seen once maps to its value, a repeated key to the array of its values. */
function grouped(entries: Iterable<readonly [string, JsonValue]>): Record<string, JsonValue> {
  const groups = new Map<string, JsonValue[]>();
  for (const [key, value] of entries) {
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [value]);
    else g.push(value);
  }
  const out: Record<string, JsonValue> = {};
  for (const [key, values] of groups) out[key] = values.length === 1 ? values[0]! : values;
  return out;
}

/**
 * Attributes as one object keyed by attribute name. A name present once maps to its value; a
 * name with several instances (e.g. two Names) maps to the array of their values.
 */
export function attributesToJson(list: readonly Attribute[]): Record<string, JsonValue> {
  return grouped(list.map((a) => [a.name, itemToJson(a.value)] as const));
}
