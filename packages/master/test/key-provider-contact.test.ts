/**
 * Calls that contact key servers through a provider or on assignment: TestKeyProviderKmip,
 * AddKeyServerToProviderKmip, ModifyKeyServerKmip on an active provider, EnableEncryptionAtRest,
 * and the provider-level exceptions of TR-4843 §10.2 derived from the servers' failures.
 */
import { issueServerCertificate, signCsr, type CertAndKey } from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorName, failure, MemoryLogger, openCluster, SUBJECT, type TestCluster } from './support/cluster.js';
import { startFakeKmipServer, type FakeAnswer, type FakeKmipServer } from './support/fake-kmip-server.js';
import { clock, closedPort, makeCa, rng, startSite, type Site } from './support/site.js';

let site: Site;
let otherCa: CertAndKey;
let fake: FakeKmipServer;
let fakeAnswer: (op: string) => FakeAnswer = () => 'ok';
let c: TestCluster;
const logger = new MemoryLogger();
let good: string;
let other: string;

beforeAll(async () => {
  site = await startSite();
  otherCa = await makeCa('Another CA');
  const cert = await issueServerCertificate({ commonName: 'localhost', sans: ['localhost'], ca: site.ca, clock, rng });
  fake = await startFakeKmipServer({ cert, caPem: site.ca.certPem }, (op) => fakeAnswer(op));
  c = await openCluster({ logger });
  await c.master.createPublicPrivateKeyPair(SUBJECT);
  const csr = c.master.getClientCertificateSignRequest();
  good = site.sign(csr);
  other = signCsr({ csrPem: csr, ca: otherCa, clock, rng });
});

afterAll(async () => {
  await c.close();
  await fake.close();
  await site.close();
});

let n = 0;
async function newServer(port: number, client = good, ca = site.ca.certPem): Promise<number> {
  // Distinct host name spellings keep the servers distinct (same names and port = same server).
  n++;
  const s = await c.master.createKeyServerKmip({
    kmipCaCertificate: ca,
    kmipClientCertificate: client,
    kmipKeyServerHostnames: ['localhost', `alias-${n}.invalid`],
    kmipKeyServerName: `ks-${n}`,
    kmipKeyServerPort: port,
  });
  return s.keyServerID;
}

async function providerWith(...servers: number[]): Promise<number> {
  const p = await c.master.createKeyProviderKmip(`p-${servers.join('-')}`);
  for (const s of servers) await c.master.addKeyServerToProviderKmip(p.keyProviderID, s);
  return p.keyProviderID;
}

describe('AddKeyServerToProviderKmip contacts the server', () => {
  it('does not assign a server that cannot be reached', async () => {
    const s = await newServer(await closedPort());
    const p = (await c.master.createKeyProviderKmip('p')).keyProviderID;
    expect(await errorName(c.master.addKeyServerToProviderKmip(p, s))).toBe('xKeyServerUnavailable');
    expect(c.master.getKeyProviderKmip(p).keyServerIDs).toEqual([]);
    expect(c.master.getKeyServerKmip(s).keyProviderID).toBeNull();
  });

  it('does not assign a server that refuses the cluster', async () => {
    const s = await newServer(site.port, other, site.ca.certPem + otherCa.certPem);
    const p = (await c.master.createKeyProviderKmip('p')).keyProviderID;
    expect(await errorName(c.master.addKeyServerToProviderKmip(p, s))).toBe('xKeyServerAuthFailed');
    expect(c.master.getKeyProviderKmip(p).keyServerIDs).toEqual([]);
  });
});

