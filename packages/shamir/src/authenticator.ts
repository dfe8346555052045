/**
 * The two cryptographic constructions that make a rebuild an error instead of a wrong key.
 *
 * Why not a MAC inside each share: a MAC keyed from the AK can only be checked after combining,
 * and a MAC whose key travels with the share is a checksum anyone who can alter the share can
 * recompute. What a combining node can trust before combining is what it already holds: its own
 * copy of the split's KeyCheck, written by the dealer at split time and kept beside its share.
 *
 * 1. Share commitments (checked before combining). For every share i the KeyCheck holds
 *      commitment_i = SHA-256("ekmsim/shamir share v1" 0x00 || splitId || i || data_i)
 *    A share from a peer is accepted only if it hashes to its commitment, so a corrupted,
 *    tampered or foreign share is rejected by index before it is used; forging one means finding
 *    a SHA-256 second preimage. The commitments reveal nothing useful: a share's data carries the
 *    AK's full entropy for anyone holding fewer than k shares, so its hash cannot be inverted.
 *
 * 2. The AK check (checked after combining). The KeyCheck holds
 *      akCheck = HMAC-SHA-256(key = AK, "ekmsim/shamir AK check v1" 0x00 || splitId || k || n
 *                              || secretLength || commitment_1 || … || commitment_n)
 *    A rebuilt AK is returned only if it reproduces this value (constant-time comparison), so
 *    whatever slipped past step 1 (a library bug, a tampered commitment) ends as WRONG_KEY, with a
 *    false accept probability of 2^-256. HMAC under the AK is a pseudo-random function of the AK:
 *    it equals neither the AK nor SHA-256(AK), and it tells nothing about the AK short of trying
 *    every key. The splitId makes it differ per split even for the same AK, and covering the
 *    whole KeyCheck binds the commitments to the AK they were made for.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { utf8Encode } from '@ekmsim/core';

const SHARE_LABEL = utf8Encode('ekmsim/shamir share v1\0');
const AK_CHECK_LABEL = utf8Encode('ekmsim/shamir AK check v1\0');

/** The commitment to one share (construction 1 above). */
export function shareCommitment(splitId: Uint8Array, index: number, data: Uint8Array): Uint8Array {
  return new Uint8Array(
    createHash('sha256').update(SHARE_LABEL).update(splitId).update(Uint8Array.of(index)).update(data).digest(),
  );
}

/** The public fields of a KeyCheck that the AK check covers. */
export interface CheckedFields {
  readonly splitId: Uint8Array;
  readonly threshold: number;
  readonly shareCount: number;
  readonly secretLength: number;
  readonly commitments: readonly Uint8Array[];
}

/** The AK check value (construction 2 above). */
export function akCheckValue(ak: Uint8Array, f: CheckedFields): Uint8Array {
  const header = new Uint8Array(4);
  header[0] = f.threshold;
  header[1] = f.shareCount;
  new DataView(header.buffer).setUint16(2, f.secretLength);
  const mac = createHmac('sha256', ak).update(AK_CHECK_LABEL).update(f.splitId).update(header);
  for (const c of f.commitments) mac.update(c);
  return new Uint8Array(mac.digest());
}

/** Constant-time equality of two digests (false, not a throw, when the lengths differ). */
export function digestsEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
