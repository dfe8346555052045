import { EkmsimError } from '@ekmsim/core';

/** Why a wire message or call failed. A bad message is refused with one of these; it never crashes a peer. */
export const WIRE_ERROR_CODES = {
  /** Not JSON, not an envelope, or a field of the wrong shape (the message names the field). */
  malformed: 'WIRE_MALFORMED',
  /** A request for a method the receiver does not serve. */
  unknownMethod: 'WIRE_UNKNOWN_METHOD',
  /** The peer answered with an error (its code and message are kept). */
  remote: 'WIRE_REMOTE',
  /** The channel closed before the answer came. */
  closed: 'WIRE_CLOSED',
  /** No answer within the call's timeout (on the injected Clock). */
  timeout: 'WIRE_TIMEOUT',
  /** A sealed box did not open: wrong recipient, tampered, or for another purpose. */
  unseal: 'WIRE_UNSEAL',
} as const;
export type WireErrorCode = (typeof WIRE_ERROR_CODES)[keyof typeof WIRE_ERROR_CODES];

export class WireError extends EkmsimError {
  /** For `remote`: the error code the peer sent (e.g. a node's `NODE_...` code). */
  readonly remoteCode: string | undefined;

  constructor(code: WireErrorCode, message: string, options?: { cause?: unknown; remoteCode?: string }) {
    super(code, message, options);
    this.remoteCode = options?.remoteCode;
  }
}
