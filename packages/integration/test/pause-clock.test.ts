/**
 * PauseClock and ResumeClock through a whole simulation's control API: simulated time stands
 * still on the master and on every node (their timers wait: a node's unlock retries stop), a jump
 * still jumps and fires what falls due on the nodes too, what needs no timer still happens (a node
 * powered on while paused boots, joins and unlocks, and wakes a peer's unlock), and time runs on
 * after ResumeClock. The
 * steps build on one another, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpKeyProvider, startTestCluster, waitFor, waitForEar, waitUnlocked, type Call, type TestCluster } from './helpers/cluster.js';

interface Activity {
  seq: number;
  kind: 'kmip' | 'connection' | 'share';
  from: string;
  what: string;
  ok: boolean;
}

interface ClockState {
  now: string;
  offsetSeconds: number;
  paused: boolean;
}

async function activitiesAfter(control: Call, since: number): Promise<{ activities: Activity[]; next: number }> {
  const all: Activity[] = [];
  let next = since;
  for (;;) {
    const page = (await control('ListSimActivity', { since: next })) as unknown as { activities: Activity[]; next: number };
    if (page.activities.length === 0) return { activities: all, next };
    all.push(...page.activities);
    next = page.next;
  }
}

const refusedFrom = (nodeID: number) => (a: Activity) => a.kind === 'connection' && a.from === `node ${nodeID}` && !a.ok;
const clockOf = async (control: Call): Promise<ClockState> => (await control('GetClock')) as unknown as ClockState;
const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('PauseClock and ResumeClock, through the control API', () => {
  let t: TestCluster;

  beforeAll(async () => {
    t = await startTestCluster({ nodes: 3, drivesPerNode: 1, keyServers: ['kms1'], kmipTimeouts: { connectMs: 1_500, requestMs: 5_000 } });
    const keyProviderID = await setUpKeyProvider(t, 'kms1');
    await t.api('EnableEncryptionAtRest', { keyProviderID });
    await waitForEar(t.api, 'enabled');
  }, 300_000);

  afterAll(async () => {
    await t?.close();
  });

  it('paused, the clock stands still and a node locked out stops retrying; a jump still fires its retry', async () => {
    const { control } = t;
    await control('SetNetworkFault', { scope: 'keyServer', target: 'kms1', fault: 'connectionRefused' });
    const start = (await activitiesAfter(control, 0)).next;
    await control('PowerCycleNode', { nodeID: 2 });
    // The first refusal: the node's next try is due a second later on its clock (the backoff doubles from 1 s).
    await waitFor('node 2 refused', async () => (await activitiesAfter(control, start)).activities.find(refusedFrom(2)), 60_000);
    const paused = (await control('PauseClock')) as unknown as ClockState;
    expect(paused.paused).toBe(true);
    // A connection already on its way is answered in real time; only then is the count taken.
    await realSleep(300);
    const since = (await activitiesAfter(control, 0)).next;
    await realSleep(3_000);
    expect(await clockOf(control)).toEqual(paused);
    expect((await activitiesAfter(control, since)).activities.filter(refusedFrom(2))).toEqual([]);
    // A jump moves every clock on, paused as they are: the retry that fell due is made.
    const { now } = await control('AdvanceClock', { seconds: 60 });
    expect(Date.parse(now as string) - Date.parse(paused.now)).toBe(60_000);
    await waitFor('node 2 to try again after the jump', async () => (await activitiesAfter(control, since)).activities.find(refusedFrom(2)), 60_000);
    expect(await clockOf(control)).toMatchObject({ now, paused: true });
  }, 300_000);

  it('paused, a node powered on boots, joins and unlocks: that needs no timer', async () => {
    const { control } = t;
    const before = await clockOf(control);
    await control('SetNetworkFault', { scope: 'keyServer', target: 'kms1', fault: 'none' });
    await control('PowerCycleNode', { nodeID: 3 });
    await waitUnlocked(control, [3]);
    // Node 3 coming online wakes node 2's unlock loop too (peerOnline: no timer either).
    await waitUnlocked(control, [2]);
    expect(await clockOf(control)).toEqual(before);
  }, 300_000);

  it('paused, a jump answers even when a key server contact it started waits on a timeout (a black hole)', async () => {
    const { control } = t;
    await control('SetNetworkFault', { scope: 'keyServer', target: 'kms1', fault: 'blackHole' });
    const before = await clockOf(control);
    // The jump starts a fault evaluation whose contact can only end by its timeout, which cannot
    // run out while the clock stands still: the answer does not wait for it.
    const { now } = await control('AdvanceClock', { seconds: 3_600 });
    expect(Date.parse(now as string) - Date.parse(before.now)).toBe(3_600_000);
    expect((await clockOf(control)).paused).toBe(true);
    await control('SetNetworkFault', { scope: 'keyServer', target: 'kms1', fault: 'none' });
  }, 300_000);

  it('resumed, time runs on from where it stood, the pause not made up', async () => {
    const { control } = t;
    const before = await clockOf(control);
    await realSleep(1_000);
    const resumed = (await control('ResumeClock')) as unknown as ClockState;
    expect(resumed.paused).toBe(false);
    expect(Date.parse(resumed.now) - Date.parse(before.now)).toBeLessThan(1_000);
    expect(resumed.offsetSeconds).toBeLessThan(before.offsetSeconds);
    await realSleep(200);
    expect(Date.parse((await clockOf(control)).now)).toBeGreaterThan(Date.parse(resumed.now));
  }, 300_000);
});
