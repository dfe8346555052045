/**
 * The node's drive bays: one self-encrypting drive per slot, each in `dataDir/drives/<serial>/`.
 * Opening a drive is powering it on: a drive with locking enabled comes up locked. A bay may be
 * empty (the drive was pulled): the node runs without that drive until it is put back.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Rng } from '@ekmsim/core';
import { createDrive, openDrive, RECORD_FILE, type SelfEncryptingDrive } from '@ekmsim/sed';
import { NODE_STORE_ERROR_CODES, NodeStoreError } from './errors.js';
import type { DriveRecord } from './node-store.js';

export const DRIVES_DIR = 'drives';
/** wire's NodeState carries at most 64 drives. */
export const MAX_DRIVES = 64;

export interface DriveBay {
  readonly slot: number;
  readonly serial: string;
  readonly drive: SelfEncryptingDrive;
  /** A crypto erase is under way (reported to the master). */
  erasing: boolean;
}

/** Printable ASCII, at most 20 characters (the NVMe serial field), unique per node and slot: `SIM-N004-S07`. */
export function driveSerial(nodeID: number, slot: number): string {
  return `SIM-N${String(nodeID).padStart(3, '0')}-S${String(slot).padStart(2, '0')}`;
}

export function driveDir(dataDir: string, serial: string): string {
  return join(dataDir, DRIVES_DIR, serial);
}

/**
 * Factory-new drives for slots 0..count−1. A drive already complete on disk is kept: it is one a
 * first start made before losing power, still factory-new because nothing used it yet.
 */
export function createFactoryDrives(
  o: { readonly dataDir: string; readonly nodeID: number; readonly count: number; readonly clock: Clock; readonly rng: Rng; readonly model?: string; readonly capacityBytes?: number },
): DriveRecord[] {
  if (!Number.isSafeInteger(o.count) || o.count < 1 || o.count > MAX_DRIVES) throw new RangeError(`drives.count: an integer from 1 to ${MAX_DRIVES}`);
  mkdirSync(join(o.dataDir, DRIVES_DIR), { recursive: true });
  const records: DriveRecord[] = [];
  for (let slot = 0; slot < o.count; slot++) {
    const serial = driveSerial(o.nodeID, slot);
    const dir = driveDir(o.dataDir, serial);
    if (!existsSync(join(dir, RECORD_FILE))) {
      createDrive({
        dir, serial, clock: o.clock, rng: o.rng,
        ...(o.model === undefined ? {} : { model: o.model }),
        ...(o.capacityBytes === undefined ? {} : { capacityBytes: o.capacityBytes }),
      }).powerOff();
    }
    records.push({ serial, slot, keyGeneration: null, switching: null });
  }
  return records;
}

/**
 * Whether the drive is in its bay: its directory holds the drive's record file. A drive pulled
 * out of the node (the simulator moves its directory away) leaves an empty bay.
 */
export function driveInBay(dataDir: string, serial: string): boolean {
  return existsSync(join(driveDir(dataDir, serial), RECORD_FILE));
}

export interface PoweredBays {
  readonly bays: DriveBay[];
  /** Drives the state lists whose bay is empty: kept in node.json, found again once put back. */
  readonly empty: readonly DriveRecord[];
}

/**
 * Powers on every drive the state lists that is in its bay; on a failure the ones already on are
 * powered off again. An empty bay is not a failure (the drive was pulled), but a drive directory
 * that is there and does not open is (a damaged drive must not pass for a missing one).
 */
export function powerOnBays(dataDir: string, records: readonly DriveRecord[], clock: Clock, rng: Rng): PoweredBays {
  const bays: DriveBay[] = [];
  const empty: DriveRecord[] = [];
  try {
    for (const r of records) {
      if (!driveInBay(dataDir, r.serial)) {
        empty.push(r);
        continue;
      }
      let drive: SelfEncryptingDrive;
      try {
        drive = openDrive(driveDir(dataDir, r.serial), { clock, rng });
      } catch (cause) {
        throw new NodeStoreError(NODE_STORE_ERROR_CODES.drive, `drive ${r.serial} (slot ${r.slot}) cannot be powered on: ${(cause as Error).message}`, { cause });
      }
      bays.push({ slot: r.slot, serial: r.serial, drive, erasing: false });
    }
  } catch (e) {
    for (const b of bays) b.drive.powerOff();
    throw e;
  }
  return { bays, empty };
}
