import { fromJson, toJson, ttlv, TtlvJsonError, type TtlvItem, type TtlvJsonErrorCode } from '@ekmsim/ttlv';
import { describe, expect, it } from 'vitest';
import { testDictionary as dict } from './support/dictionary.js';
import { messageRows } from './support/vectors.js';

const T = 0x420020;

describe('toJson', () => {
  it('names tags and enumerations the dictionary knows, and keeps hex for the rest', () => {
    const json = toJson(messageRows.find((r) => r.name === 'vmware-get-response')!.item, dict);
    const text = JSON.stringify(json);
    expect(json).toMatchObject({ tag: 'ResponseMessage', type: 'Structure' });
    for (const fragment of [
      '{"tag":"TimeStamp","type":"DateTime","value":"2025-04-03T10:22:00Z"}',
      '{"tag":"Operation","type":"Enumeration","value":"Get"}',
      '{"tag":"ResultStatus","type":"Enumeration","value":"Success"}',
      '{"tag":"KeyFormatType","type":"Enumeration","value":"0x00000001"}',
      '{"tag":"CryptographicAlgorithm","type":"Enumeration","value":"AES"}',
      '{"tag":"UniqueBatchItemId","type":"ByteString","value":"514C4B4301000000"}',
    ]) {
      expect(text).toContain(fragment);
    }
  });

  const values: readonly { name: string; item: TtlvItem; value: unknown }[] = [
    { name: 'Long Integer 2^53 - 1 as a number', item: ttlv.longInteger(T, 2n ** 53n - 1n), value: 9007199254740991 },
    { name: 'Long Integer 2^53 as hex', item: ttlv.longInteger(T, 2n ** 53n), value: '0x0020000000000000' },
    { name: 'Long Integer -2^63 as hex', item: ttlv.longInteger(T, -(2n ** 63n)), value: '0x8000000000000000' },
    { name: 'Big Integer -1 as its encoded word', item: ttlv.bigInteger(T, -1n), value: '0xFFFFFFFFFFFFFFFF' },
    { name: 'Enumeration unknown to the dictionary', item: ttlv.enumeration(T, 15), value: '0x0000000F' },
    { name: 'Date-Time before 1970', item: ttlv.dateTime(T, -1n), value: '1969-12-31T23:59:59Z' },
    { name: 'Date-Time at year 0000', item: ttlv.dateTime(T, -62167219200n), value: '0000-01-01T00:00:00Z' },
    { name: 'Date-Time past year 9999 as hex', item: ttlv.dateTime(T, 253402300800n), value: '0x0000003AFFF44180' },
    { name: 'leap day', item: ttlv.dateTime(T, 951782400n), value: '2000-02-29T00:00:00Z' },
    { name: 'Date-Time Extended with microseconds', item: ttlv.dateTimeExtended(T, 1205495800123456n), value: '2008-03-14T11:56:40.123456Z' },
    { name: 'Date-Time Extended just before 1970', item: ttlv.dateTimeExtended(T, -1n), value: '1969-12-31T23:59:59.999999Z' },
    { name: 'empty Byte String', item: ttlv.byteString(T, new Uint8Array(0)), value: '' },
  ];
  for (const row of values) {
    it(row.name, () => {
      expect(toJson(row.item).value).toEqual(row.value);
      expect(fromJson(toJson(row.item))).toEqual(row.item);
    });
  }
});

describe('fromJson accepts what the profile allows', () => {
  const accepted: readonly { name: string; json: unknown; item: TtlvItem }[] = [
    { name: 'a Structure without a type', json: { tag: 'RequestHeader', value: [] }, item: ttlv.structure(0x420077, []) },
    { name: 'a lower-case hex tag', json: { tag: '0x42006a', type: 'Integer', value: 1 }, item: ttlv.integer(0x42006a, 1) },
    { name: 'Integer as hex (two’s complement)', json: { tag: 'CompromiseDate', type: 'Integer', value: '0xFFFFFFFF' }, item: ttlv.integer(T, -1) },
    { name: 'Integer mask by names', json: { tag: 'CryptographicUsageMask', type: 'Integer', value: 'Encrypt|Decrypt' }, item: ttlv.integer(0x42002c, 12) },
    { name: 'Long Integer as hex', json: { tag: '0x420020', type: 'LongInteger', value: '0x01B69B4BA5749200' }, item: ttlv.longInteger(T, 123456789000000000n) },
    { name: 'Big Integer as a number', json: { tag: '0x420020', type: 'BigInteger', value: -5 }, item: ttlv.bigInteger(T, -5n) },
    { name: 'Big Integer with redundant sign words', json: { tag: '0x420020', type: 'BigInteger', value: '0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFE' }, item: ttlv.bigInteger(T, -2n) },
    { name: 'Enumeration by name', json: { tag: 'Operation', type: 'Enumeration', value: 'DiscoverVersions' }, item: ttlv.enumeration(0x42005c, 30) },
    { name: 'Boolean as hex', json: { tag: '0x420020', type: 'Boolean', value: '0x0000000000000001' }, item: ttlv.boolean(T, true) },
    { name: 'Date-Time with an offset', json: { tag: '0x420020', type: 'DateTime', value: '2008-03-14T21:56:40+10:00' }, item: ttlv.dateTime(T, 1205495800n) },
    { name: 'Date-Time with a zero fraction', json: { tag: '0x420020', type: 'DateTime', value: '2008-03-14T11:56:40.000Z' }, item: ttlv.dateTime(T, 1205495800n) },
    { name: 'Date-Time as hex', json: { tag: '0x420020', type: 'DateTime', value: '0x0000000047DA67F8' }, item: ttlv.dateTime(T, 1205495800n) },
    { name: 'Date-Time Extended with milliseconds', json: { tag: '0x420020', type: 'DateTimeExtended', value: '2008-03-14T11:56:40.5Z' }, item: ttlv.dateTimeExtended(T, 1205495800500000n) },
    { name: 'Interval as hex', json: { tag: '0x420020', type: 'Interval', value: '0x000D2F00' }, item: ttlv.interval(T, 864000) },
    { name: 'lower-case Byte String hex', json: { tag: '0x420020', type: 'ByteString', value: 'ab01' }, item: ttlv.byteString(T, new Uint8Array([0xab, 1])) },
  ];
  for (const row of accepted) {
    it(row.name, () => {
      expect(fromJson(row.json, dict)).toEqual(row.item);
    });
  }
});

