/**
 * TR-4843 §9.1 over HTTPS with the real master and a real mock key server (@ekmsim/eks): key
 * pair, CSR, CSR signed through the control API, provider, server, tests, assignment, enable.
 * Results are checked member by member against a real cluster's shapes (element-api.md §2-4).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secureRng, systemClock } from '@ekmsim/core';
import { startKeyServer, type KeyServer } from '@ekmsim/eks';
import { createCa, issueServerCertificate, parseCertificate, type CertAndKey } from '@ekmsim/pki';
import { ELEMENT, SIM, startFixture, type Fixture } from './support/fixture.js';
import { testSimControl } from './support/sim-control.js';

const SERVER_KEYS = ['keyProviderID', 'keyServerID', 'kmipAssignedProviderIsActive', 'kmipCaCertificate', 'kmipClientCertificate', 'kmipKeyServerHostnames', 'kmipKeyServerName', 'kmipKeyServerPort'];
const PROVIDER_KEYS = ['keyProviderID', 'keyProviderIsActive', 'keyProviderName', 'keyServerIDs', 'kmipCapabilities'];

describe('TR-4843 §9.1 set-up over HTTPS', () => {
  const clock = systemClock();
  const rng = secureRng();
  let fx: Fixture;
  let kms: KeyServer;
  let kmsCa: CertAndKey;
  let kmsDir: string;

  beforeAll(async () => {
    kmsCa = await createCa({ commonName: 'kms1 CA', clock, rng });
    const tls = await issueServerCertificate({ ca: kmsCa, commonName: 'localhost', sans: ['localhost', '127.0.0.1'], clock, rng });
    const sim = (port: number) =>
      testSimControl([{ info: { name: 'kms1', vendor: 'generic', hostnames: ['127.0.0.1'], port, caCertificate: kmsCa.certPem }, ca: kmsCa }], { clock, rng });
    kmsDir = await mkdtemp(join(tmpdir(), 'ekmsim-api-kms-'));
    kms = await startKeyServer({ host: '127.0.0.1', port: 0, tls: { certPem: tls.certPem, keyPem: tls.keyPem, caPem: kmsCa.certPem }, dataDir: kmsDir, clock, rng });
    fx = await startFixture({ sim: sim(kms.port) });
  });

  afterAll(async () => {
    await fx?.close();
    await kms?.close();
    if (kmsDir) await rm(kmsDir, { recursive: true, force: true });
  });

  const api = (method: string, params: Record<string, unknown> = {}) => fx.result(method, params, ELEMENT);
  const simApi = (method: string, params: Record<string, unknown> = {}) => fx.result(method, params, SIM);
  const errorName = async (method: string, params: Record<string, unknown>) => (await fx.call(method, params)).error?.name;

  let csr: string;
  let clientCertificate: string;
  let providerID: number;
  let serverID: number;

  it('step 1a: CreatePublicPrivateKeyPair returns {}', async () => {
    expect(await api('CreatePublicPrivateKeyPair', { commonName: 'cluster1', organization: 'NetApp', country: 'US' })).toEqual({});
  });

  it('step 1b: GetClientCertificateSignRequest returns a PEM CSR', async () => {
    const result = await api('GetClientCertificateSignRequest');
    expect(Object.keys(result)).toEqual(['clientCertificateSignRequest']);
    csr = result.clientCertificateSignRequest as string;
    expect(csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE REQUEST-----\n?$/);
  });

  it('step 1c: the key server\'s CA signs the CSR through SignClientCertificate', async () => {
    const { keyServers } = await simApi('ListSimKeyServers');
    expect(keyServers).toEqual([{ name: 'kms1', vendor: 'generic', hostnames: ['127.0.0.1'], port: kms.port, caCertificate: kmsCa.certPem, members: [{ hostname: '127.0.0.1', listening: true }] }]);
    const result = await simApi('SignClientCertificate', { keyServer: 'kms1', csr });
    expect(Object.keys(result)).toEqual(['certificate']);
    clientCertificate = result.certificate as string;
    const info = parseCertificate(clientCertificate);
    expect(info.issuer.commonName).toBe('kms1 CA');
    expect(info.subject.commonName).toBe('cluster1');
  });

  it('step 2a: CreateKeyProviderKmip returns an inactive provider with no servers', async () => {
    const { kmipKeyProvider } = (await api('CreateKeyProviderKmip', { keyProviderName: 'KeyProvider1' })) as { kmipKeyProvider: Record<string, unknown> };
    expect(Object.keys(kmipKeyProvider).sort()).toEqual(PROVIDER_KEYS);
    expect(kmipKeyProvider).toMatchObject({ keyProviderName: 'KeyProvider1', keyProviderIsActive: false, keyServerIDs: [] });
    expect(typeof kmipKeyProvider.kmipCapabilities).toBe('string');
    providerID = kmipKeyProvider.keyProviderID as number;
    expect(Number.isInteger(providerID)).toBe(true);
  });

  it('step 2b: CreateKeyServerKmip keeps null fields, defaults the port to 5696; TestKeyServerKmip returns {}', async () => {
    const base = { kmipCaCertificate: kmsCa.certPem, kmipClientCertificate: clientCertificate, kmipKeyServerHostnames: ['127.0.0.1'] };
    const reply = await fx.call('CreateKeyServerKmip', { ...base, kmipKeyServerName: 'kms1', kmipKeyServerPort: kms.port });
    expect(reply.raw.body).toContain('"keyProviderID":null');
    expect(reply.raw.body).toContain('"kmipAssignedProviderIsActive":null');
    const server = reply.result?.kmipKeyServer as Record<string, unknown>;
    expect(Object.keys(server).sort()).toEqual(SERVER_KEYS);
    expect(server).toMatchObject({ kmipKeyServerName: 'kms1', kmipKeyServerHostnames: ['127.0.0.1'], kmipKeyServerPort: kms.port, kmipCaCertificate: kmsCa.certPem, kmipClientCertificate: clientCertificate, keyProviderID: null, kmipAssignedProviderIsActive: null });
    serverID = server.keyServerID as number;
    expect(await api('TestKeyServerKmip', { keyServerID: serverID })).toEqual({});

    const defaulted = (await api('CreateKeyServerKmip', { ...base, kmipKeyServerName: 'default port', kmipKeyServerHostnames: ['kms.example'] })) as { kmipKeyServer: { keyServerID: number; kmipKeyServerPort: number } };
    expect(defaulted.kmipKeyServer.kmipKeyServerPort).toBe(5696);
    expect(await api('DeleteKeyServerKmip', { keyServerID: defaulted.kmipKeyServer.keyServerID })).toEqual({});
  });

  it('step 2c: AddKeyServerToProviderKmip and TestKeyProviderKmip return {}', async () => {
    expect(await api('AddKeyServerToProviderKmip', { keyProviderID: providerID, keyServerID: serverID })).toEqual({});
    expect(await api('TestKeyProviderKmip', { keyProviderID: providerID })).toEqual({});
    const { kmipKeyProvider } = (await api('GetKeyProviderKmip', { keyProviderID: providerID })) as { kmipKeyProvider: Record<string, unknown> };
    expect(kmipKeyProvider).toMatchObject({ keyServerIDs: [serverID], keyProviderIsActive: false });
    const { kmipKeyServer } = (await api('GetKeyServerKmip', { keyServerID: serverID })) as { kmipKeyServer: Record<string, unknown> };
    expect(kmipKeyServer).toMatchObject({ keyProviderID: providerID, kmipAssignedProviderIsActive: false });
  });

  it('filters ListKeyServersKmip (three filters) and ListKeyProvidersKmip (two)', async () => {
    const servers = async (filter: Record<string, unknown>) => ((await api('ListKeyServersKmip', filter)).kmipKeyServers as { keyServerID: number }[]).map((s) => s.keyServerID);
    expect(await servers({})).toEqual([serverID]);
    expect(await servers({ keyProviderID: providerID })).toEqual([serverID]);
    expect(await servers({ keyProviderID: providerID + 1000 })).toEqual([]);
    expect(await servers({ kmipHasProviderAssigned: true })).toEqual([serverID]);
    expect(await servers({ kmipHasProviderAssigned: false })).toEqual([]);
    expect(await servers({ kmipAssignedProviderIsActive: false })).toEqual([serverID]);
    expect(await servers({ kmipAssignedProviderIsActive: true })).toEqual([]);
    const providers = async (filter: Record<string, unknown>) => ((await api('ListKeyProvidersKmip', filter)).kmipKeyProviders as { keyProviderID: number }[]).map((p) => p.keyProviderID);
    expect(await providers({ kmipKeyProviderHasServerAssigned: true })).toEqual([providerID]);
    expect(await providers({ kmipKeyProviderHasServerAssigned: false })).toEqual([]);
    expect(await providers({ keyProviderIsActive: true })).toEqual([]);
  });

  it('ModifyKeyServerKmip with only keyServerID is a no-op returning the server', async () => {
    const before = await api('GetKeyServerKmip', { keyServerID: serverID });
    expect(await api('ModifyKeyServerKmip', { keyServerID: serverID })).toEqual(before);
  });

  it('passes the master\'s exception names through: unknown IDs, unreachable server', async () => {
    expect(await errorName('GetKeyServerKmip', { keyServerID: 9999 })).toBe('xKeyServerIDDoesNotExist');
    expect(await errorName('TestKeyServerKmip', { keyServerID: 9999 })).toBe('xKeyServerIDDoesNotExist');
    expect(await errorName('GetKeyProviderKmip', { keyProviderID: 9999 })).toBe('xNoOnlineKeyProviderWithThatID');
    expect(await errorName('DeleteKeyServerKmip', { keyServerID: serverID })).toBe('xKeyServerHasProviderAssigned');
    const closed = (await api('CreateKeyServerKmip', { kmipCaCertificate: kmsCa.certPem, kmipClientCertificate: clientCertificate, kmipKeyServerHostnames: ['127.0.0.1'], kmipKeyServerName: 'closed', kmipKeyServerPort: 9 })) as { kmipKeyServer: { keyServerID: number } };
    expect(await errorName('TestKeyServerKmip', { keyServerID: closed.kmipKeyServer.keyServerID })).toBe('xKeyServerUnavailable');
    await api('DeleteKeyServerKmip', { keyServerID: closed.kmipKeyServer.keyServerID });
  });

  it('step 3: EnableEncryptionAtRest with the provider makes it active', async () => {
    expect(await api('EnableEncryptionAtRest', { keyProviderID: providerID })).toEqual({});
    const { clusterInfo } = (await api('GetClusterInfo')) as { clusterInfo: { encryptionAtRestState: string } };
    expect(['enabling', 'enabled']).toContain(clusterInfo.encryptionAtRestState);
    const info = await api('GetEncryptionAtRestInfo');
    expect(['enabling', 'enabled']).toContain(info.state);
    const { kmipKeyProvider } = (await api('GetKeyProviderKmip', { keyProviderID: providerID })) as { kmipKeyProvider: Record<string, unknown> };
    expect(kmipKeyProvider.keyProviderIsActive).toBe(true);
    expect(await errorName('DeleteKeyProviderKmip', { keyProviderID: providerID })).toBe('xKeyProviderActive');
    expect(await errorName('RemoveKeyServerFromProviderKmip', { keyServerID: serverID })).toBe('xKeyServerLastForActiveProvider');
    expect(await errorName('CreatePublicPrivateKeyPair', { commonName: 'again' })).toBe('xKeyPairInUse');
  });

  it('logged every state change by method, id and outcome, with certificates by fingerprint only', () => {
    const lines = fx.logger.api().filter((e) => e.fields.method !== undefined);
    const methods = new Set(lines.map((e) => e.fields.method));
    for (const m of ['CreatePublicPrivateKeyPair', 'SignClientCertificate', 'CreateKeyProviderKmip', 'CreateKeyServerKmip', 'AddKeyServerToProviderKmip', 'EnableEncryptionAtRest', 'DeleteKeyServerKmip']) expect(methods, m).toContain(m);
    for (const m of ['GetKeyServerKmip', 'ListKeyServersKmip', 'GetClientCertificateSignRequest', 'ListSimKeyServers', 'GetClusterInfo']) expect(methods, m).not.toContain(m);
    const create = lines.find((e) => e.fields.method === 'CreateKeyServerKmip' && e.fields.outcome === 'ok');
    expect(create?.fields).toMatchObject({ component: 'API', id: 1, name: 'kms1', hostnames: '127.0.0.1' });
    expect(create?.fields.clientCertificate).toMatch(/CN=cluster1 sha256=/);
    expect(create?.fields.clientCertificate).toContain(parseCertificate(clientCertificate).fingerprintSha256);
    expect(create?.fields.caCertificate).toContain(parseCertificate(kmsCa.certPem).fingerprintSha256);
    const refused = lines.find((e) => e.fields.method === 'DeleteKeyProviderKmip');
    expect(refused).toMatchObject({ level: 'warn', fields: { outcome: 'xKeyProviderActive' } });
    const text = fx.logger.api().map((e) => `${e.message} ${JSON.stringify(e.fields)}`).join('\n');
    for (const pem of [csr, clientCertificate, kmsCa.certPem]) expect(text).not.toContain(pem.split('\n')[1]);
    expect(text).not.toContain('PRIVATE KEY');
  });
});
