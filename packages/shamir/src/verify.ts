/**
 * Checks against a KeyCheck, usable on their own: a node verifies a share when it receives or
 * loads it, and verifies a rebuilt or fetched AK before it sends it to a drive, because a wrong
 * AK burns one of the drive's Tries.
 */
import { digestsEqual, shareCommitment } from './authenticator.js';
import { ShamirError } from './errors.js';
import { malformed } from './json-fields.js';
import { type KeyCheck, checkFields, isKeyCheck } from './key-check.js';
import { shareDataLength } from './limits.js';
import { type Share, isShare, shareData } from './share.js';

/** True if `ak` is the AK of `check`'s split. Constant-time in the key; never throws. */
export function verifyAuthenticationKey(ak: Uint8Array, check: KeyCheck): boolean {
  return ak instanceof Uint8Array && isKeyCheck(check) && check.matches(ak);
}

/** True if `share` is an unaltered share of `check`'s split. Never throws. */
export function verifyShare(share: Share, check: KeyCheck): boolean {
  return isKeyCheck(check) && shareProblem(share, check, 0) === null;
}

/**
 * Why `share` (at `position` in the caller's list) cannot be used with `check`, or null:
 * MIXED_SPLITS if it belongs to another split, MALFORMED_SHARE if it is not a share, has an
 * index or data length this split cannot have, or does not match its commitment.
 */
export function shareProblem(share: Share, check: KeyCheck, position: number): ShamirError | null {
  if (!isShare(share)) return malformed('share', `shares[${position}]`, 'is not a Share');
  const at = `share ${share.index} (position ${position})`;
  const f = checkFields(check);
  if (share.splitId !== check.splitId) {
    return new ShamirError('MIXED_SPLITS', `${at} belongs to another split than the key check`, {
      shareIndex: share.index,
    });
  }
  const commitment = f.commitments[share.index - 1];
  if (commitment === undefined) {
    return malformed('share', 'index', `is above the split's ${check.shareCount} shares`, share.index);
  }
  const data = shareData(share);
  if (data.length !== shareDataLength(check.secretLength)) {
    return malformed('share', 'data', `has a length no share of this split has (${at})`, share.index);
  }
  if (!digestsEqual(shareCommitment(f.splitId, share.index, data), commitment)) {
    return malformed('share', 'data', `does not match its commitment in the key check: corrupted or tampered (${at})`, share.index);
  }
  return null;
}
