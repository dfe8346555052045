/**
 * driveFailed for "the drive is locked and the authentication key for the drive cannot be
 * acquired" (Element's fault codes; TR-4843 §9.2's first case): an online node that has given up
 * unlocking for now (phase `locked`) reports each drive still locked. One fault per drive; it
 * resolves when the node reports the drive unlocked. A node that is offline says nothing, so its
 * drives' faults stay as they were until it reports again.
 */
import type { ClusterDb } from '../db/cluster-db.js';
import { DB_PATHS, type DriveRecord } from '../db/layout.js';
import type { MasterNodes } from '../nodes/node-fabric.js';
import type { CheckResult, Observation } from './fault-store.js';

export const DRIVE_FAILED_FAULT = 'driveFailed';

export function driveFaults(db: ClusterDb, nodes: MasterNodes): CheckResult {
  const drives = db.children<DriveRecord>(DB_PATHS.drives);
  const online = new Set(nodes.onlineNodeIDs());
  const observed: Observation[] = [];
  for (const nodeID of online) {
    const state = nodes.lastState(nodeID);
    if (state?.phase !== 'locked') continue;
    for (const d of state.drives) {
      const record = drives.find((r) => r.serial === d.serial);
      if (!d.locked || record === undefined) continue;
      observed.push({
        cause: `${DRIVE_FAILED_FAULT}/${record.driveID}`,
        code: DRIVE_FAILED_FAULT,
        severity: 'error',
        type: 'drive',
        nodeID,
        driveIDs: [record.driveID],
        details:
          `Drive ${record.driveID} (slot ${d.slot}, serial ${d.serial}) on node ${nodeID} is locked and its authentication key cannot be acquired: ` +
          `${state.unlockError ?? 'no reason reported'}. Ensure that the authentication key is available.`,
        data: { unlockAttempts: state.unlockAttempts, keyGeneration: d.keyGeneration },
      });
    }
  }
  const nodeOfDrive = new Map(drives.map((r) => [r.driveID, r.nodeID]));
  return {
    observed,
    owns: (cause) => {
      if (!cause.startsWith(`${DRIVE_FAILED_FAULT}/`)) return false;
      const nodeID = nodeOfDrive.get(Number(cause.slice(DRIVE_FAILED_FAULT.length + 1)));
      return nodeID === undefined || online.has(nodeID);
    },
  };
}
