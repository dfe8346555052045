/**
 * sliceServiceUnhealthy (TR-4843 §9.2's second case): a metadata drive (type `volume`, the slice
 * service's drive) that stays locked at boot past a grace period is marked failed and placed in
 * `available` in the drive table (a driveEvent each), and its slice service is unhealthy. The
 * recovery §9.2 gives: re-add the drive (AddDrives); once it is active and unlocked the slice
 * service resyncs, and the fault clears after SLICE_RECOVERY_MS of the master's clock ("after 3 to
 * 4 minutes, check that the fault has cleared"; evaluations run every 30 s).
 *
 * The slice service is numbered after its metadata drive (serviceID = driveID): the simulator
 * has no services of its own to number.
 */
import type { ClusterDb } from '../db/cluster-db.js';
import { DB_PATHS, drivePath, type DriveRecord } from '../db/layout.js';
import type { EventLog } from '../events/event-log.js';
import type { MasterNodes } from '../nodes/node-fabric.js';
import type { CheckResult, FaultStore, Observation } from './fault-store.js';

export const SLICE_SERVICE_UNHEALTHY = 'sliceServiceUnhealthy';
/** How long a metadata drive may stay locked at boot: Element's 6-minute slice-service warning period. */
export const METADATA_LOCK_GRACE_MS = 6 * 60_000;
/** Resync after the drive is re-added and unlocked (§9.2: cleared 3 to 4 minutes later). */
export const SLICE_RECOVERY_MS = 3 * 60_000;

export interface SliceParts {
  readonly db: ClusterDb;
  readonly nodes: MasterNodes;
  readonly events: EventLog;
  readonly store: FaultStore;
}

export class SliceWatch {
  readonly #parts: SliceParts;
  /** Metadata drives seen locked, and since when (the master's clock); memory only. */
  readonly #lockedSince = new Map<number, number>();

  constructor(parts: SliceParts) {
    this.#parts = parts;
  }

  evaluate(now: number): CheckResult {
    const { db, store } = this.#parts;
    const observed: Observation[] = [];
    for (const drive of db.children<DriveRecord>(DB_PATHS.drives).filter((d) => d.type === 'volume')) {
      const locked = this.#lockedNow(drive);
      if (!locked) this.#lockedSince.delete(drive.driveID);
      const cause = `${SLICE_SERVICE_UNHEALTHY}/${drive.driveID}`;
      if (drive.status === 'active' && locked === true) {
        const since = this.#lockedSince.get(drive.driveID) ?? now;
        this.#lockedSince.set(drive.driveID, since);
        if (now - since >= METADATA_LOCK_GRACE_MS) {
          this.#fail(drive, now - since);
          this.#lockedSince.delete(drive.driveID);
          observed.push(observation(drive, 'failed'));
          continue;
        }
      }
      const fault = store.current(cause);
      if (fault === undefined) continue;
      if (drive.status === 'active' && locked === false) {
        // Re-added and unlocked: the slice service resyncs, then the fault clears.
        const since = fault.recoveringSince ?? now;
        if (now - since < SLICE_RECOVERY_MS) observed.push({ ...observation(drive, 'recovering'), recoveringSince: since });
      } else {
        observed.push(observation(drive, 'failed'));
      }
    }
    return { observed, owns: (cause) => cause.startsWith(`${SLICE_SERVICE_UNHEALTHY}/`) };
  }

  /** true: its node reports it locked; false: reported unlocked; undefined: its node is offline or silent. */
  #lockedNow(drive: DriveRecord): boolean | undefined {
    const { nodes } = this.#parts;
    if (!nodes.isOnline(drive.nodeID)) return undefined;
    return nodes.lastState(drive.nodeID)?.drives.find((d) => d.serial === drive.serial)?.locked;
  }

  /** Marks the drive failed, then available (one write), with a driveEvent for each step. */
  #fail(drive: DriveRecord, lockedMs: number): void {
    const { db, events } = this.#parts;
    db.write((tx) => tx.put(drivePath(drive.driveID), { ...drive, status: 'available' } satisfies DriveRecord));
    const common = { nodeID: drive.nodeID, driveIDs: [drive.driveID], details: { serial: drive.serial, slot: drive.slot } } as const;
    events.record({ ...common, type: 'driveEvent', message: `Drive ${drive.driveID} failed: metadata drive locked at boot for ${Math.round(lockedMs / 1000)} s` });
    events.record({ ...common, type: 'driveEvent', message: `Drive ${drive.driveID} placed in available; re-add it with AddDrives` });
  }
}

function observation(drive: DriveRecord, stage: 'failed' | 'recovering'): Observation {
  const what =
    stage === 'failed'
      ? `its metadata drive ${drive.driveID} (slot ${drive.slot}) stayed locked at boot, was marked failed and placed in available. ` +
        'Re-add the drive with AddDrives once the node can unlock it (TR-4843 §9.2); the fault clears 3 to 4 minutes later.'
      : `its metadata drive ${drive.driveID} (slot ${drive.slot}) was re-added; the slice service is resyncing and the fault clears within about 3 minutes.`;
  return {
    cause: `${SLICE_SERVICE_UNHEALTHY}/${drive.driveID}`,
    code: SLICE_SERVICE_UNHEALTHY,
    severity: 'error',
    type: 'service',
    nodeID: drive.nodeID,
    driveIDs: [drive.driveID],
    serviceID: drive.driveID,
    details: `Slice service ${drive.driveID} on node ${drive.nodeID} is unhealthy: ${what}`,
    data: { stage },
  };
}
