/** TR-4843 §9.1 end to end against a real mock key server, then the state rules EAR brings. */
import { KmipClient } from '@ekmsim/kmip-client';
import { authenticationKeyName, DEFAULT_ORGANIZATIONAL_UNIT } from '@ekmsim/master';
import { parseCertificate, parseCsr } from '@ekmsim/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addServer, errorName, MemoryLogger, openCluster, SUBJECT, type TestCluster } from './support/cluster.js';
import { clock, startSite, type Site } from './support/site.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('TR-4843 §9.1 set-up flow', () => {
  let site: Site;
  let cluster: TestCluster;
  const logger = new MemoryLogger();

  beforeAll(async () => {
    site = await startSite();
    cluster = await openCluster({ logger });
  });

  afterAll(async () => {
    await cluster.close();
    await site.close();
  });

  it('runs from the key pair to EnableEncryptionAtRest with the AK created on the key server', async () => {
    const { master } = cluster;
    // 1a-1c: key pair, CSR, signed by the key server's CA.
    await master.createPublicPrivateKeyPair(SUBJECT);
    const csr = master.getClientCertificateSignRequest();
    expect(csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE REQUEST-----\n$/);
    expect(parseCsr(csr).subject).toEqual({ ...SUBJECT, organizationalUnit: DEFAULT_ORGANIZATIONAL_UNIT });
    expect(parseCsr(csr).keyBits).toBe(2048);
    const clientCert = site.sign(csr);

    // 2a: provider.
    const provider = await master.createKeyProviderKmip('KMS');
    expect(provider).toEqual({ keyProviderID: 1, keyProviderName: 'KMS', keyProviderIsActive: false, keyServerIDs: [], kmipCapabilities: 'SSL' });

    // 2b: server, not contacted, then tested.
    const server = await addServer(master, site, clientCert);
    expect(server).toEqual({
      keyServerID: 1,
      kmipKeyServerName: 'eks-1',
      kmipKeyServerHostnames: ['localhost'],
      kmipKeyServerPort: site.port,
      kmipCaCertificate: site.ca.certPem,
      kmipClientCertificate: clientCert,
      keyProviderID: null,
      kmipAssignedProviderIsActive: null,
    });
    await master.testKeyServerKmip(server.keyServerID);

    // 2c: assigned and the provider tested.
    await master.addKeyServerToProviderKmip(provider.keyProviderID, server.keyServerID);
    expect(master.getKeyProviderKmip(1).keyServerIDs).toEqual([1]);
    expect(master.getKeyServerKmip(1)).toMatchObject({ keyProviderID: 1, kmipAssignedProviderIsActive: false });
    await master.testKeyProviderKmip(provider.keyProviderID);

    // 3a: enable with the provider.
    expect(master.getClusterInfo().encryptionAtRestState).toBe('disabled');
    const before = clock.now();
    await master.enableEncryptionAtRest({ keyProviderID: provider.keyProviderID });
    expect(master.getClusterInfo().encryptionAtRestState).toBe('enabled');
    const info = master.getEncryptionAtRestInfo();
    expect(info.state).toBe('enabled');
    expect(info.authenticationKeyInfo).toMatchObject({ keyManagementType: 'external', keyProviderID: 1 });
    const keyID = info.authenticationKeyInfo?.keyID ?? '';
    expect(keyID).toMatch(UUID_V4);
    const created = Date.parse(info.authenticationKeyInfo?.keyCreatedTime ?? '');
    expect(info.authenticationKeyInfo?.keyCreatedTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(master.getKeyProviderKmip(1).keyProviderIsActive).toBe(true);
    expect(master.getKeyServerKmip(1).kmipAssignedProviderIsActive).toBe(true);

    // The AK is on the key server: an active AES-256 key named after the key ID, owned by the
    // cluster's identity (the eks owner is the certificate CN, so a peer with the same CN sees it).
    expect(parseCertificate(clientCert).subject.commonName).toBe(SUBJECT.commonName);
    const peer = await site.peerIdentity(SUBJECT.commonName);
    const client = new KmipClient({ servers: [{ host: 'localhost', port: site.port }], tls: { caPem: site.ca.certPem, ...peer }, clock, version: '1.4' });
    try {
      const uids = await client.locate({ name: authenticationKeyName(keyID) });
      expect(uids).toHaveLength(1);
      const key = await client.get(uids[0]!);
      expect(key.key?.material.length).toBe(32);
      const attrs = await client.getAttributes(uids[0]!, ['State']);
      expect(attrs[0]?.value.value).toBe(2); // Active
    } finally {
      await client.close();
    }
    expect(logger.at('EAR').some((m) => m.includes('enabled with key provider 1'))).toBe(true);
  });

  it('protects what an active provider depends on, until DisableEncryptionAtRest', async () => {
    const { master } = cluster;
    expect(await errorName(master.createPublicPrivateKeyPair(SUBJECT))).toBe('xKeyPairInUse');
    expect(await errorName(master.deleteKeyProviderKmip(1))).toBe('xKeyProviderActive');
    expect(await errorName(master.removeKeyServerFromProviderKmip(1))).toBe('xKeyServerLastForActiveProvider');
    expect(await errorName(master.deleteKeyServerKmip(1))).toBe('xKeyServerHasProviderAssigned');
    expect(await errorName(master.enableEncryptionAtRest({ keyProviderID: 1 }))).toBe('xAPINotPermitted');
    expect(await errorName(master.enableEncryptionAtRest({}))).toBe('xAPINotPermitted');

    await master.disableEncryptionAtRest();
    expect(master.getClusterInfo().encryptionAtRestState).toBe('disabled');
    expect(master.getEncryptionAtRestInfo()).toEqual({ state: 'disabled' });
    expect(master.getKeyProviderKmip(1).keyProviderIsActive).toBe(false);
    expect(await errorName(master.disableEncryptionAtRest())).toBe('xAPINotPermitted');

    await master.removeKeyServerFromProviderKmip(1);
    await master.deleteKeyServerKmip(1);
    await master.deleteKeyProviderKmip(1);
    await master.createPublicPrivateKeyPair(SUBJECT);
    expect(master.listKeyServersKmip({})).toEqual([]);
    expect(master.listKeyProvidersKmip({})).toEqual([]);
  });

  it('enables with internal keys when no provider is given', async () => {
    const { master } = cluster;
    await master.enableEncryptionAtRest({});
    const info = master.getEncryptionAtRestInfo();
    expect(info.state).toBe('enabled');
    expect(info.authenticationKeyInfo?.keyManagementType).toBe('internal');
    expect(info.authenticationKeyInfo?.keyProviderID).toBeUndefined();
    await master.disableEncryptionAtRest();
  });

  it('reports a valid cluster identity', () => {
    const info = cluster.master.getClusterInfo();
    expect(info.uuid).toMatch(UUID_V4);
    expect(info.uniqueID).toMatch(/^[a-z0-9]{4}$/);
    expect(info).toMatchObject({ name: 'ekmsim', defaultProtectionScheme: 'doubleHelix', softwareEncryptionAtRestState: 'disabled', repCount: 2 });
  });
});
