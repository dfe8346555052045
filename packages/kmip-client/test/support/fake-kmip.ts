/** A few-line KMIP peer for tests, built on the kmip codecs: decode a request, answer each item. */
import {
  attr,
  decodeRequestMessage,
  encodeResponseMessage,
  Enum,
  OPERATIONS,
  symmetricKeyObject,
  type RequestBatchItem,
  type RequestMessage,
  type ResponseBatchItem,
  type ResponseMessage,
  type ResultReasonName,
} from '@ekmsim/kmip';
import type { Transport } from '@ekmsim/kmip-client';
import { decodeTtlv, encodeTtlv, TtlvFramer, type TtlvItem } from '@ekmsim/ttlv';

export type ItemResult = { readonly payload: object } | { readonly reason: ResultReasonName; readonly message: string };

export const KEY_MATERIAL = Uint8Array.from({ length: 32 }, (_, i) => i);

/** Builds the response to `req` from one result per batch item, echoing operations and IDs. */
export function answer(req: RequestMessage, results: readonly ItemResult[], timeStamp = 1_700_000_000n): ResponseMessage {
  const version = req.header.protocolVersion;
  const batchItems = req.batchItems.map((item, i): ResponseBatchItem => {
    const r = results[i]!;
    const echo = { operation: item.operation, ...(item.uniqueBatchItemId === undefined ? {} : { uniqueBatchItemId: item.uniqueBatchItemId }) };
    if ('reason' in r) return { ...echo, resultStatus: Enum.ResultStatus.OperationFailed, resultReason: Enum.ResultReason[r.reason], resultMessage: r.message };
    const payload = OPERATIONS.get(item.operation)!.response.toItem(r.payload, { version });
    return { ...echo, resultStatus: Enum.ResultStatus.Success, payload };
  });
  return { header: { protocolVersion: version, timeStamp, batchCount: batchItems.length }, batchItems };
}

/** Canned successful answers, enough for the client's typed operations. */
export function standardResult(item: RequestBatchItem, req: RequestMessage): ItemResult {
  const version = req.header.protocolVersion;
  const op = OPERATIONS.get(item.operation)!;
  const request = op.request.fromItem(item.payload, { version }) as Record<string, unknown>;
  const uid = (request.uniqueIdentifier as string | undefined) ?? '1';
  switch (op.name) {
    case 'Create':
      return { payload: { objectType: Enum.ObjectType.SymmetricKey, uniqueIdentifier: '1' } };
    case 'Get':
      return {
        payload: {
          objectType: Enum.ObjectType.SymmetricKey,
          uniqueIdentifier: uid,
          object: symmetricKeyObject({ material: KEY_MATERIAL, algorithm: Enum.CryptographicAlgorithm.AES, length: 256 }, version),
        },
      };
    case 'GetAttributes':
      return { payload: { uniqueIdentifier: uid, attributes: [attr.cryptographicAlgorithm(Enum.CryptographicAlgorithm.AES), attr.state(Enum.State.Active), attr.name('k1'), attr.name('k2')] } };
    case 'CreateKeyPair':
      return { payload: { privateKeyUniqueIdentifier: '10', publicKeyUniqueIdentifier: '11' } };
    case 'Locate':
      return { payload: { uniqueIdentifiers: ['1', '2'] } };
    case 'DiscoverVersions':
      return { payload: { protocolVersions: (request.protocolVersions as unknown[] | undefined) ?? [version] } };
    case 'Query':
      return { payload: { operations: [Enum.Operation.Create, Enum.Operation.Get], vendorIdentification: 'fake' } };
    default:
      return { payload: { uniqueIdentifier: uid } };
  }
}

export function decodeRequest(bytes: Uint8Array): RequestMessage {
  return decodeRequestMessage(decodeTtlv(bytes));
}

export function encodeResponse(msg: ResponseMessage): Uint8Array {
  return encodeTtlv(encodeResponseMessage(msg));
}

export function standardResponse(bytes: Uint8Array): Uint8Array {
  const req = decodeRequest(bytes);
  return encodeResponse(answer(req, req.batchItems.map((item) => standardResult(item, req))));
}

export interface ReceivedRequest {
  readonly message: RequestMessage;
  /** Answers with raw bytes (any, even broken) or a response message. */
  reply(response: ResponseMessage | Uint8Array): void;
}

/** Serves the server end of a memory transport: each framed request goes to `onRequest`. */
export function serveMemory(transport: Transport, onRequest: (r: ReceivedRequest) => void): { closed: Promise<void> } {
  const framer = new TtlvFramer();
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  transport.start({
    data(chunk) {
      for (const bytes of framer.push(chunk)) {
        onRequest({
          message: decodeRequest(bytes),
          reply: (r) => transport.write(r instanceof Uint8Array ? r : encodeResponse(r)),
        });
      }
    },
    closed: () => markClosed(),
  });
  return { closed };
}

/** Answers every request at once with the standard results. */
export const answerAll = (r: ReceivedRequest): void => r.reply(answer(r.message, r.message.batchItems.map((item) => standardResult(item, r.message))));

/** Lets every pending microtask and I/O callback run (no timing involved). */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export type { TtlvItem };
