/**
 * An in-memory cluster for the API's tests: nodes that power off and on, drives with a status,
 * a lock and media. It backs both the fake master (drives, nodes, async results) and the test
 * SimControl (power, host I/O), so a call on one endpoint shows on the other. Small but real:
 * state changes, and failures are ElementApiErrors with the names the real parts use. The media
 * "encryption" is an XOR with a per-drive byte: enough for raw media to differ from what was
 * written, and to change on a secure erase.
 */
import { seededRng, uuidV4, type Rng } from '@ekmsim/core';
import { ElementApiError, type DriveStatusName } from '@ekmsim/master';
import type { NodeState } from '@ekmsim/wire';

export const FAKE_BLOCK_BYTES = 4096;
export const FAKE_BLOCKS_PER_DRIVE = 1024;

export interface FakeNode {
  readonly nodeID: number;
  readonly uuid: string;
  online: boolean;
}

export interface FakeDrive {
  readonly driveID: number;
  readonly nodeID: number;
  readonly slot: number;
  readonly serial: string;
  status: DriveStatusName;
  /** Global Range read- and write-locked (as after a power cycle with EAR on). */
  locked: boolean;
  mediaKey: number;
  /** Raw media by LBA (what is written, XORed with mediaKey). */
  readonly media: Map<number, Buffer>;
}

export class FakeCluster {
  readonly nodes: FakeNode[] = [];
  readonly drives: FakeDrive[] = [];
  /** When true, powering a node on leaves its drives locked (its AK cannot be obtained). */
  keyUnavailable = false;
  readonly #rng: Rng;

  constructor(options: { readonly nodes?: number; readonly drivesPerNode?: number; readonly seed?: number } = {}) {
    this.#rng = seededRng(options.seed ?? 7);
    const perNode = options.drivesPerNode ?? 2;
    for (let n = 1; n <= (options.nodes ?? 2); n++) {
      this.nodes.push({ nodeID: n, uuid: uuidV4(this.#rng), online: true });
      for (let slot = 0; slot < perNode; slot++) {
        const driveID = (n - 1) * perNode + slot + 1;
        this.drives.push({ driveID, nodeID: n, slot, serial: `SIM-${n}-${slot}`, status: 'available', locked: false, mediaKey: this.#newMediaKey(), media: new Map() });
      }
    }
  }

  node(nodeID: number): FakeNode {
    const node = this.nodes.find((n) => n.nodeID === nodeID);
    if (node === undefined) throw new ElementApiError('xSimNodeDoesNotExist', `node ${nodeID} is not in the cluster`);
    return node;
  }

  drive(driveID: number): FakeDrive {
    const drive = this.drives.find((d) => d.driveID === driveID);
    if (drive === undefined) throw new ElementApiError('xDriveIDDoesNotExist', `drive ${driveID} does not exist`);
    return drive;
  }

  drivesOf(nodeID: number): FakeDrive[] {
    return this.drives.filter((d) => d.nodeID === nodeID);
  }

  powerOff(nodeID: number): void {
    this.node(nodeID).online = false;
    for (const d of this.drivesOf(nodeID)) d.locked = true;
  }

  powerOn(nodeID: number): void {
    this.node(nodeID).online = true;
    for (const d of this.drivesOf(nodeID)) d.locked = this.keyUnavailable;
  }

  /** Crypto erase: a new media key, so what was on the media no longer reads back. */
  erase(driveID: number): void {
    this.drive(driveID).mediaKey = this.#newMediaKey();
  }

  write(driveID: number, lba: number, data: Buffer): void {
    const drive = this.#reachable(driveID);
    const blocks = data.length / FAKE_BLOCK_BYTES;
    this.#checkRange(drive, lba, blocks);
    if (drive.locked) throw locked(drive, 'write', lba);
    for (let i = 0; i < blocks; i++) {
      const block = Buffer.from(data.subarray(i * FAKE_BLOCK_BYTES, (i + 1) * FAKE_BLOCK_BYTES));
      drive.media.set(lba + i, xor(block, drive.mediaKey));
    }
  }

  /** Host read (`raw` false: refused while locked) or the media as stored (`raw` true). */
  read(driveID: number, lba: number, blocks: number, raw: boolean): Buffer {
    const drive = this.#reachable(driveID);
    this.#checkRange(drive, lba, blocks);
    if (!raw && drive.locked) throw locked(drive, 'read', lba);
    const out: Buffer[] = [];
    for (let i = 0; i < blocks; i++) {
      const stored = drive.media.get(lba + i) ?? Buffer.alloc(FAKE_BLOCK_BYTES);
      out.push(raw ? stored : xor(stored, drive.mediaKey));
    }
    return Buffer.concat(out);
  }

  /** What the node reports (GetNodeState's `node`). */
  nodeState(nodeID: number): NodeState {
    const drives = this.drivesOf(nodeID);
    return {
      nodeID,
      phase: drives.some((d) => d.locked) ? 'locked' : 'ready',
      drives: drives.map((d) => ({
        serial: d.serial,
        slot: d.slot,
        model: 'KCD5FLUG1T92',
        firmware: '0109',
        capacity: FAKE_BLOCKS_PER_DRIVE * FAKE_BLOCK_BYTES,
        blockSize: FAKE_BLOCK_BYTES,
        blockCount: FAKE_BLOCKS_PER_DRIVE,
        fips: true,
        securityEnabled: false,
        locked: d.locked,
        atMaximum: false,
        admin1Tries: 0,
        admin1TryLimit: 0,
        keyGeneration: null,
        switching: null,
        erasing: d.status === 'erasing',
      })),
      generations: [],
      unlockError: drives.some((d) => d.locked) ? 'no key for generation 1' : null,
      unlockAttempts: 0,
    };
  }

  #reachable(driveID: number): FakeDrive {
    const drive = this.drive(driveID);
    if (!this.node(drive.nodeID).online) throw new ElementApiError('xSimNodeOffline', `drive ${driveID}: node ${drive.nodeID} is powered off`);
    return drive;
  }

  #checkRange(drive: FakeDrive, lba: number, blocks: number): void {
    if (lba + blocks > FAKE_BLOCKS_PER_DRIVE) {
      throw new ElementApiError('xSimDriveIOError', `drive ${drive.driveID}: LBA ${lba} + ${blocks} blocks is past the last block ${FAKE_BLOCKS_PER_DRIVE - 1}`);
    }
  }

  #newMediaKey(): number {
    return (this.#rng.bytes(1)[0] ?? 0) | 1; // never 0, so raw media always differs from the data
  }
}

function locked(drive: FakeDrive, access: 'read' | 'write', lba: number): ElementApiError {
  return new ElementApiError('xSimDriveLocked', `drive ${drive.driveID}: ${access} refused at LBA ${lba}: locking range Global is ${access}-locked`);
}

function xor(block: Buffer, key: number): Buffer {
  return Buffer.from(block.map((b) => b ^ key));
}
