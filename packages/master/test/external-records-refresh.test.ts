/**
 * Regression: after ModifyKeyServerKmip the nodes kept the old client certificate and key server
 * settings. Under external keys every node fetches the AK itself with its generation record, so a
 * renewed client certificate (TR-4843 §10.1's corrective action), a key server's new host names,
 * or a server added to or removed from the active provider must reach every node's record: the
 * same key, the same check value (kept by the node: the master never knows it), the new settings.
 * A node offline at the time gets it when it joins; a change while the target generation is being
 * distributed makes distribute start again; a provider the keys do not use pushes nothing.
 */
import type { ExternalGenerationRecord } from '@ekmsim/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addServer, trust } from './support/cluster.js';
import { openEarCluster, waitForState, waitUntil, type EarCluster } from './support/ear-cluster.js';
import { Gate, type FakeNode } from './support/fake-nodes.js';
import { clock, startSite, type Site } from './support/site.js';

let site: Site;
let c: EarCluster;
let providerID: number;
let keyServerID: number;

beforeAll(async () => {
  site = await startSite();
  c = await openEarCluster({ nodes: 3, clock });
  const certificate = await trust(c.master, site);
  keyServerID = (await addServer(c.master, site, certificate)).keyServerID;
  providerID = (await c.master.createKeyProviderKmip('KMS')).keyProviderID;
  await c.master.addKeyServerToProviderKmip(providerID, keyServerID);
});

afterAll(async () => {
  await c.close();
  await site.close();
});

/** The node's only record, external. */
function recordOf(n: FakeNode): ExternalGenerationRecord {
  const records = [...n.generations.values()];
  expect(records, `node ${n.nodeID}'s records`).toHaveLength(1);
  const record = records[0]!;
  if (record.mode !== 'external') throw new Error(`node ${n.nodeID} holds an internal record`);
  return record;
}

/** Generation, key and check value: what a refresh must never change. */
const keyOf = (r: ExternalGenerationRecord): unknown => ({ generation: r.generation, keyProviderID: r.keyProviderID, keyID: r.keyID, kmipUniqueIdentifier: r.kmipUniqueIdentifier, akCheck: r.akCheck });
const renewCertificate = (): string => site.sign(c.master.getClientCertificateSignRequest());
const storeCalls = (): number[] => c.fake.nodes.map((n) => n.calls.get('storeGeneration') ?? 0);

