import { fromHex, toHex } from '@ekmsim/core';
import { decodeTtlv, decodeTtlvPrefix, encodeTtlv, ttlv, TtlvDecodeError, type TtlvDecodeErrorCode, type TtlvItem, type TtlvLimits } from '@ekmsim/ttlv';
import { describe, expect, it } from 'vitest';
import { messageRows, primitiveRows } from './support/vectors.js';

/** One expected parse failure: the input, the stable code, where, and (optionally) the exact message. */
interface ErrorRow {
  readonly name: string;
  readonly hex: string;
  readonly limits?: Partial<TtlvLimits>;
  readonly code: TtlvDecodeErrorCode;
  readonly offset: number;
  readonly tag?: number;
  readonly message?: string;
}

/** An item header: tag (6 hex digits), type code, declared length. */
const header = (tag: string, type: number, length: number): string => tag + hex(type, 2) + hex(length, 8);
const hex = (n: number, digits: number): string => n.toString(16).toUpperCase().padStart(digits, '0');

const vmwareGet = messageRows.find((r) => r.name === 'vmware-get')!.hex;
/** Byte offset of the first item with this tag and type in a message. */
const offsetOf = (message: string, tagAndType: string): number => message.indexOf(tagAndType) / 2;
/** `message` with the bytes at `offset` replaced. */
const patch = (message: string, offset: number, bytes: string): string => message.slice(0, offset * 2) + bytes + message.slice(offset * 2 + bytes.length);

const uidAt = offsetOf(vmwareGet, '42009407'); // Unique Identifier '2': one byte and seven of padding
const majorAt = offsetOf(vmwareGet, '42006A02');

const nested = (depth: number): TtlvItem => (depth === 0 ? ttlv.integer(0x420001, 1) : ttlv.structure(0x420001, [nested(depth - 1)]));

const errorRows: readonly ErrorRow[] = [
  // Lengths each type fixes.
  { name: 'Integer of length 5', hex: header('42006A', 2, 5) + '0000000100000000', code: 'BAD_LENGTH', offset: 0, tag: 0x42006a, message: 'Integer 0x42006A at offset 0: length 5, expected 4' },
  { name: 'Integer of length 5 inside a message', hex: patch(vmwareGet, majorAt + 4, '00000005'), code: 'BAD_LENGTH', offset: majorAt, tag: 0x42006a, message: `Integer 0x42006A at offset ${majorAt}: length 5, expected 4` },
  { name: 'Long Integer of length 4', hex: header('420020', 3, 4) + '0000000100000000', code: 'BAD_LENGTH', offset: 0, tag: 0x420020 },
  { name: 'Enumeration of length 8', hex: header('420020', 5, 8) + '0000000000000001', code: 'BAD_LENGTH', offset: 0 },
  { name: 'Boolean of length 4', hex: header('420020', 6, 4) + '0000000100000000', code: 'BAD_LENGTH', offset: 0 },
  { name: 'Date-Time of length 4', hex: header('420020', 9, 4) + '47DA67F800000000', code: 'BAD_LENGTH', offset: 0 },
  { name: 'Interval of length 8', hex: header('420020', 0x0a, 8) + '00000000000D2F00', code: 'BAD_LENGTH', offset: 0 },
  { name: 'Date-Time Extended of length 16', hex: header('420020', 0x0b, 16) + '00'.repeat(16), code: 'BAD_LENGTH', offset: 0 },
  { name: 'Big Integer of length 12', hex: header('420020', 4, 12) + '00'.repeat(16), code: 'BAD_LENGTH', offset: 0 },
  { name: 'Big Integer of length 0', hex: header('420020', 4, 0), code: 'BAD_LENGTH', offset: 0 },
  { name: 'Structure of length 12', hex: header('420078', 1, 12) + '00'.repeat(16), code: 'BAD_LENGTH', offset: 0, tag: 0x420078 },
  {
    name: 'child overrunning its Structure',
    hex: header('420078', 1, 16) + header('420055', 7, 20) + '41'.repeat(8),
    code: 'BAD_LENGTH',
    offset: 8,
    tag: 0x420055,
    message: 'TextString 0x420055 at offset 8: length 20 overruns the enclosing Structure, which ends at offset 24',
  },
  // Padding.
  { name: 'non-zero Integer padding', hex: header('42006A', 2, 4) + '0000000100000001', code: 'BAD_PADDING', offset: 0, tag: 0x42006a },
  { name: 'non-zero Text String padding', hex: header('420020', 7, 11) + '48656C6C6F20576F726C640000000020', code: 'BAD_PADDING', offset: 0 },
  { name: 'non-zero Byte String padding', hex: header('420020', 8, 3) + '0102030000FF0000', code: 'BAD_PADDING', offset: 0 },
  { name: 'non-zero padding inside a message', hex: patch(vmwareGet, uidAt + 15, 'AA'), code: 'BAD_PADDING', offset: uidAt, tag: 0x420094 },
  { name: 'Big Integer 1 in 16 bytes', hex: header('420020', 4, 16) + '0000000000000000' + '0000000000000001', code: 'BAD_PADDING', offset: 0 },
  { name: 'Big Integer -1 in 16 bytes', hex: header('420020', 4, 16) + 'FF'.repeat(16), code: 'BAD_PADDING', offset: 0 },
  // Booleans.
  { name: 'Boolean 2', hex: header('420020', 6, 8) + '0000000000000002', code: 'BAD_BOOLEAN', offset: 0, message: 'Boolean 0x420020 at offset 0: value 0x0000000000000002, expected 0 or 1' },
  { name: 'Boolean with a high bit', hex: header('420020', 6, 8) + '0100000000000001', code: 'BAD_BOOLEAN', offset: 0 },
  // UTF-8.
  { name: 'Text String with a bad continuation byte', hex: header('420055', 7, 2) + 'C328000000000000', code: 'BAD_UTF8', offset: 0, tag: 0x420055 },
  { name: 'Text String with an overlong encoding', hex: header('420055', 7, 2) + 'C0AF000000000000', code: 'BAD_UTF8', offset: 0 },
  { name: 'Text String with an encoded surrogate', hex: header('420055', 7, 3) + 'EDA0800000000000', code: 'BAD_UTF8', offset: 0 },
  { name: 'Text String ending mid-character', hex: header('420055', 7, 2) + 'E282000000000000', code: 'BAD_UTF8', offset: 0 },
  // Type codes.
  { name: 'type code 0x00', hex: header('420020', 0, 4) + '0000000100000000', code: 'BAD_TYPE', offset: 0, tag: 0x420020, message: 'item 0x420020 at offset 0: unknown type code 0x00' },
  { name: 'type code 0x0C', hex: header('420020', 0x0c, 8) + '0000000000000000', code: 'BAD_TYPE', offset: 0 },
  { name: 'type code 0xFF inside a message', hex: patch(vmwareGet, majorAt + 3, 'FF'), code: 'BAD_TYPE', offset: majorAt, tag: 0x42006a },
  // Limits.
  { name: 'nesting 33 deep', hex: toHex(encodeTtlv(nested(33))), code: 'TOO_DEEP', offset: 32 * 8 },
  { name: 'nesting deeper than maxDepth 2', hex: vmwareGet, limits: { maxDepth: 2 }, code: 'TOO_DEEP', offset: 16, tag: 0x420069 },
  { name: 'message over maxMessageSize', hex: vmwareGet, limits: { maxMessageSize: vmwareGet.length / 2 - 8 }, code: 'TOO_LARGE', offset: 0, tag: 0x420078 },
  { name: 'header declaring 4 GiB', hex: header('420078', 1, 0xfffffff8) + '00'.repeat(8), code: 'TOO_LARGE', offset: 0 },
  // Input boundaries.
  { name: 'trailing zero item-sized bytes', hex: vmwareGet + '00'.repeat(8), code: 'TRAILING_BYTES', offset: vmwareGet.length / 2 },
  { name: 'one trailing byte', hex: vmwareGet + '42', code: 'TRAILING_BYTES', offset: vmwareGet.length / 2 },
  { name: 'header cut after the tag', hex: '42007801', code: 'TRUNCATED', offset: 0, tag: 0x420078 },
  { name: 'empty input', hex: '', code: 'TRUNCATED', offset: 0 },
];

