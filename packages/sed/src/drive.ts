import { utf8Encode } from '@ekmsim/core';
import { CpinRow } from './cpin.js';
import type { DriveCore } from './drive-core.js';
import { readBlocks, readRawMedia, writeBlocks } from './host-io.js';
import { wipe } from './key-wrap.js';
import { LockingRange } from './locking-range.js';
import { generateMek } from './media-cipher.js';
import { securityStateOf, type DriveSecurityState } from './security-state.js';
import { SedStatusError } from './status.js';
import { validateAuthority, validateLockState, validatePin, validateRange, validateSetup } from './validate.js';
import { RANGE_NAMES } from './types.js';
import type { Authority, DriveLabel, DriveStatus, LockState, LockingAuthority, Pin, RangeName, RangeSetup } from './types.js';

/**
 * A simulated NVMe Opal SED. Security commands follow the Linux `sed-opal` ioctls Element's
 * node software uses, each one authenticated session: a refusal throws `SedStatusError` (a
 * wrong PIN burns one of the authority's tries). Host I/O is `writeBlocks`/`readBlocks`.
 *
 * Synchronous on purpose: a drive executes one command at a time, and a synchronous command
 * cannot interleave with another on the event loop, so no command sees another half-done. Costs
 * are microseconds (4 KiB pread/pwrite, one HKDF per authentication) plus an fsync'd metadata
 * write for commands that change what the drive powers on with.
 *
 * Power off: `powerOff()`, or just dropping the object (a killed worker); `openDrive` powers it on.
 */
export class SelfEncryptingDrive {
  /** @internal Built by createDrive/openDrive. */
  constructor(private readonly core: DriveCore) {}

  /** What is printed on the drive, PSID included. */
  get label(): DriveLabel {
    return this.core.label;
  }

  get blockSize(): number {
    return this.core.blockSize;
  }

  get blockCount(): number {
    return this.core.blockCount;
  }

  /** C_PIN_MSID: the Anybody authority may read it. */
  readMsid(): Uint8Array {
    this.core.checkReady();
    return utf8Encode(this.core.msid);
  }

  /** `IOC_OPAL_TAKE_OWNERSHIP`: authenticates as SID with the MSID and sets the SID PIN. */
  takeOwnership(newSid: Pin): void {
    validatePin(newSid);
    this.authenticate('SID', this.readMsid());
    this.core.row('SID').setPin(this.core, newSid, new Uint8Array(0));
    this.core.persist();
  }

  /**
   * `IOC_OPAL_ACTIVATE_LSP`: Locking SP Manufactured-Inactive → Manufactured. As in Opal, Admin1's
   * PIN becomes the SID PIN; User1 too (Opal leaves User1 disabled until Admin1 enables it; here it
   * is enabled and may lock and unlock every range, so either authority can hold the AK). A fresh
   * Locking SP key then seals every range's MEK. Activating an active SP succeeds and does nothing.
   */
  activateLockingSp(sid: Pin): void {
    this.authenticate('SID', sid);
    const core = this.core;
    if (core.lockingSp === 'Manufactured') return;
    const lsk = core.rng.bytes(32);
    for (const r of core.ranges) r.sealForSp(lsk, core.rng);
    core.rows.Admin1 = CpinRow.create(core, 'Admin1', sid, lsk, core.tryLimit);
    core.rows.User1 = CpinRow.create(core, 'User1', sid, lsk, core.tryLimit);
    core.lockingSp = 'Manufactured';
    wipe(lsk);
    core.persist();
  }

  /** `IOC_OPAL_SET_PW`: authenticates `authority` with its PIN and replaces it. */
  setPassword(authority: LockingAuthority, oldPin: Pin, newPin: Pin): void {
    validatePin(newPin);
    const lsk = this.authenticate(authority, oldPin);
    this.core.row(authority).setPin(this.core, newPin, lsk);
    wipe(lsk);
    this.core.persist();
  }

  /** `IOC_OPAL_LR_SETUP`: a range's bounds (Range1..8), lock enables and LockOnReset. */
  setupLockingRange(authority: LockingAuthority, pin: Pin, setup: RangeSetup): void {
    const { range, start, length } = validateSetup(this.core, setup);
    this.withRange(authority, pin, range, (r) => {
      r.setup(setup.readLockEnabled, setup.writeLockEnabled, setup.lockOnReset, start, length);
    });
  }

  /** `IOC_OPAL_LOCK_UNLOCK`: RW unlocks, RO locks writes, LK locks both (where the lock is enabled). */
  lockUnlock(authority: LockingAuthority, pin: Pin, state: LockState, range: RangeName = 'Global'): void {
    validateLockState(state);
    this.withRange(authority, pin, range, (r) => r.lock(state));
  }

  /** Opal GenKey on a range (`IOC_OPAL_SECURE_ERASE_LR`): a new MEK; the range's old data is gone. */
  genKey(authority: LockingAuthority, pin: Pin, range: RangeName = 'Global'): void {
    this.withRange(authority, pin, range, (r, lsk) => r.replaceKey(generateMek(this.core.rng), lsk, this.core.rng));
  }

