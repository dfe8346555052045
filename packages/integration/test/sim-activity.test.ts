/**
 * Issue 7 through a whole simulation's control API: ListSimActivity shows the key flow as it
 * happens — share requests between nodes under internal keys, KMIP requests to the key server
 * under external keys with the node that made each, connections the network or the key server
 * refused — and pages with `since`; GetNodeState shows each drive's Admin1 tries, which a wrong
 * PIN raises and a power cycle resets. The steps build on one another, in order.
 * Which node made a KMIP request is read from the connection's address, which the key server
 * gives with each request only once its server passes `remote` and `member` on the Session
 * (eks src/server/runtime.ts); until then those requests are from `unknown`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpKeyProvider, startTestCluster, waitFor, waitForEar, waitUnlocked, type Call, type TestCluster } from './helpers/cluster.js';

const NODES = [1, 2, 3];

interface Activity {
  seq: number;
  simMs: number;
  kind: 'kmip' | 'connection' | 'share';
  from: string;
  to: string;
  what: string;
  ok: boolean;
  outcome: string;
}

interface Page {
  activities: Activity[];
  next: number;
}

interface DriveView {
  serial: string;
  locked: boolean;
  admin1Tries: number;
  admin1TryLimit: number;
}

const page = async (control: Call, since: number): Promise<Page> => (await control('ListSimActivity', { since })) as unknown as Page;

/** Every activity after `since`, page by page, and the since that follows them. */
async function activitiesAfter(control: Call, since: number): Promise<Page> {
  const all: Activity[] = [];
  let next = since;
  for (;;) {
    const p = await page(control, next);
    if (p.activities.length === 0) return { activities: all, next };
    all.push(...p.activities);
    next = p.next;
  }
}

/** Waits until an activity after `since` matches `wanted` (real time: the key flow takes its own). */
async function waitForActivity(control: Call, since: number, what: string, wanted: (a: Activity) => boolean, timeoutMs = 60_000): Promise<Activity> {
  return waitFor(what, async () => (await activitiesAfter(control, since)).activities.find(wanted), timeoutMs);
}

async function drives(control: Call, nodeID: number): Promise<DriveView[]> {
  const { node } = (await control('GetNodeState', { nodeID })) as { node: { drives: DriveView[] } | null };
  if (node === null) throw new Error(`node ${nodeID} is off`);
  return node.drives;
}

