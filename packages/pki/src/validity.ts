import type { Clock, Rng } from '@ekmsim/core';
import { toHex } from '@ekmsim/core';
import { PkiError } from './errors.js';

const DAY_MS = 86_400_000;

/**
 * How far before "now" a new certificate's notBefore is set. Peers judge validity on their own
 * clocks (in ekmsim, each on its simulation clock); a certificate stamped exactly "now" would be
 * "not yet valid" for a peer running a few seconds behind and fail the handshake it was just
 * issued for. One minute covers ordinary skew without backdating in a way anyone would notice.
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 60_000;

/** Default lifetimes in days: CA ten years, server and client certificates one year. */
export const DEFAULT_VALIDITY_DAYS = { ca: 3650, server: 365, client: 365 } as const;

/** Latest instant an X.509 GeneralizedTime can hold. */
const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

export interface ValidityWindow {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * `[now - 1 minute, now + days]` on `clock`, truncated to whole seconds because that is all a
 * certificate can hold (so what is parsed back equals what was meant).
 */
export function validityWindow(clock: Clock, days: number): ValidityWindow {
  checkDays(days);
  const now = clock.now();
  const notAfter = wholeSeconds(now + days * DAY_MS);
  if (notAfter > MAX_TIME_MS) throw new PkiError('INVALID_ARGUMENT', `validity of ${days} days runs past the year 9999`);
  return { notBefore: new Date(wholeSeconds(now - CLOCK_SKEW_ALLOWANCE_MS)), notAfter: new Date(notAfter) };
}

/** Throws INVALID_ARGUMENT unless `days` is a positive whole number. */
export function checkDays(days: number): void {
  if (!Number.isInteger(days) || days <= 0) {
    throw new PkiError('INVALID_ARGUMENT', `validity must be a positive whole number of days, got ${days}`);
  }
}

/**
 * A random positive 16-byte serial number as hex. The top bit is cleared so the DER INTEGER is
 * positive, and the first byte is kept non-zero so the encoding is minimal (OpenSSL rejects
 * padded INTEGERs): about 126 bits of randomness, well over the 64 that CAs are asked for.
 */
export function randomSerialHex(rng: Rng): string {
  const bytes = rng.bytes(16);
  const first = (bytes[0] ?? 0) & 0x7f;
  bytes[0] = first === 0 ? 0x01 : first;
  return toHex(bytes).toLowerCase();
}

function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
