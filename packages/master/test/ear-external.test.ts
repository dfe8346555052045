/**
 * External keys across fake nodes against a real mock key server: conversion from internal keys
 * (the nodes fetch the AK over KMIP with the client key the master sealed to each), the drives
 * reporting the key in ListDrives, and disable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addServer, errorName, trust } from './support/cluster.js';
import { openEarCluster, waitForState, waitUntil, type EarCluster } from './support/ear-cluster.js';
import { Gate } from './support/fake-nodes.js';
import { clock, startSite, type Site } from './support/site.js';

let site: Site;
let c: EarCluster;
let providerID: number;

beforeAll(async () => {
  site = await startSite();
  c = await openEarCluster({ nodes: 3, clock });
  const cert = await trust(c.master, site);
  const server = await addServer(c.master, site, cert);
  providerID = (await c.master.createKeyProviderKmip('KMS')).keyProviderID;
  await c.master.addKeyServerToProviderKmip(providerID, server.keyServerID);
});

afterAll(async () => {
  await c.close();
  await site.close();
});

describe('internal → external', () => {
  it('converts: every node stores the external record, the generator checks the AK, every drive moves to it', async () => {
    const { master, fake } = c;
    await master.enableEncryptionAtRest({});
    await waitForState(master, 'enabled');
    const internal = [...fake.node(1).generations.keys()][0]!;
    expect(master.listDrives().every((d) => d.keyID === undefined && d.keyProviderID === undefined)).toBe(true);

    const gate = new Gate();
    fake.node(3).gates.applyGeneration = gate;
    await master.enableEncryptionAtRest({ keyProviderID: providerID });
    // The provider is active from the moment the transition is recorded.
    expect(master.getKeyProviderKmip(providerID).keyProviderIsActive).toBe(true);
    await waitUntil(() => gate.reached, 'node 3 applying');
    expect(master.getClusterInfo().encryptionAtRestState).toBe('enabling');
    // During the conversion the cluster still reports the key its drives were using.
    expect(master.getEncryptionAtRestInfo()).toMatchObject({ state: 'enabling', authenticationKeyInfo: { keyManagementType: 'internal' } });
    expect(await errorName(master.disableEncryptionAtRest())).toBe('xAPINotPermitted');
    // Both generations are held while the drives move.
    expect(fake.node(3).generations.size).toBe(2);
    gate.release();
    await waitForState(master, 'enabled');

    const info = master.getEncryptionAtRestInfo();
    expect(info.authenticationKeyInfo).toMatchObject({ keyManagementType: 'external', keyProviderID: providerID });
    const keyID = info.authenticationKeyInfo?.keyID;
    expect(fake.nodes.map((n) => n.calls.get('checkExternalKey') ?? 0)).toEqual([1, 0, 0]);
    for (const n of fake.nodes) {
      const records = [...n.generations.values()];
      expect(records).toHaveLength(1);
      const record = records[0]!;
      expect(record.generation).toBeGreaterThan(internal);
      expect(record).toMatchObject({ mode: 'external', keyProviderID: providerID, keyID, servers: [{ hostnames: ['localhost'], port: site.port, caCertificate: site.ca.certPem }] });
      if (record.mode === 'external') {
        expect(record.akCheck).toMatch(/^[A-Za-z0-9+/]{43}=$/);
        expect(record.clientKey).toMatchObject({ to: `node-${n.nodeID}`, purpose: `client-key/${record.generation}` });
      }
      expect(n.drives.every((d) => d.keyGeneration === record.generation)).toBe(true);
    }
    const drives = master.listDrives();
    expect(drives).toHaveLength(6);
    expect(drives.every((d) => d.keyID === keyID && d.keyProviderID === providerID && d.driveSecurityFaultReason === 'none')).toBe(true);
    expect(c.logger.at('EAR').some((m) => m.includes(`enabled with key provider ${providerID}`))).toBe(true);
  });

  it('refuses a second conversion or enable while external keys are in use', async () => {
    expect(await errorName(c.master.enableEncryptionAtRest({ keyProviderID: providerID }))).toBe('xAPINotPermitted');
    expect(await errorName(c.master.enableEncryptionAtRest({}))).toBe('xAPINotPermitted');
    expect(await errorName(c.master.deleteKeyProviderKmip(providerID))).toBe('xKeyProviderActive');
  });

  it('disables: drives back to the MSID, the provider inactive at the commit, no key in ListDrives', async () => {
    const { master, fake } = c;
    const gate = new Gate();
    fake.node(1).gates.applyGeneration = gate;
    await master.disableEncryptionAtRest();
    await waitUntil(() => gate.reached, 'node 1 applying');
    expect(master.getEncryptionAtRestInfo().state).toBe('disabling');
    expect(master.getKeyProviderKmip(providerID).keyProviderIsActive).toBe(true);
    gate.release();
    await waitForState(master, 'disabled');
    expect(master.getKeyProviderKmip(providerID).keyProviderIsActive).toBe(false);
    expect(master.listDrives().every((d) => d.keyID === undefined)).toBe(true);
    expect(fake.nodes.every((n) => n.generations.size === 0 && n.drives.every((d) => d.keyGeneration === null))).toBe(true);
  });

  it('enables external keys straight from disabled', async () => {
    const { master, fake } = c;
    await master.enableEncryptionAtRest({ keyProviderID: providerID });
    await waitForState(master, 'enabled');
    const keyID = master.getEncryptionAtRestInfo().authenticationKeyInfo?.keyID;
    expect(master.listDrives().every((d) => d.keyID === keyID)).toBe(true);
    expect(fake.nodes.every((n) => n.generations.size === 1)).toBe(true);
    await master.disableEncryptionAtRest();
    await waitForState(master, 'disabled');
  });

  it('sent the client key and the AK to no node in the clear', () => {
    const texts = c.fake.wire.map((w) => w.text);
    expect(texts.some((t) => t.includes('clientKey'))).toBe(true);
    expect(texts.filter((t) => t.includes('PRIVATE KEY'))).toEqual([]);
    const secrets = c.fake.nodes.flatMap((n) => n.secretsSeen);
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(texts.filter((t) => t.includes(secret))).toEqual([]);
  });
});