describe('ListSimActivity and tries left, through the control API', () => {
  let t: TestCluster;
  let since = 0;

  beforeAll(async () => {
    t = await startTestCluster({ nodes: 3, drivesPerNode: 2, keyServers: ['kms1'], kmipTimeouts: { connectMs: 1_500, requestMs: 5_000 } });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('internal keys, cluster power-cycled: each node asked its peers for shares, through the master', async () => {
    const { api, control } = t;
    await api('EnableEncryptionAtRest');
    await waitForEar(api, 'enabled');
    since = (await activitiesAfter(control, 0)).next;
    await control('PowerCycleCluster');
    await waitUnlocked(control, NODES);
    const { activities, next } = await activitiesAfter(control, since);
    since = next;
    const shares = activities.filter((a) => a.kind === 'share');
    for (const id of NODES) {
      expect(shares.some((a) => a.from === `node ${id}` && a.ok), `a share sent to node ${id}`).toBe(true);
    }
    for (const a of shares.filter((s) => s.ok)) {
      expect(a).toMatchObject({ what: 'share request', outcome: 'sealed share sent' });
      expect(a.to).toMatch(/^node [123]$/);
      expect(a.to).not.toBe(a.from);
    }
    // Peers not up yet when a node asked are told as such, not hidden.
    for (const a of shares.filter((s) => !s.ok)) expect(a.outcome).not.toBe('');
  }, 120_000);

  it('pages with since: oldest first, seq counting up by one, next the last seq given', async () => {
    const { control } = t;
    const whole = await activitiesAfter(control, 0);
    expect(whole.activities.length).toBeGreaterThan(3);
    whole.activities.forEach((a, i) => {
      expect(a.seq).toBe(whole.activities[0]!.seq + i);
      expect(Object.keys(a).sort()).toEqual(['from', 'kind', 'ok', 'outcome', 'seq', 'simMs', 'to', 'what']);
      if (i > 0) expect(a.simMs).toBeGreaterThanOrEqual(whole.activities[i - 1]!.simMs);
    });
    const first = await page(control, 0);
    const middle = whole.activities[1]!.seq;
    const rest = await page(control, middle);
    expect(rest.activities[0]?.seq).toBe(middle + 1);
    expect(first.next).toBe(first.activities.at(-1)?.seq);
    // Nothing new since the last seq: no activities, the same since back.
    const last = whole.next;
    const none = await page(control, last);
    expect(none.activities.filter((a) => a.seq <= last)).toEqual([]);
  });

  it('a wrong PIN costs a drive one Admin1 try, shown by GetNodeState; a power cycle and the right PIN clear it', async () => {
    const { control } = t;
    for (const d of await drives(control, 3)) expect(d).toMatchObject({ locked: false, admin1Tries: 0, admin1TryLimit: 5 });
    // The node's record of its first drive says "no EAR": the node tries the MSID as Admin1's PIN, which is the AK.
    const stateFile = join(t.dir, 'nodes', '3', 'node.json');
    await control('PowerOffNode', { nodeID: 3 });
    const original = readFileSync(stateFile, 'utf8');
    const state = JSON.parse(original) as { drives: { serial: string; keyGeneration: number | null }[] };
    const wronged = state.drives[0]!.serial;
    state.drives[0]!.keyGeneration = null;
    writeFileSync(stateFile, JSON.stringify(state));
    await control('PowerOnNode', { nodeID: 3 });
    try {
      const after = await waitFor('node 3 to unlock all but its first drive', async () => {
        const list = await drives(control, 3).catch(() => undefined);
        const done = list?.find((d) => d.serial === wronged)?.admin1Tries === 1 && list.every((d) => d.serial === wronged || !d.locked);
        return done ? list : undefined;
      });
      expect(after.find((d) => d.serial === wronged)).toMatchObject({ locked: true, admin1Tries: 1, admin1TryLimit: 5 });
      expect(after.find((d) => d.serial !== wronged)).toMatchObject({ locked: false, admin1Tries: 0, admin1TryLimit: 5 });
    } finally {
      // The record put right (the steps after this one need the node whole).
      await control('PowerOffNode', { nodeID: 3 });
      writeFileSync(stateFile, original);
      await control('PowerOnNode', { nodeID: 3 });
    }
    await waitUnlocked(control, [3]);
    for (const d of await drives(control, 3)) expect(d).toMatchObject({ locked: false, admin1Tries: 0, admin1TryLimit: 5 });
    since = (await activitiesAfter(control, since)).next;
  }, 120_000);

  it('external keys, cluster power-cycled: every node asked the key server for the AK, each Get told with who asked', async () => {
    const { api, control } = t;
    const keyProviderID = await setUpKeyProvider(t, 'kms1');
    await api('EnableEncryptionAtRest', { keyProviderID });
    await waitForEar(api, 'enabled');
    since = (await activitiesAfter(control, since)).next;
    await control('PowerCycleCluster');
    await waitUnlocked(control, NODES);
    const { activities, next } = await activitiesAfter(control, since);
    since = next;
    const gets = activities.filter((a) => a.kind === 'kmip' && a.what === 'Get');
    for (const id of NODES) expect(gets, `node ${id}'s Get`).toContainEqual(expect.objectContaining({ from: `node ${id}`, to: 'kms1', ok: true, outcome: 'Success' }));
    // The master's own contacts (the health checks) are the master's.
    const kmip = activities.filter((a) => a.kind === 'kmip');
    expect(kmip.every((a) => /^(master|node [123])$/.test(a.from)), JSON.stringify(kmip.map((a) => a.from))).toBe(true);
  }, 120_000);

  it('a key server refusing connections: the refused connection is told, from the node that tried', async () => {
    const { control } = t;
    await control('SetNetworkFault', { scope: 'keyServer', target: 'kms1', fault: 'connectionRefused' });
    await control('PowerCycleNode', { nodeID: 2 });
    const refused = await waitForActivity(control, since, 'node 2 refused', (a) => a.kind === 'connection' && a.from === 'node 2');
    expect(refused).toMatchObject({ to: 'kms1', what: 'connect', ok: false, outcome: 'connection refused' });
    await control('SetNetworkFault', { scope: 'keyServer', target: 'kms1', fault: 'none' });
    await waitUnlocked(control, [2]);
    since = (await activitiesAfter(control, since)).next;
  }, 120_000);

  it('the key server refusing the cluster\'s certificate at TLS is told as its refusal', async () => {
    const { control } = t;
    await control('SimKeyServerAdmin', { keyServer: 'kms1', action: 'revokeCertificate', args: { commonName: 'cluster1' } });
    await control('PowerCycleNode', { nodeID: 1 });
    const refused = await waitForActivity(control, since, 'node 1 refused by the key server', (a) => a.kind === 'connection' && a.from === 'node 1');
    expect(refused).toMatchObject({ to: 'kms1', what: 'connect', ok: false });
    expect(refused.outcome).toMatch(/^refused by the key server \(/);
    await control('SimKeyServerAdmin', { keyServer: 'kms1', action: 'reinstateCertificate', args: { commonName: 'cluster1' } });
    await waitUnlocked(control, [1]);
    since = (await activitiesAfter(control, since)).next;
  }, 120_000);

  it('a Get of a key the key server no longer has fails as it says: Operation Failed: Item Not Found', async () => {
    const { control } = t;
    const { result: objects } = (await control('SimKeyServerAdmin', { keyServer: 'kms1', action: 'listObjects' })) as { result: { uid: string; objectType: string }[] };
    for (const o of objects.filter((x) => x.objectType === 'SymmetricKey')) await control('SimKeyServerAdmin', { keyServer: 'kms1', action: 'deleteKey', args: { uid: o.uid } });
    await control('PowerCycleNode', { nodeID: 3 });
    const failed = await waitForActivity(control, since, 'node 3\'s Get to fail', (a) => a.kind === 'kmip' && a.what === 'Get' && !a.ok);
    expect(failed).toMatchObject({ from: 'node 3', to: 'kms1', outcome: 'Operation Failed: Item Not Found' });
  }, 120_000);
});