function decodeError(hexInput: string, limits?: Partial<TtlvLimits>): TtlvDecodeError {
  try {
    decodeTtlv(fromHex(hexInput), limits);
  } catch (e) {
    if (e instanceof TtlvDecodeError) return e;
    throw e;
  }
  throw new Error('decoded without error');
}

describe('decodeTtlv rejects', () => {
  for (const row of errorRows) {
    it(row.name, () => {
      const error = decodeError(row.hex, row.limits);
      expect({ code: error.code, offset: error.offset }).toEqual({ code: row.code, offset: row.offset });
      if (row.tag !== undefined) expect(error.tag).toBe(row.tag);
      if (row.message !== undefined) expect(error.message).toBe(row.message);
      expect(error.name).toBe('TtlvDecodeError');
    });
  }

  for (const row of [...primitiveRows, ...messageRows]) {
    it(`${row.name} truncated at every length`, () => {
      const bytes = fromHex(row.hex);
      for (let n = 0; n < bytes.length; n++) {
        const error = decodeError(toHex(bytes.subarray(0, n)));
        expect({ n, code: error.code, offset: error.offset }).toEqual({ n, code: 'TRUNCATED', offset: 0 });
      }
    });
  }
});

describe('decodeTtlv accepts', () => {
  it('32 nested Structures, the default limit', () => {
    expect(decodeTtlv(encodeTtlv(nested(32)))).toEqual(nested(32));
  });

  it('a message exactly maxMessageSize long', () => {
    expect(() => decodeTtlv(fromHex(vmwareGet), { maxMessageSize: vmwareGet.length / 2 })).not.toThrow();
  });
});

describe('decodeTtlvPrefix', () => {
  it('decodes the first of two items and reports where the second starts', () => {
    const [a, b] = primitiveRows;
    const { item, length } = decodeTtlvPrefix(fromHex(a!.hex + b!.hex));
    expect(item).toEqual(a!.item);
    expect(length).toBe(a!.hex.length / 2);
  });
});
