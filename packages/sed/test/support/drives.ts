/** Drives on scratch directories, a simulated clock and seeded randomness, for the sed tests. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRng, SimulatedClock, utf8Encode, type Rng } from '@ekmsim/core';
import { createDrive, openDrive, SedStatusError, type SedFailureStatus, type SelfEncryptingDrive } from '@ekmsim/sed';
import { afterEach, expect } from 'vitest';

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A temporary directory removed after the test; `memory` puts it on tmpfs when the host has one
 * (fsync is free there: for tests that create thousands of drives and do not test durability).
 */
export function scratchDir(memory = false): string {
  const dir = mkdtempSync(join(memory && existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'ekmsim-sed-'));
  scratch.push(dir);
  return dir;
}

export const clock = new SimulatedClock(Date.UTC(2025, 0, 1));
let seed = 1;
export function rng(): Rng {
  return seededRng(seed++);
}

/** A factory-new drive of 64 MiB (16,384 blocks) in its own directory. */
export function newDrive(opts: { capacityBytes?: number; tryLimit?: number; memory?: boolean } = {}): { drive: SelfEncryptingDrive; dir: string } {
  const { memory, ...rest } = opts;
  const dir = join(scratchDir(memory), 'drive');
  const drive = createDrive({ dir, serial: `SN${seed}`, clock, rng: rng(), capacityBytes: 64 << 20, ...rest });
  return { drive, dir };
}

/** Powers the drive off and on again (what a node restart or a cluster power cycle does). */
export function powerCycle(drive: SelfEncryptingDrive, dir: string): SelfEncryptingDrive {
  drive.powerOff();
  return openDrive(dir, { clock, rng: rng() });
}

/** A 32-byte AK, as Element uses. */
export function ak(): Uint8Array {
  return rng().bytes(32);
}

/** Element's set-up of a drive: SID and Admin1 = AK, Global Range locking with LockOnReset {PowerCycle}. */
export function enableEncryption(drive: SelfEncryptingDrive, key: Uint8Array): void {
  drive.takeOwnership(key);
  drive.activateLockingSp(key);
  drive.setupLockingRange('Admin1', key, { readLockEnabled: true, writeLockEnabled: true, lockOnReset: ['PowerCycle'] });
}

/** `n` 4 KiB blocks of a recognisable text pattern. */
export function pattern(text: string, blocks: number): Uint8Array {
  const out = new Uint8Array(blocks * 4096);
  const bytes = utf8Encode(text);
  for (let i = 0; i < out.length; i++) out[i] = bytes[i % bytes.length]!;
  return out;
}

/** Runs `fn` and checks it throws a SedStatusError with `status`. */
export function expectStatus(fn: () => unknown, status: SedFailureStatus): SedStatusError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SedStatusError);
    expect((e as SedStatusError).status).toBe(status);
    return e as SedStatusError;
  }
  throw new Error(`expected ${status}, but the command succeeded`);
}

/** Every file of a drive directory, as bytes. */
export function driveFiles(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
}
