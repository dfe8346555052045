/**
 * One framed request message in, one response message out (never an exception). A message that
 * does not decode, names no usable protocol version or is not a valid Request Message is answered
 * with a single failed batch item: Invalid Message, in the request's version when it could be
 * read (1.0 otherwise). An unsupported version is answered in `replyVersionFor(v)` with Invalid
 * Message (1.x reply) or Unsupported Protocol Version (2.x reply).
 */
import {
  decodeRequestMessage,
  formatVersion,
  isSupportedVersion,
  KmipResultError,
  peekProtocolVersion,
  replyVersionFor,
  SUPPORTED_VERSIONS,
  type ProtocolVersion,
} from '@ekmsim/kmip';
import { decodeTtlv, type TtlvItem, type TtlvLimits } from '@ekmsim/ttlv';
import { dispatchBatch, sessionFields, type ServerServices, type Session } from './dispatcher.js';
import { encodeResponse, messageFailure } from './responses.js';

/** The version of replies to messages whose own version cannot be read. */
export const FALLBACK_VERSION: ProtocolVersion = { major: 1, minor: 0 };

const SPOKEN = SUPPORTED_VERSIONS.map(formatVersion).join(', ');

function describe(e: unknown): string {
  if (e instanceof KmipResultError) return e.resultMessage;
  return e instanceof Error ? e.message : String(e);
}

function invalid(message: string, cause?: unknown): KmipResultError {
  return new KmipResultError('InvalidMessage', message, 'OperationFailed', { cause });
}

export function answerMessage(bytes: Uint8Array, session: Session, services: ServerServices, limits: TtlvLimits): Uint8Array {
  let version = FALLBACK_VERSION;
  try {
    let item: TtlvItem;
    try {
      item = decodeTtlv(bytes, limits);
    } catch (e) {
      throw invalid(`the message is not valid TTLV: ${describe(e)}`, e);
    }
    let declared: ProtocolVersion;
    try {
      declared = peekProtocolVersion(item);
    } catch (e) {
      throw invalid(`the message has no readable Protocol Version: ${describe(e)}`, e);
    }
    if (!isSupportedVersion(declared)) {
      version = replyVersionFor(declared);
      const reason = version.major >= 2 ? 'UnsupportedProtocolVersion' : 'InvalidMessage';
      throw new KmipResultError(reason, `protocol version ${formatVersion(declared)} is not supported (this server speaks ${SPOKEN})`);
    }
    version = declared;
    let request;
    try {
      request = decodeRequestMessage(item);
    } catch (e) {
      throw invalid(`not a valid Request Message: ${describe(e)}`, e);
    }
    const items = dispatchBatch(request, session, services);
    return encodeResponse(version, services.clock.now(), items, request.header.clientCorrelationValue);
  } catch (e) {
    const error = e instanceof KmipResultError ? e : new KmipResultError('GeneralFailure', 'the server failed to answer this message', 'OperationFailed', { cause: e });
    services.logger.log(e instanceof KmipResultError ? 'warn' : 'error', `KMIP message refused: ${error.resultMessage}`, {
      client: session.client,
      reason: error.reason,
      detail: e instanceof KmipResultError ? undefined : describe(e),
      ...sessionFields(session),
    });
    return messageFailure(version, services.clock.now(), error);
  }
}
