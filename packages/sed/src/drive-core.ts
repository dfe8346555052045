import { join } from 'node:path';
import type { Clock, Rng } from '@ekmsim/core';
import { writeFileAtomic } from '@ekmsim/durable-file';
import type { CpinRow, KeyContext } from './cpin.js';
import { b64, RECORD_FILE, RECORD_FORMAT, type DriveRecord } from './drive-record.js';
import { SedIoError } from './io-errors.js';
import type { LockingRange } from './locking-range.js';
import type { MediaFile } from './media-file.js';
import { SedStatusError } from './status.js';
import type { Authority, DriveLabel, LockingSpLifeCycle } from './types.js';

export interface DriveCoreInit {
  readonly dir: string;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly label: DriveLabel;
  readonly blockSize: number;
  readonly tryLimit: number;
  readonly msid: string;
  readonly serialBytes: Uint8Array;
  readonly openSalt: Uint8Array;
  readonly openKek: Uint8Array;
  readonly lockingSp: LockingSpLifeCycle;
  readonly rows: Partial<Record<Authority, CpinRow>>;
  readonly ranges: LockingRange[];
  readonly media: MediaFile;
}

/**
 * The drive's state in one place, and the one way to make it durable. Commands (drive.ts) and
 * host I/O (host-io.ts) mutate it and call `persist()`; a write that fails leaves the drive
 * failed (TPER_MALFUNCTION) until a power cycle reloads the last state that reached the disk.
 */
export class DriveCore implements KeyContext {
  readonly dir: string;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly label: DriveLabel;
  readonly blockSize: number;
  readonly blockCount: number;
  /** TryLimit of the C_PIN rows the drive creates (SID, Admin1, User1). */
  readonly tryLimit: number;
  readonly msid: string;
  readonly serial: Uint8Array;
  readonly openSalt: Uint8Array;
  readonly openKek: Uint8Array;
  readonly media: MediaFile;
  readonly poweredOnAt: number;
  lockingSp: LockingSpLifeCycle;
  rows: Partial<Record<Authority, CpinRow>>;
  ranges: LockingRange[];
  private lastWritten: string | undefined;
  private failure: unknown;
  private poweredOff = false;

  constructor(init: DriveCoreInit) {
    ({ dir: this.dir, clock: this.clock, rng: this.rng, label: this.label, blockSize: this.blockSize, msid: this.msid, tryLimit: this.tryLimit } = init);
    ({ openSalt: this.openSalt, openKek: this.openKek, lockingSp: this.lockingSp, rows: this.rows, ranges: this.ranges, media: this.media } = init);
    this.serial = init.serialBytes;
    this.blockCount = Math.floor(init.label.capacityBytes / init.blockSize);
    this.poweredOnAt = init.clock.now();
  }

  /** Throws unless the drive is powered and healthy. */
  checkReady(): void {
    if (this.poweredOff) throw new SedIoError('POWERED_OFF', `drive ${this.label.serial} is powered off`);
    if (this.failure !== undefined) {
      throw new SedStatusError('TPER_MALFUNCTION', `drive ${this.label.serial} failed to save its state; power-cycle it`, { cause: this.failure });
    }
  }

  row(authority: Authority): CpinRow {
    const row = this.rows[authority];
    if (!row) throw new SedStatusError('TPER_MALFUNCTION', `no C_PIN row for ${authority}`);
    return row;
  }

  /** The range an LBA belongs to: the first of Range1..8 covering it, else the Global Range. */
  rangeFor(lba: number): LockingRange {
    for (let i = 1; i < this.ranges.length; i++) if (this.ranges[i]!.covers(lba)) return this.ranges[i]!;
    return this.ranges[0]!;
  }

  record(): DriveRecord {
    const { Admin1, User1 } = this.rows;
    return {
      format: RECORD_FORMAT,
      label: this.label,
      blockSize: this.blockSize,
      tryLimit: this.tryLimit,
      msid: this.msid,
      openSalt: b64.encode(this.openSalt),
      lockingSp: this.lockingSp,
      cpin: {
        SID: this.row('SID').toRecord(),
        PSID: this.row('PSID').toRecord(),
        ...(Admin1 && { Admin1: Admin1.toRecord() }),
        ...(User1 && { User1: User1.toRecord() }),
      },
      ranges: this.ranges.map((r) => r.toRecord(this.openKek, this.rng)),
    };
  }

  /** Writes the metadata atomically, unless it is what the disk already holds. */
  persist(): void {
    const text = `${JSON.stringify(this.record(), null, 1)}\n`;
    if (text === this.lastWritten) return;
    try {
      writeFileAtomic(join(this.dir, RECORD_FILE), text);
      this.lastWritten = text;
    } catch (cause) {
      this.failure = cause;
      throw new SedStatusError('TRANSACTION_FAILURE', `drive ${this.label.serial} could not save its state`, { cause });
    }
  }

  /** The text loaded at power-on is what the disk holds. */
  loaded(text: string): void {
    this.lastWritten = text;
  }

  powerOff(): void {
    if (this.poweredOff) return;
    this.poweredOff = true;
    for (const r of this.ranges) r.dropKey();
    this.openKek.fill(0);
    this.media.close();
  }
}
