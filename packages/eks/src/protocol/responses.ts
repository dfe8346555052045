/** Response messages (KMIP 1.4 §7.1): header, batch items, and the failed-item shape. */
import { encodeResponseMessage, Enum, KmipResultError, type ProtocolVersion, type ResponseBatchItem, type ResponseHeader } from '@ekmsim/kmip';
import { encodeTtlv, type TtlvItem } from '@ekmsim/ttlv';
import { reasonFor } from './reasons.js';

/** What a response batch item echoes from its request batch item. */
export interface ItemEcho {
  readonly operation?: number;
  readonly uniqueBatchItemId?: Uint8Array;
}

export function encodeResponse(version: ProtocolVersion, nowMs: number, batchItems: readonly ResponseBatchItem[], clientCorrelationValue?: string): Uint8Array {
  const header: ResponseHeader = {
    protocolVersion: version,
    timeStamp: BigInt(Math.floor(nowMs / 1000)),
    ...(clientCorrelationValue === undefined ? {} : { clientCorrelationValue }),
    batchCount: batchItems.length,
  };
  return encodeTtlv(encodeResponseMessage({ header, batchItems }));
}

function echoFields(echo: ItemEcho): { operation?: number; uniqueBatchItemId?: Uint8Array } {
  return {
    ...(echo.operation === undefined ? {} : { operation: echo.operation }),
    ...(echo.uniqueBatchItemId === undefined ? {} : { uniqueBatchItemId: echo.uniqueBatchItemId }),
  };
}

export function succeededItem(echo: ItemEcho, payload: TtlvItem): ResponseBatchItem {
  return { ...echoFields(echo), resultStatus: Enum.ResultStatus.Success, payload };
}

export function failedItem(version: ProtocolVersion, error: KmipResultError, echo: ItemEcho = {}): ResponseBatchItem {
  return {
    ...echoFields(echo),
    resultStatus: Enum.ResultStatus[error.status],
    resultReason: Enum.ResultReason[reasonFor(version, error.reason)],
    resultMessage: error.resultMessage,
  };
}

/** A whole-message failure: one failed batch item, no operation. */
export function messageFailure(version: ProtocolVersion, nowMs: number, error: KmipResultError): Uint8Array {
  return encodeResponse(version, nowMs, [failedItem(version, error)]);
}
