/** @ekmsim/kmip-client: KMIP over mutual TLS with framing, correlation, timeouts and failover. */
export { KmipClient } from './client.js';
export type { KmipClientOptions, GetResult } from './client.js';
export type { KmipServerAddress } from './channel.js';
export { KMIP_PORT } from './channel.js';
export { KmipConnection } from './connection.js';
export type { KmipConnectionOptions } from './connection.js';
export type { Transport, TransportSink, MemoryTransport } from './transport.js';
export { memoryTransportPair } from './transport.js';
export { connectTls, nodeTlsDialer } from './tls.js';
export type { TlsConnectOptions, Dialer, KmipTlsCredentials } from './tls.js';
export { nameServiceDialer } from './name-service-dialer.js';
export type { NameServiceOptions } from './name-service-dialer.js';
export { KmipTransportError, TransportErrorKind, TLS_ALERTS } from './errors.js';
export type { TlsAlert, TlsAlertSource, KmipTransportErrorOptions } from './errors.js';
export { transportErrorFrom } from './error-mapping.js';
export { KmipResultError } from '@ekmsim/kmip';
export type { ResultReasonName, ResultStatusName } from '@ekmsim/kmip';
export { buildRequestMessage, requestItem, batchItemId, resultError, readResult } from './messages.js';
export type { RawBatchItem } from './messages.js';
export { attributesToJson, itemToJson } from './attributes-json.js';
export type { JsonValue } from './attributes-json.js';
export type {
  CreateOptions,
  CreateKeyPairOptions,
  RegisterOptions,
  LocateOptions,
  UsageMask,
  AlgorithmName,
  ObjectTypeName,
  UsageName,
  RevocationReasonName,
  QueryFunctionName,
} from './requests.js';
export { createAttributes, locateRequest, enumValue } from './requests.js';
