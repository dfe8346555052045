export { createDrive, openDrive } from './drive-store.js';
export type { CreateDriveOptions, OpenDriveOptions } from './drive-store.js';
export { SelfEncryptingDrive } from './drive.js';
export { DRIVE_DEFAULTS } from './defaults.js';
export { RECORD_FILE, MEDIA_FILE } from './drive-record.js';
export { SED_STATUS, SedStatusError } from './status.js';
export type { SedStatus, SedFailureStatus } from './status.js';
export { SED_IO_STATUS, SedIoError, SedLockedError, SED_STORE_ERROR, SedStoreError } from './io-errors.js';
export type { SedIoStatus, SedStoreErrorKind } from './io-errors.js';
export { AUTHORITIES, RANGE_NAMES } from './types.js';
export type {
  Authority, AuthorityStatus, DriveLabel, DriveStatus, LockState, LockingAuthority, LockingSpLifeCycle, Pin,
  RangeName, RangeSetup, RangeStatus, ResetType,
} from './types.js';
export { driveSecurityMachine } from './drive-security.machine.js';
export type { DriveSecurityContext, DriveSecurityEvent, DriveSecurityMachine } from './drive-security.machine.js';
export { securityStateOf } from './security-state.js';
export type { DriveSecurityState } from './security-state.js';
export { securitySnapshot } from './security-snapshot.js';
