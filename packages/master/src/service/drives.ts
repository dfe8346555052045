/**
 * ListDrives, AddDrives, RemoveDrives and SecureEraseDrives over the cluster's drive records.
 * Adding and removing change the drive's place in the cluster only (no data to migrate in the
 * simulation), so their async results are complete at once. A secure erase runs on the drive's
 * node (a crypto erase: new media key, the PIN kept); the drive is `erasing` meanwhile and its
 * async result says how it went. Unknown drive IDs are `xDriveIDDoesNotExist` (simulator-defined).
 * A drive pulled out of its node is listed and checked by the status Element would show
 * (`failed`, or not listed: ../nodes/drive-presence.ts); its record keeps its cluster status.
 */
import type { DbTransaction } from '../db/cluster-db.js';
import { DB_PATHS, drivePath, type DriveRecord, type DriveRecordStatus } from '../db/layout.js';
import { readEar } from '../ear/ear-record.js';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import type { DriveInfo, DriveStatusName } from '../model.js';
import { drivePresence, listedStatus, missingDriveDetail } from '../nodes/drive-presence.js';
import { ASYNC_RESULT_TYPES, completeAsyncResult, openAsyncResult, runningAsyncResults } from './async-results.js';
import { isoSeconds, type ServiceContext } from './context.js';

const DRIVE = { component: 'DRIVE' } as const;

export function listDrives(ctx: ServiceContext): DriveInfo[] {
  const ear = readEar(ctx.db);
  const external = ear.state === 'enabled' && ear.keyManagementType === 'external' ? ear : undefined;
  return ctx.db.children<DriveRecord>(DB_PATHS.drives).flatMap((d): DriveInfo[] => {
    // A pulled drive: failed while in the cluster, not listed when available (drive-presence.ts).
    const status = listedStatus(d, drivePresence(ctx.nodes, d));
    if (status === undefined) return [];
    const reported = ctx.nodes.lastState(d.nodeID)?.drives.find((r) => r.serial === d.serial);
    const keyed = external !== undefined && reported?.keyGeneration === external.generation;
    return [{
      driveID: d.driveID,
      nodeID: d.nodeID,
      status,
      type: d.type,
      capacity: d.capacity,
      usableCapacity: d.capacity,
      segmentFileSize: 0,
      serial: d.serial,
      slot: d.slot,
      chassisSlot: String(d.slot),
      attributes: {},
      ...(status === 'failed' ? { driveFailureDetail: missingDriveDetail(d) } : {}),
      driveSecurityFaultReason: 'none',
      ...(keyed ? { keyProviderID: external.keyProviderID, keyID: external.keyID } : {}),
    }];
  });
}

/** AddDrives' `type`: Element accepts `slice` for the metadata role that ListDrives calls `volume`. */
const ADD_TYPES: Readonly<Record<string, DriveRecord['type']>> = { block: 'block', volume: 'volume', slice: 'volume' };

export function addDrives(ctx: ServiceContext, drives: readonly { readonly driveID: number; readonly type?: string }[]): { asyncHandle: number } {
  const records = requireDrives(ctx, drives.map((d) => d.driveID), ['available'], 'AddDrives');
  const types = drives.map((d) => {
    if (d.type === undefined) return undefined;
    const t = ADD_TYPES[d.type];
    if (t === undefined) throw new ElementApiError(ElementErrorName.xInvalidParameter, `drives: type ${JSON.stringify(d.type)} of drive ${d.driveID} is not one of slice, block, volume`);
    return t;
  });
  const now = isoSeconds(ctx.clock.now());
  const asyncHandle = ctx.db.write((tx) => {
    const added = records.map((r, i) => setStatus(tx, { ...r, type: types[i] ?? r.type }, 'active'));
    return openAsyncResult(tx, now, ASYNC_RESULT_TYPES.driveAdd, { drives: drives.map((d) => ({ ...d })) }, { result: { drives: added.map(driveOutcome) } });
  });
  ctx.logger.log('info', `Added drive(s) ${records.map((r) => r.driveID).join(', ')}`, { ...DRIVE, asyncHandle });
  driveEvents(ctx, records, 'added to the cluster');
  return { asyncHandle };
}

export function removeDrives(ctx: ServiceContext, driveIDs: readonly number[]): { asyncHandle: number } {
  // A failed (pulled) drive leaves the cluster too; it stays unlisted until it is put back.
  const records = requireDrives(ctx, driveIDs, ['active', 'failed'], 'RemoveDrives');
  const now = isoSeconds(ctx.clock.now());
  const asyncHandle = ctx.db.write((tx) => {
    const removed = records.map((r) => setStatus(tx, r, 'available'));
    return openAsyncResult(tx, now, ASYNC_RESULT_TYPES.driveRemoval, { drives: [...driveIDs] }, { result: { drives: removed.map(driveOutcome) } });
  });
  ctx.logger.log('info', `Removed drive(s) ${driveIDs.join(', ')}`, { ...DRIVE, asyncHandle });
  driveEvents(ctx, records, 'removed from the cluster');
  return { asyncHandle };
}

/**
 * Marks the drives `erasing` and returns the handle; `erased` settles once every drive's node
 * has answered (or failed) and the outcome is recorded.
 */
