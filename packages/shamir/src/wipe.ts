/**
 * Zero-fills `bytes` in place. Call it on an AK as soon as it has been used.
 *
 * This is hygiene, not a guarantee: JavaScript cannot promise that no other copy of a secret
 * remains. Copies this package knows about and keeps short-lived:
 * - secrets.js works on strings (hex, then strings of binary digits, one per intermediate step);
 *   JS strings are immutable and cannot be wiped, they live until the garbage collector reuses
 *   their memory. The AK's hex string exists only for the duration of one `share()` or
 *   `combine()` call and is never stored.
 * - `node:crypto` HMAC copies its key into OpenSSL memory for the duration of one digest.
 * - the garbage collector may move (copy) a typed array's backing store before it is wiped.
 * Callers add their own: a Buffer made from the AK, a structured clone across a worker port.
 */
export function wipe(bytes: Uint8Array): void {
  bytes.fill(0);
}
