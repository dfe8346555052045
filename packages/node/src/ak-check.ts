/**
 * The check value of an external AK: base64(HMAC-SHA-256(AK, "ekmsim ak-check v1" ‖ keyID)).
 * Public (an HMAC under a 256-bit key reveals nothing of it), it lets every node prove the key a
 * key server hands out is the cluster's before it goes near a drive.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const LABEL = 'ekmsim ak-check v1';

export function externalAkCheck(ak: Uint8Array, keyID: string): string {
  return createHmac('sha256', ak).update(LABEL).update(keyID, 'utf8').digest('base64');
}

/** Constant-time in the key. */
export function akCheckMatches(ak: Uint8Array, keyID: string, expected: string): boolean {
  const ours = Buffer.from(externalAkCheck(ak, keyID), 'base64');
  const theirs = Buffer.from(expected, 'base64');
  return ours.length === theirs.length && timingSafeEqual(ours, theirs);
}
