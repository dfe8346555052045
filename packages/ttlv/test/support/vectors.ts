import { readFileSync } from 'node:fs';
import { fromHex, toHex } from '@ekmsim/core';
import { decodeTtlv, emptyDictionary, encodeTtlv, fromJson, toJson, ttlv, type TtlvItem } from '@ekmsim/ttlv';
import { describe, expect, it } from 'vitest';
import { TAGS, testDictionary } from './dictionary.js';

/**
 * The golden vectors (test/fixtures/kmip-vectors.json, copied from shared/reference) as
 * `{ name, item, hex }` rows, and the helper that registers parse, generate and JSON round-trip
 * tests for each row (mqtt-packet's testParseGenerate, one table for every codec direction).
 */
export interface VectorRow {
  readonly name: string;
  readonly item: TtlvItem;
  readonly hex: string;
  /** The JSON value `toJson` must produce, where the vector states it (the DateTime's ISO form). */
  readonly jsonValue?: unknown;
}

interface PrimitiveVector {
  id: string;
  tag: string;
  type_name: string;
  value: unknown;
  hex: string;
}

interface MessageVector {
  id: string;
  hex: string;
  decoded: [NamedTriple];
}

type NamedTriple = [string, string, unknown];

const fixture = JSON.parse(readFileSync(new URL('../fixtures/kmip-vectors.json', import.meta.url), 'utf8')) as {
  primitives: PrimitiveVector[];
  messages: MessageVector[];
};

export const primitiveRows: readonly VectorRow[] = fixture.primitives.map((p) => ({
  name: p.id,
  item: itemFrom(Number(p.tag), p.type_name, p.value),
  hex: p.hex,
  ...(p.type_name === 'DateTime' ? { jsonValue: (p.value as { iso: string }).iso } : {}),
}));

/** Whole messages; their `decoded` trees name tags, which the test dictionary turns back into numbers. */
export const messageRows: readonly VectorRow[] = fixture.messages.map((m) => ({
  name: m.id,
  item: namedItem(m.decoded[0]),
  hex: m.hex,
}));

/** Registers, per row: parse (hex → item), generate (item → identical hex), JSON round trip. */
export function registerVectorTests(rows: readonly VectorRow[]): void {
  for (const row of rows) {
    describe(row.name, () => {
      it('parses', () => {
        expect(decodeTtlv(fromHex(row.hex))).toEqual(row.item);
      });
      it('generates byte-identical TTLV', () => {
        expect(toHex(encodeTtlv(row.item))).toBe(row.hex);
      });
      it('round-trips through JSON text, with and without names', () => {
        for (const dictionary of [emptyDictionary, testDictionary]) {
          const json = toJson(row.item, dictionary);
          if (row.jsonValue !== undefined) expect(json.value).toEqual(row.jsonValue);
          const back = fromJson(JSON.parse(JSON.stringify(json)), dictionary);
          expect(back).toEqual(row.item);
          expect(toHex(encodeTtlv(back))).toBe(row.hex);
        }
      });
    });
  }
}

function namedItem([name, type, value]: NamedTriple): TtlvItem {
  const tag = TAGS[name];
  if (tag === undefined) throw new Error(`test dictionary lacks tag ${name}`);
  return itemFrom(tag, type, value);
}

/** Builds an item from a vector's own notation (numbers, decimal strings, hex, nested triples). */
function itemFrom(tag: number, type: string, value: unknown): TtlvItem {
  switch (type) {
    case 'Structure':
      return ttlv.structure(
        tag,
        (value as NamedTriple[]).map((child) => (child[0].startsWith('0x') ? itemFrom(Number(child[0]), child[1], child[2]) : namedItem(child))),
      );
    case 'Integer':
      return ttlv.integer(tag, value as number);
    case 'LongInteger':
      // JSON.parse turns the vector's 123456789000000000 into a double; it happens to be exact.
      return ttlv.longInteger(tag, BigInt(value as number));
    case 'BigInteger':
      return ttlv.bigInteger(tag, BigInt(value as string));
    case 'Enumeration':
      return ttlv.enumeration(tag, value as number);
    case 'Boolean':
      return ttlv.boolean(tag, value as boolean);
    case 'TextString':
      return ttlv.textString(tag, value as string);
    case 'ByteString':
      return ttlv.byteString(tag, fromHex(value as string));
    case 'DateTime':
      return ttlv.dateTime(tag, BigInt(typeof value === 'number' ? value : (value as { posix: number }).posix));
    case 'Interval':
      return ttlv.interval(tag, value as number);
    case 'DateTimeExtended':
      return ttlv.dateTimeExtended(tag, BigInt(value as number));
    default:
      throw new Error(`vector uses unknown type ${type}`);
  }
}