export function secureEraseDrives(ctx: ServiceContext, driveIDs: readonly number[]): { asyncHandle: number; erased: Promise<void> } {
  const records = requireDrives(ctx, driveIDs, ['available'], 'SecureEraseDrives');
  const asyncHandle = ctx.db.write((tx) => {
    for (const r of records) setStatus(tx, r, 'erasing');
    return openAsyncResult(tx, isoSeconds(ctx.clock.now()), ASYNC_RESULT_TYPES.driveErase, { drives: [...driveIDs] });
  });
  ctx.logger.log('info', `Secure erase of drive(s) ${driveIDs.join(', ')} started`, { ...DRIVE, asyncHandle });
  driveEvents(ctx, records, 'secure erase started');
  const erased = Promise.allSettled(records.map((r) => ctx.nodes.call(r.nodeID, 'secureEraseDrive', { serial: r.serial }))).then((outcomes) => {
    const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [`drive ${records[i]!.driveID}: ${o.reason instanceof Error ? o.reason.message : String(o.reason)}`] : []));
    ctx.db.write((tx) => {
      const done = records.map((r) => setStatus(tx, tx.get<DriveRecord>(drivePath(r.driveID)) ?? r, 'available'));
      const now = isoSeconds(ctx.clock.now());
      if (failed.length === 0) completeAsyncResult(tx, asyncHandle, now, { result: { drives: done.map(driveOutcome) } });
      else completeAsyncResult(tx, asyncHandle, now, { error: { name: ElementErrorName.xSecureEraseFailed, message: `Secure erase failed: ${failed.join('; ')}` } });
    });
    if (failed.length === 0) ctx.logger.log('info', `Secure erase of drive(s) ${driveIDs.join(', ')} done`, { ...DRIVE, asyncHandle });
    else ctx.logger.log('error', `Secure erase failed: ${failed.join('; ')}`, { ...DRIVE, asyncHandle });
    records.forEach((r, i) => driveEvents(ctx, [r], outcomes[i]?.status === 'fulfilled' ? 'secure erase done' : 'secure erase failed'));
  });
  return { asyncHandle, erased };
}

/**
 * At open: an erase the previous master did not see finish is recorded as failed (whether the
 * node erased the drive is unknown; erase again) and its drives are available again.
 */
export function recoverInterruptedErases(ctx: ServiceContext): void {
  const interrupted = runningAsyncResults(ctx.db).filter((r) => r.resultType === ASYNC_RESULT_TYPES.driveErase);
  const erasing = ctx.db.children<DriveRecord>(DB_PATHS.drives).filter((d) => d.status === 'erasing');
  if (interrupted.length === 0 && erasing.length === 0) return;
  const now = isoSeconds(ctx.clock.now());
  ctx.db.write((tx) => {
    for (const d of erasing) setStatus(tx, d, 'available');
    for (const r of interrupted) {
      completeAsyncResult(tx, r.asyncResultID, now, { error: { name: ElementErrorName.xSecureEraseFailed, message: 'Secure erase interrupted by a restart of the cluster master; erase the drives again' } });
    }
  });
  ctx.logger.log('warn', `Secure erase interrupted by a restart: drive(s) ${erasing.map((d) => d.driveID).join(', ')} are available, not known to be erased`, DRIVE);
}

/** Every ID known, no repeats, every drive listed with one of `statuses`; else nothing changes. */
function requireDrives(ctx: ServiceContext, driveIDs: readonly number[], statuses: readonly DriveStatusName[], method: string): DriveRecord[] {
  if (driveIDs.length === 0) throw new ElementApiError(ElementErrorName.xInvalidParameter, 'drives: at least one drive ID is required');
  const repeated = driveIDs.find((id, i) => driveIDs.indexOf(id) !== i);
  if (repeated !== undefined) throw new ElementApiError(ElementErrorName.xInvalidParameter, `drives: drive ID ${repeated} is given more than once`);
  return driveIDs.map((id) => {
    const record = Number.isInteger(id) ? ctx.db.get<DriveRecord>(drivePath(id)) : undefined;
    if (record === undefined) throw new ElementApiError(ElementErrorName.xDriveIDDoesNotExist, `Drive ID ${id} does not exist`);
    const status = listedStatus(record, drivePresence(ctx.nodes, record));
    const takes = `${method} takes ${statuses.join(' or ')} drives only`;
    if (status === undefined) throw new ElementApiError(ElementErrorName.xAPINotPermitted, `Drive ${id} is not in node ${record.nodeID} (slot ${record.slot} is empty); ${takes}`);
    if (!statuses.includes(status)) throw new ElementApiError(ElementErrorName.xAPINotPermitted, `Drive ${id} is ${status}; ${takes}`);
    return record;
  });
}

/** One driveEvent per drive: `Drive 5 added to the cluster`. */
function driveEvents(ctx: ServiceContext, records: readonly DriveRecord[], what: string): void {
  for (const r of records) {
    ctx.events.record({ type: 'driveEvent', message: `Drive ${r.driveID} ${what}`, nodeID: r.nodeID, driveIDs: [r.driveID], details: { serial: r.serial, slot: r.slot } });
  }
}

function setStatus(tx: DbTransaction, record: DriveRecord, status: DriveRecordStatus): DriveRecord {
  const next = { ...record, status };
  tx.put(drivePath(record.driveID), next);
  return next;
}

function driveOutcome(d: DriveRecord): { driveID: number; nodeID: number; status: DriveRecordStatus } {
  return { driveID: d.driveID, nodeID: d.nodeID, status: d.status };
}
