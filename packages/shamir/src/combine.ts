/**
 * Rebuilding the AK. secrets.js itself never notices a wrong result (too few, duplicated, mixed
 * or altered shares all yield some other secret), so every way to get a wrong key is closed here
 * first, and what comes out is compared with the KeyCheck before it is returned.
 */
import { combineHex, shareString } from './secrets-lib.js';
import { ShamirError } from './errors.js';
import { bytesOfHex, hexOf } from './hex.js';
import { malformed } from './json-fields.js';
import { type KeyCheck, isKeyCheck } from './key-check.js';
import { type Share, shareData } from './share.js';
import { shareProblem } from './verify.js';
import { wipe } from './wipe.js';

/**
 * The AK of `check`'s split, rebuilt from `shares` and verified. Throws ShamirError, in this
 * order: MALFORMED_SHARE / MIXED_SPLITS for the first share that is not a valid share of this
 * split, DUPLICATE_SHARE for an index given twice, TOO_FEW_SHARES below the threshold, and
 * WRONG_KEY if the result still does not match the check. The caller owns (and should `wipe`)
 * the returned bytes.
 */
export function combineAuthenticationKey(shares: readonly Share[], check: KeyCheck): Uint8Array {
  if (!isKeyCheck(check)) throw malformed('key check', '(value)', 'is not a KeyCheck');
  if (!Array.isArray(shares)) throw new ShamirError('INVALID_ARGUMENT', 'shares must be an array of Share');
  return rebuild(shares as readonly Share[], check); // (Array.isArray narrows to any[])
}

function rebuild(shares: readonly Share[], check: KeyCheck): Uint8Array {
  const seen = new Set<number>();
  shares.forEach((share, position) => {
    const problem = shareProblem(share, check, position);
    if (problem) throw problem;
    if (seen.has(share.index)) {
      throw new ShamirError('DUPLICATE_SHARE', `share ${share.index} is given twice (again at position ${position})`, {
        shareIndex: share.index,
      });
    }
    seen.add(share.index);
  });
  if (shares.length < check.threshold) {
    throw new ShamirError(
      'TOO_FEW_SHARES',
      `${shares.length} share(s) given, this split needs ${check.threshold} to rebuild the key`,
    );
  }
  // Any k valid shares determine the polynomials; more add work, not certainty.
  const used = shares.slice(0, check.threshold).map((s) => shareString(s.index, hexOf(shareData(s))));
  let ak: Uint8Array | null;
  try {
    ak = bytesOfHex(combineHex(used));
  } catch {
    // No `cause`: secrets.js puts share strings in its messages.
    throw new ShamirError('WRONG_KEY', 'secrets.js could not combine the shares');
  }
  if (ak === null || !check.matches(ak)) {
    if (ak) wipe(ak);
    throw new ShamirError('WRONG_KEY', 'the rebuilt key does not match the key check');
  }
  return ak;
}
