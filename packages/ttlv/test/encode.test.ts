import { toHex } from '@ekmsim/core';
import { decodeTtlv, encodeTtlv, ttlv, TtlvEncodeError, type TtlvEncodeErrorCode, type TtlvItem } from '@ekmsim/ttlv';
import { describe, expect, it } from 'vitest';

const T = 0x42006a;

/** Items the encoder must refuse, with the code and a fragment of the message (which names the tag). */
const rejected: readonly { name: string; item: TtlvItem; code: TtlvEncodeErrorCode; says: string }[] = [
  { name: 'Integer 2^31', item: ttlv.integer(T, 2 ** 31), code: 'OUT_OF_RANGE', says: 'Integer 0x42006A: value 2147483648 is not a signed 32-bit integer' },
  { name: 'Integer -2^31 - 1', item: ttlv.integer(T, -(2 ** 31) - 1), code: 'OUT_OF_RANGE', says: '0x42006A' },
  { name: 'Integer 1.5', item: ttlv.integer(T, 1.5), code: 'OUT_OF_RANGE', says: '1.5' },
  { name: 'Integer NaN', item: ttlv.integer(T, NaN), code: 'OUT_OF_RANGE', says: 'NaN' },
  { name: 'Enumeration -1', item: ttlv.enumeration(T, -1), code: 'OUT_OF_RANGE', says: 'Enumeration 0x42006A: value -1 is not an unsigned 32-bit integer' },
  { name: 'Interval 2^32', item: ttlv.interval(T, 2 ** 32), code: 'OUT_OF_RANGE', says: 'Interval 0x42006A' },
  { name: 'Long Integer 2^63', item: ttlv.longInteger(T, 2n ** 63n), code: 'OUT_OF_RANGE', says: 'LongInteger 0x42006A' },
  { name: 'Long Integer -2^63 - 1', item: ttlv.longInteger(T, -(2n ** 63n) - 1n), code: 'OUT_OF_RANGE', says: 'LongInteger 0x42006A' },
  { name: 'Date-Time 2^63', item: ttlv.dateTime(T, 2n ** 63n), code: 'OUT_OF_RANGE', says: 'DateTime 0x42006A' },
  { name: 'Date-Time Extended -2^63 - 1', item: ttlv.dateTimeExtended(T, -(2n ** 63n) - 1n), code: 'OUT_OF_RANGE', says: 'DateTimeExtended' },
  { name: 'tag over 24 bits', item: ttlv.integer(0x1000000, 1), code: 'BAD_TAG', says: 'tag 16777216 is not a 24-bit unsigned integer' },
  { name: 'negative tag', item: ttlv.integer(-1, 1), code: 'BAD_TAG', says: 'tag -1' },
  { name: 'Text String with a lone surrogate', item: ttlv.textString(T, 'a\uD800b'), code: 'BAD_VALUE', says: 'lone surrogate' },
  { name: 'Long Integer given a number', item: { tag: T, type: 'LongInteger', value: 1 as unknown as bigint }, code: 'BAD_VALUE', says: 'value is a number, expected a bigint' },
  { name: 'Byte String given an array', item: { tag: T, type: 'ByteString', value: [1, 2] as unknown as Uint8Array }, code: 'BAD_VALUE', says: 'Uint8Array' },
  { name: 'unknown type name', item: { tag: T, type: 'Float', value: 1 } as unknown as TtlvItem, code: 'BAD_TYPE', says: 'item 0x42006A has unknown type Float' },
  { name: 'bad item deep in a Structure', item: ttlv.structure(0x420078, [ttlv.structure(0x420077, [ttlv.integer(T, 2 ** 40)])]), code: 'OUT_OF_RANGE', says: 'Integer 0x42006A' },
];

describe('encodeTtlv rejects', () => {
  for (const row of rejected) {
    it(row.name, () => {
      let error: unknown;
      try {
        encodeTtlv(row.item);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TtlvEncodeError);
      const e = error as TtlvEncodeError;
      expect(e.code).toBe(row.code);
      expect(e.message).toContain(row.says);
    });
  }
});

describe('encodeTtlv boundaries', () => {
  const roundTrips: readonly { name: string; item: TtlvItem; hex?: string }[] = [
    { name: 'Integer -2^31', item: ttlv.integer(T, -(2 ** 31)), hex: '42006A02000000048000000000000000' },
    { name: 'Enumeration 2^32 - 1', item: ttlv.enumeration(T, 2 ** 32 - 1), hex: '42006A0500000004FFFFFFFF00000000' },
    { name: 'Long Integer -2^63', item: ttlv.longInteger(T, -(2n ** 63n)), hex: '42006A03000000088000000000000000' },
    { name: 'Big Integer 2^63 - 1 (one word)', item: ttlv.bigInteger(T, 2n ** 63n - 1n), hex: '42006A04000000087FFFFFFFFFFFFFFF' },
    { name: 'Big Integer 2^63 (two words)', item: ttlv.bigInteger(T, 2n ** 63n), hex: '42006A04000000100000000000000000' + '8000000000000000' },
    { name: 'Big Integer -2^63 (one word)', item: ttlv.bigInteger(T, -(2n ** 63n)), hex: '42006A04000000088000000000000000' },
    { name: 'Big Integer -1', item: ttlv.bigInteger(T, -1n), hex: '42006A0400000008FFFFFFFFFFFFFFFF' },
    { name: 'empty Structure', item: ttlv.structure(T, []), hex: '42006A0100000000' },
    { name: 'empty Byte String', item: ttlv.byteString(T, new Uint8Array(0)), hex: '42006A0800000000' },
    { name: 'Text String with a 4-byte character', item: ttlv.textString(T, '😀'), hex: '42006A0700000004F09F988000000000' },
    { name: 'Byte String from a view into a larger buffer', item: ttlv.byteString(T, new Uint8Array([9, 1, 2, 9]).subarray(1, 3)), hex: '42006A08000000020102000000000000' },
  ];
  for (const row of roundTrips) {
    it(row.name, () => {
      const bytes = encodeTtlv(row.item);
      if (row.hex !== undefined) expect(toHex(bytes)).toBe(row.hex);
      expect(decodeTtlv(bytes)).toEqual({ ...row.item, value: row.item.type === 'ByteString' ? Uint8Array.from(row.item.value) : row.item.value });
    });
  }

  // TextDecoder strips a leading byte order mark unless built with ignoreBOM; the codec must not.
  it('regression: a Text String starting with U+FEFF decodes to itself', () => {
    for (const text of ['\uFEFF', '\uFEFFkey', '\uFEFF\uFEFFkey-é']) {
      expect(decodeTtlv(encodeTtlv(ttlv.textString(T, text)))).toEqual(ttlv.textString(T, text));
    }
  });
});
