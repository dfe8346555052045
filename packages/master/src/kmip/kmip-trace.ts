/**
 * Cryptsoft-style verbose KMIP logging (TR-4843 §10.3): while the cKmipCmdExtraFlags constant has
 * a flag set, every KMIP connection the master opens is traced to the `[KMIP]` component, which
 * Element-style logs write to `sf-kmip.info`. The flags are read when a connection opens.
 *
 * | flag                         | what is written                                                  |
 * |------------------------------|------------------------------------------------------------------|
 * | KMIP_CMD_FLAGS_LOG (0x1)     | one line per request and per response: operations, result status |
 * | KMIP_CMD_FLAGS_DEBUG (0x20)  | the connection opening and closing, with bytes each way          |
 * | KMIP_CMD_FLAGS_VERBOSE (0x80)| each message's TTLV outline                                      |
 *
 * Never key material: the outline shows byte strings and big integers as their length only, and
 * withholds whole structures that carry keys or credentials.
 */
import type { Logger } from '@ekmsim/core';
import { enumName, OPERATIONS, Tag, tagName } from '@ekmsim/kmip';
import type { Transport } from '@ekmsim/kmip-client';
import { decodeTtlv, TtlvFramer, type TtlvItem } from '@ekmsim/ttlv';

export const KMIP_CMD_FLAGS = { LOG: 0x1, DEBUG: 0x20, VERBOSE: 0x80 } as const;
/** The `[KMIP]` component: Element-style logs put its lines in sf-kmip.info only. */
export const KMIP_TRACE_COMPONENT = 'KMIP';

/** Structures whose content is never written, whatever the flags. */
const WITHHELD = new Set<number>([Tag.KeyValue, Tag.KeyMaterial, Tag.Credential, Tag.CredentialValue]);

/** `transport` traced to `logger` as `flags` say; the transport itself unchanged when no flag is set. */
export function traceTransport(transport: Transport, flags: number, logger: Logger): Transport {
  if ((flags & (KMIP_CMD_FLAGS.LOG | KMIP_CMD_FLAGS.DEBUG | KMIP_CMD_FLAGS.VERBOSE)) === 0) return transport;
  const peer = transport.peer;
  const log = (message: string): void => logger.log('info', message, { component: KMIP_TRACE_COMPONENT });
  const sent = new TtlvFramer();
  const received = new TtlvFramer();
  let bytesOut = 0;
  let bytesIn = 0;
  const trace = (framer: TtlvFramer, chunk: Uint8Array, direction: 'request to' | 'response from'): void => {
    let messages: Uint8Array[];
    try {
      messages = framer.push(chunk);
    } catch (e) {
      log(`KMIP ${direction} ${peer}: not a KMIP message (${e instanceof Error ? e.message : String(e)})`);
      return;
    }
    for (const bytes of messages) describeMessage(bytes, direction, peer, flags).forEach(log);
  };
  if ((flags & KMIP_CMD_FLAGS.DEBUG) !== 0) log(`KMIP connection to ${peer} opened`);
  return {
    peer,
    start(sink) {
      transport.start({
        data(chunk) {
          bytesIn += chunk.length;
          if (received.state !== 'failed') trace(received, chunk, 'response from');
          sink.data(chunk);
        },
        closed(error) {
          if ((flags & KMIP_CMD_FLAGS.DEBUG) !== 0) {
            log(`KMIP connection to ${peer} closed${error === undefined ? '' : `: ${error.message}`} (${bytesOut} bytes sent, ${bytesIn} received)`);
          }
          sink.closed(error);
        },
      });
    },
    write(bytes) {
      bytesOut += bytes.length;
      if (sent.state !== 'failed') trace(sent, bytes, 'request to');
      transport.write(bytes);
    },
    close() {
      transport.close();
    },
  };
}

function describeMessage(bytes: Uint8Array, direction: string, peer: string, flags: number): string[] {
  let item: TtlvItem;
  try {
    item = decodeTtlv(bytes);
  } catch (e) {
    return [`KMIP ${direction} ${peer}: ${bytes.length} bytes that do not decode (${e instanceof Error ? e.message : String(e)})`];
  }
  const lines: string[] = [];
  if ((flags & KMIP_CMD_FLAGS.LOG) !== 0) lines.push(`KMIP ${direction} ${peer}: ${summary(item)}`);
  if ((flags & KMIP_CMD_FLAGS.VERBOSE) !== 0) lines.push(`KMIP ${direction} ${peer} TTLV: ${outline(item)}`);
  return lines;
}

/** `protocol 1.2, DiscoverVersions` or `protocol 1.2, Get Success, Activate OperationFailed/PermissionDenied: reason`. */
function summary(message: TtlvItem): string {
  const header = child(message, Tag.RequestHeader) ?? child(message, Tag.ResponseHeader);
  const version = header === undefined ? undefined : child(header, Tag.ProtocolVersion);
  const major = version === undefined ? undefined : child(version, Tag.ProtocolVersionMajor)?.value;
  const minor = version === undefined ? undefined : child(version, Tag.ProtocolVersionMinor)?.value;
  const items = children(message, Tag.BatchItem).map((b) => {
    const op = child(b, Tag.Operation)?.value;
    const name = typeof op === 'number' ? (OPERATIONS.get(op)?.name ?? `operation ${op}`) : 'no operation';
    const status = child(b, Tag.ResultStatus)?.value;
    if (typeof status !== 'number') return name;
    const reason = child(b, Tag.ResultReason)?.value;
    const text = child(b, Tag.ResultMessage)?.value;
    const statusName = enumName(Tag.ResultStatus, status) ?? String(status);
    const reasonName = typeof reason === 'number' ? `/${enumName(Tag.ResultReason, reason) ?? String(reason)}` : '';
    return `${name} ${statusName}${reasonName}${typeof text === 'string' ? `: ${text}` : ''}`;
  });
  const protocol = typeof major === 'number' && typeof minor === 'number' ? `protocol ${major}.${minor}` : 'no protocol version';
  return `${protocol}, ${items.length === 0 ? 'no batch items' : items.join(', ')}`;
}

/** The tree as `Tag{Child=value, …}`; bytes and big integers by length only; key and credential structures withheld. */
function outline(item: TtlvItem): string {
  // The registry names tag 0x42000F after its response use; in a request it is the same Batch Item.
  const name = item.tag === Tag.BatchItem ? 'BatchItem' : (tagName(item.tag) ?? `0x${item.tag.toString(16).toUpperCase()}`);
  if (WITHHELD.has(item.tag)) return `${name}=<withheld>`;
  switch (item.type) {
    case 'Structure':
      return `${name}{${item.value.map(outline).join(', ')}}`;
    case 'ByteString':
      return `${name}=<${item.value.length} bytes>`;
    case 'BigInteger':
      return `${name}=<big integer>`;
    case 'Enumeration':
      return `${name}=${enumName(item.tag, item.value) ?? String(item.value)}`;
    case 'TextString':
      return `${name}=${JSON.stringify(item.value)}`;
    default:
      return `${name}=${String(item.value)}`;
  }
}

function children(item: TtlvItem, tag: number): TtlvItem[] {
  return item.type === 'Structure' ? item.value.filter((c) => c.tag === tag) : [];
}

function child(item: TtlvItem, tag: number): TtlvItem | undefined {
  return children(item, tag)[0];
}
