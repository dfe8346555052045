/**
 * Hex both ways, written to keep copies of secrets down: encoding reads the caller's bytes in
 * place (a Buffer view, not a copy into Node's shared pool) and makes one string natively;
 * decoding writes straight into a fresh Uint8Array the caller owns and can wipe.
 */

/** Lowercase hex of `bytes`. The returned string cannot be wiped: drop it as soon as possible. */
export function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Bytes of a lowercase hex string, or null if it is anything else. Only lowercase is accepted so
 * a serialised share or check has exactly one spelling (no malleable encodings to compare).
 */
export function bytesOfHex(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) {
      out.fill(0);
      return null;
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** True if `hex` is lowercase hex of exactly `bytes` bytes. */
export function isHexOf(hex: unknown, bytes: number): hex is string {
  return typeof hex === 'string' && hex.length === 2 * bytes && /^[0-9a-f]*$/.test(hex);
}

function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 97 && c <= 102) return c - 87; // a-f
  return -1;
}
