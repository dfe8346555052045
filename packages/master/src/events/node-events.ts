/**
 * Events from the nodes' comings and goings and from what they report: a node added, online or
 * offline (`clusterMasterEvent`: cluster configuration changes such as adding or removing nodes),
 * a drive that locks or unlocks, or goes missing from its node or appears in it (`driveEvent`),
 * and a node that gives up unlocking for now (`encryptionAtRestEvent`, with the reason it
 * reported, which never holds a secret).
 */
import type { NodeDrive, NodeState } from '@ekmsim/wire';
import type { ClusterDb } from '../db/cluster-db.js';
import { DB_PATHS, type DriveRecord } from '../db/layout.js';
import type { NodeChange } from '../nodes/node-fabric.js';
import type { EventLog } from './event-log.js';

export function recordNodeChange(db: ClusterDb, events: EventLog, change: NodeChange): void {
  const { nodeID } = change;
  if (change.kind === 'offline') {
    events.record({ type: 'clusterMasterEvent', message: `Node ${nodeID} is offline`, nodeID });
    return;
  }
  if (change.kind === 'online') {
    events.record({
      type: 'clusterMasterEvent',
      message: change.firstJoin ? `Node ${nodeID} added to the cluster` : `Node ${nodeID} is online`,
      nodeID,
      details: { phase: change.after.phase, drives: change.after.drives.length },
    });
  }
  recordDriveLocks(db, events, nodeID, change.before, change.after);
  recordDrivePresence(db, events, nodeID, change.before, change.after);
  if (change.after.phase === 'locked' && change.before?.phase !== 'locked') {
    events.record({
      type: 'encryptionAtRestEvent',
      message: `Node ${nodeID} cannot unlock its drives yet: ${change.after.unlockError ?? 'no reason reported'}`,
      nodeID,
      details: { unlockAttempts: change.after.unlockAttempts },
    });
  }
}

/** A drive whose lock state differs from what the node said before (or locked at its first report). */
function recordDriveLocks(db: ClusterDb, events: EventLog, nodeID: number, before: NodeState | null, after: NodeState): void {
  const records = db.children<DriveRecord>(DB_PATHS.drives);
  for (const drive of after.drives) {
    const previous = before?.drives.find((d) => d.serial === drive.serial);
    const wasLocked = previous?.locked ?? false;
    if (drive.locked === wasLocked) continue;
    const driveID = records.find((r) => r.serial === drive.serial)?.driveID;
    events.record({
      type: 'driveEvent',
      message: `${describe(driveID, drive)} on node ${nodeID} ${drive.locked ? 'locked' : 'unlocked'}`,
      nodeID,
      driveIDs: driveID === undefined ? [] : [driveID],
      details: { serial: drive.serial, slot: drive.slot, keyGeneration: drive.keyGeneration },
    });
  }
}

/** A drive the node reported before and does not now (pulled out), or the other way round (put in). */
function recordDrivePresence(db: ClusterDb, events: EventLog, nodeID: number, before: NodeState | null, after: NodeState): void {
  if (before === null) return; // nothing to compare with: the master's first report of this node
  const records = db.children<DriveRecord>(DB_PATHS.drives);
  const has = (state: NodeState, serial: string): boolean => state.drives.some((d) => d.serial === serial);
  const moves = [
    ...before.drives.filter((d) => !has(after, d.serial)).map((d) => ({ drive: d, what: 'is missing from' })),
    ...after.drives.filter((d) => !has(before, d.serial)).map((d) => ({ drive: d, what: 'appeared in' })),
  ];
  for (const { drive, what } of moves) {
    const driveID = records.find((r) => r.serial === drive.serial)?.driveID;
    events.record({
      type: 'driveEvent',
      message: `${describe(driveID, drive)} ${what} node ${nodeID}`,
      nodeID,
      driveIDs: driveID === undefined ? [] : [driveID],
      details: { serial: drive.serial, slot: drive.slot },
    });
  }
}

function describe(driveID: number | undefined, d: NodeDrive): string {
  return driveID === undefined ? `Drive ${d.serial} (slot ${d.slot})` : `Drive ${driveID} (slot ${d.slot})`;
}
