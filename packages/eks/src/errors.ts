import { EkmsimError } from '@ekmsim/core';

/**
 * Why the key server itself could not start or keep its store. (A refused KMIP request is a
 * KmipResultError answered to the client, never one of these.)
 */
export const KeyServerErrorCode = {
  /** The store file is unreadable, of a newer schema, or holds a malformed record. */
  STORE: 'STORE',
  /** The certificate, key or CA given for TLS cannot be used. */
  TLS_CONFIG: 'TLS_CONFIG',
  /** The listening socket could not be opened. */
  LISTEN: 'LISTEN',
} as const;
export type KeyServerErrorCode = (typeof KeyServerErrorCode)[keyof typeof KeyServerErrorCode];

export class KeyServerError extends EkmsimError {
  declare readonly code: KeyServerErrorCode;

  constructor(code: KeyServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
