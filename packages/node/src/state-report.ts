/** What the node tells the master about itself (wire's NodeState): drive lock states and generations, never a key or share. */
import type { DriveStatus } from '@ekmsim/sed';
import type { NodeDrive, NodeState } from '@ekmsim/wire';
import type { DriveBay } from './drive-bays.js';
import type { NodeStore } from './node-store.js';

export type Phase = NodeState['phase'];

export interface UnlockProgress {
  readonly phase: Phase;
  /** Why the last unlock attempt failed (no secret in it). */
  readonly unlockError: string | null;
  readonly unlockAttempts: number;
}

export function reportState(store: NodeStore, bays: readonly DriveBay[], progress: UnlockProgress): NodeState {
  return {
    nodeID: store.nodeID,
    phase: progress.phase,
    drives: bays.map((bay) => reportDrive(store, bay)),
    generations: store.generations.map((g) => ({ generation: g.generation, mode: g.mode, holdsShare: g.mode === 'internal' })),
    unlockError: progress.unlockError,
    unlockAttempts: progress.unlockAttempts,
  };
}

function reportDrive(store: NodeStore, bay: DriveBay): NodeDrive {
  const { drive } = bay;
  const record = store.drive(bay.serial);
  const keyGeneration = record?.keyGeneration ?? null;
  const status = statusOf(bay);
  return {
    serial: bay.serial,
    slot: bay.slot,
    model: drive.label.model,
    firmware: drive.label.firmware,
    capacity: drive.label.capacityBytes,
    blockSize: drive.blockSize,
    blockCount: drive.blockCount,
    fips: drive.label.fips,
    // A drive that failed (or is off) answers nothing: reported locked, secured as its record says.
    securityEnabled: status?.lockingEnabled ?? keyGeneration !== null,
    locked: status?.locked ?? true,
    atMaximum: status?.atMaximum ?? false,
    // Admin1's PIN is the AK: its Tries are the ones a wrong key burns (the dashboard's "tries left").
    admin1Tries: status?.authorities.Admin1?.tries ?? 0,
    admin1TryLimit: status?.authorities.Admin1?.tryLimit ?? 0,
    keyGeneration,
    switching: record?.switching ?? null,
    erasing: bay.erasing,
  };
}

function statusOf(bay: DriveBay): DriveStatus | undefined {
  try {
    return bay.drive.getStatus();
  } catch {
    return undefined;
  }
}
