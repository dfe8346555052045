/**
 * The shape of a split. secrets.js works in GF(2^8) here (its default field), so a share index is
 * one byte (1–255) and every byte of the secret is shared with its own polynomial.
 */
export const FIELD_BITS = 8;
/** GF(2^8) has 255 non-zero points, one per share. */
export const MAX_SHARES = 255;
/** An AK is 32 bytes; below 16 (128 bits) the key check could be brute-forced offline. */
export const MIN_SECRET_BYTES = 16;
/** secrets.js works on strings of binary digits: keep inputs small (an AK is 32 bytes). */
export const MAX_SECRET_BYTES = 1024;
/** Random identifier of one split; 128 bits make two splits colliding negligible. */
export const SPLIT_ID_BYTES = 16;
/** SHA-256 / HMAC-SHA-256 output, used untruncated for commitments and the AK check. */
export const DIGEST_BYTES = 32;
/** secrets.js pads `1 || secret bits` with zeros to a multiple of this many bits (its default). */
const PAD_BITS = 128;

/** Bytes of share data secrets.js produces for a secret of `secretLength` bytes. */
export function shareDataLength(secretLength: number): number {
  return (Math.ceil((8 * secretLength + 1) / PAD_BITS) * PAD_BITS) / FIELD_BITS;
}
