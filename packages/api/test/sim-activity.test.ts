/** ListSimActivity at the API: `since` checked and defaulted, the page passed through, never logged. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixture } from './support/fixture.js';
import { simCalls, startKms1Fixture } from './support/kms1-fixture.js';
import { TEST_ACTIVITIES } from './support/sim-control.js';

describe('control API: ListSimActivity', () => {
  let fx: Fixture;

  beforeAll(async () => {
    fx = await startKms1Fixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  const { sim, simError } = simCalls(() => fx);

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