  /** `IOC_OPAL_ERASE_LR`, as a crypto erase: the same as `genKey`. */
  eraseRange(authority: LockingAuthority, pin: Pin, range: RangeName = 'Global'): void {
    this.genKey(authority, pin, range);
  }

  /** RevertSP as Admin1 (`IOC_OPAL_REVERT_LSP`): Locking SP back to factory, all data erased; SID kept. */
  revertLockingSp(admin1Pin: Pin): void {
    this.authenticate('Admin1', admin1Pin);
    this.resetLockingSp();
    this.core.persist();
  }

  /** Revert as SID (`IOC_OPAL_REVERT_TPR`): Locking SP back to factory, all data erased, SID PIN = MSID. */
  revert(sid: Pin): void {
    this.authenticate('SID', sid);
    this.resetLockingSp();
    this.core.row('SID').setPin(this.core, this.readMsid(), new Uint8Array(0));
    this.core.persist();
  }

  /** PSID Revert (`IOC_OPAL_PSID_REVERT_TPR`): the factory reset; always destroys the data. */
  psidRevert(psid: Pin): void {
    this.authenticate('PSID', psid);
    this.resetLockingSp();
    this.core.rows.SID = CpinRow.create(this.core, 'SID', this.readMsid(), new Uint8Array(0), this.core.tryLimit);
    this.core.persist();
  }

  getStatus(): DriveStatus {
    const core = this.core;
    core.checkReady();
    const ranges = core.ranges.map((r) => r.status());
    const active = core.lockingSp === 'Manufactured';
    const authorities = Object.fromEntries(Object.entries(core.rows).map(([a, row]) => [a, row.status()]));
    return {
      label: core.label,
      blockSize: core.blockSize,
      blockCount: core.blockCount,
      owned: !core.row('SID').matches(core, this.readMsid()),
      lockingSp: core.lockingSp,
      lockingEnabled: active && ranges.some((r) => r.readLockEnabled || r.writeLockEnabled),
      locked: ranges.some((r) => r.readLocked || r.writeLocked),
      frozen: false,
      atMaximum: Object.values(core.rows).some((row) => row.lockedOut),
      ranges,
      authorities,
      poweredOnAt: core.poweredOnAt,
    };
  }

  /** The drive's state in the terms of `driveSecurityMachine`. */
  securityState(): DriveSecurityState {
    return securityStateOf(this.getStatus());
  }

  writeBlocks(lba: number, data: Uint8Array): void {
    writeBlocks(this.core, lba, data);
  }

  readBlocks(lba: number, blocks: number): Uint8Array {
    return readBlocks(this.core, lba, blocks);
  }

  readRawMedia(lba: number, blocks: number): Uint8Array {
    return readRawMedia(this.core, lba, blocks);
  }

  /** NVMe Flush: media writes reach stable storage (they already outlive a killed process). */
  flush(): void {
    this.core.checkReady();
    this.core.media.flush();
  }

  /** Power off: keys wiped from RAM, files closed. Commands then fail with POWERED_OFF. */
  powerOff(): void {
    this.core.powerOff();
  }

  /**
   * One authenticated session: the authority's payload (the Locking SP key for Admin1/User1).
   * Locking SP authorities need an active Locking SP (SP_DISABLED otherwise).
   */
  private authenticate(authority: Authority, pin: Pin): Uint8Array {
    this.core.checkReady();
    validateAuthority(authority);
    validatePin(pin);
    if (authority !== 'SID' && authority !== 'PSID' && this.core.lockingSp !== 'Manufactured') {
      throw new SedStatusError('SP_DISABLED', `the Locking SP is not active; ${authority} cannot authenticate`);
    }
    const row = this.core.row(authority);
    try {
      return row.authenticate(this.core, pin);
    } finally {
      if (row.persistence) this.core.persist();
    }
  }

  /** Authenticates, loads the range's MEK, applies `change`, and saves what changed. */
  private withRange(authority: LockingAuthority, pin: Pin, name: RangeName, change: (r: LockingRange, lsk: Uint8Array) => void): void {
    validateRange(name);
    const lsk = this.authenticate(authority, pin);
    try {
      const range = this.core.ranges[RANGE_NAMES.indexOf(name)]!;
      range.loadKey(lsk);
      change(range, lsk);
      if (!range.usable) range.dropKey();
    } finally {
      wipe(lsk);
    }
    this.core.persist();
  }

  /** Locking SP back to Manufactured-Inactive: every range a fresh MEK (crypto erase), no Admin1/User1. */
  private resetLockingSp(): void {
    const core = this.core;
    for (const r of core.ranges) r.dropKey();
    core.ranges = RANGE_NAMES.map((n) => LockingRange.factory(n, generateMek(core.rng)));
    delete core.rows.Admin1;
    delete core.rows.User1;
    core.lockingSp = 'Manufactured-Inactive';
  }
}
