/**
 * Request and response messages (KMIP 1.4 §7.1, 2.0 §8.1): a header and a batch of items.
 * Payloads stay TTLV here; each operation's descriptor decodes its own.
 */
import type { TtlvItem } from '@ekmsim/ttlv';
import { Tag } from '../registry/tags.generated.js';
import { describeTag } from '../registry/names.js';
import { invalid, type CodecContext, type ValueCodec } from '../schema/codec.js';
import { isSupportedVersion, SUPPORTED_VERSIONS, versionCode, type ProtocolVersion } from '../version.js';
import {
  protocolVersion,
  requestBatchItem,
  requestHeader,
  responseBatchItem,
  responseHeader,
  type RequestBatchItem,
  type RequestHeader,
  type ResponseBatchItem,
  type ResponseHeader,
} from './header.js';

export interface RequestMessage {
  readonly header: RequestHeader;
  readonly batchItems: readonly RequestBatchItem[];
}

export interface ResponseMessage {
  readonly header: ResponseHeader;
  readonly batchItems: readonly ResponseBatchItem[];
}

function children(item: TtlvItem, tag: number): readonly TtlvItem[] {
  if (item.tag !== tag) throw invalid(`expected ${describeTag(tag)}, found ${describeTag(item.tag)}`);
  if (item.type !== 'Structure') throw invalid(`${describeTag(tag)}: expected Structure, found ${item.type}`);
  return item.value;
}

/** The protocol version a message declares, read before anything else so the rest decodes in it. */
export function peekProtocolVersion(message: TtlvItem): ProtocolVersion {
  const top = message.type === 'Structure' ? message.value : [];
  const header = top.find((c) => c.tag === Tag.RequestHeader || c.tag === Tag.ResponseHeader);
  const pv = header?.type === 'Structure' ? header.value.find((c) => c.tag === Tag.ProtocolVersion) : undefined;
  if (pv === undefined) throw invalid('message has no Protocol Version');
  return protocolVersion.fromItem(pv, { version: { major: 1, minor: 0 } });
}

/**
 * The version a server answers a request of version `v` in: `v` itself when supported,
 * otherwise the newest supported version below it (or the oldest, for a request older than all).
 */
export function replyVersionFor(v: ProtocolVersion): ProtocolVersion {
  if (isSupportedVersion(v)) return v;
  const below = SUPPORTED_VERSIONS.find((s) => versionCode(s) < versionCode(v));
  return below ?? SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]!;
}

function checkBatch(count: number, items: readonly unknown[]): void {
  if (items.length === 0) throw invalid('message has no Batch Item');
  if (count !== items.length) throw invalid(`Batch Count is ${count} but the message has ${items.length} Batch Items`);
}

/** A message's envelope: its own tag, its header's codec and its batch items' codec. */
interface Envelope<H extends { batchCount: number }, B> {
  readonly tag: number;
  readonly headerTag: number;
  readonly header: ValueCodec<H>;
  readonly batchItem: ValueCodec<B>;
}

const REQUEST: Envelope<RequestHeader, RequestBatchItem> = { tag: Tag.RequestMessage, headerTag: Tag.RequestHeader, header: requestHeader, batchItem: requestBatchItem };
const RESPONSE: Envelope<ResponseHeader, ResponseBatchItem> = { tag: Tag.ResponseMessage, headerTag: Tag.ResponseHeader, header: responseHeader, batchItem: responseBatchItem };

function decodeMessage<H extends { batchCount: number }, B>(e: Envelope<H, B>, item: TtlvItem): { header: H; batchItems: B[] } {
  const top = children(item, e.tag);
  const ctx: CodecContext = { version: peekProtocolVersion(item) };
  const headerItem = top.find((c) => c.tag === e.headerTag);
  if (headerItem === undefined) throw invalid(`${describeTag(e.tag)}: missing ${describeTag(e.headerTag)}`);
  const header = e.header.fromItem(headerItem, ctx);
  const batchItems = top.filter((c) => c.tag === Tag.BatchItem).map((b) => e.batchItem.fromItem(b, ctx));
  checkBatch(header.batchCount, batchItems);
  return { header, batchItems };
}

function encodeMessage<H extends { batchCount: number; protocolVersion: ProtocolVersion }, B>(e: Envelope<H, B>, msg: { header: H; batchItems: readonly B[] }): TtlvItem {
  const ctx: CodecContext = { version: msg.header.protocolVersion };
  return { tag: e.tag, type: 'Structure', value: [e.header.toItem(msg.header, ctx), ...msg.batchItems.map((b) => e.batchItem.toItem(b, ctx))] };
}

export const decodeRequestMessage = (item: TtlvItem): RequestMessage => decodeMessage(REQUEST, item);
export const encodeRequestMessage = (msg: RequestMessage): TtlvItem => encodeMessage(REQUEST, msg);
export const decodeResponseMessage = (item: TtlvItem): ResponseMessage => decodeMessage(RESPONSE, item);
export const encodeResponseMessage = (msg: ResponseMessage): TtlvItem => encodeMessage(RESPONSE, msg);
