import { EkmsimError } from '@ekmsim/core';

/** Stable codes of the API server's own failures (start-up, not API calls). */
export const API_SERVER_ERROR_CODES = {
  /** `api-tls.pem` / `api-tls.key` exist but cannot be used together. */
  TLS_IDENTITY: 'TLS_IDENTITY',
  /** The address cannot be listened on. */
  LISTEN: 'LISTEN',
  /** An option is out of range. */
  INVALID_OPTION: 'INVALID_OPTION',
} as const;

export type ApiServerErrorCode = (typeof API_SERVER_ERROR_CODES)[keyof typeof API_SERVER_ERROR_CODES];

export class ApiServerError extends EkmsimError {
  declare readonly code: ApiServerErrorCode;

  constructor(code: ApiServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
