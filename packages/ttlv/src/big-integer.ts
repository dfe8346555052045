/**
 * Big Integer layout (KMIP 1.4 §9.1.1.4): big-endian two's complement, sign-extended on the left
 * by the fewest bytes that make the length a multiple of eight. One width rule serves the
 * encoder, the decoder's minimality check and the JSON hex form, so the three cannot disagree.
 */

/** Encoded width in bytes (a multiple of 8, at least 8) of `v`. */
export function bigIntegerWidth(v: bigint): number {
  // A k-word field holds v when v's magnitude bits plus one sign bit fit in 64k bits; for a
  // negative v the magnitude that matters is ~v = -v - 1 (so -2^63 still fits in one word).
  const magnitude = v < 0n ? ~v : v;
  const bits = magnitude === 0n ? 0 : magnitude.toString(2).length;
  return (Math.floor(bits / 64) + 1) * 8;
}

/** Writes `v` as `width` bytes of two's complement at `view[pos]`. */
export function writeBigInteger(view: DataView, pos: number, v: bigint, width: number): void {
  const words = width / 8;
  for (let i = 0; i < words; i++) {
    view.setBigUint64(pos + 8 * i, BigInt.asUintN(64, v >> BigInt(64 * (words - 1 - i))));
  }
}

/** Reads `width` bytes (a multiple of 8) of two's complement at `view[pos]`. */
export function readBigInteger(view: DataView, pos: number, width: number): bigint {
  let v = 0n;
  for (let i = 0; i < width; i += 8) v = (v << 64n) | view.getBigUint64(pos + i);
  return BigInt.asIntN(width * 8, v);
}

/** The encoded bytes of `v` as upper-case hex digits, e.g. for the JSON form `0x…`. */
export function bigIntegerHex(v: bigint): string {
  const width = bigIntegerWidth(v);
  return BigInt.asUintN(width * 8, v).toString(16).toUpperCase().padStart(width * 2, '0');
}
