import { EkmsimError } from '@ekmsim/core';

/** Stable codes of the PKI error family. Callers branch on these, never on messages. */
export const PKI_ERROR_CODES = {
  /** Text breaks the PEM rules of TR-4843 §10.5; `problem` says which one. */
  MALFORMED_PEM: 'MALFORMED_PEM',
  /** Well-formed PEM whose body is not a valid X.509 certificate. */
  BAD_CERTIFICATE: 'BAD_CERTIFICATE',
  /** Well-formed PEM whose body is not a valid PKCS#10 request. */
  BAD_CSR: 'BAD_CSR',
  /** The CSR is not signed by the private key matching the public key it carries. */
  BAD_CSR_SIGNATURE: 'BAD_CSR_SIGNATURE',
  /** Well-formed PEM whose body is not a decodable key. */
  BAD_KEY: 'BAD_KEY',
  /** A key that is not RSA, or of a size ekmsim does not use. */
  UNSUPPORTED_KEY: 'UNSUPPORTED_KEY',
  /** A certificate and a private key that do not belong together. */
  KEY_MISMATCH: 'KEY_MISMATCH',
  /** A certificate used as a CA lacks basicConstraints CA:TRUE. */
  NOT_A_CA: 'NOT_A_CA',
  /** A certificate was not issued (named and signed) by the given CA. */
  NOT_SIGNED_BY_CA: 'NOT_SIGNED_BY_CA',
  /** A caller passed a value the PKI cannot use (empty name, bad SAN, bad day count...). */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
} as const;

export type PkiErrorCode = (typeof PKI_ERROR_CODES)[keyof typeof PKI_ERROR_CODES];

/** What exactly is wrong with a PEM text, for `MALFORMED_PEM` errors. */
export const PEM_PROBLEMS = {
  /** The text holds the two characters `\` `n` where a new line belongs (TR-4843 §4.1 note). */
  ESCAPED_NEWLINE: 'escaped-newline',
  /** A carriage return: TR-4843 §10.5 allows new lines (`\n`) only. */
  CARRIAGE_RETURN: 'carriage-return',
  /** No `-----BEGIN <label>-----` line at all. */
  MISSING_BEGIN: 'missing-begin',
  /** Something (even blank space) comes before the BEGIN line. */
  TEXT_BEFORE_BEGIN: 'text-before-begin',
  /** No `-----END <label>-----` line after the BEGIN line. */
  MISSING_END: 'missing-end',
  /** A BEGIN or END marker shares its line with other text. */
  NOT_OWN_LINE: 'not-own-line',
  /** Something other than new lines follows the END line. */
  TEXT_AFTER_END: 'text-after-end',
  /** The END label differs from the BEGIN label. */
  LABEL_MISMATCH: 'label-mismatch',
  /** Consistent labels, but not the kind of object expected here. */
  WRONG_LABEL: 'wrong-label',
  /** A body character outside A–Z, a–z, 0–9, `+`, `/`, `=` (TR-4843 §10.5). */
  BAD_CHARACTER: 'bad-character',
  /** Nothing between the BEGIN and END lines. */
  EMPTY_BODY: 'empty-body',
  /** Allowed characters that still do not form base64 (length, misplaced `=`). */
  BAD_BASE64: 'bad-base64',
} as const;

export type PemProblem = (typeof PEM_PROBLEMS)[keyof typeof PEM_PROBLEMS];

/**
 * An error of the PKI family. Messages describe the object ("the private key", "line 3")
 * and never quote key material; the original throw, if any, is kept as `cause`.
 */
export class PkiError extends EkmsimError {
  declare readonly code: PkiErrorCode;
  /** Set on MALFORMED_PEM errors. */
  readonly problem: PemProblem | undefined;
  /** 1-based line of the offending text, for MALFORMED_PEM errors where it applies. */
  readonly line: number | undefined;

  constructor(
    code: PkiErrorCode,
    message: string,
    options: { cause?: unknown; problem?: PemProblem; line?: number } = {},
  ) {
    super(code, message, 'cause' in options ? { cause: options.cause } : undefined);
    this.problem = options.problem;
    this.line = options.line;
  }
}

/** Runs `fn`, turning anything it throws that is not already a PkiError into one with `code`. */
export function wrapPki<T>(code: PkiErrorCode, message: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PkiError) throw err;
    throw new PkiError(code, message, { cause: err });
  }
}
