/**
 * Request and response messages (KMIP 1.4 §7.1, 2.0 §8.1): a header and a batch of items.
 * Payloads stay TTLV here; each operation's descriptor decodes its own.
 */
import type { TtlvItem } from '@ekmsim/ttlv';
import { Tag } from '../registry/tags.generated.js';
import { describeTag } from '../registry/names.js';
import { invalid, type CodecContext } from '../schema/codec.js';
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

export function decodeRequestMessage(item: TtlvItem): RequestMessage {
  const top = children(item, Tag.RequestMessage);
  const ctx: CodecContext = { version: peekProtocolVersion(item) };
  const headerItem = top.find((c) => c.tag === Tag.RequestHeader);
  if (headerItem === undefined) throw invalid('Request Message: missing Request Header');
  const header = requestHeader.fromItem(headerItem, ctx);
  const batchItems = top.filter((c) => c.tag === Tag.BatchItem).map((b) => requestBatchItem.fromItem(b, ctx));
  checkBatch(header.batchCount, batchItems);
  return { header, batchItems };
}

export function encodeRequestMessage(msg: RequestMessage): TtlvItem {
  const ctx: CodecContext = { version: msg.header.protocolVersion };
  return {
    tag: Tag.RequestMessage,
    type: 'Structure',
    value: [requestHeader.toItem(msg.header, ctx), ...msg.batchItems.map((b) => requestBatchItem.toItem(b, ctx))],
  };
}

export function decodeResponseMessage(item: TtlvItem): ResponseMessage {
  const top = children(item, Tag.ResponseMessage);
  const ctx: CodecContext = { version: peekProtocolVersion(item) };
  const headerItem = top.find((c) => c.tag === Tag.ResponseHeader);
  if (headerItem === undefined) throw invalid('Response Message: missing Response Header');
  const header = responseHeader.fromItem(headerItem, ctx);
  const batchItems = top.filter((c) => c.tag === Tag.BatchItem).map((b) => responseBatchItem.fromItem(b, ctx));
  checkBatch(header.batchCount, batchItems);
  return { header, batchItems };
}

export function encodeResponseMessage(msg: ResponseMessage): TtlvItem {
  const ctx: CodecContext = { version: msg.header.protocolVersion };
  return {
    tag: Tag.ResponseMessage,
    type: 'Structure',
    value: [responseHeader.toItem(msg.header, ctx), ...msg.batchItems.map((b) => responseBatchItem.toItem(b, ctx))],
  };
}
