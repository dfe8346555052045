import { SimulatedClock } from '@ekmsim/core';
import { driveSecurityMachine, securitySnapshot } from '@ekmsim/sed';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { ak, enableEncryption, newDrive, powerCycle } from './support/drives.js';

describe('securitySnapshot', () => {
  it('resumes an actor (on the injected clock) in the state of a drive, which then follows the drive', () => {
    const { drive, dir } = newDrive();
    const key = ak();
    enableEncryption(drive, key);
    const booted = powerCycle(drive, dir);
    const actor = createActor(driveSecurityMachine, { snapshot: securitySnapshot(booted), clock: new SimulatedClock() }).start();
    expect(actor.getSnapshot().matches({ adminSp: 'owned', lockingSp: { active: { globalRange: 'locked' } } })).toBe(true);
    expect(actor.getSnapshot().can({ type: 'UNLOCK', authority: 'Admin1' })).toBe(true);

    booted.lockUnlock('Admin1', key, 'RW');
    actor.send({ type: 'UNLOCK', authority: 'Admin1' });
    expect({ value: actor.getSnapshot().value, context: actor.getSnapshot().context }).toEqual(booted.securityState());
    actor.stop();
    booted.powerOff();
  });
});
