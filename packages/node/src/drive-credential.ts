/**
 * The drive credential protocol. A drive's Admin1 PIN is the factory MSID (generation null, no
 * EAR) or the AK of one generation; the node's state says which. The SID PIN stays the MSID: the
 * PSID on the label already lets anyone holding the drive erase it, and neither discloses data.
 *
 * Every PIN change is bracketed by a `switching {from, to}` marker in the state file, written
 * before and cleared after, so a power loss in between leaves a drive whose PIN is one of two
 * known generations. Such a drive is probed with `to` first, then `from` (at most one Try is
 * burned; Tries reset at power cycle), its record corrected, and the change redone. Every key a
 * step needs is obtained (and verified) before the drive is touched: a key that cannot be had
 * changes nothing and costs no Try.
 */
import { SedStatusError, type DriveStatus, type RangeSetup } from '@ekmsim/sed';
import { NODE_ERROR_CODES } from '@ekmsim/wire';
import type { DriveBay } from './drive-bays.js';
import { NodeError } from './errors.js';
import type { KeyRing } from './key-ring.js';
import type { DriveRecord, KeyGeneration, NodeStore, Switching } from './node-store.js';

/** EAR on: both locks enabled, relocked at every power cycle. */
const LOCKING_ON: RangeSetup = { readLockEnabled: true, writeLockEnabled: true, lockOnReset: ['PowerCycle'] };
const LOCKING_OFF: RangeSetup = { readLockEnabled: false, writeLockEnabled: false, lockOnReset: [] };

export interface CredentialContext {
  readonly store: NodeStore;
  readonly keys: KeyRing;
}

/**
 * Brings the drive's PIN to `target` (recovering an interrupted change first), then makes sure its
 * locking setup is `target`'s and it is unlocked. Idempotent: a drive already there is only checked.
 */
export async function settleDrive(bay: DriveBay, target: KeyGeneration, ctx: CredentialContext): Promise<void> {
  const interrupted = recordOf(bay, ctx.store).switching;
  if (interrupted !== null) await recoverSwitch(bay, interrupted, ctx);
  const current = recordOf(bay, ctx.store).keyGeneration;
  if (current !== target) await changePin(bay, current, target, ctx);
  await ensureLocking(bay, target, ctx);
}

/**
 * Crypto erase (Opal GenKey on the Global Range) with the drive's current PIN: the MSID for a
 * drive without EAR (activating a factory drive's Locking SP first: Admin1 then holds the MSID,
 * still generation null), else the AK. The drive keeps its PIN; its old data is garbage.
 */
export async function cryptoErase(bay: DriveBay, ctx: CredentialContext): Promise<void> {
  const interrupted = recordOf(bay, ctx.store).switching;
  if (interrupted !== null) await recoverSwitch(bay, interrupted, ctx);
  const generation = recordOf(bay, ctx.store).keyGeneration;
  const pin = await pinOf(bay, generation, ctx.keys);
  if (generation === null && bay.drive.getStatus().lockingSp !== 'Manufactured') bay.drive.activateLockingSp(pin);
  bay.drive.genKey('Admin1', pin);
}

/** Which of the marker's two PINs the drive has: probe, then correct the record. */
export async function recoverSwitch(bay: DriveBay, { from, to }: Switching, ctx: CredentialContext): Promise<void> {
  const candidates = [...new Set([to, from])];
  // Both keys first: probing with one while the other is unavailable could burn a Try per retry.
  const pins: Uint8Array[] = [];
  for (const g of candidates) pins.push(await pinOf(bay, g, ctx.keys));
  let actual: KeyGeneration | undefined;
  if (bay.drive.getStatus().lockingSp !== 'Manufactured') {
    // No Admin1 yet: activation comes before the marker, so the change never began (MSID).
    if (from === null || to === null) actual = null;
  } else {
    for (const [i, g] of candidates.entries()) {
      try {
        bay.drive.lockUnlock('Admin1', pins[i]!, 'RW');
        actual = g;
        break;
      } catch (e) {
        if (!(e instanceof SedStatusError && e.status === 'NOT_AUTHORIZED')) throw e;
      }
    }
  }
  if (actual === undefined) {
    throw new NodeError(NODE_ERROR_CODES.driveSecurity, `drive ${bay.serial}: neither ${pinName(to)} nor ${pinName(from)} opens its Admin1 authority`);
  }
  ctx.store.setDrive(bay.serial, { keyGeneration: actual, switching: null });
}

async function changePin(bay: DriveBay, from: KeyGeneration, to: KeyGeneration, ctx: CredentialContext): Promise<void> {
  const oldPin = await pinOf(bay, from, ctx.keys);
  const newPin = await pinOf(bay, to, ctx.keys);
  const drive = bay.drive;
  if (from === null && drive.getStatus().lockingSp !== 'Manufactured') drive.activateLockingSp(oldPin); // Admin1 := SID PIN = MSID
  ctx.store.setDrive(bay.serial, { keyGeneration: from, switching: { from, to } });
  if (from === null) {
    drive.setPassword('Admin1', oldPin, newPin);
    drive.setupLockingRange('Admin1', newPin, LOCKING_ON);
  } else if (to === null) {
    drive.setupLockingRange('Admin1', oldPin, LOCKING_OFF);
    drive.setPassword('Admin1', oldPin, newPin);
  } else {
    drive.setPassword('Admin1', oldPin, newPin);
  }
  ctx.store.setDrive(bay.serial, { keyGeneration: to, switching: null });
}

/** Locking set up as `pin`'s generation wants it, and the drive unlocked; the key is fetched only if something must change. */
async function ensureLocking(bay: DriveBay, generation: KeyGeneration, ctx: CredentialContext): Promise<void> {
  const drive = bay.drive;
  const status = drive.getStatus();
  const setupRight = lockingMatches(status, generation);
  if (setupRight && !status.locked) return;
  const pin = await pinOf(bay, generation, ctx.keys);
  if (!setupRight) drive.setupLockingRange('Admin1', pin, generation === null ? LOCKING_OFF : LOCKING_ON);
  if (drive.getStatus().locked) drive.lockUnlock('Admin1', pin, 'RW');
}

function lockingMatches(status: DriveStatus, generation: KeyGeneration): boolean {
  const global = status.ranges.find((r) => r.name === 'Global');
  if (global === undefined) return false;
  if (generation === null) return status.lockingSp !== 'Manufactured' || (!global.readLockEnabled && !global.writeLockEnabled);
  return status.lockingSp === 'Manufactured' && global.readLockEnabled && global.writeLockEnabled && global.lockOnReset.includes('PowerCycle');
}

/** The PIN of a generation: the drive's MSID (anyone may read it) or the verified AK, which the ring wipes. */
function pinOf(bay: DriveBay, generation: KeyGeneration, keys: KeyRing): Promise<Uint8Array> {
  return generation === null ? Promise.resolve(bay.drive.readMsid()) : keys.get(generation);
}

function pinName(generation: KeyGeneration): string {
  return generation === null ? 'the MSID' : `the AK of generation ${generation}`;
}

function recordOf(bay: DriveBay, store: NodeStore): DriveRecord {
  const record = store.drive(bay.serial);
  if (record === undefined) throw new NodeError(NODE_ERROR_CODES.internal, `drive ${bay.serial} has no record in the node state`);
  return record;
}
