/**
 * Runs a request's batch items in order (KMIP 1.4 §7.1). Each item runs in its own transaction,
 * committed before the next item starts and before any response byte is written. On a failure,
 * Batch Error Continuation Option Continue goes on; Stop (the default) and Undo end the batch
 * there (Undo is served as Stop: completed items are not rolled back), and the response holds
 * the items processed so far. The ID Placeholder is shared by the batch. A session the vendor
 * refuses (e.g. an untrusted certificate on SKLM) gets its refusal as every item's failure.
 */
import type { Clock, Logger, Rng } from '@ekmsim/core';
import { enumName, Enum, KmipResultError, Tag, type ProtocolVersion, type RequestBatchItem, type RequestMessage, type ResponseBatchItem } from '@ekmsim/kmip';
import { OperationContext, type IdPlaceholder } from '../operations/context.js';
import type { OperationProfile } from '../operations/profile.js';
import type { ObjectStore } from '../store/object-store.js';
import { ObjectTransaction } from '../store/transaction.js';
import { failedItem, succeededItem } from './responses.js';

export interface ServerServices {
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: Logger;
  readonly profile: OperationProfile;
}

/** Who sent a request, and whether the server serves them at this moment. */
export interface Session {
  /** The client certificate's CN: owner of its objects. */
  readonly client: string;
  /**
   * Where the connection comes from (`address:port`), and the member (listener) it reached:
   * only for the audit line of each request, which is how an onlooker (the simulation's activity
   * view) tells apart clients that share one certificate, as every node of a cluster does.
   */
  readonly remote?: string;
  readonly member?: number;
  /** Why every request of this session is refused now, or undefined to serve it. */
  refusal(): KmipResultError | undefined;
}

export function dispatchBatch(request: RequestMessage, session: Session, services: ServerServices): ResponseBatchItem[] {
  const version = request.header.protocolVersion;
  const continueOnError = request.header.batchErrorContinuationOption === Enum.BatchErrorContinuationOption.Continue;
  const placeholder: IdPlaceholder = { value: undefined };
  const out: ResponseBatchItem[] = [];
  for (const item of request.batchItems) {
    const result = runItem(item, version, session, placeholder, services);
    out.push(result);
    if (result.resultStatus !== Enum.ResultStatus.Success && !continueOnError) break;
  }
  return out;
}

function runItem(item: RequestBatchItem, version: ProtocolVersion, session: Session, placeholder: IdPlaceholder, services: ServerServices): ResponseBatchItem {
  const { client } = session;
  const echo = { operation: item.operation, ...(item.uniqueBatchItemId === undefined ? {} : { uniqueBatchItemId: item.uniqueBatchItemId }) };
  const opName = enumName(Tag.Operation, item.operation) ?? `0x${item.operation.toString(16)}`;
  const handler = services.profile.handlers.get(item.operation);
  const ctx = new OperationContext(version, client, services.clock.now(), services.rng, services.profile, new ObjectTransaction(services.store), placeholder);
  try {
    const refused = session.refusal();
    if (refused !== undefined) throw refused;
    if (handler === undefined) throw new KmipResultError('OperationNotSupported', `operation ${opName} is not supported by this server`);
    const payload = handler.run(item.payload, ctx);
    ctx.tx.commit();
    // Every success is an audit line at debug (`ekmsim eks --verbose`); failures are info.
    log(services.logger, 'debug', opName, session, ctx.subject, 'Success');
    return succeededItem(echo, payload);
  } catch (e) {
    const error = asResultError(e);
    const internal = !(e instanceof KmipResultError);
    log(services.logger, internal ? 'error' : 'info', opName, session, ctx.subject, error.reason, internal ? String(e) : error.resultMessage);
    return failedItem(version, error, echo);
  }
}

function asResultError(e: unknown): KmipResultError {
  if (e instanceof KmipResultError) return e;
  return new KmipResultError('GeneralFailure', 'the server failed to process this request', 'OperationFailed', { cause: e });
}

function log(logger: Logger, level: 'debug' | 'info' | 'error', op: string, session: Session, uid: string | undefined, result: string, detail?: string): void {
  logger.log(level, `KMIP ${op} ${result}`, { op, client: session.client, uid, result, detail, ...sessionFields(session) });
}

/** The session's remote and member, when the server gave them, as log fields. */
export function sessionFields(session: Session): { remote?: string; member?: number } {
  return { ...(session.remote === undefined ? {} : { remote: session.remote }), ...(session.member === undefined ? {} : { member: session.member }) };
}
