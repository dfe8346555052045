import { driveSecurityMachine, type DriveSecurityEvent, type LockingAuthority } from '@ekmsim/sed';
import { getNextSnapshot } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { DriveReplay } from './support/replay.js';

const LOCKING: LockingAuthority[] = ['Admin1', 'User1'];
const bools = [false, true];

/** Every concrete event the traversal may send. */
const EVENTS: DriveSecurityEvent[] = [
  { type: 'TAKE_OWNERSHIP' },
  { type: 'ACTIVATE' },
  ...LOCKING.flatMap((authority) => [
    ...bools.flatMap((lockEnabled) => bools.map((lockOnReset) => ({ type: 'SETUP_RANGE', authority, lockEnabled, lockOnReset }) as const)),
    { type: 'LOCK', authority } as const,
    { type: 'UNLOCK', authority } as const,
    { type: 'SET_PASSWORD', authority } as const,
    { type: 'GENKEY', authority } as const,
  ]),
  ...(['SID', ...LOCKING] as const).flatMap((authority) => bools.map((exhausted) => ({ type: 'AUTH_FAILED', authority, exhausted }) as const)),
  { type: 'REVERT_SP' },
  { type: 'REVERT' },
  { type: 'PSID_REVERT' },
  { type: 'POWER_CYCLE' },
];

// Tries is abstracted away (ok / lockedOut) and the context is one boolean, so the graph is
// finite; the limit only guards against a future change making it unbounded.
const paths = getShortestPaths(driveSecurityMachine, { events: EVENTS, limit: 10_000 });

const view = (s: { value: unknown; context: unknown }) => ({ value: s.value, context: s.context });

describe('driveSecurityMachine against the drive model', () => {
  it('has a finite graph that reaches lockout, locked and factory states', () => {
    expect(paths.length).toBe(100);
    const values = paths.map((p) => JSON.stringify(p.state.value));
    expect(values.some((v) => v.includes('"admin1":"lockedOut"') && v.includes('"globalRange":"locked"'))).toBe(true);
    expect(values.some((v) => v.includes('"sid":"lockedOut"') && v.includes('"adminSp":"owned"'))).toBe(true);
  });

  it.each(paths.map((p) => [JSON.stringify(view(p.state)), p] as const))('reaches %s', (_name, path) => {
    const replay = new DriveReplay();
    try {
      for (const step of path.steps) {
        replay.apply(step.event);
        expect(replay.drive.securityState(), `after ${JSON.stringify(step.event)}`).toEqual(view(step.state));
      }
    } finally {
      replay.close();
    }
  });

  it('agrees on every event in every reachable state, allowed or refused', () => {
    let checked = 0;
    for (const path of paths) {
      for (const event of EVENTS) {
        const expected = getNextSnapshot(driveSecurityMachine, path.state, event);
        const replay = new DriveReplay();
        try {
          for (const step of path.steps) replay.apply(step.event);
          replay.apply(event);
          expect(replay.drive.securityState(), `${JSON.stringify(view(path.state))} + ${JSON.stringify(event)}`).toEqual(view(expected));
        } finally {
          replay.close();
        }
        checked++;
      }
    }
    expect(checked).toBe(paths.length * EVENTS.length);
  });
});
