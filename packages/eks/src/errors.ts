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
  /** The options contradict each other or the vendor (e.g. several members for a vendor that has one). */
  OPTIONS: 'OPTIONS',
} as const;
export type KeyServerErrorCode = (typeof KeyServerErrorCode)[keyof typeof KeyServerErrorCode];

export class KeyServerError extends EkmsimError {
  declare readonly code: KeyServerErrorCode;

  constructor(code: KeyServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * Why an administrator's request (`server.admin`) was refused. The request changed nothing.
 */
export const KeyServerAdminErrorCode = {
  /** An argument is missing, of the wrong type or malformed; the message names it. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** The named object, user, host, member or certificate does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** It exists already, or is already in the state asked for. */
  CONFLICT: 'CONFLICT',
  /** This vendor has no such feature (e.g. local users on an SKLM). */
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  /** A listener could not be opened again on its port. */
  LISTEN: 'LISTEN',
  /** The server has been closed. */
  CLOSED: 'CLOSED',
} as const;
export type KeyServerAdminErrorCode = (typeof KeyServerAdminErrorCode)[keyof typeof KeyServerAdminErrorCode];

export class KeyServerAdminError extends EkmsimError {
  declare readonly code: KeyServerAdminErrorCode;

  constructor(code: KeyServerAdminErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
