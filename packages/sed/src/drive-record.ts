import type { DriveLabel, LockingSpLifeCycle, RangeName, ResetType } from './types.js';
import { RANGE_NAMES } from './types.js';

/**
 * The drive's metadata file (`drive.json`): what its firmware keeps in its own flash. It holds no
 * PIN, no KEK and no bare MEK: C_PIN rows keep a salt and a GCM seal (see key-wrap.ts), ranges keep
 * their MEK sealed. Bytes are base64. Volatile state (Tries when Persistence is false, a range's
 * current locks) is not here: the file records the state the drive powers on in.
 */
export const RECORD_FORMAT = 'ekmsim-sed/1';
export const RECORD_FILE = 'drive.json';
export const MEDIA_FILE = 'media.bin';

export interface CpinRecord {
  readonly salt: string;
  /** Admin1/User1: the Locking SP key sealed under the row's KEK; SID/PSID: an empty seal. */
  readonly sealed: string;
  readonly tryLimit: number;
  readonly persistence: boolean;
  /** Kept only when `persistence` is true (otherwise Tries restarts at 0 on power-on). */
  readonly tries: number;
}

export interface RangeRecord {
  readonly name: RangeName;
  readonly start: number;
  readonly length: number;
  readonly readLockEnabled: boolean;
  readonly writeLockEnabled: boolean;
  /** ReadLocked at the next power-on: the enabled lock if LockOnReset has PowerCycle, else the current one. */
  readonly readLockedAtPowerOn: boolean;
  readonly writeLockedAtPowerOn: boolean;
  readonly lockOnReset: readonly ResetType[];
  /** The MEK sealed under the Locking SP key; absent while the Locking SP is inactive. */
  readonly mekSp?: string;
  /** The MEK sealed under the MSID's key: present exactly while the range powers on usable without a PIN. */
  readonly mekOpen?: string;
}

export interface DriveRecord {
  readonly format: typeof RECORD_FORMAT;
  readonly label: DriveLabel;
  readonly blockSize: number;
  /** TryLimit of the C_PIN rows the drive creates (SID at revert, Admin1/User1 at activation). */
  readonly tryLimit: number;
  /** Anybody may read C_PIN_MSID: it is no secret. */
  readonly msid: string;
  /** Salt of the open KEK (derived from the MSID). */
  readonly openSalt: string;
  readonly lockingSp: LockingSpLifeCycle;
  readonly cpin: {
    readonly SID: CpinRecord;
    readonly PSID: CpinRecord;
    readonly Admin1?: CpinRecord;
    readonly User1?: CpinRecord;
  };
  readonly ranges: readonly RangeRecord[];
}

export const b64 = {
  encode: (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  decode: (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64')),
};

/** Checks the shape of a parsed record; returns a description of the first problem, if any. */
export function recordProblem(r: unknown): string | undefined {
  if (!isObject(r) || r.format !== RECORD_FORMAT) return `format is not ${RECORD_FORMAT}`;
  const label = r.label;
  if (!isObject(label) || !['model', 'serial', 'firmware', 'psid'].every((k) => typeof label[k] === 'string')) return 'bad label';
  if (!isCount(label.capacityBytes) || !isCount(r.blockSize) || r.blockSize === 0) return 'bad geometry';
  if (!isCount(r.tryLimit)) return 'bad tryLimit';
  if (typeof r.msid !== 'string' || typeof r.openSalt !== 'string') return 'bad msid';
  if (r.lockingSp !== 'Manufactured' && r.lockingSp !== 'Manufactured-Inactive') return 'bad lockingSp';
  const cpin = r.cpin;
  if (!isObject(cpin) || !isCpin(cpin.SID) || !isCpin(cpin.PSID)) return 'bad C_PIN';
  const active = r.lockingSp === 'Manufactured';
  for (const a of ['Admin1', 'User1']) if (active !== isCpin(cpin[a])) return `bad C_PIN ${a}`;
  const ranges = r.ranges;
  if (!Array.isArray(ranges) || ranges.length !== RANGE_NAMES.length) return 'bad Locking table';
  for (const [i, range] of (ranges as unknown[]).entries()) {
    if (!isRange(range, RANGE_NAMES[i]!)) return `bad range ${RANGE_NAMES[i]}`;
    if (active !== (typeof range.mekSp === 'string')) return `range ${range.name}: MEK not sealed for the Locking SP`;
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
function isCpin(v: unknown): v is CpinRecord {
  return isObject(v) && typeof v.salt === 'string' && typeof v.sealed === 'string' && isCount(v.tryLimit)
    && typeof v.persistence === 'boolean' && isCount(v.tries);
}
function isRange(v: unknown, name: RangeName): v is RangeRecord & Record<string, unknown> {
  if (!isObject(v) || v.name !== name || !isCount(v.start) || !isCount(v.length)) return false;
  const flags = ['readLockEnabled', 'writeLockEnabled', 'readLockedAtPowerOn', 'writeLockedAtPowerOn'];
  if (!flags.every((k) => typeof v[k] === 'boolean')) return false;
  if (!Array.isArray(v.lockOnReset) || !v.lockOnReset.every((t) => ['PowerCycle', 'Hardware', 'HotPlug'].includes(t as string))) return false;
  return (v.mekSp === undefined || typeof v.mekSp === 'string') && (v.mekOpen === undefined || typeof v.mekOpen === 'string');
}
