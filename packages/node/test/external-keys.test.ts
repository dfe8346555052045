/**
 * External keys against the real mock key server (`eks`) over mutual TLS: the AK is created on
 * the server, every node fetches it with KMIP Get using the cluster's client certificate and the
 * private key sealed to it, checks it against the cluster's check value, and sets it on its
 * drives. A key that does not match the check value never reaches a drive.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secureRng, seededRng, SimulatedClock, systemClock, utf8Encode, uuidV4 } from '@ekmsim/core';
import { startKeyServer, type KeyServer } from '@ekmsim/eks';
import { KmipClient } from '@ekmsim/kmip-client';
import { externalAkCheck, STATE_FILE } from '@ekmsim/node';
import { createCa, issueClientCertificate, issueServerCertificate, type CertAndKey } from '@ekmsim/pki';
import { seal, WireError, type ExternalGenerationRecord } from '@ekmsim/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster } from './support/cluster.js';
import { admin1Tries, watchDrives } from './support/drive-watch.js';
import { FakeMaster } from './support/fake-master.js';

const NODES = [1, 2];
const rng = seededRng(42);
let ca: CertAndKey;
let clusterIdentity: CertAndKey;
let server: KeyServer;
let serverDir: string;

beforeAll(async () => {
  const clock = systemClock(); // certificates must be valid for OpenSSL's own check on the host clock
  ca = await createCa({ commonName: 'ekmsim node test KMS CA', clock, rng });
  const tls = await issueServerCertificate({ ca, commonName: 'localhost', sans: ['localhost', '127.0.0.1'], clock, rng });
  clusterIdentity = await issueClientCertificate({ ca, commonName: 'cluster-test', organizationalUnit: 'SolidFire', clock, rng });
  serverDir = mkdtempSync(join(tmpdir(), 'ekmsim-node-eks-'));
  server = await startKeyServer({ host: '127.0.0.1', port: 0, tls: { certPem: tls.certPem, keyPem: tls.keyPem, caPem: ca.certPem }, dataDir: serverDir, clock, rng: secureRng() });
});

afterAll(async () => {
  await server.close();
  rmSync(serverDir, { recursive: true, force: true });
});

/** An AES-256 key made and activated on the key server as the cluster; its material, which only the test looks at. */
async function createKey(): Promise<{ uid: string; material: Uint8Array }> {
  const client = new KmipClient({
    servers: [{ host: 'localhost', port: server.port }],
    tls: { caPem: ca.certPem, certPem: clusterIdentity.certPem, keyPem: clusterIdentity.keyPem },
    clock: systemClock(),
  });
  try {
    const uid = await client.create({ name: `x-SolidFire-KeyID-${uuidV4(rng)}` });
    await client.activate(uid);
    const material = (await client.get(uid)).key?.material;
    if (material === undefined) throw new Error('no key material');
    return { uid, material: Uint8Array.from(material) };
  } finally {
    await client.close();
  }
}

function externalRecord(
  cluster: TestCluster,
  nodeID: number,
  generation: number,
  uid: string,
  keyID: string,
  akCheck: string | null,
  port = server.port,
  identity: CertAndKey = clusterIdentity,
): ExternalGenerationRecord {
  return {
    mode: 'external',
    generation,
    keyProviderID: 1,
    keyID,
    kmipUniqueIdentifier: uid,
    servers: [{ keyServerID: 1, hostnames: ['localhost'], port, caCertificate: ca.certPem }],
    clientCertificate: identity.certPem,
    clientKey: seal(utf8Encode(identity.keyPem), { id: `node-${nodeID}`, publicKey: cluster.master.link(nodeID).publicKey }, `client-key/${generation}`, rng),
    akCheck,
  };
}

async function nodes(): Promise<TestCluster> {
  const cluster = new TestCluster(new FakeMaster(new SimulatedClock(Date.now()))); // nodes judge certificates on their clock too
  for (const id of NODES) await cluster.powerOn(id);
  for (const id of NODES) await cluster.waitForPhase(id, 'ready');
  return cluster;
}

