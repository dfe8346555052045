import { EkmsimError } from '@ekmsim/core';
import type { RangeName } from './types.js';

/**
 * Host I/O failures, named after the NVMe completion statuses a real drive returns
 * (NVMe Base 2.0: status code type << 8 | status code).
 */
export const SED_IO_STATUS = {
  /** Generic 0x80: the LBA range exceeds the namespace, or the length is not whole blocks. */
  LBA_OUT_OF_RANGE: 0x080,
  /** Media and Data Integrity 0x86: the LBA lies in a locked range (TCG storage). */
  ACCESS_DENIED: 0x286,
  /** The drive is powered off (its object was closed): no command reaches it. */
  POWERED_OFF: 0xfff,
} as const;
export type SedIoStatus = keyof typeof SED_IO_STATUS;

/** A host read or write the drive refused. The host never sees ciphertext instead. */
export class SedIoError extends EkmsimError {
  readonly status: SedIoStatus;

  constructor(status: SedIoStatus, message: string, options?: { cause?: unknown }) {
    super(status, message, options);
    this.status = status;
  }
}

/** A read (or write) of an LBA in a range whose read (or write) lock is engaged. */
export class SedLockedError extends SedIoError {
  readonly range: RangeName;
  readonly lock: 'read' | 'write';
  readonly lba: number;

  constructor(range: RangeName, lock: 'read' | 'write', lba: number) {
    super('ACCESS_DENIED', `${lock} refused at LBA ${lba}: locking range ${range} is ${lock}-locked`);
    this.range = range;
    this.lock = lock;
    this.lba = lba;
  }
}

export const SED_STORE_ERROR = {
  /** No drive metadata in the directory. */
  notFound: 'notFound',
  /** `createDrive` into a directory that already holds a drive. */
  exists: 'exists',
  /** The metadata is unreadable or inconsistent. */
  corrupt: 'corrupt',
} as const;
export type SedStoreErrorKind = keyof typeof SED_STORE_ERROR;

/** The drive's files on the host: missing, already there, or damaged. */
export class SedStoreError extends EkmsimError {
  readonly kind: SedStoreErrorKind;
  readonly dir: string;

  constructor(kind: SedStoreErrorKind, dir: string, message: string, options?: { cause?: unknown }) {
    super(`SED_STORE_${kind.toUpperCase()}`, `${dir}: ${message}`, options);
    this.kind = kind;
    this.dir = dir;
  }
}
