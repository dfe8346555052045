/**
 * ListEvents over fake nodes: nodes added, offline and online (clusterMasterEvent), the EAR
 * transition (encryptionAtRestEvent), drives added, removed and erased (driveEvent), Element's
 * filters, IDs that keep increasing across a master restart, and no secret in any event.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClusterEvent } from '@ekmsim/master';
import { errorName } from './support/cluster.js';
import { openEarCluster, waitForState, waitUntil, type EarCluster } from './support/ear-cluster.js';

let c: EarCluster;
beforeEach(async () => {
  c = await openEarCluster({ nodes: 2 });
});
afterEach(() => c.close());

const messages = (events: readonly ClusterEvent[]): string[] => events.map((e) => e.message);

describe('ListEvents', () => {
  it('records nodes joining and leaving as clusterMasterEvent', async () => {
    expect(messages(c.master.listEvents({ eventType: 'clusterMasterEvent' }))).toEqual(['Node 1 added to the cluster', 'Node 2 added to the cluster']);
    const node = c.fake.node(2);
    node.disconnect();
    await waitUntil(() => !c.master.nodes.listNodes()[1]!.online, 'node 2 offline');
    await node.connect(c.master);
    await waitUntil(() => c.master.listEvents({ nodeID: 2 }).length === 3, 'node 2 online again');
    const events = c.master.listEvents({ nodeID: 2, eventType: 'clusterMasterEvent' });
    expect(messages(events)).toEqual(['Node 2 added to the cluster', 'Node 2 is offline', 'Node 2 is online']);
    expect(events[0]).toEqual({
      eventID: events[0]!.eventID,
      eventInfoType: 'clusterMasterEvent',
      message: 'Node 2 added to the cluster',
      details: { phase: 'ready', drives: 2 },
      nodeID: 2,
      serviceID: 0,
      driveID: 0,
      driveIDs: [],
      severity: 0,
      timeOfReport: '2026-11-28T04:50:00.000000Z',
      timeOfPublish: '2026-11-28T04:50:00.000000Z',
    });
    expect(c.master.listEvents({ nodeID: 1, eventType: 'clusterMasterEvent' })).toHaveLength(1);
  });

  it('records the EAR transition and drive operations, with the drive in driveID and driveIDs', async () => {
    await c.master.enableEncryptionAtRest({});
    await waitForState(c.master, 'enabled');
    expect(messages(c.master.listEvents({ eventType: 'encryptionAtRestEvent' }))).toEqual([
      'Encryption at rest enabling with internal key management',
      'Encryption at rest enabled with internal key management',
    ]);
    expect(c.master.listEvents({ eventType: 'encryptionAtRestEvent' })[1]?.details).toEqual({ state: 'enabled', keyManagementType: 'internal', generation: 1 });

    await c.master.removeDrives([2]);
    await c.master.secureEraseDrives([2]);
    await waitUntil(() => c.master.listEvents({ driveID: 2 }).length === 3, 'the erase recorded');
    await c.master.addDrives([{ driveID: 2 }]);
    const drive2 = c.master.listEvents({ driveID: 2 });
    expect(messages(drive2)).toEqual(['Drive 2 removed from the cluster', 'Drive 2 secure erase started', 'Drive 2 secure erase done', 'Drive 2 added to the cluster']);
    expect(drive2.every((e) => e.eventInfoType === 'driveEvent' && e.driveID === 2 && e.nodeID === 1 && e.driveIDs.length === 1)).toBe(true);
    expect(drive2[0]?.details).toEqual({ serial: 'SN1-1', slot: 1 });
  });

  it('filters by ID range and count, oldest first, and by report and publish time', async () => {
    await c.master.removeDrives([1]);
    const all = c.master.listEvents({});
    expect(all.map((e) => e.eventID)).toEqual([1, 2, 3]);
    expect(c.master.listEvents({ startEventID: 2 }).map((e) => e.eventID)).toEqual([2, 3]);
    expect(c.master.listEvents({ endEventID: 2 }).map((e) => e.eventID)).toEqual([1, 2]);
    expect(c.master.listEvents({ startEventID: 2, maxEvents: 1 }).map((e) => e.eventID)).toEqual([2]);
    expect(c.master.listEvents({ maxEvents: 2 }).map((e) => e.eventID)).toEqual([1, 2]);
    expect(c.master.listEvents({ serviceID: 5 })).toEqual([]);
    const t = all[0]!.timeOfReport;
    // "After" and "earlier than" are strict: every event here was reported at the same instant.
    expect(c.master.listEvents({ startReportTime: t })).toEqual([]);
    expect(c.master.listEvents({ endPublishTime: '2026-11-28T04:50:00.001Z' })).toHaveLength(3);
    expect(c.master.listEvents({ startPublishTime: '2026-11-28T04:49:59Z', endReportTime: '2026-11-28T04:50:01Z' })).toHaveLength(3);
    expect(await errorName(() => c.master.listEvents({ eventType: 'kmipEvent' }))).toBe('xInvalidParameter');
    expect(await errorName(() => c.master.listEvents({ endReportTime: '28/11/2026' }))).toBe('xInvalidParameter');
  });

  it('keeps its events and increasing IDs across a master restart', async () => {
    const before = c.master.listEvents({});
    await c.restart();
    await c.fake.connectAll(c.master);
    const after = c.master.listEvents({});
    expect(after.slice(0, before.length)).toEqual(before);
    expect(messages(after.slice(before.length))).toEqual(['Node 1 is online', 'Node 2 is online']);
    expect(after.at(-1)!.eventID).toBeGreaterThan(before.at(-1)!.eventID);
  });

  it('never holds a secret: no share, AK or private key in any message or details', async () => {
    await c.master.enableEncryptionAtRest({});
    await waitForState(c.master, 'enabled');
    c.fake.node(2).lockOut('too few shares');
    await waitUntil(() => c.master.listClusterFaults({ faultTypes: 'current' }).length > 0, 'a fault');
    const text = JSON.stringify(c.master.listEvents({}));
    const secrets = c.fake.nodes.flatMap((n) => n.secretsSeen);
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    expect(text).not.toMatch(/PRIVATE KEY/);
  });
});
