/** ListSimActivity at the API: `since` checked and defaulted, the page passed through, never logged. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureRng, systemClock } from '@ekmsim/core';
import { createCa } from '@ekmsim/pki';
import { SIM, startFixture, type Fixture } from './support/fixture.js';
import { TEST_ACTIVITIES, testSimControl } from './support/sim-control.js';

describe('control API: ListSimActivity', () => {
  const clock = systemClock();
  const rng = secureRng();
  let fx: Fixture;

  beforeAll(async () => {
    const ca = await createCa({ commonName: 'kms1 CA', clock, rng });
    fx = await startFixture({ sim: testSimControl([{ info: { name: 'kms1', vendor: 'generic', hostnames: ['kms1.example'], port: 5696, caCertificate: ca.certPem }, ca }], { clock, rng }) });
  });
  afterAll(async () => {
    await fx?.close();
  });

  const sim = (method: string, params: Record<string, unknown> = {}) => fx.result(method, params, SIM);
  const simError = async (method: string, params: unknown) => (await fx.call(method, params, { path: SIM })).error;

  it('answers every activity after since (0 when omitted) and the since of the next call', async () => {
    expect(await sim('ListSimActivity')).toEqual({ activities: TEST_ACTIVITIES, next: 2 });
    expect(await sim('ListSimActivity', { since: 1 })).toEqual({ activities: [TEST_ACTIVITIES[1]], next: 2 });
    expect(await sim('ListSimActivity', { since: 2 })).toEqual({ activities: [], next: 2 });
  });

  it('takes a whole number from 0', async () => {
    expect(await simError('ListSimActivity', { since: -1 })).toEqual({ code: 500, name: 'xInvalidParameter', message: 'since: must be at least 0 but found -1' });
    expect((await simError('ListSimActivity', { since: 'latest' }))?.name).toBe('xInvalidParameterType');
  });

  it('is a read: the dashboard polls it, and a line per poll would bury the log', async () => {
    await sim('ListSimActivity', { since: 0 });
    expect(fx.logger.api().filter((e) => e.fields.method === 'ListSimActivity')).toEqual([]);
  });
});
