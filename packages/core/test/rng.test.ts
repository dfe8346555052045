import { forkRng, fromHex, randomInt, secureRng, seededRng, toHex, uuidV4, utf8Decode, utf8Encode } from '@ekmsim/core';
import { describe, expect, it } from 'vitest';

describe('Rng', () => {
  it('a seed reproduces the same bytes; another seed does not', () => {
    expect(toHex(seededRng(42).bytes(33))).toBe(toHex(seededRng(42).bytes(33)));
    expect(toHex(seededRng(42).bytes(16))).not.toBe(toHex(seededRng(43).bytes(16)));
  });

  it('secureRng fills more than one Web Crypto call allows', () => {
    const b = secureRng().bytes(70_000);
    expect(b.length).toBe(70_000);
    expect(b.slice(65_536).some((x) => x !== 0)).toBe(true);
  });

  it('randomInt stays in range', () => {
    const rng = seededRng(7);
    for (let i = 0; i < 1000; i++) {
      const v = randomInt(rng, 6);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(6);
    }
  });

  it('uuidV4 has the version and variant bits', () => {
    expect(uuidV4(seededRng(1))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('bytes', () => {
  it('hex round-trips and rejects non-hex', () => {
    expect(toHex(fromHex('00ff10 Ab'))).toBe('00FF10AB');
    expect(() => fromHex('0g')).toThrow(/not a hex digit/);
    expect(() => fromHex('abc')).toThrow(/odd number/);
  });

  it('UTF-8 decoding is strict', () => {
    expect(utf8Decode(utf8Encode('clé-ü'))).toBe('clé-ü');
    expect(() => utf8Decode(new Uint8Array([0xc3]))).toThrow();
  });
});

describe('utf8Decode', () => {
  it('keeps a leading U+FEFF (regression: TextDecoder dropped it as a byte order mark)', () => {
    expect(utf8Decode(utf8Encode('\uFEFFx'))).toBe('\uFEFFx');
  });
});

describe('forkRng', () => {
  it('a fork of a seeded generator is the same stream every run, whatever the parent draws afterwards', () => {
    const first = seededRng(9);
    const fork1 = forkRng(first);
    first.bytes(100);
    const second = seededRng(9);
    const fork2 = forkRng(second);
    expect(toHex(fork1.bytes(32))).toBe(toHex(fork2.bytes(32)));
    // …and not the parent's own stream.
    expect(toHex(forkRng(seededRng(9)).bytes(16))).not.toBe(toHex(seededRng(9).bytes(16)));
  });

  it('a fork of the secure generator is secure (different bytes each draw)', () => {
    const fork = forkRng(secureRng());
    expect(toHex(fork.bytes(16))).not.toBe(toHex(fork.bytes(16)));
  });

  it('a generator that cannot fork is shared as it is', () => {
    const plain = { bytes: (n: number) => new Uint8Array(n) };
    expect(forkRng(plain)).toBe(plain);
  });
});
