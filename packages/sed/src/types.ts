/** Vocabulary shared by the drive's API, its metadata and its machine. */

/** Locking SP authorities that hold the AK in Element (Opal Admin1 and User1). */
export type LockingAuthority = 'Admin1' | 'User1';
/** Every authority with a C_PIN row: the Admin SP's SID and PSID, and the Locking SP's. */
export type Authority = 'SID' | 'PSID' | LockingAuthority;
export const AUTHORITIES = ['SID', 'PSID', 'Admin1', 'User1'] as const satisfies readonly Authority[];

/** A credential as the host sends it: raw bytes (Element sends the 32-byte AK). */
export type Pin = Uint8Array;

/** `IOC_OPAL_LOCK_UNLOCK` states: read-write, read-only, locked. */
export type LockState = 'RW' | 'RO' | 'LK';

/** Opal reset types a range can lock on. Only PowerCycle happens in the simulator. */
export type ResetType = 'PowerCycle' | 'Hardware' | 'HotPlug';

export const RANGE_NAMES = [
  'Global', 'Range1', 'Range2', 'Range3', 'Range4', 'Range5', 'Range6', 'Range7', 'Range8',
] as const;
/** The Global Range covers every LBA no other range covers; Range1..8 cover [start, start+length). */
export type RangeName = (typeof RANGE_NAMES)[number];

/** Locking SP life cycle (Opal SSC §3.3.4 and TCG Core `LifeCycleState`). */
export type LockingSpLifeCycle = 'Manufactured-Inactive' | 'Manufactured';

/** What is printed on the drive: a thief holding the drive can read it too. */
export interface DriveLabel {
  readonly model: string;
  readonly serial: string;
  readonly firmware: string;
  readonly capacityBytes: number;
  /** The Physical SID: allows only a factory reset (PSID Revert), which destroys the data. */
  readonly psid: string;
  readonly fips: boolean;
}

/** `setupLockingRange`: the Locking table columns Element sets (`IOC_OPAL_LR_SETUP`). */
export interface RangeSetup {
  readonly range?: RangeName;
  /** Range1..8 only (the Global Range has no bounds), in logical blocks. */
  readonly start?: number;
  readonly length?: number;
  readonly readLockEnabled: boolean;
  readonly writeLockEnabled: boolean;
  readonly lockOnReset: readonly ResetType[];
}

/** A row of the Locking table as `getStatus` reports it. */
export interface RangeStatus {
  readonly name: RangeName;
  readonly start: number;
  readonly length: number;
  readonly readLockEnabled: boolean;
  readonly writeLockEnabled: boolean;
  readonly readLocked: boolean;
  readonly writeLocked: boolean;
  readonly lockOnReset: readonly ResetType[];
}

/** A C_PIN row's counters (never its PIN). */
export interface AuthorityStatus {
  readonly tries: number;
  /** 0 means unlimited. */
  readonly tryLimit: number;
  readonly persistence: boolean;
  readonly lockedOut: boolean;
}

/** `getStatus` (`IOC_OPAL_GET_STATUS` plus what Element's ListDriveHardware reports). */
export interface DriveStatus {
  readonly label: DriveLabel;
  readonly blockSize: number;
  readonly blockCount: number;
  /** The SID PIN differs from the MSID. */
  readonly owned: boolean;
  readonly lockingSp: LockingSpLifeCycle;
  /** Locking SP active and at least one range has a lock enabled. */
  readonly lockingEnabled: boolean;
  /** Some enabled lock is engaged. */
  readonly locked: boolean;
  /** No freeze lock in the model: always false. */
  readonly frozen: false;
  /** Some authority has used all its tries (Element's `securityAtMaximum`). */
  readonly atMaximum: boolean;
  readonly ranges: readonly RangeStatus[];
  readonly authorities: Readonly<Partial<Record<Authority, AuthorityStatus>>>;
  /** When this power-on began, on the injected clock. */
  readonly poweredOnAt: number;
}