describe('fromJson rejects', () => {
  const s = (value: unknown, type = 'Integer'): unknown => ({ tag: 'RequestHeader', value: [{ tag: 'BatchCount', type: 'Integer', value: 1 }, { tag: '0x420020', type, value }] });
  const rejected: readonly { name: string; json: unknown; code: TtlvJsonErrorCode; path: string }[] = [
    { name: 'a non-object', json: [1], code: 'BAD_SHAPE', path: '$' },
    { name: 'a missing value', json: { tag: 'BatchCount', type: 'Integer' }, code: 'BAD_SHAPE', path: '$' },
    { name: 'an unknown tag name', json: { tag: 'NoSuchTag', value: [] }, code: 'BAD_TAG', path: '$.tag' },
    { name: 'a five-digit hex tag', json: { tag: '0x42006', value: [] }, code: 'BAD_TAG', path: '$.tag' },
    { name: 'an inherited property as a tag name', json: { tag: 'toString', value: [] }, code: 'BAD_TAG', path: '$.tag' },
    { name: 'an unknown type', json: s(1, 'Float'), code: 'BAD_TYPE', path: '$.value[1].type' },
    { name: 'a Structure value that is not an array', json: { tag: 'RequestHeader', value: {} }, code: 'BAD_SHAPE', path: '$.value' },
    { name: 'Integer 2^31', json: s(2 ** 31), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Integer 1.5', json: s(1.5), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Integer hex of 7 digits', json: s('0xFFFFFFF'), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Integer mask with an unknown name', json: s('Encrypt|Nope'), code: 'UNKNOWN_NAME', path: '$.value[1].value' },
    { name: 'Long Integer beyond 2^53 as a number', json: s(2 ** 60, 'LongInteger'), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Enumeration as a number', json: s(3, 'Enumeration'), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'an unknown Enumeration name', json: s('NoSuchValue', 'Enumeration'), code: 'UNKNOWN_NAME', path: '$.value[1].value' },
    { name: 'Interval -1', json: s(-1, 'Interval'), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Boolean as a string', json: s('true', 'Boolean'), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Boolean hex 2', json: s('0x0000000000000002', 'Boolean'), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Text String as a number', json: s(1, 'TextString'), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Byte String with 0x', json: s('0x0102', 'ByteString'), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Byte String of odd length', json: s('012', 'ByteString'), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Big Integer hex of 15 digits', json: s('0x000000000000001', 'BigInteger'), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Date-Time with a fraction', json: s('2008-03-14T11:56:40.5Z', 'DateTime'), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Date-Time on 30 February', json: s('2008-02-30T00:00:00Z', 'DateTime'), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Date-Time without a zone', json: s('2008-03-14T11:56:40', 'DateTime'), code: 'BAD_VALUE', path: '$.value[1].value' },
    { name: 'Date-Time Extended with nanoseconds', json: s('2008-03-14T11:56:40.0000001Z', 'DateTimeExtended'), code: 'BAD_VALUE', path: '$.value[1].value' },
  ];
  for (const row of rejected) {
    it(row.name, () => {
      let error: unknown;
      try {
        fromJson(row.json, dict);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TtlvJsonError);
      expect({ code: (error as TtlvJsonError).code, path: (error as TtlvJsonError).path }).toEqual({ code: row.code, path: row.path });
      expect((error as Error).message.startsWith(row.path + ': ')).toBe(true);
    });
  }

  it('Structures nested deeper than maxDepth', () => {
    let json: unknown = { tag: '0x420001', value: [] };
    for (let i = 0; i < 3; i++) json = { tag: '0x420001', value: [json] };
    expect(() => fromJson(json, dict, { maxDepth: 3 })).toThrow(expect.objectContaining({ code: 'BAD_SHAPE', path: '$.value[0].value[0].value[0]' }));
    expect(fromJson(json, dict, { maxDepth: 4 })).toBeDefined();
  });
});
