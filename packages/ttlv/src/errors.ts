import { EkmsimError } from '@ekmsim/core';

/**
 * The TTLV error families. Each has one `as const` code table; callers branch on `code`, never on
 * the message. Messages name the item the way a KMIP engineer reads a hex dump:
 * `Integer 0x42006A at offset 16: length 5, expected 4`.
 */

/** Why a byte sequence is not one well-formed TTLV item (or a stream not a sequence of messages). */
export const TtlvDecodeErrorCode = {
  /** The input ends before the item (or the header) does. */
  TRUNCATED: 'TRUNCATED',
  /** A length that the item's type does not allow, or that overruns the enclosing Structure. */
  BAD_LENGTH: 'BAD_LENGTH',
  /** An item type code outside 0x01..0x0B, or a message whose top-level item is not a Structure. */
  BAD_TYPE: 'BAD_TYPE',
  /** Non-zero padding, or a Big Integer with a redundant sign-extension word. */
  BAD_PADDING: 'BAD_PADDING',
  /** A Boolean whose 8-byte value is neither 0 nor 1. */
  BAD_BOOLEAN: 'BAD_BOOLEAN',
  /** A Text String that is not valid UTF-8. */
  BAD_UTF8: 'BAD_UTF8',
  /** Structures nested deeper than `maxDepth`. */
  TOO_DEEP: 'TOO_DEEP',
  /** A message longer than `maxMessageSize`. */
  TOO_LARGE: 'TOO_LARGE',
  /** Bytes after the one item the input must consist of. */
  TRAILING_BYTES: 'TRAILING_BYTES',
} as const;
export type TtlvDecodeErrorCode = (typeof TtlvDecodeErrorCode)[keyof typeof TtlvDecodeErrorCode];

export class TtlvDecodeError extends EkmsimError {
  declare readonly code: TtlvDecodeErrorCode;
  /** Byte offset of the offending item (of the message, for the framer), from the start of the input or stream. */
  readonly offset: number;
  /** Tag of the item being decoded, when its header was readable. */
  readonly tag: number | undefined;

  constructor(code: TtlvDecodeErrorCode, message: string, offset: number, tag?: number, options?: { cause?: unknown }) {
    super(code, message, options);
    this.offset = offset;
    this.tag = tag;
  }
}

/** Why an item cannot be encoded: a value outside its type's range, or not of its type at all. */
export const TtlvEncodeErrorCode = {
  BAD_TAG: 'BAD_TAG',
  BAD_TYPE: 'BAD_TYPE',
  BAD_VALUE: 'BAD_VALUE',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
} as const;
export type TtlvEncodeErrorCode = (typeof TtlvEncodeErrorCode)[keyof typeof TtlvEncodeErrorCode];

export class TtlvEncodeError extends EkmsimError {
  declare readonly code: TtlvEncodeErrorCode;
  readonly tag: number;

  constructor(code: TtlvEncodeErrorCode, message: string, tag: number) {
    super(code, message);
    this.tag = tag;
  }
}

/** Why a value is not KMIP JSON (OASIS KMIP profiles, JSON encoding). */
export const TtlvJsonErrorCode = {
  /** Not an object with `tag` and `value`, a Structure value that is not an array, or too deep. */
  BAD_SHAPE: 'BAD_SHAPE',
  /** A tag that is neither a known name nor `0x` and six hex digits. */
  BAD_TAG: 'BAD_TAG',
  /** An unknown item type name. */
  BAD_TYPE: 'BAD_TYPE',
  /** A value of the wrong JSON type, format or range for the item type. */
  BAD_VALUE: 'BAD_VALUE',
  /** An enumeration or mask name the dictionary does not know. */
  UNKNOWN_NAME: 'UNKNOWN_NAME',
} as const;
export type TtlvJsonErrorCode = (typeof TtlvJsonErrorCode)[keyof typeof TtlvJsonErrorCode];

export class TtlvJsonError extends EkmsimError {
  declare readonly code: TtlvJsonErrorCode;
  /** JSONPath of the offending member, e.g. `$.value[2].value`. */
  readonly path: string;

  constructor(code: TtlvJsonErrorCode, message: string, path: string, options?: { cause?: unknown }) {
    super(code, `${path}: ${message}`, options);
    this.path = path;
  }
}
