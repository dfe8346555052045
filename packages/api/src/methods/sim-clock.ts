/** The control API's simulation clock: jump time forward, stop and restart it, read it. */
import { defineMethod } from '../method.js';
import type { ClockState } from '../sim-control.js';
import { simControl } from './sim-context.js';

/** Ten years: far enough for any certificate's life, near enough that every timer on the way can fire. */
const MAX_ADVANCE_SECONDS = 3650 * 86_400;

export const advanceClock = defineMethod({
  name: 'AdvanceClock',
  since: '1.0',
  params: [{ name: 'seconds', type: 'integer', required: true, min: 0, max: MAX_ADVANCE_SECONDS, description: 'How far to jump the simulation clock forward' }],
  changesState: true,
  result: '`now`: string (the simulation clock after the jump, ISO 8601)',
  errors: [],
  description:
    'Jumps the simulation clock forward: every timer due on the way fires, in order, on the master and on every node (fault evaluations every 30 s, unlock retries, timeouts). Certificates are judged on this clock on both sides of every handshake, so one that expired in simulated time fails like a really expired one. A fault evaluation in flight finishes before the jump (time does not jump over a key server contact), and the answer comes once the evaluation the jump started has recorded its faults, so ListClusterFaults right after shows the new time\'s faults (this takes as long as the key server contacts take; a black-holed key server takes the KMIP timeouts). While the clock is paused, a contact that waits on a timeout cannot end, so the jump waits for contacts at most a second of real time; such a contact carries on at the next jump or after ResumeClock.',
  run: async (ctx, p) => ({ now: (await simControl(ctx).advanceClock(p)).now }),
  audit: (p) => ({ seconds: p.seconds }),
});

/** The reply: exactly these members, whatever else the simulation's answer carries. */
const clockState = ({ now, offsetSeconds, paused }: ClockState) => ({ now, offsetSeconds, paused });

const CLOCK_STATE = '`now`: string (ISO 8601), `offsetSeconds`: number (simulation time minus real time: grows with each jump, shrinks by each pause), `paused`: boolean';

export const getClock = defineMethod({
  name: 'GetClock',
  since: '1.0',
  params: [],
  changesState: false,
  result: CLOCK_STATE,
  errors: [],
  description: 'The simulation clock.',
  run: async (ctx) => clockState(await simControl(ctx).getClock({})),
});

export const pauseClock = defineMethod({
  name: 'PauseClock',
  since: '1.0',
  params: [],
  changesState: true,
  result: CLOCK_STATE,
  errors: [],
  description:
    'Stops simulated time on the master, the key servers and every node (the thief\'s too): the clock stands still and no timer fires — no fault evaluation, unlock retry, KMIP timeout or certificate ageing — until ResumeClock. What needs no timer still happens: a node powered on boots, joins and unlocks if its key server answers; an API call is answered. AdvanceClock still jumps, and the clock stays paused after it. Pausing a paused clock changes nothing.',
  run: async (ctx) => clockState(await simControl(ctx).pauseClock({})),
});

export const resumeClock = defineMethod({
  name: 'ResumeClock',
  since: '1.0',
  params: [],
  changesState: true,
  result: CLOCK_STATE,
  errors: [],
  description: 'Simulated time runs on from where it stood (the pause is not made up: the clock is that much further behind real time). Resuming a running clock changes nothing.',
  run: async (ctx) => clockState(await simControl(ctx).resumeClock({})),
});
