/** Providers and the assignment of servers: ids, no-ops, conflicts, the List filters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addServer, errorName, openCluster, trust, type TestCluster } from './support/cluster.js';
import { startSite, type Site } from './support/site.js';

let site: Site;
let c: TestCluster;
let cert: string;

beforeAll(async () => {
  site = await startSite();
  c = await openCluster();
  cert = await trust(c.master, site);
});

afterAll(async () => {
  await c.close();
  await site.close();
});

describe('key providers and assignments', () => {
  it('creates providers with increasing ids that are never reused', async () => {
    expect((await c.master.createKeyProviderKmip('a')).keyProviderID).toBe(1);
    expect((await c.master.createKeyProviderKmip('b')).keyProviderID).toBe(2);
    await c.master.deleteKeyProviderKmip(2);
    expect((await c.master.createKeyProviderKmip('b')).keyProviderID).toBe(3);
    // Names need not be unique.
    expect((await c.master.createKeyProviderKmip('a')).keyProviderName).toBe('a');
  });

  it('assigns, treats a repeat as a no-op, refuses a server of another provider, unassigns idempotently', async () => {
    const s = await addServer(c.master, site, cert, { hostnames: ['localhost', '127.0.0.1'] });
    await c.master.addKeyServerToProviderKmip(1, s.keyServerID);
    await c.master.addKeyServerToProviderKmip(1, s.keyServerID);
    expect(c.master.getKeyProviderKmip(1).keyServerIDs).toEqual([s.keyServerID]);
    expect(await errorName(c.master.addKeyServerToProviderKmip(3, s.keyServerID))).toBe('xKeyServerHasProviderAssigned');
    expect(await errorName(c.master.deleteKeyServerKmip(s.keyServerID))).toBe('xKeyServerHasProviderAssigned');
    await c.master.removeKeyServerFromProviderKmip(s.keyServerID);
    await c.master.removeKeyServerFromProviderKmip(s.keyServerID);
    expect(c.master.getKeyServerKmip(s.keyServerID).keyProviderID).toBeNull();
    await c.master.addKeyServerToProviderKmip(3, s.keyServerID);
  });

  it('deleting an inactive provider unassigns its servers', async () => {
    const p = await c.master.createKeyProviderKmip('doomed');
    const s = await addServer(c.master, site, cert, { hostnames: ['LOCALHOST'] });
    await c.master.addKeyServerToProviderKmip(p.keyProviderID, s.keyServerID);
    await c.master.deleteKeyProviderKmip(p.keyProviderID);
    expect(c.master.getKeyServerKmip(s.keyServerID).keyProviderID).toBeNull();
    await c.master.deleteKeyServerKmip(s.keyServerID);
  });

  it('xNoOnlineKeyProviderWithThatID for an unknown provider in every method that takes one', async () => {
    expect(await errorName(() => c.master.getKeyProviderKmip(404))).toBe('xNoOnlineKeyProviderWithThatID');
    expect(await errorName(c.master.deleteKeyProviderKmip(404))).toBe('xNoOnlineKeyProviderWithThatID');
    expect(await errorName(c.master.testKeyProviderKmip(404))).toBe('xNoOnlineKeyProviderWithThatID');
    expect(await errorName(c.master.addKeyServerToProviderKmip(404, 1))).toBe('xNoOnlineKeyProviderWithThatID');
    expect(await errorName(c.master.enableEncryptionAtRest({ keyProviderID: 404 }))).toBe('xNoOnlineKeyProviderWithThatID');
  });

  it('filters servers and providers (filters AND together)', async () => {
    // Provider 3 holds server 1 and becomes active; provider 1 gets server 3 and stays inactive; server 4 is unassigned.
    const inactive = await addServer(c.master, site, cert, { hostnames: ['127.0.0.1'] });
    await c.master.addKeyServerToProviderKmip(1, inactive.keyServerID);
    const loose = await addServer(c.master, site, cert, { hostnames: ['localhost', 'LocalHost.', '127.0.0.1'] });
    await c.master.enableEncryptionAtRest({ keyProviderID: 3 });
    const ids = (f: Parameters<typeof c.master.listKeyServersKmip>[0]): number[] => c.master.listKeyServersKmip(f).map((s) => s.keyServerID);
    expect(ids({})).toEqual([1, inactive.keyServerID, loose.keyServerID]);
    expect(ids({ keyProviderID: 3 })).toEqual([1]);
    expect(ids({ kmipAssignedProviderIsActive: true })).toEqual([1]);
    expect(ids({ kmipAssignedProviderIsActive: false })).toEqual([inactive.keyServerID]);
    expect(ids({ kmipHasProviderAssigned: false })).toEqual([loose.keyServerID]);
    expect(ids({ kmipHasProviderAssigned: true })).toEqual([1, inactive.keyServerID]);
    expect(ids({ kmipHasProviderAssigned: true, kmipAssignedProviderIsActive: false })).toEqual([inactive.keyServerID]);
    expect(ids({ keyProviderID: 1, kmipAssignedProviderIsActive: true })).toEqual([]);

    const pids = (f: Parameters<typeof c.master.listKeyProvidersKmip>[0]): number[] => c.master.listKeyProvidersKmip(f).map((p) => p.keyProviderID);
    const empty = await c.master.createKeyProviderKmip('empty');
    expect(pids({})).toEqual([1, 3, 4, empty.keyProviderID]);
    expect(pids({ keyProviderIsActive: true })).toEqual([3]);
    expect(pids({ kmipKeyProviderHasServerAssigned: false })).toEqual([4, empty.keyProviderID]);
    expect(pids({ keyProviderIsActive: false, kmipKeyProviderHasServerAssigned: true })).toEqual([1]);
    await c.master.disableEncryptionAtRest();
  });
});
