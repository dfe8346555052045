import { EkmsimError } from '@ekmsim/core';

/** Stable codes of the Shamir error family. Callers branch on these, never on messages. */
export const SHAMIR_ERROR_CODES = {
  /** Fewer valid shares than the split's threshold k. */
  TOO_FEW_SHARES: 'TOO_FEW_SHARES',
  /** Two shares with the same index (the same point twice adds nothing and hides a mix-up). */
  DUPLICATE_SHARE: 'DUPLICATE_SHARE',
  /** Shares of different splits, or shares of a split other than the key check's. */
  MIXED_SPLITS: 'MIXED_SPLITS',
  /**
   * A share or key check that is not well formed, or a share that does not match its commitment
   * in the key check (corrupted on disk or on the wire, or tampered with).
   */
  MALFORMED_SHARE: 'MALFORMED_SHARE',
  /** The rebuilt key does not match the key check: it is never returned. */
  WRONG_KEY: 'WRONG_KEY',
  /** A caller passed parameters a split cannot use (threshold, share count, key length). */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
} as const;

export type ShamirErrorCode = (typeof SHAMIR_ERROR_CODES)[keyof typeof SHAMIR_ERROR_CODES];

/**
 * An error of the Shamir family. Messages name shares by index and position and fields by name;
 * they never quote key, share or check bytes (DESIGN: no key material in any error message).
 */
export class ShamirError extends EkmsimError {
  declare readonly code: ShamirErrorCode;
  /** The index (x coordinate, 1–255) of the share at fault, when one share is. */
  readonly shareIndex: number | undefined;
  /** The offending field of a serialised share or key check, for MALFORMED_SHARE. */
  readonly field: string | undefined;

  constructor(
    code: ShamirErrorCode,
    message: string,
    options: { cause?: unknown; shareIndex?: number; field?: string } = {},
  ) {
    super(code, message, 'cause' in options ? { cause: options.cause } : undefined);
    this.shareIndex = options.shareIndex;
    this.field = options.field;
  }
}
