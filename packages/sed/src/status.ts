import { EkmsimError } from '@ekmsim/core';

/**
 * TCG method status codes, by the names drivers and tools print (TCG Core 2.0 §5.1.5; Linux
 * `sed-opal` logs them by name). A command either succeeds or throws a `SedStatusError` with one
 * of these. SP_BUSY, NO_SESSIONS_AVAILABLE and SP_FROZEN exist for callers that map them; the
 * model runs one command at a time and has no freeze lock, so it does not raise them itself.
 */
export const SED_STATUS = {
  SUCCESS: 0x00,
  NOT_AUTHORIZED: 0x01,
  SP_BUSY: 0x03,
  SP_DISABLED: 0x05,
  SP_FROZEN: 0x06,
  NO_SESSIONS_AVAILABLE: 0x07,
  INVALID_PARAMETER: 0x0c,
  TPER_MALFUNCTION: 0x0f,
  TRANSACTION_FAILURE: 0x10,
  AUTHORITY_LOCKED_OUT: 0x12,
  FAIL: 0x3f,
} as const;
export type SedStatus = keyof typeof SED_STATUS;
/** A status a failed command can carry (everything but SUCCESS). */
export type SedFailureStatus = Exclude<SedStatus, 'SUCCESS'>;

/**
 * A security command the drive refused. `code` and `status` are the status name, `statusCode`
 * its number. Messages name the command and the authority, never a PIN.
 */
export class SedStatusError extends EkmsimError {
  readonly status: SedFailureStatus;
  readonly statusCode: number;

  constructor(status: SedFailureStatus, message: string, options?: { cause?: unknown }) {
    super(status, `${message} (${status} 0x${SED_STATUS[status].toString(16).padStart(2, '0')})`, options);
    this.status = status;
    this.statusCode = SED_STATUS[status];
  }
}
