import type { DriveSecurityEvent, DriveSecurityState, SedFailureStatus, SedStatusError, SelfEncryptingDrive } from '@ekmsim/sed';
import { driveSecurityMachine, SED_STATUS, securitySnapshot } from '@ekmsim/sed';
import type { ActorRefFrom, EventFromLogic, SnapshotFrom } from 'xstate';
import { describe, expectTypeOf, it } from 'vitest';

type Snapshot = SnapshotFrom<typeof driveSecurityMachine>;

describe('driveSecurityMachine types', () => {
  it('accepts exactly the DriveSecurityEvent union', () => {
    expectTypeOf<EventFromLogic<typeof driveSecurityMachine>>().toEqualTypeOf<DriveSecurityEvent>();
    const send = (actor: ActorRefFrom<typeof driveSecurityMachine>): void => {
      actor.send({ type: 'UNLOCK', authority: 'Admin1' });
      actor.send({ type: 'AUTH_FAILED', authority: 'SID', exhausted: true });
      // @ts-expect-error not an event of the drive
      actor.send({ type: 'FORMAT' });
      // @ts-expect-error LOCK names the authority
      actor.send({ type: 'LOCK' });
      // @ts-expect-error SID has no say over locking ranges
      actor.send({ type: 'LOCK', authority: 'SID' });
      // @ts-expect-error SETUP_RANGE says whether locking is enabled and LockOnReset
      actor.send({ type: 'SETUP_RANGE', authority: 'Admin1' });
    };
    expectTypeOf(send).toBeFunction();
  });

  it('types state values, so matches() rejects a state that does not exist', () => {
    const check = (s: Snapshot): boolean => {
      // @ts-expect-error no such region value
      s.matches({ lockingSp: 'erased' });
      return s.matches({ lockingSp: { active: { globalRange: 'locked' } } }) && s.matches({ sid: 'lockedOut' });
    };
    expectTypeOf(check).returns.toBeBoolean();
    expectTypeOf<Snapshot['context']>().toEqualTypeOf<{ readonly lockOnReset: boolean }>();
  });

  it('reports the model in the machine’s terms', () => {
    expectTypeOf<SelfEncryptingDrive['securityState']>().returns.toEqualTypeOf<DriveSecurityState>();
    expectTypeOf<DriveSecurityState['value']>().toExtend<Snapshot['value']>();
    expectTypeOf(securitySnapshot).returns.toEqualTypeOf<Snapshot>();
  });
});

describe('status types', () => {
  it('names every failure status and keeps the codes literal', () => {
    expectTypeOf<SedStatusError['status']>().toEqualTypeOf<SedFailureStatus>();
    expectTypeOf<SedFailureStatus>().toEqualTypeOf<
      'NOT_AUTHORIZED' | 'SP_BUSY' | 'SP_DISABLED' | 'SP_FROZEN' | 'NO_SESSIONS_AVAILABLE' | 'INVALID_PARAMETER'
      | 'TPER_MALFUNCTION' | 'TRANSACTION_FAILURE' | 'AUTHORITY_LOCKED_OUT' | 'FAIL'
    >();
    expectTypeOf(SED_STATUS.AUTHORITY_LOCKED_OUT).toEqualTypeOf<0x12>();
  });

  it('takes PINs as bytes and lock states by name', () => {
    type LockUnlock = SelfEncryptingDrive['lockUnlock'];
    expectTypeOf<Parameters<LockUnlock>[1]>().toEqualTypeOf<Uint8Array>();
    expectTypeOf<Parameters<LockUnlock>[2]>().toEqualTypeOf<'RW' | 'RO' | 'LK'>();
    // @ts-expect-error SID is not a Locking SP authority
    expectTypeOf<Parameters<LockUnlock>[0]>().toEqualTypeOf<'SID' | 'Admin1' | 'User1'>();
  });
});
