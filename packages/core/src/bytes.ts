/** Byte helpers for pure packages, which use Uint8Array rather than Node's Buffer. */

const HEX = '0123456789ABCDEF';

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b >> 4]! + HEX[b & 15]!;
  return s;
}

/** Parses hex digits; whitespace is ignored. Throws RangeError on anything else. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0) throw new RangeError('hex string has an odd number of digits');
  if (!/^[0-9a-fA-F]*$/.test(clean)) throw new RangeError('hex string has a character that is not a hex digit');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// TextEncoder/TextDecoder are on every platform ekmsim runs on, but not in the ES library types
// that pure packages compile against, so they are reached through globalThis.
interface TextCodecs {
  TextEncoder: new () => { encode(s: string): Uint8Array };
  TextDecoder: new (label: string, options: { fatal: boolean; ignoreBOM: boolean }) => { decode(b: Uint8Array): string };
}
const codecs = globalThis as unknown as TextCodecs;
const encoder = new codecs.TextEncoder();
// ignoreBOM: a leading U+FEFF is data, not a marker to drop.
const decoder = new codecs.TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Strict UTF-8 decoding: invalid sequences throw TypeError. */
export function utf8Decode(b: Uint8Array): string {
  return decoder.decode(b);
}
