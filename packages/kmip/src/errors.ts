import { EkmsimError } from '@ekmsim/core';
import { Enum } from './registry/enums.generated.js';

export type ResultReasonName = keyof typeof Enum.ResultReason;
export type ResultStatusName = keyof typeof Enum.ResultStatus;

/**
 * A KMIP operation that did not succeed, as the server answers it (Result Status, Result Reason,
 * Result Message; KMIP 1.4 §6.9–6.11). The server throws it to fail a batch item; the client
 * throws it when a batch item came back failed. `code` is the reason's name.
 */
export class KmipResultError extends EkmsimError {
  readonly status: ResultStatusName;
  readonly reason: ResultReasonName;
  readonly resultMessage: string;

  constructor(reason: ResultReasonName, message: string, status: ResultStatusName = 'OperationFailed', options?: { cause?: unknown }) {
    super(reason, `${status}/${reason}: ${message}`, options);
    this.status = status;
    this.reason = reason;
    this.resultMessage = message;
  }
}
