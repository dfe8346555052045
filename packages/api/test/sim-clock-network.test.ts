/** The control API's clock and network methods: parameters, validation, and what reaches SimControl. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixture } from './support/fixture.js';
import { simCalls, startKms1Fixture } from './support/kms1-fixture.js';

describe('control API: clock and network', () => {
  let fx: Fixture;

  beforeAll(async () => {
    fx = await startKms1Fixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  const { sim, simError } = simCalls(() => fx);

  it('GetClock and AdvanceClock: the jump shows in now and offsetSeconds', async () => {
    const before = await sim('GetClock');
    expect(Object.keys(before).sort()).toEqual(['now', 'offsetSeconds', 'paused']);
    expect(before.paused).toBe(false);
    expect(before.offsetSeconds).toBe(0);
    const { now } = await sim('AdvanceClock', { seconds: 86_400 });
    expect(Date.parse(now as string) - Date.parse(before.now as string)).toBeGreaterThanOrEqual(86_400_000);
    expect((await sim('GetClock')).offsetSeconds).toBe(86_400);
    expect(fx.logger.api().find((e) => e.fields.method === 'AdvanceClock')?.fields).toMatchObject({ outcome: 'ok', seconds: 86_400 });
  });

  it('AdvanceClock takes whole seconds, forward only, at most ten years', async () => {
    expect(await simError('AdvanceClock', {})).toEqual({ code: 500, name: 'xInvalidParameter', message: 'seconds: missing required parameter' });
    expect(await simError('AdvanceClock', { seconds: -1 })).toEqual({ code: 500, name: 'xInvalidParameter', message: 'seconds: must be from 0 to 315360000 but found -1' });
    expect((await simError('AdvanceClock', { seconds: 1.5 }))?.name).toBe('xInvalidParameterType');
    expect((await sim('GetClock')).offsetSeconds).toBe(86_400);
  });

  it('PauseClock stops the clock until ResumeClock; AdvanceClock still jumps it; both are idempotent', async () => {
    const paused = await sim('PauseClock');
    expect(paused).toMatchObject({ paused: true, offsetSeconds: 86_400 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await sim('GetClock')).toEqual(paused);
    expect(await sim('PauseClock')).toEqual(paused);
    const { now } = await sim('AdvanceClock', { seconds: 60 });
    expect(Date.parse(now as string) - Date.parse(paused.now as string)).toBe(60_000);
    expect(await sim('GetClock')).toMatchObject({ now, paused: true });
    const resumed = await sim('ResumeClock');
    expect(resumed.paused).toBe(false);
    expect(Date.parse(resumed.now as string)).toBeGreaterThanOrEqual(Date.parse(now as string));
    // The pause is not made up: the clock is that much further behind real time.
    expect(resumed.offsetSeconds as number).toBeLessThan(86_460);
    expect((await sim('ResumeClock')).paused).toBe(false);
    expect(fx.logger.api().filter((e) => e.fields.method === 'PauseClock' || e.fields.method === 'ResumeClock').map((e) => e.fields.outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('SetNetworkFault sets, replaces and clears a fault; ListNetworkFaults shows what is in force', async () => {
    expect(await sim('SetNetworkFault', { scope: 'keyServer', target: 'kms1', fault: 'connectionRefused' })).toEqual({});
    expect(await sim('SetNetworkFault', { scope: 'node', target: '2', fault: 'latency', latencyMs: 250 })).toEqual({});
    expect(await sim('ListNetworkFaults')).toEqual({
      faults: [
        { scope: 'keyServer', target: 'kms1', fault: 'connectionRefused' },
        { scope: 'node', target: '2', fault: 'latency', latencyMs: 250 },
      ],
    });
    expect(await sim('SetNetworkFault', { scope: 'keyServer', target: 'kms1', fault: 'none' })).toEqual({});
    expect((await sim('ListNetworkFaults')).faults).toEqual([{ scope: 'node', target: '2', fault: 'latency', latencyMs: 250 }]);
  });

  it('SetNetworkFault checks scope, fault and latencyMs before the simulation sees them', async () => {
    expect(await simError('SetNetworkFault', { scope: 'rack', target: '1', fault: 'partition' })).toEqual({
      code: 500,
      name: 'xInvalidParameter',
      message: 'scope: expected one of "node", "keyServer", "site" but found "rack"',
    });
    expect((await simError('SetNetworkFault', { scope: 'site', target: 'foreign', fault: 'meteor' }))?.message).toBe(
      'fault: expected one of "none", "lookupFailure", "connectionRefused", "blackHole", "latency", "partition" but found "meteor"',
    );
    expect(await simError('SetNetworkFault', { scope: 'site', target: 'foreign', fault: 'latency' })).toEqual({
      code: 500,
      name: 'xInvalidParameter',
      message: 'latencyMs: required with fault "latency"',
    });
    expect((await simError('SetNetworkFault', { scope: 'site', target: 'foreign', fault: 'partition', latencyMs: 5 }))?.message).toBe('latencyMs: only with fault "latency", not "partition"');
    expect((await simError('SetNetworkFault', { scope: 'site', target: 'foreign' }))?.message).toBe('fault: missing required parameter');
  });

  it('passes the simulation\'s errors through for targets it does not have', async () => {
    expect((await simError('SetNetworkFault', { scope: 'node', target: '9', fault: 'partition' }))?.name).toBe('xSimNodeDoesNotExist');
    expect((await simError('SetNetworkFault', { scope: 'keyServer', target: 'kms9', fault: 'partition' }))?.name).toBe('xSimKeyServerDoesNotExist');
  });
});