describe('TestKeyProviderKmip', () => {
  it('xKeyProviderConfigurationError for a provider without servers', async () => {
    const p = await providerWith();
    const f = await failure(c.master.testKeyProviderKmip(p));
    expect(f).toMatchObject({ name: 'xKeyProviderConfigurationError' });
    expect(f.message).toMatch(/no key servers/);
  });

  it('xKeyProviderUnavailable when its only server is unreachable', async () => {
    const s = await newServer(fake.port);
    const p = await providerWith(s);
    // Moved to a closed port while the provider is inactive (no contact on modify).
    await c.master.modifyKeyServerKmip({ keyServerID: s, kmipKeyServerPort: await closedPort() });
    expect(await errorName(c.master.testKeyProviderKmip(p))).toBe('xKeyProviderUnavailable');
  });

  it('xKeyProviderConfigurationError when its server refuses the client certificate', async () => {
    const s = await newServer(site.port);
    const p = await providerWith(s);
    await c.master.modifyKeyServerKmip({ keyServerID: s, kmipClientCertificate: other, kmipCaCertificate: site.ca.certPem + otherCa.certPem });
    expect(await errorName(c.master.testKeyProviderKmip(p))).toBe('xKeyProviderConfigurationError');
  });

  it('xKeyProviderFailed when its server fails the KMIP test', async () => {
    fakeAnswer = () => 'ok';
    const s = await newServer(fake.port);
    const p = await providerWith(s);
    fakeAnswer = (op) => (op === 'Query' ? { reason: 'OperationNotSupported' } : 'ok');
    try {
      expect(await errorName(c.master.testKeyProviderKmip(p))).toBe('xKeyProviderFailed');
    } finally {
      fakeAnswer = () => 'ok';
    }
  });

  it('succeeds when any server works, and logs each server it tried', async () => {
    const down = await newServer(site.port);
    const up = await newServer(site.port);
    const p = await providerWith(down, up);
    await c.master.modifyKeyServerKmip({ keyServerID: down, kmipKeyServerPort: await closedPort() });
    await c.master.testKeyProviderKmip(p);
    const ks = c.master.getKeyServerKmip(down);
    expect(logger.at('KS').some((m) => m.startsWith(`Key server ${down} (${ks.kmipKeyServerName}) test for key provider ${p} failed: xKeyServerUnavailable`))).toBe(true);
    expect(logger.at('KS').some((m) => m.startsWith(`Key server ${up} (ks-${up}) test for key provider ${p} succeeded`))).toBe(true);
  });
});

describe('EnableEncryptionAtRest through a provider', () => {
  it('fails with the provider exception and changes nothing when no server works', async () => {
    const s = await newServer(site.port);
    const p = await providerWith(s);
    await c.master.modifyKeyServerKmip({ keyServerID: s, kmipKeyServerPort: await closedPort() });
    expect(await errorName(c.master.enableEncryptionAtRest({ keyProviderID: p }))).toBe('xKeyProviderUnavailable');
    expect(c.master.getClusterInfo().encryptionAtRestState).toBe('disabled');
    expect(c.master.getKeyProviderKmip(p).keyProviderIsActive).toBe(false);
  });

  it('xKeyProviderConfigurationError for a provider without servers; xNoOnlineKeyProviderWithThatID for an unknown one', async () => {
    expect(await errorName(c.master.enableEncryptionAtRest({ keyProviderID: await providerWith() }))).toBe('xKeyProviderConfigurationError');
    expect(await errorName(c.master.enableEncryptionAtRest({ keyProviderID: 999 }))).toBe('xNoOnlineKeyProviderWithThatID');
    expect(c.master.getClusterInfo().encryptionAtRestState).toBe('disabled');
  });

  it('uses the next server when the first is down, and then guards the active provider', async () => {
    const down = await newServer(site.port);
    const up = await newServer(site.port);
    const p = await providerWith(down, up);
    await c.master.modifyKeyServerKmip({ keyServerID: down, kmipKeyServerPort: await closedPort() });
    const enabling = c.master.enableEncryptionAtRest({ keyProviderID: p });
    await new Promise((resolve) => setImmediate(resolve)); // the call has started its KMIP work
    expect(c.master.getClusterInfo().encryptionAtRestState).toBe('enabling');
    await enabling;
    expect(c.master.getEncryptionAtRestInfo()).toMatchObject({ state: 'enabled', authenticationKeyInfo: { keyProviderID: p } });

    // The active provider's server is contacted with new settings before they are accepted.
    const before = c.master.getKeyServerKmip(up);
    expect(await errorName(c.master.modifyKeyServerKmip({ keyServerID: up, kmipKeyServerPort: await closedPort() }))).toBe('xKeyServerUnavailable');
    expect(c.master.getKeyServerKmip(up)).toEqual(before);
    const renamed = await c.master.modifyKeyServerKmip({ keyServerID: up, kmipKeyServerHostnames: ['127.0.0.1'] });
    expect(renamed.kmipKeyServerHostnames).toEqual(['127.0.0.1']);
    // A name change is not a connection setting: no contact needed.
    expect((await c.master.modifyKeyServerKmip({ keyServerID: up, kmipKeyServerName: 'renamed' })).kmipKeyServerName).toBe('renamed');

    // The first server may go; the last one may not.
    await c.master.removeKeyServerFromProviderKmip(down);
    expect(await errorName(c.master.removeKeyServerFromProviderKmip(up))).toBe('xKeyServerLastForActiveProvider');
    await c.master.disableEncryptionAtRest();
  });
});
