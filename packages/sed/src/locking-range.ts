import type { Rng } from '@ekmsim/core';
import { b64, type RangeRecord } from './drive-record.js';
import { open, seal, wipe } from './key-wrap.js';
import { SedStatusError } from './status.js';
import type { LockState, RangeName, RangeStatus, ResetType } from './types.js';

/** Opal's preconfigured LockOnReset for every range (it bites once a lock is enabled). */
const DEFAULT_LOCK_ON_RESET: readonly ResetType[] = ['PowerCycle'];

/**
 * A row of the Locking table with its media key. Locks are kept only where enabled (Opal keeps
 * ReadLocked even when ReadLockEnabled is false, where it has no effect; dropping it means
 * re-enabling a lock starts unlocked, and the machine can tell the state from the flags). The MEK
 * is in RAM exactly while the range can be read or written; locking it wipes the key.
 */
export class LockingRange {
  private constructor(
    readonly name: RangeName,
    public start: number,
    public length: number,
    public readLockEnabled: boolean,
    public writeLockEnabled: boolean,
    public readLocked: boolean,
    public writeLocked: boolean,
    public lockOnReset: readonly ResetType[],
    /** The bare MEK, in RAM only. */
    private mek: Uint8Array | undefined,
    /** The MEK sealed under the Locking SP key. */
    private mekSp: Uint8Array | undefined,
    /** Cache of the MEK sealed under the MSID's key, dropped whenever the MEK changes or the seal is not needed. */
    private mekOpen: Uint8Array | undefined,
  ) {}

  /** A range as the Locking SP's factory state has it: no bounds, no locks, a fresh MEK. */
  static factory(name: RangeName, mek: Uint8Array): LockingRange {
    return new LockingRange(name, 0, 0, false, false, false, false, DEFAULT_LOCK_ON_RESET, mek, undefined, undefined);
  }

  /** The range at power-on; a range usable without a PIN gets its MEK from the open seal. */
  static fromRecord(r: RangeRecord, openKek: Uint8Array): LockingRange {
    const range = new LockingRange(r.name, r.start, r.length, r.readLockEnabled, r.writeLockEnabled,
      r.readLockedAtPowerOn, r.writeLockedAtPowerOn, [...r.lockOnReset], undefined,
      r.mekSp === undefined ? undefined : b64.decode(r.mekSp), r.mekOpen === undefined ? undefined : b64.decode(r.mekOpen));
    if (range.usable) {
      range.mek = range.mekOpen && open(openKek, range.mekOpen, range.openAad);
      if (!range.mek) throw new SedStatusError('TPER_MALFUNCTION', `range ${r.name}: open MEK seal missing or damaged`);
    }
    return range;
  }

  /** Whether some host access (read or write) is allowed now. */
  get usable(): boolean {
    return !this.readLocked || !this.writeLocked;
  }

  covers(lba: number): boolean {
    return this.name !== 'Global' && lba >= this.start && lba < this.start + this.length;
  }

  /** The MEK for host I/O; only called once the lock checks passed. */
  key(): Uint8Array {
    if (!this.mek) throw new SedStatusError('TPER_MALFUNCTION', `range ${this.name}: no media key in RAM`);
    return this.mek;
  }

  setup(readLockEnabled: boolean, writeLockEnabled: boolean, lockOnReset: readonly ResetType[], start: number, length: number): void {
    Object.assign(this, { readLockEnabled, writeLockEnabled, lockOnReset: [...new Set(lockOnReset)], start, length });
    this.readLocked &&= readLockEnabled;
    this.writeLocked &&= writeLockEnabled;
  }

  /** Sets the locks (`IOC_OPAL_LOCK_UNLOCK`); the caller loaded the key first if this unlocks. */
  lock(state: LockState): void {
    this.readLocked = state === 'LK' && this.readLockEnabled;
    this.writeLocked = state !== 'RW' && this.writeLockEnabled;
    if (!this.usable) this.dropKey();
  }

  /** Unseals the MEK with the Locking SP key if it is not in RAM. */
  loadKey(lsk: Uint8Array): void {
    if (this.mek) return;
    this.mek = this.mekSp && open(lsk, this.mekSp, this.spAad);
    if (!this.mek) throw new SedStatusError('TPER_MALFUNCTION', `range ${this.name}: MEK seal does not open`);
  }

  /** Seals the MEK (in RAM) for a Locking SP that has just been activated. */
  sealForSp(lsk: Uint8Array, rng: Rng): void {
    this.mekSp = seal(lsk, this.key(), this.spAad, rng);
  }

  /** GenKey: a new MEK; whatever was written under the old one is garbage from now on. */
  replaceKey(mek: Uint8Array, lsk: Uint8Array, rng: Rng): void {
    this.dropKey();
    this.mek = mek;
    this.mekOpen = undefined;
    this.sealForSp(lsk, rng);
    if (!this.usable) this.dropKey();
  }

  dropKey(): void {
    wipe(this.mek);
    this.mek = undefined;
  }

  /** Which locks the range powers on with. */
  powerOnLocks(): { readonly read: boolean; readonly write: boolean } {
    const onPower = this.lockOnReset.includes('PowerCycle');
    return { read: onPower ? this.readLockEnabled : this.readLocked, write: onPower ? this.writeLockEnabled : this.writeLocked };
  }

  /** The persisted row. The open seal exists exactly while the range powers on usable. */
  toRecord(openKek: Uint8Array, rng: Rng): RangeRecord {
    const locks = this.powerOnLocks();
    if (locks.read && locks.write) this.mekOpen = undefined;
    else this.mekOpen ??= seal(openKek, this.key(), this.openAad, rng);
    return {
      name: this.name, start: this.start, length: this.length,
      readLockEnabled: this.readLockEnabled, writeLockEnabled: this.writeLockEnabled,
      readLockedAtPowerOn: locks.read, writeLockedAtPowerOn: locks.write, lockOnReset: [...this.lockOnReset],
      ...(this.mekSp && { mekSp: b64.encode(this.mekSp) }),
      ...(this.mekOpen && { mekOpen: b64.encode(this.mekOpen) }),
    };
  }

  status(): RangeStatus {
    const { name, start, length, readLockEnabled, writeLockEnabled, readLocked, writeLocked } = this;
    return { name, start, length, readLockEnabled, writeLockEnabled, readLocked, writeLocked, lockOnReset: [...this.lockOnReset] };
  }

  private get spAad(): string {
    return `MEK ${this.name}`;
  }

  private get openAad(): string {
    return `MEK ${this.name} open`;
  }
}
