import { and, assign, or, setup, stateIn } from 'xstate';
import type { LockingAuthority } from './types.js';

/**
 * The drive's security life cycle, as allowed transitions. The drive model (drive.ts) holds the
 * state and its data; this machine is the specification of which commands move it where. The
 * model reports its state in this machine's terms (`drive.securityState()`), and a graph test
 * walks every reachable state and every event and checks the model agrees. A node or the
 * dashboard can resume an actor from a drive: `securitySnapshot(drive)`.
 *
 * Abstractions, so the graph is finite: Tries is not counted (an authority is `ok` or
 * `lockedOut`; AUTH_FAILED with `exhausted` is the failure that reaches TryLimit); only the Global
 * Range is modelled, its locks as open (no lock enabled), unlocked or locked; LockOnReset is one
 * boolean of context (has PowerCycle).
 *
 * Regions: `adminSp` (the SID PIN is still the MSID, or not), `sid` (lockout), `lockingSp`
 * (inactive, or active with the Global Range and the Admin1/User1 lockouts).
 */
export type DriveSecurityEvent =
  /** SID changed from the MSID to a PIN of the owner's (`takeOwnership`). */
  | { type: 'TAKE_OWNERSHIP' }
  /** Locking SP Manufactured-Inactive → Manufactured (authenticated as SID). */
  | { type: 'ACTIVATE' }
  /** Global Range lock enables (both or neither) and LockOnReset {PowerCycle} or {}. */
  | { type: 'SETUP_RANGE'; authority: LockingAuthority; lockEnabled: boolean; lockOnReset: boolean }
  | { type: 'LOCK'; authority: LockingAuthority }
  | { type: 'UNLOCK'; authority: LockingAuthority }
  | { type: 'SET_PASSWORD'; authority: LockingAuthority }
  /** Crypto erase of the Global Range (new MEK). */
  | { type: 'GENKEY'; authority: LockingAuthority }
  /** A failed authentication; `exhausted` when it brings Tries to TryLimit. */
  | { type: 'AUTH_FAILED'; authority: 'SID' | LockingAuthority; exhausted: boolean }
  /** RevertSP on the Locking SP (Admin1): back to Manufactured-Inactive, data erased. */
  | { type: 'REVERT_SP' }
  /** Revert of the TPer (SID): Locking SP reverted, data erased, SID back to MSID. */
  | { type: 'REVERT' }
  /** PSID Revert: factory reset (data erased, SID back to MSID, SID lockout cleared). */
  | { type: 'PSID_REVERT' }
  | { type: 'POWER_CYCLE' };

export interface DriveSecurityContext {
  /** The Global Range's LockOnReset includes PowerCycle. */
  readonly lockOnReset: boolean;
}

const ACTIVE = '#driveSecurity.lockingSp.active';

const machineSetup = setup({
  types: {
    context: {} as DriveSecurityContext,
    events: {} as DriveSecurityEvent,
  },
  guards: {
    sidUsable: stateIn('#driveSecurity.sid.ok'),
    admin1Usable: stateIn(`${ACTIVE}.admin1.ok`),
    user1Usable: stateIn(`${ACTIVE}.user1.ok`),
    bySid: ({ event }) => 'authority' in event && event.authority === 'SID',
    byAdmin1: ({ event }) => 'authority' in event && event.authority === 'Admin1',
    byUser1: ({ event }) => 'authority' in event && event.authority === 'User1',
    exhaustsTries: ({ event }) => event.type === 'AUTH_FAILED' && event.exhausted,
    enablesLocking: ({ event }) => event.type === 'SETUP_RANGE' && event.lockEnabled,
    locksOnPowerCycle: ({ context }) => context.lockOnReset,
  },
  actions: {
    recordLockOnReset: assign({
      lockOnReset: ({ context, event }) => (event.type === 'SETUP_RANGE' ? event.lockOnReset : context.lockOnReset),
    }),
    /** Opal's preconfigured LockOnReset is {PowerCycle}. */
    restoreFactoryRanges: assign({ lockOnReset: true }),
  },
});

/** The event's Locking SP authority is not locked out. */
const authorized = or([and(['byAdmin1', 'admin1Usable']), and(['byUser1', 'user1Usable'])]);

/** SETUP_RANGE from a range state: enabling keeps `enabledTarget` (or goes there), disabling opens. */
const setupRange = (enabledTarget?: 'unlocked') => [
  { guard: and([authorized, 'enablesLocking']), ...(enabledTarget && { target: enabledTarget }), actions: 'recordLockOnReset' as const },
  { guard: authorized, target: 'open', actions: 'recordLockOnReset' as const },
];

/** An authority region: lockout when a failure exhausts its tries; a power cycle resets Tries. */
const authorityRegion = (by: 'bySid' | 'byAdmin1' | 'byUser1') => ({
  initial: 'ok' as const,
  states: {
    ok: { on: { AUTH_FAILED: { guard: and([by, 'exhaustsTries']), target: 'lockedOut' as const } } },
    lockedOut: { on: { POWER_CYCLE: { target: 'ok' as const } } },
  },
});

export const driveSecurityMachine = machineSetup.createMachine({
  id: 'driveSecurity',
  type: 'parallel',
  context: { lockOnReset: true },
  on: {
    REVERT: { guard: 'sidUsable', target: ['.adminSp.unowned', '.lockingSp.inactive'], actions: 'restoreFactoryRanges' },
    PSID_REVERT: { target: ['.adminSp.unowned', '.sid.ok', '.lockingSp.inactive'], actions: 'restoreFactoryRanges' },
  },
  states: {
    adminSp: {
      initial: 'unowned',
      states: {
        unowned: { on: { TAKE_OWNERSHIP: { guard: 'sidUsable', target: 'owned' } } },
        owned: {},
      },
    },
    sid: authorityRegion('bySid'),
    lockingSp: {
      initial: 'inactive',
      states: {
        inactive: { on: { ACTIVATE: { guard: 'sidUsable', target: 'active' } } },
        active: {
          type: 'parallel',
          on: {
            REVERT_SP: { guard: 'admin1Usable', target: 'inactive', actions: 'restoreFactoryRanges' },
            SET_PASSWORD: { guard: authorized },
            GENKEY: { guard: authorized },
          },
          states: {
            globalRange: {
              initial: 'open',
              states: {
                open: { on: { SETUP_RANGE: setupRange('unlocked') } },
                unlocked: {
                  on: {
                    SETUP_RANGE: setupRange(),
                    LOCK: { guard: authorized, target: 'locked' },
                    POWER_CYCLE: { guard: 'locksOnPowerCycle', target: 'locked' },
                  },
                },
                locked: {
                  on: {
                    SETUP_RANGE: setupRange(),
                    UNLOCK: { guard: authorized, target: 'unlocked' },
                  },
                },
              },
            },
            admin1: authorityRegion('byAdmin1'),
            user1: authorityRegion('byUser1'),
          },
        },
      },
    },
  },
});

export type DriveSecurityMachine = typeof driveSecurityMachine;
