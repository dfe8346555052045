/**
 * Element's async results: a handle per asynchronous call (AddDrives, RemoveDrives,
 * SecureEraseDrives), kept in the cluster database until read. GetAsyncResult purges a completed
 * result unless asked to keep it; an unknown or purged handle is `xAsyncHandleDoesNotExist` with
 * Element's message. resultType: `DriveAdd`, `DriveRemoval` (Element's) and `DriveErase` for
 * SecureEraseDrives (Element's is not documented; simulator-defined).
 */
import type { ClusterDb, DbTransaction } from '../db/cluster-db.js';
import { DB_PATHS, asyncResultPath, type AsyncResultRecord } from '../db/layout.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import type { AsyncResultSummary, AsyncResultView } from '../model.js';
import { takeId } from './lookup.js';

export const ASYNC_RESULT_TYPES = { driveAdd: 'DriveAdd', driveRemoval: 'DriveRemoval', driveErase: 'DriveErase' } as const;
export type AsyncResultType = (typeof ASYNC_RESULT_TYPES)[keyof typeof ASYNC_RESULT_TYPES];

/** Inside the transaction that makes the change the result reports on. */
export function openAsyncResult(
  tx: DbTransaction,
  now: string,
  resultType: AsyncResultType,
  data: Record<string, unknown>,
  outcome?: { readonly result: Record<string, unknown> },
): number {
  const asyncResultID = takeId(tx, DB_PATHS.asyncResultIds);
  tx.put(asyncResultPath(asyncResultID), {
    asyncResultID,
    resultType,
    status: outcome === undefined ? 'running' : 'complete',
    createTime: now,
    lastUpdateTime: now,
    data,
    ...(outcome === undefined ? {} : { result: outcome.result }),
  } satisfies AsyncResultRecord);
  return asyncResultID;
}

export function completeAsyncResult(
  tx: DbTransaction,
  asyncResultID: number,
  now: string,
  outcome: { readonly result: Record<string, unknown> } | { readonly error: { readonly name: string; readonly message: string } },
): void {
  const record = tx.get<AsyncResultRecord>(asyncResultPath(asyncResultID));
  if (record === undefined) return; // purged meanwhile: nobody is waiting for it
  tx.put(asyncResultPath(asyncResultID), { ...record, status: 'complete', lastUpdateTime: now, ...outcome } satisfies AsyncResultRecord);
}

export function runningAsyncResults(db: ClusterDb): AsyncResultRecord[] {
  return db.children<AsyncResultRecord>(DB_PATHS.asyncResults).filter((r) => r.status === 'running');
}

export function getAsyncResult(db: ClusterDb, asyncHandle: number, keepResult: boolean): AsyncResultView {
  const record = Number.isInteger(asyncHandle) ? db.get<AsyncResultRecord>(asyncResultPath(asyncHandle)) : undefined;
  if (record === undefined) throw new ElementApiError(ElementErrorName.xAsyncHandleDoesNotExist, `Async handle ${asyncHandle} does not exist.`);
  if (record.status === 'complete' && !keepResult) db.write((tx) => tx.remove(asyncResultPath(asyncHandle)));
  return {
    status: record.status,
    resultType: record.resultType,
    createTime: record.createTime,
    lastUpdateTime: record.lastUpdateTime,
    ...(record.result === undefined ? {} : { result: structuredClone(record.result) }),
    ...(record.error === undefined ? {} : { error: { ...record.error } }),
    ...(record.status === 'running' ? { details: structuredClone(record.data) } : {}),
  };
}

export function listAsyncResults(db: ClusterDb, types: readonly string[] | undefined): AsyncResultSummary[] {
  return db
    .children<AsyncResultRecord>(DB_PATHS.asyncResults)
    .filter((r) => types === undefined || types.includes(r.resultType))
    .map((r) => ({
      asyncResultID: r.asyncResultID,
      completed: r.status === 'complete',
      success: r.status === 'complete' && r.error === undefined,
      resultType: r.resultType,
      createTime: r.createTime,
      lastUpdateTime: r.lastUpdateTime,
      data: structuredClone(r.data),
    }));
}
