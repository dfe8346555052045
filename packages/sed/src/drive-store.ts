import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Rng } from '@ekmsim/core';
import { randomInt, utf8Encode } from '@ekmsim/core';
import { CpinRow } from './cpin.js';
import { DRIVE_DEFAULTS, SERIAL_BYTES } from './defaults.js';
import { DriveCore } from './drive-core.js';
import { b64, MEDIA_FILE, RECORD_FILE, recordProblem, type DriveRecord } from './drive-record.js';
import { SelfEncryptingDrive } from './drive.js';
import { SedStoreError } from './io-errors.js';
import { deriveKek } from './key-wrap.js';
import { LockingRange } from './locking-range.js';
import { generateMek } from './media-cipher.js';
import { MediaFile } from './media-file.js';
import { RANGE_NAMES } from './types.js';

/**
 * A drive on the host's disk is a directory: `drive.json` (the metadata, replaced atomically)
 * and `media.bin` (the sparse, encrypted media). The drive exists once `drive.json` does.
 */
export interface CreateDriveOptions {
  readonly dir: string;
  /** Up to 20 ASCII characters (the NVMe serial field). */
  readonly serial: string;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly model?: string;
  readonly capacityBytes?: number;
  readonly tryLimit?: number;
}

export interface OpenDriveOptions {
  readonly clock: Clock;
  readonly rng: Rng;
}

/** A factory-new drive in `dir`: SID PIN = MSID, Locking SP inactive, media empty and readable by anyone. */
export function createDrive(opts: CreateDriveOptions): SelfEncryptingDrive {
  const { dir, clock, rng } = opts;
  if (!/^[\x20-\x7e]{1,20}$/.test(opts.serial)) throw new RangeError('serial: 1..20 printable ASCII characters');
  const capacityBytes = opts.capacityBytes ?? DRIVE_DEFAULTS.capacityBytes;
  if (!Number.isSafeInteger(capacityBytes) || capacityBytes < DRIVE_DEFAULTS.blockSize) throw new RangeError('capacityBytes: at least one block');
  const tryLimit = opts.tryLimit ?? DRIVE_DEFAULTS.tryLimit;
  if (!Number.isSafeInteger(tryLimit) || tryLimit < 0) throw new RangeError('tryLimit: a count (0 = unlimited)');
  mkdirSync(dir, { recursive: true });
  if (existsSync(join(dir, RECORD_FILE))) throw new SedStoreError('exists', dir, 'already holds a drive');
  writeFileSync(join(dir, MEDIA_FILE), new Uint8Array(0)); // a half-created drive's media is discarded
  const msid = randomText(rng, 32);
  const label = {
    model: opts.model ?? DRIVE_DEFAULTS.model,
    serial: opts.serial,
    firmware: DRIVE_DEFAULTS.firmware,
    capacityBytes,
    psid: randomText(rng, 32),
    fips: DRIVE_DEFAULTS.fips,
  };
  const serialBytes = serialField(label.serial);
  const openSalt = rng.bytes(16);
  const ctx = { serial: serialBytes, rng };
  const core = new DriveCore({
    dir, clock, rng, label, tryLimit, msid, serialBytes, openSalt,
    blockSize: DRIVE_DEFAULTS.blockSize,
    openKek: openKek(msid, serialBytes, openSalt),
    lockingSp: 'Manufactured-Inactive',
    rows: {
      SID: CpinRow.create(ctx, 'SID', utf8Encode(msid), new Uint8Array(0), tryLimit),
      PSID: CpinRow.create(ctx, 'PSID', utf8Encode(label.psid), new Uint8Array(0), DRIVE_DEFAULTS.psidTryLimit),
    },
    ranges: RANGE_NAMES.map((name) => LockingRange.factory(name, generateMek(rng))),
    media: new MediaFile(join(dir, MEDIA_FILE), DRIVE_DEFAULTS.blockSize),
  });
  core.persist();
  return new SelfEncryptingDrive(core);
}

/**
 * Powers on the drive in `dir`: the last metadata that reached the disk, Tries back to 0 (unless
 * Persistence), ranges with LockOnReset {PowerCycle} locked wherever a lock is enabled.
 */
export function openDrive(dir: string, opts: OpenDriveOptions): SelfEncryptingDrive {
  const path = join(dir, RECORD_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SedStoreError('notFound', dir, `no ${RECORD_FILE}`, { cause });
  }
  rmSync(`${path}.tmp`, { force: true }); // a write that never reached its rename
  let record: DriveRecord;
  try {
    const parsed: unknown = JSON.parse(text);
    const problem = recordProblem(parsed);
    if (problem) throw new Error(problem);
    record = parsed as DriveRecord;
  } catch (cause) {
    throw new SedStoreError('corrupt', dir, `unreadable ${RECORD_FILE}: ${(cause as Error).message}`, { cause });
  }
  const serialBytes = serialField(record.label.serial);
  const openSalt = b64.decode(record.openSalt);
  const key = openKek(record.msid, serialBytes, openSalt);
  const cpin = record.cpin;
  let ranges: LockingRange[];
  try {
    ranges = record.ranges.map((r) => LockingRange.fromRecord(r, key));
  } catch (cause) {
    throw new SedStoreError('corrupt', dir, 'a media key seal does not open', { cause });
  }
  const core = new DriveCore({
    dir, clock: opts.clock, rng: opts.rng, label: record.label, blockSize: record.blockSize, tryLimit: record.tryLimit,
    msid: record.msid, serialBytes, openSalt, openKek: key, lockingSp: record.lockingSp, ranges,
    rows: {
      SID: CpinRow.fromRecord('SID', cpin.SID),
      PSID: CpinRow.fromRecord('PSID', cpin.PSID),
      ...(cpin.Admin1 && { Admin1: CpinRow.fromRecord('Admin1', cpin.Admin1) }),
      ...(cpin.User1 && { User1: CpinRow.fromRecord('User1', cpin.User1) }),
    },
    media: new MediaFile(join(dir, MEDIA_FILE), record.blockSize),
  });
  core.loaded(text);
  return new SelfEncryptingDrive(core);
}

/** The serial as the 20-byte, space-padded field sedutil salts with. */
function serialField(serial: string): Uint8Array {
  return utf8Encode(serial.padEnd(SERIAL_BYTES, ' '));
}

/** The key sealing MEKs of ranges usable without a PIN: from the MSID, which anyone can read. */
function openKek(msid: string, serial: Uint8Array, salt: Uint8Array): Uint8Array {
  return deriveKek(utf8Encode(msid), serial, salt, 'open');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function randomText(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(rng, ALPHABET.length)];
  return s;
}