async function refusal(call: Promise<unknown>): Promise<WireError> {
  const e = await call.then(
    () => {
      throw new Error('the call succeeded');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WireError);
  return e as WireError;
}

describe('external keys', () => {
  it('checkExternalKey fetches the AK over mutual TLS and answers its check value; apply sets it on every drive; boot fetches it again', async () => {
    const cluster = await nodes();
    const { uid, material } = await createKey();
    const keyID = uuidV4(rng);
    for (const id of NODES) await cluster.master.call(id, 'storeGeneration', { record: externalRecord(cluster, id, 1, uid, keyID, null) });
    const { akCheck } = await cluster.master.call(1, 'checkExternalKey', { generation: 1 });
    expect(akCheck).toBe(externalAkCheck(material, keyID));
    for (const id of NODES) await cluster.master.call(id, 'storeGeneration', { record: externalRecord(cluster, id, 1, uid, keyID, akCheck) });
    for (const id of NODES) {
      const { state } = await cluster.master.call(id, 'applyGeneration', { generation: 1 });
      expect(state.generations).toEqual([{ generation: 1, mode: 'external', holdsShare: false }]);
      for (const d of state.drives) expect(d).toMatchObject({ keyGeneration: 1, securityEnabled: true, locked: false });
    }

    await cluster.powerOff(2);
    await cluster.powerOn(2);
    await cluster.waitForPhase(2, 'ready');
    await cluster.powerOff(2);
    const drive = cluster.openDrive(2, cluster.serials(2)[0]!);
    drive.lockUnlock('Admin1', material, 'RW');
    drive.powerOff();

    const wire = cluster.master.wire.join('\n');
    expect(wire.includes(Buffer.from(material).toString('base64'))).toBe(false);
    expect(wire.includes(Buffer.from(material).toString('hex'))).toBe(false);
    expect(wire.includes('PRIVATE KEY')).toBe(false);
  });

  it('a key that does not match the check value is refused and never reaches a drive', async () => {
    const drives = watchDrives();
    const cluster = await nodes();
    const first = await createKey();
    const keyID = uuidV4(rng);
    const akCheck = externalAkCheck(first.material, keyID);
    for (const id of NODES) await cluster.master.call(id, 'storeGeneration', { record: externalRecord(cluster, id, 1, first.uid, keyID, akCheck) });
    for (const id of NODES) await cluster.master.call(id, 'applyGeneration', { generation: 1 });

    // Generation 2 points at another key on the server but carries generation 1's check value.
    const second = await createKey();
    await cluster.master.call(1, 'storeGeneration', { record: externalRecord(cluster, 1, 2, second.uid, keyID, akCheck) });
    const e = await refusal(cluster.master.call(1, 'applyGeneration', { generation: 2 }));
    expect(e.remoteCode).toBe('NODE_KEY_UNAVAILABLE');
    expect(e.message).toBe(`applyGeneration: drive SIM-N001-S00: generation 2: key server 1 gave a key for ${keyID} that does not match the cluster's check value (and 1 more drive)`);
    expect(cluster.node(1).state().drives.map((d) => [d.keyGeneration, d.switching])).toEqual([[1, null], [1, null]]);
    expect((await refusal(cluster.master.call(1, 'checkExternalKey', { generation: 2 }))).remoteCode).toBe('NODE_KEY_UNAVAILABLE');

    // The same at boot: the check value on disk no longer matches the key the server gives.
    await cluster.powerOff(2);
    const path = join(cluster.dataDir(2), STATE_FILE);
    const file = cluster.stateFile(2);
    writeFileSync(path, JSON.stringify({ ...file, generations: file.generations.map((g) => ({ ...g, akCheck: externalAkCheck(second.material, keyID) })) }));
    await cluster.powerOn(2);
    const state = await cluster.waitForPhase(2, 'locked');
    expect(state.unlockError).toMatch(/does not match the cluster's check value/);
    expect(cluster.serials(2).map((s) => admin1Tries(drives.get(s)))).toEqual([0, 0]);
  });

  it('a generation in use cannot be given another check value', async () => {
    const cluster = await nodes();
    const { uid, material } = await createKey();
    const keyID = uuidV4(rng);
    await cluster.master.call(1, 'storeGeneration', { record: externalRecord(cluster, 1, 1, uid, keyID, externalAkCheck(material, keyID)) });
    await cluster.master.call(1, 'applyGeneration', { generation: 1 });
    const e = await refusal(cluster.master.call(1, 'storeGeneration', { record: externalRecord(cluster, 1, 1, uid, keyID, externalAkCheck(new Uint8Array(32), keyID)) }));
    expect(e.remoteCode).toBe('NODE_BAD_REQUEST');
  });

  it('a refreshed record (akCheck null: the master does not know it) keeps the check value the node holds for the same key', async () => {
    const cluster = await nodes();
    const { uid, material } = await createKey();
    const keyID = uuidV4(rng);
    const akCheck = externalAkCheck(material, keyID);
    await cluster.master.call(1, 'storeGeneration', { record: externalRecord(cluster, 1, 1, uid, keyID, akCheck) });
    await cluster.master.call(1, 'applyGeneration', { generation: 1 });

    // The administrator renewed the cluster's client certificate: the master sends the record again.
    const renewed = await issueClientCertificate({ ca, commonName: 'cluster-test', organizationalUnit: 'SolidFire', clock: systemClock(), rng });
    await cluster.master.call(1, 'storeGeneration', { record: externalRecord(cluster, 1, 1, uid, keyID, null, server.port, renewed) });
    const [stored] = cluster.stateFile(1).generations;
    expect(stored).toMatchObject({ mode: 'external', generation: 1, keyID, kmipUniqueIdentifier: uid, clientCertificate: renewed.certPem, akCheck });

    // The next power-on fetches the AK with the renewed certificate and still checks it.
    await cluster.powerOff(1);
    await cluster.powerOn(1);
    expect((await cluster.waitForPhase(1, 'ready')).drives.every((d) => d.keyGeneration === 1 && !d.locked)).toBe(true);

    // A record naming another key gets nothing from the old one, and is refused while drives use the generation.
    const other = await createKey();
    expect((await refusal(cluster.master.call(1, 'storeGeneration', { record: externalRecord(cluster, 1, 1, other.uid, keyID, null) }))).remoteCode).toBe('NODE_BAD_REQUEST');
    expect(cluster.stateFile(1).generations[0]).toMatchObject({ kmipUniqueIdentifier: uid, akCheck });
  });

  it('conversion internal → external: drives move from the shares’ AK to the key server’s; an unreachable key server leaves the node locked, saying why', async () => {
    const cluster = await nodes();
    await cluster.enableInternal(1, NODES);
    const { uid, material } = await createKey();
    const keyID = uuidV4(rng);
    for (const id of NODES) await cluster.master.call(id, 'storeGeneration', { record: externalRecord(cluster, id, 2, uid, keyID, externalAkCheck(material, keyID)) });
    for (const id of NODES) await cluster.master.call(id, 'applyGeneration', { generation: 2 });
    for (const id of NODES) await cluster.master.call(id, 'commitGeneration', { generation: 2 });
    expect(cluster.node(1).state().generations).toEqual([{ generation: 2, mode: 'external', holdsShare: false }]);
    expect(cluster.node(1).state().drives.map((d) => d.keyGeneration)).toEqual([2, 2]);

    // The node's record points at a port where no key server listens.
    await cluster.powerOff(1);
    const path = join(cluster.dataDir(1), STATE_FILE);
    const file = cluster.stateFile(1);
    writeFileSync(path, JSON.stringify({ ...file, generations: file.generations.map((g) => (g.mode === 'external' ? { ...g, servers: [{ ...g.servers[0]!, port: 1 }] } : g)) }));
    await cluster.powerOn(1);
    const state = await cluster.waitForPhase(1, 'locked');
    expect(state.unlockError).toMatch(/^drive SIM-N001-S00: generation 2: no key server gave the key: key server 1: /);
  });
});
