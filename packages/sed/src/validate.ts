import type { DriveCore } from './drive-core.js';
import { DRIVE_DEFAULTS } from './defaults.js';
import { SedStatusError } from './status.js';
import { AUTHORITIES, RANGE_NAMES } from './types.js';
import type { Authority, LockState, Pin, RangeName, RangeSetup } from './types.js';

/**
 * Parameter checks shared by the commands: what a TPer answers INVALID_PARAMETER to. Callers may
 * be plain JavaScript (or a JSON-RPC body), so the types are checked at run time too.
 */
export function validatePin(pin: Pin): void {
  if (!(pin instanceof Uint8Array) || pin.length > DRIVE_DEFAULTS.maxPinBytes) {
    throw new SedStatusError('INVALID_PARAMETER', `a PIN is 0..${DRIVE_DEFAULTS.maxPinBytes} bytes`);
  }
}

export function validateAuthority(authority: Authority): void {
  if (!AUTHORITIES.includes(authority)) throw new SedStatusError('INVALID_PARAMETER', `unknown authority ${String(authority)}`);
}

export function validateRange(range: RangeName): void {
  if (!RANGE_NAMES.includes(range)) throw new SedStatusError('INVALID_PARAMETER', `unknown locking range ${String(range)}`);
}

export function validateLockState(state: LockState): void {
  if (state !== 'RW' && state !== 'RO' && state !== 'LK') throw new SedStatusError('INVALID_PARAMETER', `unknown lock state ${String(state)}`);
}

/** A range setup, with its bounds resolved: the Global Range has none; Range1..8 must not overlap. */
export function validateSetup(core: DriveCore, setup: RangeSetup): { range: RangeName; start: number; length: number } {
  const range = setup.range ?? 'Global';
  validateRange(range);
  const bad = (why: string): never => {
    throw new SedStatusError('INVALID_PARAMETER', `range ${range}: ${why}`);
  };
  if (typeof setup.readLockEnabled !== 'boolean' || typeof setup.writeLockEnabled !== 'boolean') bad('lock enables must be booleans');
  if (!Array.isArray(setup.lockOnReset) || !setup.lockOnReset.every((t) => t === 'PowerCycle' || t === 'Hardware' || t === 'HotPlug')) {
    bad('LockOnReset holds PowerCycle, Hardware or HotPlug');
  }
  if (range === 'Global') {
    if ((setup.start ?? 0) !== 0 || (setup.length ?? 0) !== 0) bad('the Global Range has no bounds');
    return { range, start: 0, length: 0 };
  }
  const current = core.ranges[RANGE_NAMES.indexOf(range)]!;
  const start = setup.start ?? current.start;
  const length = setup.length ?? current.length;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(length) || start < 0 || length < 0 || start + length > core.blockCount) {
    bad(`bounds ${start}+${length} outside 0..${core.blockCount}`);
  }
  for (const other of core.ranges.slice(1)) {
    if (other.name !== range && other.length > 0 && length > 0 && start < other.start + other.length && other.start < start + length) {
      bad(`overlaps ${other.name}`);
    }
  }
  return { range, start, length };
}
