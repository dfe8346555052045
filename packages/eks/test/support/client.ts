/**
 * A tiny KMIP client for tests: node:tls + TtlvFramer + the kmip codecs. It sends raw bytes or
 * typed requests and hands back each response message in order.
 */
import {
  decodeResponseMessage,
  describeTag,
  formatVersion,
  tagExistsIn,
  versionCode,
  encodeRequestMessage,
  Enum,
  enumName,
  KmipResultError,
  Tag,
  type OperationSpec,
  type ProtocolVersion,
  type RequestHeader,
  type ResponseMessage,
  type ResultReasonName,
} from '@ekmsim/kmip';
import { decodeTtlv, encodeTtlv, TtlvFramer, type TtlvItem } from '@ekmsim/ttlv';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { Pem } from './certs.js';

export const V1_2: ProtocolVersion = { major: 1, minor: 2 };
export const V1_4: ProtocolVersion = { major: 1, minor: 4 };
export const V2_0: ProtocolVersion = { major: 2, minor: 0 };

export interface BatchEntry {
  readonly op: OperationSpec<unknown, unknown>;
  readonly payload: unknown;
  readonly id?: Uint8Array;
}

export class TestClient {
  readonly socket: TLSSocket;
  readonly #framer = new TtlvFramer({ maxMessageSize: 16 * 1_048_576 });
  readonly #messages: Uint8Array[] = [];
  readonly #waiters: ((m: Uint8Array | undefined) => void)[] = [];
  #ended = false;
  readonly closed: Promise<void>;

  constructor(socket: TLSSocket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      for (const m of this.#framer.push(chunk)) this.#deliver(m);
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.#ended = true;
        for (const w of this.#waiters.splice(0)) w(undefined);
        resolve();
      });
    });
    socket.on('error', () => undefined);
  }

  #deliver(m: Uint8Array): void {
    const w = this.#waiters.shift();
    if (w) w(m);
    else this.#messages.push(m);
  }

  send(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** The next response message's bytes, or undefined if the server closed first. */
  next(): Promise<Uint8Array | undefined> {
    const m = this.#messages.shift();
    if (m !== undefined || this.#ended) return Promise.resolve(m);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async nextResponse(): Promise<ResponseMessage> {
    const bytes = await this.next();
    if (bytes === undefined) throw new Error('the server closed the connection instead of answering');
    const item = decodeTtlv(bytes);
    const response = decodeResponseMessage(item);
    const foreign = tagsNotIn(item, versionCode(response.header.protocolVersion));
    if (foreign.length > 0) throw new Error(`reply of version ${formatVersion(response.header.protocolVersion)} carries tags of other versions: ${foreign.join(', ')}`);
    return response;
  }

  async batch(version: ProtocolVersion, entries: readonly BatchEntry[], header: Partial<RequestHeader> = {}): Promise<ResponseMessage> {
    this.send(requestBytes(version, entries, header));
    return this.nextResponse();
  }

  /** One operation; its decoded response payload, or the KmipResultError it failed with. */
  async call<Req, Res>(op: OperationSpec<Req, Res>, payload: Req, version: ProtocolVersion): Promise<Res> {
    const response = await this.batch(version, [{ op: op, payload }]);
    const item = response.batchItems[0]!;
    if (item.resultStatus !== Enum.ResultStatus.Success) throw resultError(item.resultReason, item.resultMessage);
    return op.response.fromItem(item.payload!, { version });
  }

  close(): void {
    this.socket.end();
  }
}

/** Every tag in `item` that protocol version `code` does not define (a reply may carry none). */
export function tagsNotIn(item: TtlvItem, code: number): string[] {
  const out = tagExistsIn(item.tag, code) ? [] : [describeTag(item.tag)];
  if (item.type === 'Structure') for (const c of item.value) out.push(...tagsNotIn(c, code));
  return out;
}

export function resultError(reason: number | undefined, message: string | undefined): KmipResultError {
  const name = (reason === undefined ? 'GeneralFailure' : enumName(Tag.ResultReason, reason)) as ResultReasonName;
  return new KmipResultError(name, message ?? '');
}

export function requestBytes(version: ProtocolVersion, entries: readonly BatchEntry[], header: Partial<RequestHeader> = {}): Uint8Array {
  return encodeTtlv(
    encodeRequestMessage({
      header: { ...header, protocolVersion: version, batchCount: entries.length },
      batchItems: entries.map((e) => ({
        operation: e.op.code,
        ...(e.id === undefined ? {} : { uniqueBatchItemId: e.id }),
        payload: e.op.request.toItem(e.payload, { version }),
      })),
    }),
  );
}

export interface Endpoint {
  readonly port: number;
  readonly caPem: string;
}

/** tls.connect takes every socket.connect() option too (Node docs); @types/node leaves out the source address. */
export type ClientOptions = ConnectionOptions & { readonly localAddress?: string };

/** Opens a mutually authenticated connection; rejects if the handshake fails. */
export function connectClient(endpoint: Endpoint, identity: Pem, extra: ClientOptions = {}): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: '127.0.0.1',
      port: endpoint.port,
      servername: 'localhost',
      ca: endpoint.caPem,
      cert: identity.certPem,
      key: identity.keyPem,
      ...extra,
    });
    socket.once('secureConnect', () => {
      socket.off('error', reject);
      resolve(new TestClient(socket));
    });
    socket.once('error', reject);
  });
}
