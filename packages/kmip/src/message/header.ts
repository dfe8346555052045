/** Message headers (KMIP 1.4 §7.2, 2.0 §8.2): declared once, read by decoder and encoder. */
import { Tag } from '../registry/tags.generated.js';
import { boolean, bytes, dateTime, enumeration, integer, optional, raw, repeated, required, struct, text, type Infer } from '../schema/codec.js';

/** Protocol Version (KMIP 1.4 §6.1). */
export const protocolVersion = struct(Tag.ProtocolVersion, {
  major: required(integer(Tag.ProtocolVersionMajor)),
  minor: required(integer(Tag.ProtocolVersionMinor)),
});

/** Request Header (KMIP 1.4 §7.2, Tag 0x420077). */
export const requestHeader = struct(Tag.RequestHeader, {
  protocolVersion: required(protocolVersion),
  maximumResponseSize: optional(integer(Tag.MaximumResponseSize)),
  clientCorrelationValue: optional(text(Tag.ClientCorrelationValue)),
  serverCorrelationValue: optional(text(Tag.ServerCorrelationValue)),
  asynchronousIndicator: optional(boolean(Tag.AsynchronousIndicator)),
  attestationCapableIndicator: optional(boolean(Tag.AttestationCapableIndicator)),
  attestationType: repeated(enumeration(Tag.AttestationType)),
  authentication: optional(raw(Tag.Authentication)),
  batchErrorContinuationOption: optional(enumeration(Tag.BatchErrorContinuationOption)),
  batchOrderOption: optional(boolean(Tag.BatchOrderOption)),
  timeStamp: optional(dateTime(Tag.TimeStamp)),
  batchCount: required(integer(Tag.BatchCount)),
});
export type RequestHeader = Infer<typeof requestHeader.shape>;

/** Response Header (KMIP 1.4 §7.2, Tag 0x42007A). */
export const responseHeader = struct(Tag.ResponseHeader, {
  protocolVersion: required(protocolVersion),
  timeStamp: required(dateTime(Tag.TimeStamp)),
  nonce: optional(raw(Tag.Nonce)),
  attestationType: repeated(enumeration(Tag.AttestationType)),
  clientCorrelationValue: optional(text(Tag.ClientCorrelationValue)),
  serverCorrelationValue: optional(text(Tag.ServerCorrelationValue)),
  batchCount: required(integer(Tag.BatchCount)),
});
export type ResponseHeader = Infer<typeof responseHeader.shape>;

/** Request Batch Item (KMIP 1.4 §7.2); the payload stays TTLV until its operation decodes it. */
export const requestBatchItem = struct(Tag.BatchItem, {
  operation: required(enumeration(Tag.Operation)),
  ephemeral: optional(boolean(Tag.Ephemeral)),
  uniqueBatchItemId: optional(bytes(Tag.UniqueBatchItemID)),
  payload: required(raw(Tag.RequestPayload)),
  messageExtension: optional(raw(Tag.MessageExtension)),
});
export type RequestBatchItem = Infer<typeof requestBatchItem.shape>;

/** Response Batch Item (KMIP 1.4 §7.2). */
export const responseBatchItem = struct(Tag.BatchItem, {
  operation: optional(enumeration(Tag.Operation)),
  uniqueBatchItemId: optional(bytes(Tag.UniqueBatchItemID)),
  resultStatus: required(enumeration(Tag.ResultStatus)),
  resultReason: optional(enumeration(Tag.ResultReason)),
  resultMessage: optional(text(Tag.ResultMessage)),
  asynchronousCorrelationValue: optional(bytes(Tag.AsynchronousCorrelationValue)),
  payload: optional(raw(Tag.ResponsePayload)),
  messageExtension: optional(raw(Tag.MessageExtension)),
});
export type ResponseBatchItem = Infer<typeof responseBatchItem.shape>;
