/**
 * What a node's `join` changes in the cluster database: the node's record at its first join
 * (name, UUID and addresses fabricated from its ID), its current sealed-box key, and a cluster
 * driveID for every serial not seen before. A node's first join brings the drives the simulated
 * cluster was created with, so they are `active`; a drive that shows up later is `available`
 * until AddDrives. One write per join.
 */
import { uuidV4, type Clock, type Rng } from '@ekmsim/core';
import type { NodeState } from '@ekmsim/wire';
import type { ClusterDb } from '../db/cluster-db.js';
import { DB_PATHS, drivePath, nodePath, type ClusterIdentityRecord, type DriveRecord, type NodeRecord } from '../db/layout.js';
import { takeId } from '../service/lookup.js';
import { isoSeconds } from '../service/context.js';

export interface JoinRegistration {
  readonly firstJoin: boolean;
  /** The node came back with another sealed-box key (its state was lost or replaced). */
  readonly keyChanged: boolean;
  readonly newDriveIDs: readonly number[];
}

export function registerJoin(db: ClusterDb, clock: Clock, rng: Rng, nodeID: number, publicKey: string, state: NodeState): JoinRegistration {
  return db.write((tx) => {
    const known = tx.get<NodeRecord>(nodePath(nodeID));
    const firstJoin = known === undefined;
    if (known === undefined) {
      const cluster = tx.get<ClusterIdentityRecord>(DB_PATHS.clusterInfo)?.name ?? 'ekmsim';
      tx.put(nodePath(nodeID), {
        nodeID,
        name: `${cluster}-node${nodeID}`,
        uuid: uuidV4(rng),
        publicKey,
        mip: fabricatedAddress(1, nodeID),
        sip: fabricatedAddress(2, nodeID),
        cip: fabricatedAddress(3, nodeID),
        createdTime: isoSeconds(clock.now()),
      } satisfies NodeRecord);
    } else if (known.publicKey !== publicKey) {
      tx.put(nodePath(nodeID), { ...known, publicKey } satisfies NodeRecord);
    }
    const drives = db.children<DriveRecord>(DB_PATHS.drives);
    const newDriveIDs: number[] = [];
    const seen = new Set<string>();
    for (const d of state.drives) {
      if (seen.has(d.serial)) continue; // a node reporting one serial twice: the first one counts
      seen.add(d.serial);
      const existing = drives.find((r) => r.serial === d.serial);
      if (existing !== undefined) {
        if (existing.nodeID !== nodeID || existing.slot !== d.slot || existing.capacity !== d.capacity) {
          tx.put(drivePath(existing.driveID), { ...existing, nodeID, slot: d.slot, capacity: d.capacity } satisfies DriveRecord);
        }
        continue;
      }
      const driveID = takeId(tx, DB_PATHS.driveIds);
      tx.put(drivePath(driveID), {
        driveID,
        nodeID,
        serial: d.serial,
        slot: d.slot,
        capacity: d.capacity,
        status: firstJoin ? 'active' : 'available',
        // Slot 0 holds the node's metadata (slice) drive, as on Element's storage nodes.
        type: d.slot === 0 ? 'volume' : 'block',
        uuid: uuidV4(rng),
      } satisfies DriveRecord);
      newDriveIDs.push(driveID);
    }
    return { firstJoin, keyChanged: known !== undefined && known.publicKey !== publicKey, newDriveIDs };
  });
}

/** 10.<network>.<hi>.<lo>: unique per node ID below 65536; network 1 management, 2 storage, 3 cluster. */
function fabricatedAddress(network: number, nodeID: number): string {
  return `10.${network}.${Math.floor(nodeID / 256) % 256}.${nodeID % 256}`;
}
