import { concatBytes, fromHex, randomInt, seededRng, toHex } from '@ekmsim/core';
import { TtlvDecodeError, TtlvFramer } from '@ekmsim/ttlv';
import { describe, expect, it } from 'vitest';
import { messageRows, primitiveRows } from './support/vectors.js';

const messages = messageRows.map((r) => fromHex(r.hex));
const hexes = (list: readonly Uint8Array[]): string[] => list.map(toHex);

/** Pushes each chunk in turn; returns every message the framer yields, as hex. */
function frame(chunks: readonly Uint8Array[], framer = new TtlvFramer()): string[] {
  const out: Uint8Array[] = [];
  for (const chunk of chunks) out.push(...framer.push(chunk));
  framer.end();
  return hexes(out);
}

function framerError(action: () => unknown): TtlvDecodeError {
  try {
    action();
  } catch (e) {
    if (e instanceof TtlvDecodeError) return e;
    throw e;
  }
  throw new Error('no error');
}

/** An 8-byte message header: Structure `tag` declaring `length` value bytes. */
const header = (tag: number, type: number, length: number): Uint8Array => fromHex(tag.toString(16).padStart(6, '0') + type.toString(16).padStart(2, '0') + length.toString(16).padStart(8, '0'));

describe('TtlvFramer splits', () => {
  for (const row of messageRows) {
    it(`${row.name} at every offset`, () => {
      const bytes = fromHex(row.hex);
      for (let k = 0; k <= bytes.length; k++) {
        expect(frame([bytes.subarray(0, k), bytes.subarray(k)])).toEqual([row.hex]);
      }
    });

    it(`${row.name} fed one byte at a time`, () => {
      const bytes = fromHex(row.hex);
      const framer = new TtlvFramer();
      const out: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i++) {
        const got = framer.push(bytes.subarray(i, i + 1));
        // Nothing comes out before the last byte, and the framer holds exactly what it was given.
        expect(got.length).toBe(i === bytes.length - 1 ? 1 : 0);
        expect(framer.buffered).toBe(i === bytes.length - 1 ? 0 : i + 1);
        out.push(...got);
      }
      expect(hexes(out)).toEqual([row.hex]);
    });
  }

  it('every vector message concatenated into one chunk', () => {
    expect(frame([concatBytes(messages)])).toEqual(messageRows.map((r) => r.hex));
  });

  it('the concatenation cut into seeded random chunks (empty ones included)', () => {
    const rng = seededRng(0xf4a3e);
    const stream = concatBytes(messages);
    for (let round = 0; round < 50; round++) {
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < stream.length; ) {
        const n = randomInt(rng, 600);
        chunks.push(stream.subarray(at, at + n));
        at += n;
      }
      expect(frame(chunks)).toEqual(messageRows.map((r) => r.hex));
    }
  });

  it('an empty Structure as soon as its header arrives', () => {
    expect(hexes(new TtlvFramer().push(header(0x420078, 1, 0)))).toEqual(['4200780100000000']);
  });

  it('into copies that later writes to the chunk cannot change', () => {
    const chunk = messages[0]!.slice();
    const [message] = new TtlvFramer().push(chunk);
    chunk.fill(0);
    expect(toHex(message!)).toBe(messageRows[0]!.hex);
  });
});

describe('TtlvFramer rejects', () => {
  it('a declared length over maxMessageSize as soon as the header is in, with the stream offset', () => {
    const framer = new TtlvFramer({ maxMessageSize: 4096 });
    const first = messages[0]!;
    expect(framer.push(first)).toHaveLength(1);
    framer.push(header(0x42007b, 1, 0x10000).subarray(0, 7));
    const error = framerError(() => framer.push(header(0x42007b, 1, 0x10000).subarray(7)));
    expect({ code: error.code, offset: error.offset, tag: error.tag }).toEqual({ code: 'TOO_LARGE', offset: first.length, tag: 0x42007b });
    expect(error.message).toBe(`message 0x42007B at stream offset ${first.length}: declares 65544 bytes, over the 4096-byte limit`);
    expect(framer.state).toBe('failed');
  });

  it('a 4 GiB header under the default 1 MiB limit without buffering anything', () => {
    const framer = new TtlvFramer();
    expect(framerError(() => framer.push(header(0x420078, 1, 0xfffffff8))).code).toBe('TOO_LARGE');
  });

  it('a top-level item that is not a Structure', () => {
    const error = framerError(() => new TtlvFramer().push(fromHex(primitiveRows[0]!.hex)));
    expect({ code: error.code, offset: error.offset, tag: error.tag }).toEqual({ code: 'BAD_TYPE', offset: 0, tag: 0x420020 });
    expect(error.message).toBe('message 0x420020 at stream offset 0: type 0x02 (Integer), expected a Structure (0x01)');
  });

  it('a Structure length that is not a multiple of 8', () => {
    expect(framerError(() => new TtlvFramer().push(header(0x420078, 1, 12))).code).toBe('BAD_LENGTH');
  });

  it('every push after a failure, with the same error', () => {
    const framer = new TtlvFramer();
    const first = framerError(() => framer.push(header(0x420078, 6, 8)));
    expect(framerError(() => framer.push(messages[0]!))).toBe(first);
    expect(framerError(() => framer.end())).toBe(first);
  });

  it('a stream that ends inside a header or a body', () => {
    const bytes = messages[1]!;
    for (const cut of [1, 5, 8, 9, bytes.length - 1]) {
      const framer = new TtlvFramer();
      framer.push(concatBytes([messages[0]!, bytes.subarray(0, cut)]));
      const error = framerError(() => framer.end());
      expect({ cut, code: error.code, offset: error.offset }).toEqual({ cut, code: 'TRUNCATED', offset: messages[0]!.length });
    }
  });

  it('but first returns the messages completed before the failure in the same chunk (regression: they were lost)', () => {
    const framer = new TtlvFramer();
    const out = framer.push(concatBytes([messages[0]!, messages[1]!, header(0x420078, 6, 8)]));
    expect(hexes(out)).toEqual(hexes([messages[0]!, messages[1]!]));
    expect(framer.state).toBe('failed');
    expect(framer.failure?.code).toBe('BAD_TYPE');
    expect(framer.failure?.offset).toBe(messages[0]!.length + messages[1]!.length);
    expect(framerError(() => framer.push(messages[0]!))).toBe(framer.failure);
  });
});
