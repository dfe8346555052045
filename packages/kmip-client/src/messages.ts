/** Request messages out, response messages in: the KMIP envelope as this client writes and reads it. */
import type { Clock } from '@ekmsim/core';
import {
  decodeResponseMessage,
  encodeRequestMessage,
  Enum,
  enumName,
  KmipResultError,
  Tag,
  type OperationName,
  type OperationSpec,
  type ProtocolVersion,
  type RequestMessage,
  type ResponseBatchItem,
  type ResponseMessage,
  type ResultReasonName,
  type ResultStatusName,
} from '@ekmsim/kmip';
import { decodeTtlv, encodeTtlv, type TtlvItem } from '@ekmsim/ttlv';
import { KmipTransportError } from './errors.js';

/** One batch item to send: an operation and its request payload, already TTLV. */
export interface RawBatchItem {
  readonly operation: OperationName | number;
  readonly payload: TtlvItem;
  readonly ephemeral?: boolean;
}

/** A typed request as a batch item, encoded for `version`. */
export function requestItem<Q>(op: OperationSpec<Q, unknown>, request: Q, version: ProtocolVersion): RawBatchItem {
  return { operation: op.code, payload: op.request.toItem(request, { version }) };
}

/** Unique Batch Item ID of the n-th item (0-based): 4 bytes, big-endian n+1. */
export function batchItemId(n: number): Uint8Array {
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, n + 1);
  return id;
}

/**
 * A request message with the header KMIP servers expect: Protocol Version, Time Stamp from the
 * clock (PyKMIP refuses one more than 60 s off), Batch Count, and Unique Batch Item IDs when
 * the batch has more than one item.
 */
export function buildRequestMessage(version: ProtocolVersion, clock: Clock, items: readonly RawBatchItem[]): RequestMessage {
  if (items.length === 0) throw new RangeError('a request message needs at least one batch item');
  return {
    header: { protocolVersion: version, timeStamp: BigInt(Math.floor(clock.now() / 1000)), batchCount: items.length },
    batchItems: items.map((item, n) => ({
      operation: typeof item.operation === 'number' ? item.operation : Enum.Operation[item.operation],
      ...(item.ephemeral === undefined ? {} : { ephemeral: item.ephemeral }),
      ...(items.length > 1 ? { uniqueBatchItemId: batchItemId(n) } : {}),
      payload: item.payload,
    })),
  };
}

export function encodeRequest(message: RequestMessage): Uint8Array {
  return encodeTtlv(encodeRequestMessage(message));
}

/** Decodes a framed response; anything that is not a Response Message is a protocol error. */
export function decodeResponse(bytes: Uint8Array, server: string): ResponseMessage {
  try {
    return decodeResponseMessage(decodeTtlv(bytes, { maxMessageSize: bytes.length }));
  } catch (e) {
    throw protocolError(server, `response does not decode: ${(e as Error).message}`, e);
  }
}

export function protocolError(server: string, what: string, cause?: unknown): KmipTransportError {
  return new KmipTransportError('protocol', `${server}: ${what}`, { server, requestSent: true, cause });
}

/** The failure a response batch item reports, or undefined when it succeeded. */
export function resultError(item: ResponseBatchItem): KmipResultError | undefined {
  if (item.resultStatus === Enum.ResultStatus.Success) return undefined;
  const status = (enumName(Tag.ResultStatus, item.resultStatus) ?? 'OperationFailed') as ResultStatusName;
  const known = item.resultReason === undefined ? undefined : enumName(Tag.ResultReason, item.resultReason);
  const reason = (known ?? 'GeneralFailure') as ResultReasonName;
  const unknown = item.resultReason !== undefined && known === undefined ? ` (Result Reason 0x${item.resultReason.toString(16)})` : '';
  return new KmipResultError(reason, `${item.resultMessage ?? ''}${unknown}`, status);
}

/**
 * The typed response of a successful batch item; a failed one throws its KmipResultError, a
 * payload that does not decode is a protocol error.
 */
export function readResult<S>(op: OperationSpec<unknown, S>, item: ResponseBatchItem, version: ProtocolVersion, server: string): S {
  const failed = resultError(item);
  if (failed !== undefined) throw failed;
  if (item.operation !== undefined && item.operation !== op.code) {
    throw protocolError(server, `${op.name} answered with operation ${enumName(Tag.Operation, item.operation) ?? item.operation}`);
  }
  const payload = item.payload ?? { tag: Tag.ResponsePayload, type: 'Structure', value: [] };
  try {
    return op.response.fromItem(payload, { version });
  } catch (e) {
    throw protocolError(server, `${op.name} response payload does not decode: ${(e as Error).message}`, e);
  }
}
