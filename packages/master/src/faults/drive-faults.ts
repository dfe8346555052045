/**
 * driveFailed, one fault per drive and reason:
 * - **locked** (`driveFailed/<driveID>`): "the drive is locked and the authentication key for the
 *   drive cannot be acquired" (Element's fault codes; TR-4843 §9.2's first case): an online node
 *   that has given up unlocking for now (phase `locked`) reports the drive still locked. Resolves
 *   when the node reports it unlocked.
 * - **missing** (`driveFailed/<driveID>/missing`): an active drive its online node does not report
 *   (pulled out, stolen: what ListDrives shows `failed`). Resolves when the node reports it again,
 *   or once it is no longer active (RemoveDrives), even while its node is offline: a drive out of
 *   the cluster is no failure of the cluster.
 * A node that is offline says nothing, so its drives' faults otherwise stay as they were until it
 * reports again.
 */
import type { NodeState } from '@ekmsim/wire';
import type { ClusterDb } from '../db/cluster-db.js';
import { DB_PATHS, type DriveRecord } from '../db/layout.js';
import { drivePresence, missingDriveDetail } from '../nodes/drive-presence.js';
import type { MasterNodes } from '../nodes/node-fabric.js';
import type { CheckResult, Observation } from './fault-store.js';

export const DRIVE_FAILED_FAULT = 'driveFailed';
const CAUSE = /^driveFailed\/(\d+)(\/missing)?$/;

export function driveFaults(db: ClusterDb, nodes: MasterNodes): CheckResult {
  const drives = db.children<DriveRecord>(DB_PATHS.drives);
  const online = new Set(nodes.onlineNodeIDs());
  const observed: Observation[] = [];
  for (const nodeID of online) {
    const state = nodes.lastState(nodeID);
    if (state === null) continue;
    observed.push(...lockedDrives(drives, nodeID, state));
    observed.push(...missingDrives(drives.filter((r) => r.nodeID === nodeID), nodes));
  }
  const byID = new Map(drives.map((r) => [r.driveID, r]));
  return {
    observed,
    owns: (cause) => {
      const match = CAUSE.exec(cause);
      if (match === null) return false;
      const drive = byID.get(Number(match[1]));
      if (drive === undefined || online.has(drive.nodeID)) return true;
      return match[2] !== undefined && drive.status !== 'active';
    },
  };
}

function lockedDrives(drives: readonly DriveRecord[], nodeID: number, state: NodeState): Observation[] {
  if (state.phase !== 'locked') return [];
  return state.drives.flatMap((d): Observation[] => {
    const record = drives.find((r) => r.serial === d.serial);
    if (!d.locked || record === undefined) return [];
    return [{
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
    }];
  });
}

/** Active drives of the node that its report does not list. */
function missingDrives(drives: readonly DriveRecord[], nodes: MasterNodes): Observation[] {
  return drives
    .filter((r) => r.status === 'active' && drivePresence(nodes, r) === 'missing')
    .map((r): Observation => ({
      cause: `${DRIVE_FAILED_FAULT}/${r.driveID}/missing`,
      code: DRIVE_FAILED_FAULT,
      severity: 'error',
      type: 'drive',
      nodeID: r.nodeID,
      driveIDs: [r.driveID],
      details: `${missingDriveDetail(r)}. Reinsert the drive, or remove it from the cluster with RemoveDrives.`,
      data: { reason: 'missing', serial: r.serial, slot: r.slot },
    }));
}
