import type { DriveSecurityContext } from './drive-security.machine.js';
import type { DriveStatus } from './types.js';

type Lockout = 'ok' | 'lockedOut';

/** The drive's state in the terms of `driveSecurityMachine`: its state value and context. */
export interface DriveSecurityState {
  readonly value: {
    readonly adminSp: 'unowned' | 'owned';
    readonly sid: Lockout;
    readonly lockingSp:
      | 'inactive'
      | { readonly active: { readonly globalRange: 'open' | 'unlocked' | 'locked'; readonly admin1: Lockout; readonly user1: Lockout } };
  };
  readonly context: DriveSecurityContext;
}

/** Projects a drive's status onto the machine's abstraction (see drive-security.machine.ts). */
export function securityStateOf(status: DriveStatus): DriveSecurityState {
  const lockout = (a: 'SID' | 'Admin1' | 'User1'): Lockout => (status.authorities[a]?.lockedOut ? 'lockedOut' : 'ok');
  const global = status.ranges[0]!;
  const enabled = global.readLockEnabled || global.writeLockEnabled;
  const globalRange = !enabled ? 'open' : global.readLocked || global.writeLocked ? 'locked' : 'unlocked';
  return {
    value: {
      adminSp: status.owned ? 'owned' : 'unowned',
      sid: lockout('SID'),
      lockingSp: status.lockingSp === 'Manufactured'
        ? { active: { globalRange, admin1: lockout('Admin1'), user1: lockout('User1') } }
        : 'inactive',
    },
    context: { lockOnReset: global.lockOnReset.includes('PowerCycle') },
  };
}
