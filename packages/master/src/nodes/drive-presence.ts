/**
 * Whether a cluster drive is in its node, as far as the master knows. A node reports the drives
 * in its bays (NodeState), so a drive of the cluster database that its node's last report does
 * not list has been pulled out (removed or stolen). The last report counts even after the node
 * went offline, like the faults it raised: the master knows nothing newer.
 *
 * Element shows a drive pulled while in the cluster (active) as `failed`; a drive that is not in
 * the cluster (available) and not in a node is not listed at all; it shows up again, available,
 * when it is put back.
 */
import type { DriveRecord } from '../db/layout.js';
import type { DriveStatusName } from '../model.js';
import type { MasterNodes } from './node-fabric.js';

/** `unknown`: its node has not reported since the master opened. */
export type DrivePresence = 'present' | 'missing' | 'unknown';

export function drivePresence(nodes: Pick<MasterNodes, 'lastState'>, drive: DriveRecord): DrivePresence {
  const state = nodes.lastState(drive.nodeID);
  if (state === null) return 'unknown';
  return state.drives.some((d) => d.serial === drive.serial) ? 'present' : 'missing';
}

/** ListDrives' status of the drive; undefined: not listed (an available drive that was pulled). */
export function listedStatus(drive: DriveRecord, presence: DrivePresence): DriveStatusName | undefined {
  if (presence !== 'missing') return drive.status;
  switch (drive.status) {
    case 'active':
      return 'failed';
    case 'erasing':
      return 'erasing'; // the node cannot erase it: the erase fails and the drive becomes available
    case 'available':
      return undefined;
  }
}

/** driveFailureDetail and the driveFailed fault's words for a pulled drive (Element's values are not documented). */
export function missingDriveDetail(drive: DriveRecord): string {
  return `Drive ${drive.driveID} (slot ${drive.slot}, serial ${drive.serial}) is missing from node ${drive.nodeID}: it was removed from its slot`;
}
