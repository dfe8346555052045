/**
 * The cluster's event log (ListEvents): Element's event object, appended to the `events` table of
 * the cluster database as things happen and read back with Element's filters, oldest first.
 * Event IDs increase and are never reused. Messages and details are built from IDs, names and
 * failure descriptions only: never a key, a share or a private key.
 */
import type Database from 'better-sqlite3';
import type { Clock, Logger } from '@ekmsim/core';
import { ElementApiError, ElementErrorName } from '../element-error.js';
import { elementTimestamp } from '../logs/line-format.js';
import type { ClusterEvent, ListEventsFilter } from '../model.js';

/** Element's `eventInfoType` values (the event object's list); the simulator uses only these. */
export const EVENT_TYPES = [
  'apiEvent', 'binAssignmentsEvent', 'binSyncEvent', 'bsCheckEvent', 'bsKillEvent', 'bulkOpEvent', 'cloneEvent',
  'clusterMasterEvent', 'cSumEvent', 'dataEvent', 'dbEvent', 'driveEvent', 'encryptionAtRestEvent', 'ensembleEvent',
  'fibreChannelEvent', 'gcEvent', 'ieEvent', 'installEvent', 'iSCSIEvent', 'limitEvent', 'maintenanceModeEvent',
  'networkEvent', 'platformHardwareEvent', 'remoteClusterEvent', 'schedulerEvent', 'serviceEvent', 'sliceEvent',
  'snmpTrapEvent', 'statEvent', 'tsEvent', 'unexpectedException', 'ureEvent', 'vasaProviderEvent',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type EventDetails = Readonly<Record<string, string | number | boolean | null | readonly number[]>>;

export interface NewEvent {
  readonly type: EventType;
  readonly message: string;
  readonly details?: EventDetails;
  readonly nodeID?: number;
  readonly serviceID?: number;
  readonly driveIDs?: readonly number[];
}

export interface EventLog {
  /** Appends an event stamped with the clock; a failure to write is logged, never thrown at the caller. */
  record(event: NewEvent): void;
  list(filter: ListEventsFilter): ClusterEvent[];
}

interface Row {
  eventID: number;
  eventInfoType: string;
  message: string;
  details: string | null;
  nodeID: number;
  serviceID: number;
  driveIDs: string;
  reportMs: number;
  publishMs: number;
}

export function createEventLog(db: Database.Database, clock: Clock, logger: Logger): EventLog {
  const insert = db.prepare(
    'INSERT INTO events (eventInfoType, message, details, nodeID, serviceID, driveIDs, reportMs, publishMs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return {
    record(e) {
      const now = clock.now();
      try {
        insert.run(e.type, e.message, e.details === undefined ? null : JSON.stringify(e.details), e.nodeID ?? 0, e.serviceID ?? 0, JSON.stringify(e.driveIDs ?? []), now, now);
      } catch (error) {
        // The master is closing (the database is gone): the event is lost, the caller goes on.
        logger.log('warn', `Event not recorded (${e.type}: ${e.message}): ${error instanceof Error ? error.message : String(error)}`, { component: 'DB' });
      }
    },
    list(filter) {
      const { where, params } = conditions(filter);
      const limit = filter.maxEvents === undefined ? '' : ' LIMIT ?';
      if (filter.maxEvents !== undefined) params.push(filter.maxEvents);
      const sql = `SELECT * FROM events${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY eventID${limit}`;
      return (db.prepare(sql).all(...params) as Row[]).map(view);
    },
  };
}

function conditions(f: ListEventsFilter): { where: string[]; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: string, value: string | number): void => {
    where.push(clause);
    params.push(value);
  };
  if (f.eventType !== undefined) {
    if (!(EVENT_TYPES as readonly string[]).includes(f.eventType)) {
      throw new ElementApiError(ElementErrorName.xInvalidParameter, `eventType: ${JSON.stringify(f.eventType)} is not an event type (${EVENT_TYPES.join(', ')})`);
    }
    add('eventInfoType = ?', f.eventType);
  }
  if (f.startEventID !== undefined) add('eventID >= ?', f.startEventID);
  if (f.endEventID !== undefined) add('eventID <= ?', f.endEventID);
  if (f.nodeID !== undefined) add('nodeID = ?', f.nodeID);
  if (f.serviceID !== undefined) add('serviceID = ?', f.serviceID);
  if (f.driveID !== undefined) add('EXISTS (SELECT 1 FROM json_each(driveIDs) WHERE value = ?)', f.driveID);
  // "Reported after" / "earlier than": both bounds exclusive, as the parameters are worded.
  if (f.startReportTime !== undefined) add('reportMs > ?', timeParam('startReportTime', f.startReportTime));
  if (f.endReportTime !== undefined) add('reportMs < ?', timeParam('endReportTime', f.endReportTime));
  if (f.startPublishTime !== undefined) add('publishMs > ?', timeParam('startPublishTime', f.startPublishTime));
  if (f.endPublishTime !== undefined) add('publishMs < ?', timeParam('endPublishTime', f.endPublishTime));
  return { where, params };
}

/** An ISO 8601 time as milliseconds (Element's microseconds are cut to the clock's milliseconds). */
function timeParam(name: string, text: string): number {
  const ms = /^\d{4}-\d\d-\d\dT/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new ElementApiError(ElementErrorName.xInvalidParameter, `${name}: ${JSON.stringify(text)} is not an ISO 8601 time such as 2026-11-28T04:50:01.123000Z`);
  return ms;
}

function view(r: Row): ClusterEvent {
  const driveIDs = JSON.parse(r.driveIDs) as number[];
  return {
    eventID: r.eventID,
    eventInfoType: r.eventInfoType,
    message: r.message,
    details: r.details === null ? '' : (JSON.parse(r.details) as Record<string, unknown>),
    nodeID: r.nodeID,
    serviceID: r.serviceID,
    driveID: driveIDs[0] ?? 0,
    driveIDs,
    severity: 0,
    timeOfReport: elementTimestamp(r.reportMs),
    timeOfPublish: elementTimestamp(r.publishMs),
  };
}