describe('external generation records follow the key servers and the client certificate', () => {
  it('a renewal while the new generation is being distributed: distribute starts again with the renewed certificate', async () => {
    const { master, fake } = c;
    const gate = new Gate();
    fake.node(1).gates.storeGeneration = gate;
    await master.enableEncryptionAtRest({ keyProviderID: providerID });
    await waitUntil(() => gate.reached, 'the generator node storing the record');
    const renewed = renewCertificate();
    await master.modifyKeyServerKmip({ keyServerID, kmipClientCertificate: renewed });
    gate.release();
    await waitForState(master, 'enabled');
    expect(c.logger.at('EAR').some((m) => /client certificate of key provider \d+ changed while generation \d+ was distributed/.test(m))).toBe(true);
    expect(fake.node(1).calls.get('checkExternalKey')).toBe(2);
    for (const n of fake.nodes) expect(recordOf(n).clientCertificate).toBe(renewed);
    const akChecks = fake.nodes.map((n) => recordOf(n).akCheck);
    expect(akChecks[0]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(new Set(akChecks).size).toBe(1);
  });

  it('ModifyKeyServerKmip with a renewed client certificate: every online node gets it, with the same key and check value', async () => {
    const { master, fake } = c;
    const before = fake.nodes.map((n) => recordOf(n));
    const renewed = renewCertificate();
    expect(renewed).not.toBe(before[0]!.clientCertificate);
    await master.modifyKeyServerKmip({ keyServerID, kmipClientCertificate: renewed });
    // Done when the call returns.
    for (const [i, n] of fake.nodes.entries()) {
      const sent = n.received.at(-1)!;
      expect(sent).toMatchObject({ mode: 'external', clientCertificate: renewed, akCheck: null, clientKey: { to: `node-${n.nodeID}`, purpose: `client-key/${before[i]!.generation}` } });
      expect((sent as ExternalGenerationRecord).clientKey.ciphertext).not.toBe(before[i]!.clientKey.ciphertext);
      const record = recordOf(n);
      expect(record.clientCertificate).toBe(renewed);
      expect(keyOf(record)).toEqual(keyOf(before[i]!));
      expect(record.servers).toEqual(before[i]!.servers);
    }
    const generation = before[0]!.generation;
    expect(c.logger.at('EAR')).toContain(`Refreshed generation ${generation}'s record on node(s) 1, 2, 3 (key server ${keyServerID} modified)`);
    // The nodes reach the key server with what they now hold.
    await master.evaluateClusterFaults();
    expect(master.listClusterFaults({ faultTypes: 'current' }).filter((f) => f.code === 'kmipServerFault')).toEqual([]);
  });

  it('a node offline during the change, and one that fails the refresh, get it when they join; the call does not fail', async () => {
    const { master, fake } = c;
    const before = fake.nodes.map((n) => recordOf(n));
    fake.node(3).disconnect();
    await waitUntil(() => !master.nodes.listNodes().find((n) => n.nodeID === 3)!.online, 'node 3 offline');
    fake.node(2).failStore = true;
    const hostnames = ['127.0.0.1', 'localhost'];
    await master.modifyKeyServerKmip({ keyServerID, kmipKeyServerHostnames: hostnames });
    expect(recordOf(fake.node(1)).servers[0]?.hostnames).toEqual(hostnames);
    expect(recordOf(fake.node(2)).servers[0]?.hostnames).toEqual(['localhost']);
    expect(recordOf(fake.node(3)).servers[0]?.hostnames).toEqual(['localhost']);
    const ear = c.logger.at('EAR');
    expect(ear.some((m) => m.startsWith(`Node(s) 3 offline: generation ${before[0]!.generation}'s record is refreshed when they join`))).toBe(true);
    expect(ear.some((m) => /refreshing generation \d+'s record \(key server \d+ modified\) failed on node 2 \(.*\); refreshed again when they join/.test(m))).toBe(true);

    fake.node(2).failStore = false;
    fake.node(2).disconnect();
    await waitUntil(() => !master.nodes.listNodes().find((n) => n.nodeID === 2)!.online, 'node 2 offline');
    await fake.node(2).connect(master);
    await fake.node(3).connect(master);
    await waitUntil(() => [2, 3].every((id) => recordOf(fake.node(id)).servers[0]?.hostnames.length === 2), 'nodes 2 and 3 refreshed at their join');
    for (const [i, n] of fake.nodes.entries()) {
      expect(recordOf(n).servers[0]?.hostnames).toEqual(hostnames);
      expect(keyOf(recordOf(n))).toEqual(keyOf(before[i]!));
    }
  });

  it('a server added to or removed from the active provider reaches every record', async () => {
    const { master, fake } = c;
    const before = fake.nodes.map((n) => recordOf(n));
    const second = await addServer(master, site, before[0]!.clientCertificate, { name: 'eks-2', hostnames: ['127.0.0.1'] });
    await master.addKeyServerToProviderKmip(providerID, second.keyServerID);
    for (const [i, n] of fake.nodes.entries()) {
      expect(recordOf(n).servers.map((s) => [s.keyServerID, s.hostnames])).toEqual([
        [keyServerID, ['127.0.0.1', 'localhost']],
        [second.keyServerID, ['127.0.0.1']],
      ]);
      expect(keyOf(recordOf(n))).toEqual(keyOf(before[i]!));
    }
    await master.removeKeyServerFromProviderKmip(second.keyServerID);
    for (const [i, n] of fake.nodes.entries()) {
      expect(recordOf(n).servers.map((s) => s.keyServerID)).toEqual([keyServerID]);
      expect(keyOf(recordOf(n))).toEqual(keyOf(before[i]!));
    }
  });

  it('a change on a provider that is not active, or of a name only, pushes nothing', async () => {
    const { master, fake } = c;
    const before = fake.nodes.map((n) => recordOf(n));
    const calls = storeCalls();
    const spare = master.listKeyServersKmip({ kmipHasProviderAssigned: false })[0]!;
    const other = (await master.createKeyProviderKmip('other')).keyProviderID;
    await master.addKeyServerToProviderKmip(other, spare.keyServerID);
    await master.modifyKeyServerKmip({ keyServerID: spare.keyServerID, kmipClientCertificate: renewCertificate() });
    await master.removeKeyServerFromProviderKmip(spare.keyServerID);
    await master.modifyKeyServerKmip({ keyServerID: spare.keyServerID, kmipKeyServerHostnames: ['127.0.0.1', 'kms.example.test'] });
    await master.modifyKeyServerKmip({ keyServerID, kmipKeyServerName: 'eks-1 renamed' });
    expect(storeCalls()).toEqual(calls);
    expect(fake.nodes.map((n) => recordOf(n))).toEqual(before);
  });

  it('a renewal while the new generation is applied reaches the target generation on its members', async () => {
    const { master, fake } = c;
    await master.disableEncryptionAtRest();
    await waitForState(master, 'disabled');
    const gate = new Gate();
    fake.node(3).gates.applyGeneration = gate;
    await master.enableEncryptionAtRest({ keyProviderID: providerID });
    await waitUntil(() => gate.reached, 'node 3 applying');
    const target = recordOf(fake.node(3));
    const renewed = renewCertificate();
    await master.modifyKeyServerKmip({ keyServerID, kmipClientCertificate: renewed });
    for (const n of fake.nodes) {
      expect(recordOf(n).clientCertificate).toBe(renewed);
      expect(keyOf(recordOf(n))).toEqual(keyOf(target));
    }
    gate.release();
    await waitForState(master, 'enabled');
    for (const n of fake.nodes) expect(recordOf(n)).toMatchObject({ generation: target.generation, clientCertificate: renewed, akCheck: target.akCheck });
  });

  it('put no key material in a log line or in the clear on the wire', () => {
    const lines = c.logger.lines.map((l) => `${l.message} ${JSON.stringify(l.fields ?? {})}`);
    const texts = c.fake.wire.map((w) => w.text);
    expect([...lines, ...texts].filter((t) => t.includes('PRIVATE KEY'))).toEqual([]);
    const secrets = c.fake.nodes.flatMap((n) => n.secretsSeen);
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect([...lines, ...texts].filter((t) => t.includes(secret))).toEqual([]);
  });
});
