/**
 * The cluster faults in the cluster database, and how an evaluation updates them. Each check
 * says what it finds now (observations, each naming its cause) and which causes it answers for;
 * `reconcile` then, in one write:
 * - raises a fault for a cause with no current fault (a new clusterFaultID, `date` now);
 * - updates a current fault in place when only its details changed (days left, nodes listed);
 * - resolves the current fault and raises a new one when the severity changed, so a certificate's
 *   warning → error → critical walk shows as separate faults, as Element lists them;
 * - resolves a current fault of its causes that it no longer finds (resolved, resolvedDate now).
 * Resolved faults stay listed until ClearClusterFaults.
 */
import type { Clock } from '@ekmsim/core';
import type { ClusterDb, DbTransaction } from '../db/cluster-db.js';
import { DB_PATHS, faultPath, type FaultRecord } from '../db/layout.js';
import { elementTimestamp } from '../logs/line-format.js';
import type { ClusterFault, FaultSeverity, FaultType, FaultTypes, ListClusterFaultsParams } from '../model.js';
import { takeId } from '../service/lookup.js';

/** A problem a check finds now. */
export interface Observation {
  /** What it is about, stable across evaluations: `driveFailed/7`. */
  readonly cause: string;
  readonly code: string;
  readonly severity: FaultSeverity;
  readonly type: FaultType;
  readonly details: string;
  readonly data?: Readonly<Record<string, unknown>> | null;
  readonly nodeID?: number;
  readonly driveIDs?: readonly number[];
  readonly serviceID?: number;
  readonly recoveringSince?: number;
}

export interface CheckResult {
  readonly observed: readonly Observation[];
  /** The causes the check answers for: a current fault among them that it did not observe is resolved. */
  readonly owns: (cause: string) => boolean;
}

export type FaultChange = 'raised' | 'resolved';

export class FaultStore {
  readonly #db: ClusterDb;
  readonly #clock: Clock;
  readonly #changed: (change: FaultChange, fault: FaultRecord) => void;

  constructor(db: ClusterDb, clock: Clock, changed: (change: FaultChange, fault: FaultRecord) => void) {
    this.#db = db;
    this.#clock = clock;
    this.#changed = changed;
  }

  all(): FaultRecord[] {
    return this.#db.children<FaultRecord>(DB_PATHS.faults);
  }

  /** The unresolved fault of `cause`, if any. */
  current(cause: string): FaultRecord | undefined {
    return this.all().find((f) => !f.resolved && f.cause === cause);
  }

  reconcile(check: CheckResult): void {
    const stamp = elementTimestamp(this.#clock.now());
    const changes: [FaultChange, FaultRecord][] = [];
    this.#db.write((tx) => {
      const open = this.all().filter((f) => !f.resolved && check.owns(f.cause));
      const kept = new Set<number>();
      const seen = new Set<string>();
      for (const o of check.observed) {
        if (seen.has(o.cause)) continue; // one fault per cause: the first observation counts
        seen.add(o.cause);
        const existing = open.find((f) => f.cause === o.cause);
        if (existing !== undefined && existing.code === o.code && existing.severity === o.severity) {
          kept.add(existing.clusterFaultID);
          const updated = withObservation(existing, o);
          if (JSON.stringify(updated) !== JSON.stringify(existing)) tx.put(faultPath(existing.clusterFaultID), updated);
          continue;
        }
        const raised = raise(tx, o, stamp);
        changes.push(['raised', raised]);
      }
      for (const f of open) {
        if (kept.has(f.clusterFaultID)) continue;
        const resolved: FaultRecord = { ...f, resolved: true, resolvedDate: stamp };
        tx.put(faultPath(f.clusterFaultID), resolved);
        changes.push(['resolved', resolved]);
      }
    });
    // Resolutions first, so an event log reads "resolved (warning), raised (error)".
    for (const [change, fault] of [...changes].sort((a, b) => (a[0] === b[0] ? 0 : a[0] === 'resolved' ? -1 : 1))) this.#changed(change, fault);
  }

  list(params: ListClusterFaultsParams): ClusterFault[] {
    const types = params.faultTypes ?? 'all';
    return this.all()
      .filter((f) => matches(f, types) && (params.bestPractices === true || f.severity !== 'bestPractice'))
      .map(view);
  }

  /** Removes the faults of `faultTypes`; resolves with how many went. */
  clear(faultTypes: FaultTypes): number {
    const gone = this.all().filter((f) => matches(f, faultTypes));
    if (gone.length > 0) this.#db.write((tx) => gone.forEach((f) => tx.remove(faultPath(f.clusterFaultID))));
    return gone.length;
  }
}

function matches(f: FaultRecord, types: FaultTypes): boolean {
  return types === 'all' || (types === 'resolved') === f.resolved;
}

function raise(tx: DbTransaction, o: Observation, stamp: string): FaultRecord {
  const clusterFaultID = takeId(tx, DB_PATHS.faultIds);
  const record = withObservation(
    { clusterFaultID, cause: o.cause, code: o.code, severity: o.severity, type: o.type, details: '', data: null, date: stamp, resolved: false, resolvedDate: '', nodeID: 0, driveIDs: [], serviceID: 0 },
    o,
  );
  tx.put(faultPath(clusterFaultID), record);
  return record;
}

/** The fault's changing parts as the observation says them now. */
function withObservation(f: FaultRecord, o: Observation): FaultRecord {
  return {
    clusterFaultID: f.clusterFaultID,
    cause: f.cause,
    code: f.code,
    severity: f.severity,
    type: f.type,
    date: f.date,
    resolved: f.resolved,
    resolvedDate: f.resolvedDate,
    details: o.details,
    data: o.data ?? null,
    nodeID: o.nodeID ?? 0,
    driveIDs: [...(o.driveIDs ?? [])],
    serviceID: o.serviceID ?? 0,
    ...(o.recoveringSince === undefined ? {} : { recoveringSince: o.recoveringSince }),
  };
}

function view(f: FaultRecord): ClusterFault {
  return {
    clusterFaultID: f.clusterFaultID,
    code: f.code,
    severity: f.severity,
    type: f.type,
    details: f.details,
    data: f.data === null ? null : { ...f.data },
    date: f.date,
    resolved: f.resolved,
    resolvedDate: f.resolvedDate,
    nodeID: f.nodeID,
    driveID: f.driveIDs[0] ?? 0,
    driveIDs: [...f.driveIDs],
    serviceID: f.serviceID,
    nodeHardwareFaultID: 0,
    externalSource: '',
    networkInterface: '',
  };
}
